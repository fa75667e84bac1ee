import { AccessKmsKeyProps } from './access-kms-key-props';
import { AccessSecretProps } from './access-secret-props';
import { AccessWorkloadProps } from './workload-props';

/**
 * Props of `CrossAccountSecretAccess`: one workload, one secret and one key.
 */
export interface CrossAccountSecretAccessProps {
  /**
   * The pod that reads the secret, and where its role is created (account 1).
   */
  readonly workload: AccessWorkloadProps;

  /**
   * The secret the pod reads (account 2).
   */
  readonly secret: AccessSecretProps;

  /**
   * The KMS key that encrypts the secret (account 3).
   */
  readonly key: AccessKmsKeyProps;

  /**
   * Whether `cdk synth` writes this construct's files beside the templates of its stage.
   *
   * Into `<assembly directory>/<construct path below the stage, ids joined with "-">/`, so several
   * constructs never overwrite each other: `kubernetes/*.yaml` (`kubernetesManifestFiles()`, one file per
   * consumer), `access-review.md` (`accessReview()`), `role-path-scp.json`
   * (`rolePathServiceControlPolicy()`) and, when the owners of existing parts have statements to add,
   * `key-policy-statements.json` (`keyPolicyStatements()`). In a `Stage`, the assembly directory is the
   * stage's (`cdk.out/assembly-<stage>`).
   *
   * @default true
   */
  readonly writeOutputs?: boolean;
}
