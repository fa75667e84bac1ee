import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecrets } from '../../lib';
import { newApp } from './helpers';

export const BLUE = 'https://oidc.eks.eu-west-1.amazonaws.com/id/BLUE';
export const GREEN = 'https://oidc.eks.eu-west-1.amazonaws.com/id/GREEN';

/** The example graph: one key for secrets of two accounts, a blue/green workload and a Pod Identity one. */
export function exampleGraph(secrets = new CrossAccountSecrets(newApp(), 'Secrets')) {
  const key = secrets.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments' });
  const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
  const cache = secrets.addSecret('Cache', { account: '444444444444', region: 'eu-west-1', secretName: 'payments/cache', key });
  const api = secrets.addWorkload('Api', {
    account: '111111111111',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'api',
    oidcIssuers: [BLUE, GREEN],
  });
  const worker = secrets.addWorkload('Worker', {
    account: '555555555555',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'worker',
    podIdentityClusters: ['prod'],
  });
  db.grantRead(api);
  db.grantRead(worker);
  cache.grantRead(api);
  return { secrets, key, db, cache, api, worker };
}

/** A resource's properties as synthesized (lazy policy documents resolved). */
export function synthesized(resource: CfnResource): Record<string, any> {
  const stack = Stack.of(resource);
  return Template.fromStack(stack).toJSON().Resources[stack.resolve(resource.logicalId)].Properties;
}

export function statements(document: { Statement: any[] }, sid?: string): any[] {
  return sid === undefined ? document.Statement : document.Statement.filter((s) => s.Sid === sid);
}
