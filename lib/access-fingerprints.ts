import { checkPathList } from './private/input/method-arguments';
import { verifyAssemblies } from './private/outputs/verify-assemblies';

/**
 * Compares synthesized apps that each deploy part of the same access (three teams, three repositories).
 * At synth, every graph, `CrossAccountSecretAccess` and stack of this library created on its own writes the
 * access description it was built from into the cloud assembly (`<construct>.access-description.json`,
 * never deployed); each template carries only a fingerprint of the part its stack depends on. The apps
 * agree when every key, secret, workload and grant is in every app, with the same values.
 *
 * The command line does the same: `npx cdk-eks-cross-account-secrets verify <cdk.out> <cdk.out> ...`.
 */
export class AccessFingerprints {
  /**
   * The differences between the access descriptions in the given cloud assemblies (`cdk.out` directories,
   * with their Stages), one readable line each, empty when they agree. Parts are matched by identity (role
   * ARN, secret ARN pattern, key ARN), and each line names the apps that hold each value, such as
   * `workload arn:aws:iam::111111111111:role/eks-secrets/api: readerRoleArn is "…" in team-a/cdk.out; "…" in team-b/cdk.out`.
   * Throws when a directory is not a cloud assembly or holds no description of this library.
   */
  public static differences(assemblies: string[]): string[] {
    const where = 'AccessFingerprints.differences()';
    const directories = checkPathList(where, 'assemblies', assemblies, 'the cloud assembly directories (cdk.out) of the apps to compare');
    return [...verifyAssemblies(directories).differences];
  }

  private constructor() {}
}
