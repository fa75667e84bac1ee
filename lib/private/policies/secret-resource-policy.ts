import { accountRootArn, roleArn, secretReadActions } from '../identifiers';
import { GrantModel, SecretModel } from '../model';
import { PolicyDocument, policyDocument, sidPart } from './policy-document';

/**
 * Who may read the secret from another account: each granted pod role, and only `GetSecretValue`
 * (plus `DescribeSecret` when the workload asks for it).
 *
 * The principal is the role's account root narrowed by `aws:PrincipalArn`, not the role ARN itself:
 * IAM replaces a deleted role's ARN in a resource policy with the role's unique ID, so a recreated role
 * would silently lose access. The condition is evaluated by ARN and survives re-creation.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
export function secretResourcePolicy(secret: SecretModel, grants: readonly GrantModel[]): PolicyDocument {
  return policyDocument(
    grants
      .filter((grant) => grant.secret === secret)
      .map(({ workload }) => ({
        Sid: `GetSecretValueFor${sidPart(workload.roleName)}`,
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(workload.region, workload.account) },
        Action: secretReadActions(workload),
        Resource: '*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn(workload) } },
      })),
  );
}
