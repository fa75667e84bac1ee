import { readerRoleName } from '../model/identifiers';
import { WorkloadModel } from '../model/model';
import { secretReadActions } from './actions';
import { versionConditions } from './conditions';
import { grantPrincipal, groupBy } from './grant-principals';
import { PolicyJson, policyJson, sidFor } from './policy-json';

/**
 * Who may read the secret from other accounts: the granted pod roles, and only `GetSecretValue` (plus
 * `DescribeSecret` for the workloads that ask for it, and only the version stages they may read). One
 * statement per kind of access, listing every role granted it: each further workload adds about one
 * role ARN, not a statement.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
 */
export function secretResourcePolicy(readers: readonly WorkloadModel[]): PolicyJson {
  const kinds = groupBy(readers, (w) => JSON.stringify([w.allowDescribeSecret, w.readableStages, w.principalByRoleArn]));
  return policyJson(
    kinds.map((kind) => {
      const [first] = kind;
      const principal = grantPrincipal(kind);
      const versions = versionConditions(first.readableStages);
      return {
        Sid: sidFor('GetSecretValueFor', kind.map(readerRoleName), 'GrantedRoles'),
        Effect: 'Allow',
        Principal: principal.Principal,
        Action: secretReadActions(first.allowDescribeSecret),
        Resource: '*',
        ...(principal.Condition || versions ? { Condition: { ...principal.Condition, ...versions } } : {}),
      };
    }),
  );
}
