import { accountRootArn, roleArn, secretReadActions } from '../identifiers';
import { WorkloadModel } from '../model';
import { oneOrMany, PolicyDocument, policyDocument, PolicyStatement, sidFor } from './policy-document';

/**
 * Who may read the secret from other accounts: the granted pod roles, and only `GetSecretValue` (plus
 * `DescribeSecret` for the workloads that ask for it). One statement per kind of access, whose
 * `aws:PrincipalArn` condition lists every role granted it and whose principal names each of their
 * accounts once: each further workload adds about one role ARN, not a statement.
 *
 * The principals are account roots narrowed by `aws:PrincipalArn`, not the role ARNs themselves: IAM
 * replaces a deleted role's ARN in a resource policy with the role's unique ID, so a recreated role
 * would silently lose access. The condition is evaluated by ARN and survives re-creation. A role ARN
 * names its account, so the condition admits no role of one granted account through another's root.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function secretResourcePolicy(readers: readonly WorkloadModel[]): PolicyDocument {
  const statements: PolicyStatement[] = [];
  for (const describe of [false, true]) {
    const kind = readers.filter((workload) => workload.allowDescribeSecret === describe);
    if (kind.length === 0) continue;
    statements.push({
      Sid: sidFor(
        'GetSecretValueFor',
        kind.map((w) => w.roleName),
        describe ? 'GrantedRolesWithDescribeSecret' : 'GrantedRoles',
      ),
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(kind.map((w) => accountRootArn(w.region, w.account))) },
      Action: secretReadActions(describe),
      Resource: '*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': oneOrMany(kind.map(roleArn)) } },
    });
  }
  return policyDocument(statements);
}
