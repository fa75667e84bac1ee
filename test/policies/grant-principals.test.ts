import { ModelBuilder } from '../../lib/private/build/model-builder';
import { grantPrincipal, groupBy } from '../../lib/private/policies/grant-principals';
import { GrantPrincipal } from '../../lib/workload-props';
import { addWorkload, BLUE_ISSUER, irsa, podIdentity, SECRET_ACCOUNT, WORKLOAD_ACCOUNT } from '../build/model-fixtures';

test('by default roles are named by their account roots, narrowed to the role ARNs by aws:PrincipalArn', () => {
  const model = new ModelBuilder();
  const roles = [
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web-role' }, 'G/Web'),
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'worker-role' }, 'G/Worker'),
  ];

  expect(grantPrincipal(roles)).toEqual({
    Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
    Condition: {
      ArnEquals: {
        'aws:PrincipalArn': [
          `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/web-role`,
          `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/worker-role`,
        ],
      },
    },
  });
});

test('roles that all ask for ROLE_ARN are named by their ARNs, with no condition', () => {
  const model = new ModelBuilder();
  const roles = [
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web-role', grantPrincipal: GrantPrincipal.ROLE_ARN }, 'G/Web'),
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'worker-role', grantPrincipal: GrantPrincipal.ROLE_ARN }, 'G/Worker'),
  ];

  expect(grantPrincipal(roles)).toEqual({
    Principal: {
      AWS: [`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/web-role`, `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/worker-role`],
    },
  });
});

test('a workload with a target role is named by its target role and the secret account', () => {
  const workload = addWorkload(new ModelBuilder(), podIdentity(['blue'], { account: SECRET_ACCOUNT, roleName: 'reader' }));

  expect(grantPrincipal([workload])).toEqual({
    Principal: { AWS: `arn:aws:iam::${SECRET_ACCOUNT}:root` },
    Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${SECRET_ACCOUNT}:role/eks-secrets/reader` } },
  });
});

test('groupBy groups items by key, in the order each key first appears', () => {
  expect(groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (item) => item[0])).toEqual([['b1', 'b2'], ['a1', 'a2'], ['c1']]);
});
