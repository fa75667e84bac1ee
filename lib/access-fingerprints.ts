import { checkPathList } from './private/input/method-arguments';
import { verifyAssemblies } from './private/outputs/verify-assemblies';

/**
 * Compares synthesized apps that each deploy one account's part of the same access (three teams, three
 * repositories). Every stack of this library records a fingerprint of the access description it was
 * built from in its template metadata; the apps agree when all fingerprints are equal.
 *
 * The command line does the same: `npx cdk-eks-cross-account-secrets verify <cdk.out> <cdk.out> ...`.
 */
export class AccessFingerprints {
  /**
   * The differences between the access descriptions recorded in the given cloud assemblies (`cdk.out`
   * directories), one readable line each, such as `secrets[0].name: "a" ≠ "b"`; empty when they agree.
   * Throws when a directory is not a cloud assembly or has no stack of this library.
   */
  public static differences(assemblies: string[]): string[] {
    const where = 'AccessFingerprints.differences()';
    const directories = checkPathList(where, 'assemblies', assemblies, 'the cloud assembly directories (cdk.out) of the apps to compare');
    return [...verifyAssemblies(directories).differences];
  }

  private constructor() {}
}
