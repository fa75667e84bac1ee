import type { CrossAccountSecretAccessProps } from '../../cross-account-secret-access-props';
import type { KeyProps } from '../../key-props';
import type { WorkloadProps } from '../../workload-props';
import { invalidProp, invalidUse } from '../input/errors';
import { partitionOf } from '../model/identifiers';
import { importedKeyModel, keyArnOf } from '../input/key-arn';
import { AccessModel, KeyModel } from '../model/model';
import { keyModel, Named, propNames, secretModel, workloadModel } from '../input/part-models';
import * as names from '../input/prop-names';
import * as v from '../input/values';
import * as shape from '../input/types';

/**
 * Validates the one-of-each props through the same part validators as the graph, and returns the model:
 * one key, one secret, one workload and one grant. `where` is the construct path errors name.
 */
export function accessModel(where: string, props: CrossAccountSecretAccessProps): AccessModel {
  shape.knownProps(where, '', props, names.ACCESS_PROPS);
  for (const part of ['workload', 'secret', 'key'] as const) {
    if (props?.[part] === undefined || props[part] === null || typeof props[part] !== 'object') {
      throw invalidProp(where, part, props?.[part], `is missing: give the ${part} settings.`);
    }
  }
  const { workload: w, secret: s, key: k } = props;
  shape.knownProps(where, 'workload', w, names.WORKLOAD_PROPS);
  if (w.podIdentity !== undefined) shape.knownProps(where, 'workload.podIdentity', w.podIdentity, names.POD_IDENTITY_PROPS);
  shape.knownProps(where, 'secret', s, names.SECRET_PROPS);
  shape.knownProps(where, 'key', k, names.KEY_PROPS);
  if (k.alias === undefined && k.keyArn === undefined) {
    throw invalidUse(
      where,
      '`key.alias` and `key.keyArn` are both missing: give `key.alias` to create a key, or `key.keyArn` to use an existing one.',
    );
  }

  const secretRegion = v.region(where, 'secret.region', s.region);
  const keyRegion = k.region === undefined ? secretRegion : v.region(where, 'key.region', k.region);
  if (keyRegion !== secretRegion) {
    throw invalidProp(
      where,
      'key.region',
      keyRegion,
      `differs from \`secret.region\` "${secretRegion}": Secrets Manager can only use a KMS key in the secret's region; omit \`key.region\` or set it to "${secretRegion}".`,
    );
  }
  const secretName = v.secretName(where, 'secret.secretName', s.secretName);
  const namespace = v.namespace(where, 'workload.namespace', w.namespace);
  const serviceAccount = v.serviceAccount(where, 'workload.serviceAccount', w.serviceAccount);

  const key =
    k.keyArn === undefined
      ? keyModel(
          where,
          propNames('key'),
          { ...k, alias: k.alias! },
          keyRegion,
          `Encrypts the Secrets Manager secret ${secretName}`,
          'key.keyArn',
        )
      : existingKey(where, k, keyRegion);
  const secret = secretModel(where, propNames('secret'), s, key, `Read by service account ${serviceAccount} in namespace ${namespace}`);
  const pod = w.podIdentity;
  const target =
    pod?.targetRole || pod?.targetRoleName !== undefined || pod?.disableSessionTags
      ? {
          prop: 'workload.podIdentity.targetRole',
          value: { account: secret.account, roleName: pod.targetRoleName, sessionTags: !pod.disableSessionTags },
        }
      : undefined;
  if (target && !pod?.targetRole) {
    throw invalidUse(
      where,
      '`workload.podIdentity.targetRoleName` and `workload.podIdentity.disableSessionTags` need `workload.podIdentity.targetRole: true`.',
    );
  }
  const workload = workloadModel(where, propNames('workload'), w, ...identity(where, w), target);
  if (workload.targetRole && workload.principalByRoleArn) {
    throw invalidUse(
      where,
      '`workload.grantPrincipal` ROLE_ARN cannot be used with a Pod Identity target role: the key policy would name a role that is created with the secret, after the key; use the default principal.',
    );
  }
  if (partitionOf(workload.region) !== partitionOf(secret.region)) {
    throw invalidUse(
      where,
      `\`workload.region\` "${workload.region}" and \`secret.region\` "${secret.region}" are in different AWS partitions (${partitionOf(workload.region)}, ${partitionOf(secret.region)}): IAM cannot grant across partitions; use regions of one partition.`,
    );
  }
  return { keys: [key], secrets: [secret], workloads: [workload], grants: [{ workload, secret }] };
}

/** `key.keyArn`: an existing key, instead of the settings of one to create. */
function existingKey(where: string, k: KeyProps, region: string): KeyModel {
  const account = v.account(where, 'key.account', k.account);
  const only = (['alias', 'administratorArns', 'description', 'removalPolicy', 'pendingWindow'] as const).filter((p) => k[p] !== undefined);
  if (only.length > 0) {
    throw invalidUse(
      where,
      `\`key.keyArn\` and \`key.${only[0]}\` are both set: \`keyArn\` names an existing key, whose ${only[0] === 'alias' ? 'alias' : 'settings'} this app does not manage; give exactly one of \`key.alias\` (a key to create) and \`key.keyArn\` (an existing key).`,
    );
  }
  return { ...importedKeyModel(where, 'key.keyArn', keyArnOf(where, 'key.keyArn', k.keyArn!, account, region)), path: where };
}

/** The one-of-each props take exactly one way for the pod to get its role. */
function identity(where: string, w: WorkloadProps): [Named<string>[], Named<string>[]] {
  if ((w.oidcIssuer === undefined) === (w.podIdentity === undefined)) {
    throw invalidUse(
      where,
      '`workload.oidcIssuer` and `workload.podIdentity` are both ' +
        (w.oidcIssuer === undefined ? 'missing' : 'set') +
        ': give exactly one, `oidcIssuer` for IAM roles for service accounts or `podIdentity` for EKS Pod Identity.',
    );
  }
  return w.oidcIssuer !== undefined
    ? [[{ prop: 'workload.oidcIssuer', value: w.oidcIssuer }], []]
    : [[], [{ prop: 'workload.podIdentity.clusterName', value: w.podIdentity!.clusterName }]];
}

// `CrossAccountSecretAccess` validates its props once and hands the model to its three stacks through
// this map, keyed by the stack props object it creates; a stack created by the user builds its own.
const prebuilt = new WeakMap<object, AccessModel>();

export function withPrebuiltModel<T extends object>(stackProps: T, model: AccessModel): T {
  prebuilt.set(stackProps, model);
  return stackProps;
}

/** The model for a stack: the one its creator built, or one built from its props. */
export function stackModel(where: string, stackProps: { readonly access: CrossAccountSecretAccessProps }): AccessModel {
  const built = prebuilt.get(stackProps);
  if (built) return built;
  // `new KeyStack(app, 'Key', props)` instead of `{ access: props }`: say so, not that `workload` is missing.
  shape.accessStackProps(where, stackProps);
  return accessModel(where, stackProps.access);
}
