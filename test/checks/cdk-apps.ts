import { aws_iam as iam, aws_kms as kms, aws_secretsmanager as sm } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ISSUER, ROLE_ARN, WORKLOAD } from './templates';

/** A secret on a customer managed key, read by the pod role of another account through CDK's grantRead. */
export class SharedSecret extends Construct {
  readonly key: kms.Key;
  readonly secret: sm.Secret;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key');
    this.secret = new sm.Secret(this, 'Secret', { secretName: 'testsecret', encryptionKey: this.key });
    this.secret.grantRead(iam.Role.fromRoleArn(this, 'PodRole', ROLE_ARN));
  }
}

/** An IRSA pod role; by default pinned to one service account, `aud` included. */
export function podRole(scope: Construct, conditions: Record<string, string> = pinnedConditions()): iam.Role {
  return new iam.Role(scope, 'PodRole', {
    roleName: 'pod-role',
    assumedBy: new iam.WebIdentityPrincipal(`arn:aws:iam::${WORKLOAD}:oidc-provider/${ISSUER}`, { StringEquals: conditions }),
  });
}

export function pinnedConditions(): Record<string, string> {
  return { [`${ISSUER}:sub`]: 'system:serviceaccount:testnamespace:testapp', [`${ISSUER}:aud`]: 'sts.amazonaws.com' };
}
