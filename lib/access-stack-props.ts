import type { CrossAccountSecretAccessProps } from './cross-account-secret-access-props';

/**
 * Input of each account's stack.
 *
 * Every stack takes the whole access description and renders only its own account's part, so that
 * three teams can deploy their stacks from three repositories with the same props and get matching
 * policies. `CrossAccountSecretAccess` creates all three for you.
 */
export interface AccessStackProps {
  /**
   * The workload, secret and key, exactly as given to `CrossAccountSecretAccess`.
   */
  readonly access: CrossAccountSecretAccessProps;

  /**
   * Name of the CloudFormation stack.
   *
   * @default - derived from the construct path
   */
  readonly stackName?: string;

  /**
   * Whether CloudFormation refuses to delete the stack.
   *
   * @default false
   */
  readonly terminationProtection?: boolean;
}
