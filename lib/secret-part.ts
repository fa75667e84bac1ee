import { aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ISecretPart, IWorkloadPart } from './i-parts';
import type { PartGraph } from './private/graph/part-graph';
import { checkWorkloadPart } from './private/input/method-arguments';
import { secretArnPattern, secretPartialArn } from './private/model/identifiers';
import { SecretModel } from './private/model/model';
import { RenderedSecret } from './private/render/secret';

/**
 * A secret of a `CrossAccountSecrets` graph: the secret, encrypted with its key and holding a generated
 * value, and, once granted, its resource policy with `BlockPublicPolicy` on. Create it with `addSecret()`.
 * `importSecret()` names an existing secret instead: nothing is rendered for it (`imported` is true), unless
 * the app owns its resource policy (`manageResourcePolicy`).
 */
export class SecretPart extends Construct implements ISecretPart {
  /** @internal */
  public static _create(scope: Construct, id: string, model: SecretModel, graph: PartGraph): SecretPart {
    return new SecretPart(scope, id, model, graph);
  }

  /** Name of the secret. */
  public readonly secretName: string;

  /** Pattern that matches the secret's ARN (`arn:...:secret:<name>-??????`), for IAM policies. */
  public readonly secretArnPattern: string;

  /** The secret's ARN without its random suffix, by which clients in other accounts address it. */
  public readonly secretPartialArn: string;

  /** The secret; undefined for an existing secret (`importSecret()`). */
  public readonly secret?: secretsmanager.CfnSecret;

  /** Whether the secret exists outside the app (`importSecret()`). */
  public readonly imported: boolean;

  /** @internal */
  public readonly _model: SecretModel;

  /** @internal */
  public readonly _rendered: RenderedSecret;

  private readonly graph: PartGraph;

  private constructor(scope: Construct, id: string, model: SecretModel, graph: PartGraph) {
    super(scope, id);
    this._model = model;
    this.graph = graph;
    this.secretName = model.name;
    this.imported = model.existing !== undefined;
    this.secretArnPattern = secretArnPattern(model);
    this.secretPartialArn = secretPartialArn(model);
    this._rendered = new RenderedSecret(this, model, graph.model, (reader) => graph.stackOfWorkload(reader));
    this.secret = this._rendered.secret;
  }

  /**
   * The secret's resource policy, once the secret is granted to a workload.
   *
   * Undefined for an existing secret whose policy is its owners' (without `manageResourcePolicy`).
   */
  public get resourcePolicy(): secretsmanager.CfnResourcePolicy | undefined {
    return this._rendered.resourcePolicy;
  }

  /**
   * Lets the workload read the secret's value: its role's policy, this secret's resource policy and the
   * key's policy each gain the grant. Granting the same workload again changes nothing.
   */
  public grantRead(workload: IWorkloadPart): void {
    checkWorkloadPart(this._model.path, workload);
    this.graph.grant(workload, this._model);
  }
}
