import { Stack } from 'aws-cdk-lib';
import { buildExampleApp, nagPacks } from '../../bin/example';
import { CrossAccountSecrets, GrantPrincipal } from '../../lib';
import { checkTemplates } from '../../lib/private/checks/check-templates';
import { synthesized } from '../support/graph';
import { newApp, onlyResource, synthesize, withProps } from '../support/helpers';

// CloudFormation validation is this suite's subject too (test/support/setup-env.ts turns it off elsewhere).
delete process.env.CDK_VALIDATION;

// EKS Pod Identity with a target role in the secret's account: EKS assumes the pod role, then
// the target role, and hands the pod the target role's credentials.
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html

const TARGET = 'arn:aws:iam::222222222222:role/eks-secrets/pod-role-target';
const POD_ROLE = 'arn:aws:iam::111111111111:role/eks-secrets/pod-role';
const TAGS = {
  'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-west-1:111111111111:cluster/prod',
  'aws:RequestTag/kubernetes-namespace': 'testnamespace',
  'aws:RequestTag/kubernetes-service-account': 'testapp',
};
const targetProps = (extra: object = {}) =>
  withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', targetRole: true, ...extra } } });

describe('Pod Identity target role', () => {
  test('account 1: the pod role may only assume and tag the target role, and the association names it', () => {
    const { workload } = synthesize(targetProps());
    expect(onlyResource(workload, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument.Statement).toEqual([
      { Sid: 'AssumePodIdentityTargetRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: TARGET },
    ]);
    const association = onlyResource(workload, 'AWS::EKS::PodIdentityAssociation').properties;
    expect(association.TargetRoleArn).toBe(TARGET);
    expect(association.DisableSessionTags).toBeUndefined();
  });

  test('account 2: the target role trusts only the pod role, for the cluster, namespace and service account tags', () => {
    const { secret } = synthesize(targetProps());
    const role = onlyResource(secret, 'AWS::IAM::Role').properties;
    expect([role.RoleName, role.Path, role.MaxSessionDuration]).toEqual(['pod-role-target', '/eks-secrets/', 3600]);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: 'PodIdentityRoleWithSessionTags',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { ArnEquals: { 'aws:PrincipalArn': POD_ROLE }, StringEquals: TAGS },
      },
    ]);
    const permissions = onlyResource(secret, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument.Statement;
    expect(permissions.map((s: any) => [s.Action, s.Resource])).toEqual([
      ['secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????'],
      ['kms:Decrypt', 'arn:aws:kms:eu-west-1:333333333333:key/*'],
    ]);
  });

  test('the secret and key policies admit the target role, and no longer account 1', () => {
    const { secret, key } = synthesize(targetProps());
    const policies = JSON.stringify([
      onlyResource(secret, 'AWS::SecretsManager::ResourcePolicy').properties,
      onlyResource(key, 'AWS::KMS::Key').properties.KeyPolicy,
    ]);
    expect(policies).toContain(TARGET);
    expect(policies).not.toContain('111111111111');
  });

  test('without session tags, the target role pins sts:ExternalId and the pod role trust has no tag condition', () => {
    const { secret, workload } = synthesize(targetProps({ disableSessionTags: true }));
    const trust = onlyResource(secret, 'AWS::IAM::Role').properties.AssumeRolePolicyDocument.Statement;
    expect(trust[0].Condition.StringEquals).toEqual({ 'sts:ExternalId': 'eu-west-1/111111111111/prod/testnamespace/testapp' });
    expect(trust[1]).toEqual({
      Sid: 'PodIdentityRoleTagSession',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sts:TagSession',
      Condition: { ArnEquals: { 'aws:PrincipalArn': POD_ROLE } },
    });
    expect(onlyResource(workload, 'AWS::IAM::Role').properties.AssumeRolePolicyDocument.Statement[0].Condition).toBeUndefined();
    expect(onlyResource(workload, 'AWS::EKS::PodIdentityAssociation').properties.DisableSessionTags).toBe(true);
  });

  test('deploys the secret stack (with the target role) before the workload stack', () => {
    const { access } = synthesize(targetProps());
    expect(access.workloadStack.dependencies).toEqual([access.secretStack]);
  });

  test('the review describes the chain: pod, pod role, target role, secret, key', () => {
    const review = synthesize(targetProps()).access.accessReview();
    expect(review).toContain(
      'its only permission is to assume its EKS Pod Identity **target role** `arn:aws:iam::222222222222:role/eks-secrets/pod-role-target`',
    );
    expect(review).toContain('sessions last at most one hour');
    expect(review).toContain('| `TestApp-Secret` | `TargetRole` | `PodIdentityRoleWithSessionTags` |');
  });

  test.each([
    [
      'with IRSA',
      withProps({ workload: { podIdentity: { clusterName: 'prod', targetRole: true } } }),
      /`workload.oidcIssuers` and `workload.podIdentity` are both set/,
    ],
    [
      'disabled session tags without a target role',
      withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', disableSessionTags: true } } }),
      /`workload.podIdentity.targetRoleName` and `workload.podIdentity.disableSessionTags` need `workload.podIdentity.targetRole: true`/,
    ],
    [
      'with the strict role-ARN principal',
      withProps({
        workload: {
          oidcIssuers: undefined,
          podIdentity: { clusterName: 'prod', targetRole: true },
          grantPrincipal: GrantPrincipal.ROLE_ARN,
        },
      }),
      /`workload.grantPrincipal` ROLE_ARN cannot be used with `workload.podIdentity.targetRole`: the key policy would name the target role, which is created after the key/,
    ],
    [
      'an invalid target role name',
      targetProps({ targetRoleName: 'a b' }),
      /`workload.podIdentity.targetRole.roleName` "a b" is not a valid IAM role name/,
    ],
  ])('is refused %s', (_name, props, message) => {
    expect(() => synthesize(props)).toThrow(message);
  });

  test('the example app switches to it with -c podIdentityCluster=<name> -c podIdentityTargetRole=true, and stays clean', () => {
    const { app, access } = buildExampleApp({
      analyticsReporting: false,
      context: { podIdentityCluster: 'prod', podIdentityTargetRole: 'true' },
    });
    expect(access.secretStack.targetRole).toBeDefined();
    expect(() => app.synth()).not.toThrow();
    const inputs = [access.workloadStack, access.secretStack, access.keyStack!].map((s: Stack) => ({
      name: s.stackName,
      template: app.synth().getStackArtifact(s.artifactId).template,
      account: s.account,
      region: s.region,
    }));
    expect(checkTemplates(inputs)).toEqual([]);
    for (const pack of nagPacks(app)) expect(pack.validateScope(app).violations).toEqual([]);
  });
});

describe('Pod Identity target role in a graph', () => {
  function graph() {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.addKey('K', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
    const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'db', key });
    const api = secrets.addWorkload('Api', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'payments',
      serviceAccount: 'api',
      podIdentityClusters: ['prod'],
      podIdentityTargetRole: { account: '222222222222' },
    });
    return { secrets, key, db, api };
  }

  test('the target role is in the workloads stack of the secrets account, and the secret policy admits it', () => {
    const { db, api } = graph();
    db.grantRead(api);
    expect(Stack.of(api.targetRole!).stackName).toBe('Secrets-Workloads-222222222222-eu-west-1');
    expect(Stack.of(api).dependencies).toEqual([Stack.of(api.targetRole!)]);
    const principal = synthesized(db.resourcePolicy!).ResourcePolicy.Statement[0].Condition.ArnEquals['aws:PrincipalArn'];
    expect(principal).toBe(`arn:aws:iam::222222222222:role/eks-secrets/${api.roleName}-target`);
  });

  test('refuses a grant of a secret outside the target role account', () => {
    const { secrets, key, api } = graph();
    const other = secrets.addSecret('Other', { account: '444444444444', region: 'eu-west-1', secretName: 'other', key });
    expect(() => other.grantRead(api)).toThrow(
      /grantRead\(Api\): the workload reads through its Pod Identity target role in account 222222222222, and this secret is in account 444444444444/,
    );
  });

  test('refuses a target role with IRSA', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    expect(() =>
      secrets.addWorkload('W', {
        account: '111111111111',
        region: 'eu-west-1',
        namespace: 'n',
        serviceAccount: 'a',
        oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/X'],
        podIdentityClusters: ['prod'],
        podIdentityTargetRole: { account: '222222222222' },
      }),
    ).toThrow(/\[Secrets\/W\] `podIdentityTargetRole` needs EKS Pod Identity alone/);
  });
});
