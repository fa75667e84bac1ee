import type { AccessKmsKeyProps } from '../../access-kms-key-props';
import type { CrossAccountSecretAccessProps } from '../../cross-account-secret-access-props';
import type { AccessWorkloadProps } from '../../workload-props';
import { trustOfClusters } from '../input/cluster-constructs';
import { invalidProp, invalidUse } from '../input/errors';
import * as propNames from '../input/prop-names';
import { FromProp, propPath } from '../input/prop-path';
import { awsRegion } from '../input/regions';
import * as types from '../input/types';
import * as values from '../input/values';
import { KeyModel } from '../model/model';
import { ModelBuilder, PartSite, WorkloadTrust } from './model-builder';

/**
 * The one-of-each props, translated into the graph's calls: one key (created, or existing by ARN), one
 * secret, one workload and one grant, named as the props name them (`key.alias`, `workload.namespace`).
 * What is checked here is only the props' own shape; every rule that spans values is the builder's.
 * `where` is the construct path errors name, and the path of every part of the model.
 */
export function modelFromAccessProps(where: string, props: CrossAccountSecretAccessProps): ModelBuilder {
  types.knownProps(where, '', props, propNames.ACCESS_PROPS);
  for (const part of ['workload', 'secret', 'key'] as const) {
    if (props?.[part] === undefined || props[part] === null || typeof props[part] !== 'object') {
      throw invalidProp(where, part, props?.[part], `is missing: give the ${part} settings.`);
    }
  }
  const { workload: w, secret: s, key: k } = props;
  types.knownProps(where, 'workload', w, propNames.WORKLOAD_PROPS);
  if (w.podIdentity !== undefined) types.knownProps(where, 'workload.podIdentity', w.podIdentity, propNames.POD_IDENTITY_PROPS);
  types.knownProps(where, 'secret', s, propNames.SECRET_PROPS);
  types.knownProps(where, 'key', k, propNames.KEY_PROPS);
  if (k.alias === undefined && k.keyArn === undefined) {
    throw invalidUse(
      where,
      '`key.alias` and `key.keyArn` are both missing: give `key.alias` to create a key, or `key.keyArn` to use an existing one.',
    );
  }

  // The key is in the secret's region unless it says otherwise; the builder checks that they agree.
  const secretRegion = awsRegion(where, 'secret.region', s.region);
  const keyRegion = k.region === undefined ? secretRegion : awsRegion(where, 'key.region', k.region);
  // The default descriptions name the secret and the service account.
  const secretName = values.secretName(where, 'secret.secretName', s.secretName);
  const namespace = values.namespace(where, 'workload.namespace', w.namespace);
  const serviceAccount = values.serviceAccount(where, 'workload.serviceAccount', w.serviceAccount);

  const model = new ModelBuilder();
  const at = (prefix: string): PartSite => ({ where, prop: propPath(prefix) });
  const key =
    k.keyArn === undefined
      ? model.addKey(
          at('key'),
          { ...k, alias: k.alias!, region: keyRegion },
          { description: `Encrypts the Secrets Manager secret ${secretName}`, keyArnProp: 'key.keyArn' },
        )
      : existingKey(model, at('key'), k, keyRegion);
  const secret = model.addSecret(at('secret'), s, key, `Read by service account ${serviceAccount} in namespace ${namespace}`);
  const workload = model.addWorkload(at('workload'), w, trustOf(where, w, secret.account));
  model.grant({ where, label: '`workload.region` and `secret.region`' }, workload, secret);
  return model;
}

/** `key.keyArn`: an existing key, instead of the settings of one to create. */
function existingKey(model: ModelBuilder, site: PartSite, k: AccessKmsKeyProps, region: string): KeyModel {
  const account = values.account(site.where, 'key.account', k.account);
  const only = (['alias', 'administratorArns', 'description', 'removalPolicy', 'pendingWindow'] as const).filter((p) => k[p] !== undefined);
  if (only.length > 0) {
    throw invalidUse(
      site.where,
      `\`key.keyArn\` and \`key.${only[0]}\` are both set: \`keyArn\` names an existing key, whose ${only[0] === 'alias' ? 'alias' : 'settings'} this app does not manage; give exactly one of \`key.alias\` (a key to create) and \`key.keyArn\` (an existing key).`,
    );
  }
  return model.importKey(site, k.keyArn, { account, region });
}

/** The one-of-each props take exactly one way for the pod to get its role; a target role is in the secret's account. */
function trustOf(where: string, w: AccessWorkloadProps, secretAccount: string): WorkloadTrust {
  const issuers = types.fromPropList(where, 'workload.oidcIssuers', w.oidcIssuers);
  const clusters = types.list(where, 'workload.clusters', w.clusters);
  if (clusters.length > 0) {
    const also = issuers.length > 0 ? 'oidcIssuers' : w.podIdentity !== undefined ? 'podIdentity' : undefined;
    if (also) {
      throw invalidUse(
        where,
        `\`workload.clusters\` and \`workload.${also}\` are both set: give exactly one, the clusters as constructs of this app, or their issuers (\`oidcIssuers\`) or Pod Identity settings (\`podIdentity\`).`,
      );
    }
    return {
      ...trustOfClusters(where, 'workload.', clusters, w.clusterIdentity, w),
      oidcIssuersProp: 'workload.clusters',
      podIdentityClustersProp: 'workload.clusters',
    };
  }
  if ((issuers.length === 0) === (w.podIdentity === undefined)) {
    throw invalidUse(
      where,
      '`workload.oidcIssuers` and `workload.podIdentity` are both ' +
        (issuers.length === 0 ? 'missing or empty' : 'set') +
        ': give exactly one, `oidcIssuers` for IAM roles for service accounts or `podIdentity` for EKS Pod Identity.',
    );
  }
  const pod = w.podIdentity;
  if ((pod?.targetRoleName !== undefined || pod?.disableSessionTags) && !pod?.targetRole) {
    throw invalidUse(
      where,
      '`workload.podIdentity.targetRoleName` and `workload.podIdentity.disableSessionTags` need `workload.podIdentity.targetRole: true`.',
    );
  }
  const targetRole: FromProp<{ account: string; roleName?: string; sessionTags: boolean }> | undefined = pod?.targetRole
    ? {
        prop: 'workload.podIdentity.targetRole',
        value: { account: secretAccount, roleName: pod.targetRoleName, sessionTags: !pod.disableSessionTags },
      }
    : undefined;
  return {
    oidcIssuers: issuers,
    podIdentityClusters: pod === undefined ? [] : [{ prop: 'workload.podIdentity.clusterName', value: pod.clusterName }],
    oidcIssuersProp: 'workload.oidcIssuers',
    podIdentityClustersProp: 'workload.podIdentity',
    targetRole,
  };
}

/**
 * The model an account's stack renders, built from its own props: each stack of the three accounts can
 * be deployed from its own repository, and builds the same model from the same props.
 */
export function modelForStack(where: string, stackProps: { readonly access: CrossAccountSecretAccessProps }): ModelBuilder {
  // `new KeyStack(app, 'Key', props)` instead of `{ access: props }`: say so, not that `workload` is missing.
  types.accessStackProps(where, stackProps);
  types.object(where, 'access', stackProps.access);
  return modelFromAccessProps(where, stackProps.access);
}
