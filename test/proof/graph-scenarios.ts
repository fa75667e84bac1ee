import { RegionInfo } from 'aws-cdk-lib/region-info';
import { CrossAccountSecrets, KeyOptions, KeyPart, SecretOptions, SecretPart, WorkloadOptions, WorkloadPart } from '../../lib';
import { newApp } from '../support/helpers';
import { GraphSecret, ResolvedGraph, resolveGraph } from './resolved-graph';
import { stackInput } from './scenarios';
import { ResolvedKey, ResolvedWorkload, StackInput, SYNTHETIC_SECRET_SUFFIX } from './template-resolver';

// The graphs the graph matrix runs against. Each is declared as data: its keys, secrets, workloads
// and grants. The requests and the expected verdicts are built from this declaration (what the user
// asked for), never from the policies under test, so a policy that grants too much or too little fails.

/** A secret of a graph declaration: its key is named by the key's id. */
export type SecretDeclaration = Omit<SecretOptions, 'key'> & { readonly key: string };

/** A graph, as a user would build it with `CrossAccountSecrets`. */
export interface GraphSpec {
  readonly label: string;
  readonly keys: Readonly<Record<string, KeyOptions>>;
  readonly secrets: Readonly<Record<string, SecretDeclaration>>;
  readonly workloads: Readonly<Record<string, WorkloadOptions>>;
  /** The secrets each workload is granted (`secret.grantRead(workload)`), by id. */
  readonly grants: Readonly<Record<string, readonly string[]>>;
}

/** A declared part, with the part the graph returned and the part as deployed. */
export interface Declared<Options, Part, Resolved> {
  readonly id: string;
  readonly options: Options;
  readonly part: Part;
  readonly resolved: Resolved;
}

export type DeclaredWorkload = Declared<WorkloadOptions, WorkloadPart, ResolvedWorkload>;
export type DeclaredSecret = Declared<SecretDeclaration, SecretPart, GraphSecret>;
export type DeclaredKey = Declared<KeyOptions, KeyPart, ResolvedKey>;

/** A graph, synthesized and resolved, each resolved part matched to its declaration. */
export interface GraphWorld {
  readonly spec: GraphSpec;
  /** The templates of the graph's stacks, as synthesized. */
  readonly stacks: readonly StackInput[];
  readonly graph: ResolvedGraph;
  readonly keys: readonly DeclaredKey[];
  readonly secrets: readonly DeclaredSecret[];
  readonly workloads: readonly DeclaredWorkload[];
  readonly granted: (workload: DeclaredWorkload, secret: DeclaredSecret) => boolean;
  readonly keyOf: (secret: DeclaredSecret) => DeclaredKey;
}

const EU = 'eu-west-1';
/** The principal of account 222222222222 that `keyUserArns` names in the graph that has it. */
export const KEY_USER = 'arn:aws:iam::222222222222:role/finance-deployer';
const issuer = (region: string, id: string) => `https://oidc.eks.${region}.amazonaws.com/id/${id}`;

export const GRAPHS: readonly GraphSpec[] = [
  {
    // The example graph: one key for the secrets of two accounts, one secret for workloads of two
    // accounts, one workload for two secrets, trusted from a blue and a green cluster.
    label: 'the Api/Worker example',
    keys: { Payments: { account: '333333333333', region: EU, alias: 'security/payments' } },
    secrets: {
      Db: { account: '222222222222', region: EU, secretName: 'payments/db', key: 'Payments' },
      Cache: { account: '444444444444', region: EU, secretName: 'payments/cache', key: 'Payments' },
    },
    workloads: {
      Api: {
        account: '111111111111',
        region: EU,
        namespace: 'payments',
        serviceAccount: 'api',
        oidcIssuers: [issuer(EU, 'BLUE'), issuer(EU, 'GREEN')],
      },
      Worker: { account: '555555555555', region: EU, namespace: 'payments', serviceAccount: 'worker', podIdentityClusters: ['prod'] },
    },
    grants: { Api: ['Db', 'Cache'], Worker: ['Db'] },
  },
  {
    // Two keys in two accounts (one of them the account of its secrets and of two workloads), secrets over
    // three accounts, a workload in another region, and a sparse grant set: every key serves a workload
    // that must not read all of the key's secrets, and both workloads of the secrets' account miss one.
    label: 'two keys, four secrets, four workloads, sparse grants',
    keys: {
      Platform: { account: '333333333333', region: EU, alias: 'platform/shared' },
      Team: { account: '222222222222', region: EU, alias: 'team/secrets' },
    },
    secrets: {
      Ledger: { account: '222222222222', region: EU, secretName: 'payments/ledger', key: 'Platform' },
      Fx: { account: '444444444444', region: EU, secretName: 'fx/rates', key: 'Platform' },
      Audit: { account: '222222222222', region: EU, secretName: 'audit/token', key: 'Team' },
      Reports: { account: '666666666666', region: EU, secretName: 'reports/db', key: 'Team' },
    },
    workloads: {
      Billing: {
        account: '222222222222',
        region: EU,
        namespace: 'billing',
        serviceAccount: 'billing',
        oidcIssuers: [issuer(EU, 'BILLING')],
        allowDescribeSecret: true,
      },
      Auditor: { account: '222222222222', region: EU, namespace: 'audit', serviceAccount: 'auditor', podIdentityClusters: ['ops'] },
      // Moving from IRSA to Pod Identity: trusted through both during the move.
      Gateway: {
        account: '111111111111',
        region: EU,
        namespace: 'edge',
        serviceAccount: 'gateway',
        oidcIssuers: [issuer(EU, 'EDGE')],
        podIdentityClusters: ['edge'],
      },
      Reporter: {
        account: '777777777777',
        region: 'us-east-2',
        namespace: 'reports',
        serviceAccount: 'reporter',
        oidcIssuers: [issuer('us-east-2', 'REPORTS')],
      },
    },
    grants: { Billing: ['Ledger', 'Reports'], Auditor: ['Audit', 'Fx'], Gateway: ['Ledger'], Reporter: ['Reports'] },
  },
  {
    // A workload of a secret's own account that reads another secret of the same key: the key policy must
    // not admit it for its sibling, which keyUserArns reserves for the named deployer. Another workload of
    // that account is granted the sibling, and keyUserArns must not stand in its way.
    label: 'a keyUserArns secret whose account also holds a reader of its sibling on the same key',
    keys: { Shared: { account: '333333333333', region: EU, alias: 'shared/secrets' } },
    secrets: {
      Finance: {
        account: '222222222222',
        region: EU,
        secretName: 'finance/y',
        key: 'Shared',
        keyUserArns: [KEY_USER],
      },
      Other: { account: '444444444444', region: EU, secretName: 'other/x', key: 'Shared' },
    },
    workloads: {
      Sibling: { account: '222222222222', region: EU, namespace: 'sibling', serviceAccount: 'app', oidcIssuers: [issuer(EU, 'SIBLING')] },
      Payroll: { account: '222222222222', region: EU, namespace: 'payroll', serviceAccount: 'app', podIdentityClusters: ['fin'] },
      Ledger: { account: '111111111111', region: EU, namespace: 'ledger', serviceAccount: 'app', oidcIssuers: [issuer(EU, 'LEDGER')] },
    },
    grants: { Sibling: ['Other'], Payroll: ['Finance'], Ledger: ['Finance'] },
  },
];

/** Builds a graph as its declaration says, synthesizes it and resolves its templates. */
export function graphWorldOf(spec: GraphSpec): GraphWorld {
  const construct = new CrossAccountSecrets(newApp(), 'Graph');
  const keyParts = new Map(Object.entries(spec.keys).map(([id, options]) => [id, construct.addKey(id, options)]));
  const secretParts = new Map(
    Object.entries(spec.secrets).map(([id, options]) => [id, construct.addSecret(id, { ...options, key: keyParts.get(options.key)! })]),
  );
  const workloadParts = new Map(Object.entries(spec.workloads).map(([id, options]) => [id, construct.addWorkload(id, options)]));
  for (const [workload, secrets] of Object.entries(spec.grants)) {
    for (const secret of secrets) secretParts.get(secret)!.grantRead(workloadParts.get(workload)!);
  }
  const stacks = construct.stacks.map(stackInput);
  const graph = resolveGraph(stacks);

  const find = <T>(items: readonly T[], what: string, match: (item: T) => boolean): T => {
    const found = items.filter(match);
    if (found.length !== 1) throw new Error(`${what} is deployed ${found.length} times`);
    return found[0];
  };
  // Secrets and keys are found by the identifiers their declaration implies; a role by the ARN its part
  // advertises, since the default role name carries a hash (the structure test checks there is no other).
  const keys = Object.entries(spec.keys).map(([id, options]) => ({
    id,
    options,
    part: keyParts.get(id)!,
    resolved: find(graph.keys, `key ${id}`, (k) => k.aliasArns.includes(aliasArn(options))),
  }));
  const secrets = Object.entries(spec.secrets).map(([id, options]) => ({
    id,
    options,
    part: secretParts.get(id)!,
    resolved: find(graph.secrets, `secret ${id}`, (s) => s.arn === secretArn(options)),
  }));
  const workloads = Object.entries(spec.workloads).map(([id, options]) => ({
    id,
    options,
    part: workloadParts.get(id)!,
    resolved: find(graph.workloads, `workload ${id}`, (w) => w.roleArn === workloadParts.get(id)!.roleArn),
  }));
  return {
    spec,
    stacks,
    graph,
    keys,
    secrets,
    workloads,
    granted: (workload, secret) => (spec.grants[workload.id] ?? []).includes(secret.id),
    keyOf: (secret) => keys.find((k) => k.id === secret.options.key)!,
  };
}

/** The partition of a region. */
export function partitionOf(region: string): string {
  const partition = RegionInfo.get(region).partition;
  if (!partition) throw new Error(`unknown region ${region}`);
  return partition;
}

/** The ARN a declared secret gets, with the suffix the resolver gives every secret. */
export function secretArn(s: SecretDeclaration): string {
  return `arn:${partitionOf(s.region)}:secretsmanager:${s.region}:${s.account}:secret:${s.secretName}-${SYNTHETIC_SECRET_SUFFIX}`;
}

/** The ARN of a declared key's alias. */
export function aliasArn(k: KeyOptions): string {
  const alias = k.alias.startsWith('alias/') ? k.alias : `alias/${k.alias}`;
  return `arn:${partitionOf(k.region)}:kms:${k.region}:${k.account}:${alias}`;
}
