import { IConstruct } from 'constructs';

// What options and grants accept: the parts of a `CrossAccountSecrets` graph, by interface, as aws-cdk-lib's
// props take `kms.IKey` rather than `kms.Key`. Only the parts a graph returns are accepted: the graph
// checks at run time that a part is its own.

/**
 * A KMS key of a `CrossAccountSecrets` graph, as `addKey()` or `importKey()` returns it.
 */
export interface IKeyPart extends IConstruct {
  /** The key's alias, with the `alias/` prefix; undefined for an imported key. */
  readonly keyAlias?: string;

  /** The key's ARN, when imported or pinned. */
  readonly keyArn?: string;

  /** Whether the key exists outside the app: its owners must add `keyPolicyStatements()` to its policy. */
  readonly imported: boolean;
}

/**
 * A workload of a `CrossAccountSecrets` graph, as `addWorkload()` returns it: what `grantRead()` grants to.
 */
export interface IWorkloadPart extends IConstruct {
  /** Name of the pod role. */
  readonly roleName: string;

  /** ARN of the pod role. */
  readonly roleArn: string;
}

/**
 * A secret of a `CrossAccountSecrets` graph, as `addSecret()` or `importSecret()` returns it.
 */
export interface ISecretPart extends IConstruct {
  /** Name of the secret. */
  readonly secretName: string;

  /** Pattern that matches the secret's ARN (`arn:...:secret:<name>-??????`), for IAM policies. */
  readonly secretArnPattern: string;

  /** Whether the secret exists outside the app (`importSecret()`). */
  readonly imported: boolean;

  /**
   * Lets the workload read the secret's value: its role's policy, this secret's resource policy and the
   * key's policy each gain the grant. Granting the same workload again changes nothing.
   */
  grantRead(workload: IWorkloadPart): void;
}
