import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * Props of `CrossAccountSecrets`.
 */
export interface CrossAccountSecretsProps {
  /**
   * Prefix of the names of the stacks the graph creates: `<prefix>-Keys-<account>-<region>`,
   * `<prefix>-Secrets-...`, `<prefix>-Workloads-...` (with the stack group, if any, after the kind).
   *
   * Set it to keep the stack names when the app moves into a `Stage` or a pipeline: named, retained
   * resources of the old stacks would otherwise collide with the new stacks'. Stages that deploy to the
   * same accounts need a prefix each (put the stage name in it): a stack name is unique in an account and
   * region, and a name another stack of the app has there is an error at synth.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
   * @default - the graph's construct path below its stage, with the stage name in front
   */
  readonly stackNamePrefix?: string;

  /**
   * Whether CloudFormation refuses to delete the graph's stacks.
   *
   * @default false
   */
  readonly terminationProtection?: boolean;

  /**
   * What happens to the IAM OIDC providers the graph creates (`createOidcProvider`) when they leave the
   * graph or their stack is deleted.
   *
   * A provider serves every IRSA role of its cluster, not only the graph's, so it is kept by default. A kept
   * provider still exists when the stack is deployed again: then leave `createOidcProvider` off, or delete the
   * provider first. `RemovalPolicy.DESTROY` suits short-lived test accounts. `RemovalPolicy.SNAPSHOT` is not
   * supported by IAM OIDC providers.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
   * @default RemovalPolicy.RETAIN
   */
  readonly oidcProviderRemovalPolicy?: RemovalPolicy;

  /**
   * Whether `cdk synth` writes this construct's files beside the templates of its stage.
   *
   * Into `<assembly directory>/<construct path below the stage, ids joined with "-">/`, so several
   * constructs never overwrite each other: `kubernetes/*.yaml` (`kubernetesManifestFiles()`, one file per
   * consumer), `access-review.md` (`accessReview()`), `role-path-scp.json`
   * (`rolePathServiceControlPolicy()`) and, when the owners of existing parts have statements to add,
   * `key-policy-statements.json` (`keyPolicyStatements()`) and `secret-policy-statements.json`
   * (`secretPolicyStatements()`). In a `Stage`, the assembly directory is the stage's
   * (`cdk.out/assembly-<stage>`).
   *
   * @default true
   */
  readonly writeOutputs?: boolean;

  /**
   * The accounts whose stacks this app synthesizes, for teams that share one graph definition and each
   * deploy their own accounts' stacks from their own repository.
   *
   * The graph still models every part and grant, so every policy is computed from the whole graph, and a
   * stack this app synthesizes is, byte for byte, the one an app of the whole graph synthesizes. Stacks of
   * other accounts (keys, secrets, workloads, Pod Identity target roles, which live in the secrets'
   * account, and OIDC providers) are not synthesized and not ordered against, and `stacks` lists only this
   * app's. `cdk synth` writes the Kubernetes manifests of this app's workloads only
   * (`kubernetesManifestFiles()` returns those), and the rest of the files for the whole graph, as every
   * team's app does: the access review, the SCP and the statements for existing parts. The access
   * description describes the whole graph, so `verify` compares the teams' apps. An account where the graph
   * has no stack is an error at synth.
   *
   * @default - every account's stacks
   */
  readonly deployAccounts?: string[];
}
