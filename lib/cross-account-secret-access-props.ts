import { KeyProps } from './key-props';
import { SecretProps } from './secret-props';
import { WorkloadProps } from './workload-props';

/**
 * Props of `CrossAccountSecretAccess`: one workload, one secret and one key.
 */
export interface CrossAccountSecretAccessProps {
  /**
   * The pod that reads the secret, and where its role is created (account 1).
   */
  readonly workload: WorkloadProps;

  /**
   * The secret the pod reads (account 2).
   */
  readonly secret: SecretProps;

  /**
   * The KMS key that encrypts the secret (account 3).
   */
  readonly key: KeyProps;
}
