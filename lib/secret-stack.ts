import { CfnOutput, Stack } from 'aws-cdk-lib';
import { aws_iam as iam, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccessStackProps } from './access-stack-props';
import { modelForStack } from './private/build/from-access-props';
import { recordStandaloneStack } from './private/graph/access-record';
import { pathOf } from './private/input/errors';
import { secretArnPattern, secretPartialArn } from './private/model/identifiers';
import { addResourceDependency } from './private/render/aws-cdk-lib-compat';
import { claimSecretName, claimTargetRoleName } from './private/render/physical-names';
import { RenderedSecret } from './private/render/secret';
import { accountStackProps } from './private/render/stack-props';
import { checkStackNameUnique } from './private/render/unique-stack-names';
import { ONE_OF_EACH_WORKLOAD_PROPS, RenderedTargetRole } from './private/render/workload';

/**
 * The secret account's part (account 2): the secret, encrypted with the key in the key account and
 * holding a generated value (no plaintext in the template), and its resource policy with
 * `BlockPublicPolicy` on. Deploy it after the key stack: Secrets Manager needs the key to exist.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
 */
export class SecretStack extends Stack {
  /** The secret. */
  public readonly secret: secretsmanager.CfnSecret;

  /** The secret's resource policy. */
  public readonly resourcePolicy: secretsmanager.CfnResourcePolicy;

  /** The EKS Pod Identity target role, when the workload reads the secret through one. */
  public readonly targetRole?: iam.CfnRole;

  /** The target role's permissions, when the workload reads the secret through one. */
  public readonly targetRolePermissionsPolicy?: iam.CfnManagedPolicy;

  /** Pattern that matches the secret's ARN (`...:secret:<name>-??????`), for policies. */
  public readonly secretArnPattern: string;

  /** The secret's ARN without its random suffix, the form clients in other accounts address it by. */
  public readonly secretPartialArn: string;

  /** @internal */
  public readonly _targetRole?: RenderedTargetRole;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    const model = modelForStack(pathOf(scope, id), props);
    const secret = model.secrets[0];
    super(
      scope,
      id,
      accountStackProps(props, secret, `Secret ${secret.name}, encrypted with ${secret.key!.label} of account ${secret.key!.account}`),
    );
    claimSecretName(this, secret, 'secret.secretName');
    recordStandaloneStack(this, scope, model, { secret: () => this, targetRole: (w) => (w.targetRole ? this : undefined) });
    checkStackNameUnique(this, 'stackName');
    this.secretArnPattern = secretArnPattern(secret);
    this.secretPartialArn = secretPartialArn(secret);
    const rendered = new RenderedSecret(this, secret, () => model);
    this.secret = rendered.secret!;
    // The one-of-each model always grants its secret, so the policy exists.
    this.resourcePolicy = rendered.resourcePolicy!;
    const workload = model.workloads[0];
    if (workload.targetRole) {
      claimTargetRoleName(this, workload);
      const target = (this._targetRole = new RenderedTargetRole(this, workload, () => model, ONE_OF_EACH_WORKLOAD_PROPS));
      this.targetRole = target.role;
      this.targetRolePermissionsPolicy = target.permissionsPolicies[0];
      // The resource policy names the role; create the role first.
      addResourceDependency(this.resourcePolicy, target.role);
    }
    new CfnOutput(this, 'SecretArn', { value: this.secret.ref, description: 'Full ARN of the secret, with its random suffix' });
  }
}
