import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecretAccess, CrossAccountSecretAccessProps } from '../../lib';

export const WORKLOAD_ACCOUNT = '111111111111';
export const SECRET_ACCOUNT = '222222222222';
export const KEY_ACCOUNT = '333333333333';
export const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/CLUSTERNODETESTID';

/** The seed scenario (the names of the reference walk-through), as props. Each call returns a new object. */
export function seedProps(): CrossAccountSecretAccessProps {
  return {
    workload: {
      account: WORKLOAD_ACCOUNT,
      region: 'eu-west-1',
      oidcIssuers: [`https://${ISSUER}`],
      namespace: 'testnamespace',
      serviceAccount: 'testapp',
      roleName: 'pod-role',
    },
    secret: { account: SECRET_ACCOUNT, region: 'eu-west-1', secretName: 'testsecret' },
    key: { account: KEY_ACCOUNT, alias: 'testapp-secrets' },
  };
}

/** Props with some parts replaced: `withProps({ secret: { secretName: 'x' } })`. */
export function withProps(overrides: {
  workload?: Partial<CrossAccountSecretAccessProps['workload']>;
  secret?: Partial<CrossAccountSecretAccessProps['secret']>;
  key?: Partial<CrossAccountSecretAccessProps['key']>;
}): CrossAccountSecretAccessProps {
  const seed = seedProps();
  return {
    workload: { ...seed.workload, ...overrides.workload },
    secret: { ...seed.secret, ...overrides.secret },
    key: { ...seed.key, ...overrides.key },
  };
}

export function newApp(): App {
  return new App({ analyticsReporting: false, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
}

export interface Synthesized {
  readonly app: App;
  readonly access: CrossAccountSecretAccess;
  readonly workload: Template;
  readonly secret: Template;
  readonly key: Template;
}

export function synthesize(props: CrossAccountSecretAccessProps = seedProps()): Synthesized {
  const app = newApp();
  const access = new CrossAccountSecretAccess(app, 'TestApp', props);
  return {
    app,
    access,
    workload: Template.fromStack(access.workloadStack),
    secret: Template.fromStack(access.secretStack),
    key: Template.fromStack(access.keyStack!),
  };
}

/** The single resource of a type in a template, by type; fails when there is not exactly one. */
export function onlyResource(template: Template, type: string): { logicalId: string; properties: Record<string, any> } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  const [logicalId, resource] = found[0];
  return { logicalId, properties: resource.Properties };
}

export function allStacks(app: App): Stack[] {
  return app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
}
