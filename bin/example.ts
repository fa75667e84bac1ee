import { App, AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { CrossAccountSecretAccess, CrossAccountSecretAccessProps, CrossAccountSecretsChecks } from '../lib';
import { rejectMisspeltContext } from './context-keys';

/** The seed scenario: the names of the reference walk-through, with valid account IDs. */
export const EXAMPLE_DEFAULTS = {
  workloadAccount: '111111111111',
  workloadRegion: 'eu-west-1',
  oidcIssuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/CLUSTERNODETESTID',
  namespace: 'testnamespace',
  serviceAccount: 'testapp',
  roleName: 'pod-role',
  secretAccount: '222222222222',
  secretRegion: 'eu-west-1',
  secretName: 'testsecret',
  keyAccount: '333333333333',
  keyAlias: 'testapp-secrets',
} as const;

export type ExampleSetting = keyof typeof EXAMPLE_DEFAULTS;

/** The cdk-nag packs the example app is checked against. */
export function nagPacks(app: App) {
  return [new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new HIPAASecurityChecks(app), new PCIDSS321Checks(app)];
}

/**
 * Builds the example app: every setting comes from CDK context (`-c secretName=...`) when given, else
 * from the seed scenario; `-c podIdentityCluster=<name>` uses EKS Pod Identity instead of IRSA.
 */
export function buildExampleApp(appProps: AppProps = {}): { app: App; access: CrossAccountSecretAccess } {
  const app = new App({
    ...appProps,
    context: { '@aws-cdk/core:validateAgainstDefaultRules': true, ...appProps.context },
  });
  rejectMisspeltContext(app, [...Object.keys(EXAMPLE_DEFAULTS), 'podIdentityCluster']);
  const setting = (name: ExampleSetting): string => {
    const value: unknown = app.node.tryGetContext(name);
    return value === undefined ? EXAMPLE_DEFAULTS[name] : String(value);
  };

  // `-c podIdentityCluster=<name>` switches the workload from IRSA to EKS Pod Identity on that cluster.
  const podIdentityCluster: unknown = app.node.tryGetContext('podIdentityCluster');
  // `-c podIdentityTargetRole=true` then reads the secret through a target role in the secret's account.
  const targetRole = String(app.node.tryGetContext('podIdentityTargetRole') ?? 'false') === 'true';
  const props: CrossAccountSecretAccessProps = {
    workload: {
      account: setting('workloadAccount'),
      region: setting('workloadRegion'),
      ...(podIdentityCluster === undefined
        ? { oidcIssuers: [setting('oidcIssuer')] }
        : { podIdentity: { clusterName: String(podIdentityCluster), ...(targetRole ? { targetRole } : {}) } }),
      namespace: setting('namespace'),
      serviceAccount: setting('serviceAccount'),
      roleName: setting('roleName'),
    },
    secret: { account: setting('secretAccount'), region: setting('secretRegion'), secretName: setting('secretName') },
    key: { account: setting('keyAccount'), alias: setting('keyAlias') },
  };
  const access = new CrossAccountSecretAccess(app, 'TestApp', props);

  Validations.of(app).addPlugins(...nagPacks(app), new CrossAccountSecretsChecks());
  // PCI DSS 3.2.1 has no rotation rule, so there is nothing to acknowledge for it.
  // Rotation needs a rotation function that knows how to change the credential at its source (a
  // database, an API): that is the secret owner's decision, so the example acknowledges it here
  // instead of the library hiding it.
  for (const id of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled', 'HIPAA.Security-SecretsManagerRotationEnabled']) {
    Validations.of(access.secretStack.secret).acknowledge({
      id,
      reason:
        'Example secret without a rotation function: rotation depends on the system the credential belongs to, which the secret owner adds.',
    });
  }
  return { app, access };
}
