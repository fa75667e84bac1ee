import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { buildExampleApp } from '../../bin/example';
import { CrossAccountSecretAccess, CrossAccountSecretAccessProps } from '../../lib';
import { seedProps, synthesize, withProps } from '../support/helpers';
import { resolveAccess } from './resolved-access';
import { AccessStacks, PolicyDocument, ResolvedAccess, StackInput } from './template-resolver';

// The configurations the access matrix runs against, and the facts about the cluster a request is
// built from. Those facts come from the props (what the cluster really is), never from the policies
// under test, so a policy that names the wrong issuer or service account fails the allowed rows.

/** One configuration of the construct. */
export interface Scenario {
  readonly label: string;
  /** The props, which the requests' facts (issuer, names, accounts) are taken from. */
  readonly props: CrossAccountSecretAccessProps;
  /** Builds the construct under test, when it is not `new CrossAccountSecretAccess(app, 'TestApp', props)`. */
  readonly build?: () => CrossAccountSecretAccess;
  /** Documents of the permissions boundaries the props name: they are not in the templates. */
  readonly boundaries?: Readonly<Record<string, PolicyDocument>>;
}

/** The cluster the pod runs in, as STS sees it. */
export type Cluster =
  | { readonly kind: 'irsa'; readonly issuer: string; readonly providerArn: string; readonly subject: string }
  | { readonly kind: 'pod-identity'; readonly clusterArn: string };

/** A scenario, synthesized and resolved. */
export interface World {
  readonly scenario: Scenario;
  readonly access: ResolvedAccess;
  readonly cluster: Cluster;
  /** Accounts 1, 2 and 3: the pod role's, the secret's and the key's. */
  readonly accounts: { readonly workload: string; readonly secret: string; readonly key: string };
}

const PAYMENTS_BOUNDARY = 'arn:aws:iam::444455556666:policy/eks-pod-boundary';

/** The configurations: the example app's, other names and regions, and every way the accounts can coincide. */
export const SCENARIOS: readonly Scenario[] = [
  // The example app of bin/ itself (with its cdk-nag packs); its settings default to the seed props.
  { label: 'example app (seed props)', props: seedProps(), build: () => buildExampleApp().access },
  {
    label: 'other names, regions and accounts, with a permissions boundary',
    props: {
      workload: {
        account: '444455556666',
        region: 'us-east-2',
        oidcIssuers: ['https://oidc.eks.us-east-2.amazonaws.com/id/PAYMENTSCLUSTER0001'],
        namespace: 'payments',
        serviceAccount: 'payments-api',
        roleName: 'payments-secret-reader',
        permissionsBoundaryArn: PAYMENTS_BOUNDARY,
      },
      secret: { account: '777788889999', region: 'us-west-2', secretName: 'team/db/password' },
      key: { account: '123456789012', alias: 'security/payments' },
    },
    // A typical boundary for pod roles: it allows what the pod needs, so every row keeps its expectation.
    boundaries: {
      [PAYMENTS_BOUNDARY]: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'PodBoundary', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: '*' }],
      },
    },
  },
  { label: 'all three accounts equal', props: withProps({ secret: { account: '111111111111' }, key: { account: '111111111111' } }) },
  { label: 'workload account = secret account', props: withProps({ secret: { account: '111111111111' } }) },
  { label: 'secret account = key account', props: withProps({ key: { account: '222222222222' } }) },
  { label: 'workload account = key account', props: withProps({ key: { account: '111111111111' } }) },
  { label: 'DescribeSecret allowed for the CSI driver', props: withProps({ workload: { allowDescribeSecret: true } }) },
  {
    label: 'EKS Pod Identity instead of IRSA',
    props: withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod' } } }),
  },
];

const constructs = new Map<Scenario, CrossAccountSecretAccess>();

/** The construct under test of a scenario, built once per test file (the example app's cdk-nag packs are slow). */
export function constructOf(scenario: Scenario): CrossAccountSecretAccess {
  if (!constructs.has(scenario)) constructs.set(scenario, scenario.build ? scenario.build() : synthesize(scenario.props).access);
  return constructs.get(scenario)!;
}

/** The templates of the construct's three stacks, with the environments they deploy to. */
export function stacksOf(access: CrossAccountSecretAccess): AccessStacks {
  return { workload: stackInput(access.workloadStack), secret: stackInput(access.secretStack), key: stackInput(access.keyStack!) };
}

/** A stack's template, with the environment it deploys to. */
export function stackInput(stack: Stack): StackInput {
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) throw new Error(`${stack.stackName} is environment-agnostic`);
  return { stackName: stack.stackName, template: Template.fromStack(stack).toJSON(), account: stack.account, region: stack.region };
}

/** The templates of a construct synthesized from props. */
export function synthesizeStacks(props: CrossAccountSecretAccessProps): AccessStacks {
  return stacksOf(synthesize(props).access);
}

/** Resolves a scenario's templates (by default freshly synthesized; the mutation tests pass altered ones). */
export function worldOf(scenario: Scenario, stacks: AccessStacks = stacksOf(constructOf(scenario))): World {
  const { workload, secret, key } = scenario.props;
  const partition = RegionInfo.get(workload.region).partition;
  let cluster: Cluster;
  if (workload.oidcIssuers !== undefined) {
    const issuer = workload.oidcIssuers[0].replace(/^https:\/\//, '').replace(/\/$/, '');
    cluster = {
      kind: 'irsa',
      issuer,
      providerArn: `arn:${partition}:iam::${workload.account}:oidc-provider/${issuer}`,
      subject: `system:serviceaccount:${workload.namespace}:${workload.serviceAccount}`,
    };
  } else {
    const clusterName = workload.podIdentity!.clusterName;
    cluster = { kind: 'pod-identity', clusterArn: `arn:${partition}:eks:${workload.region}:${workload.account}:cluster/${clusterName}` };
  }
  return {
    scenario,
    access: resolveAccess(stacks),
    cluster,
    accounts: { workload: workload.account, secret: secret.account, key: key.account },
  };
}
