/**
 * Props of `CrossAccountSecrets`.
 */
export interface CrossAccountSecretsProps {
  /**
   * Prefix of the names of the stacks the graph creates: `<prefix>-Keys-<account>-<region>`,
   * `<prefix>-Secrets-...`, `<prefix>-Workloads-...` (with the stack group, if any, after the kind).
   *
   * Set it to keep the stack names when the app moves into a `Stage` or a pipeline: named, retained
   * resources of the old stacks would otherwise collide with the new stacks'.
   *
   * @default - the graph's construct path below its stage, with the stage name in front
   */
  readonly stackNamePrefix?: string;

  /**
   * Whether CloudFormation refuses to delete the graph's stacks.
   *
   * @default false
   */
  readonly terminationProtection?: boolean;
}
