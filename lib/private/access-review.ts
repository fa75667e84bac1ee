import { keyAliasArn, oidcProviderArn, roleArn, secretArnPattern, secretPartialArn } from './identifiers';
import { AccessModel, GrantModel, KeyModel, readersOf, SecretModel, secretsOf, WorkloadModel } from './model';
import { keyPolicy } from './policies/key-policy';
import { packWorkloadPermissions } from './policies/packing';
import { PolicyDocument, PolicyStatement } from './policies/policy-document';
import { secretResourcePolicy } from './policies/secret-resource-policy';
import { trustPolicy } from './policies/trust-policy';

/** Where a resource is rendered: the stack and its logical ID. */
export interface PolicyPlace {
  readonly stackName: string;
  readonly logicalId: string;
}

/** Where each part's resources are, as the stacks rendered them. */
export interface ReviewPlaces {
  workload(workload: WorkloadModel): {
    readonly role: PolicyPlace;
    /** One per managed policy, in packing order. */
    readonly permissions: readonly PolicyPlace[];
    /** One per Pod Identity cluster, in the model's order. */
    readonly podIdentityAssociations: readonly PolicyPlace[];
  };
  secret(secret: SecretModel): { readonly secret: PolicyPlace; readonly resourcePolicy: PolicyPlace };
  key(key: KeyModel): { readonly key: PolicyPlace };
}

function code(value: string | string[] | undefined): string {
  return value === undefined
    ? '-'
    : [value]
        .flat()
        .map((v) => `\`${v}\``)
        .join(', ');
}

function conditions(statement: PolicyStatement): string {
  const entries = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, value]) => `${operator} \`${key}\` = ${code(value)}`),
  );
  return entries.length ? entries.join('<br>') : 'none';
}

function principal(statement: PolicyStatement): string {
  const p = statement.Principal;
  if (!p) return 'the role itself (identity policy)';
  return [p.AWS, p.Federated, p.Service]
    .filter((v) => v !== undefined)
    .map((v) => code(v))
    .join(', ');
}

function rows(place: PolicyPlace, document: PolicyDocument, statements: (s: PolicyStatement) => boolean): string[] {
  return document.Statement.filter(statements).map(
    (s) =>
      `| \`${place.stackName}\` | \`${place.logicalId}\` | \`${s.Sid}\` | ${principal(s)} | ${code(s.Action)} | ${code(s.Resource)} | ${conditions(s)} |`,
  );
}

/** Whether a statement names the value (in its resources or conditions), such as a secret's ARN pattern. */
function mentions(statement: PolicyStatement, value: string): boolean {
  return JSON.stringify([statement.Resource, statement.Condition]).includes(JSON.stringify(value));
}

const HEADER = [
  '| Stack | Logical ID | Statement | Principal | Actions | Resource | Conditions |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];

function identityLines(workload: WorkloadModel, places: ReviewPlaces): string {
  const associations = places.workload(workload).podIdentityAssociations;
  const lines = [
    ...workload.oidcIssuers.map((issuer) => `, through IRSA with OIDC provider \`${oidcProviderArn(workload, issuer)}\``),
    ...workload.podIdentityClusters.map(
      (cluster, i) =>
        ` of EKS cluster \`${cluster}\`, through EKS Pod Identity` +
        (associations[i] ? ` (association \`${associations[i].logicalId}\` in \`${associations[i].stackName}\`)` : ''),
    ),
  ];
  return `service account \`${workload.serviceAccount}\` in namespace \`${workload.namespace}\`${lines.map((line, i) => (i === 0 ? line : line.replace(/^, /, ' '))).join('; or')}`;
}

function grantSection(model: AccessModel, grant: GrantModel, places: ReviewPlaces): string[] {
  const { workload, secret } = grant;
  const key: KeyModel = secret.key;
  const role = roleArn(workload);
  const pattern = secretArnPattern(secret);
  const workloadPlaces = places.workload(workload);
  const secretPolicy = secretResourcePolicy(readersOf(secret, model));
  const actions = secretPolicy.Statement.find((s) => mentions(s, role))?.Action;
  const forRole = (s: PolicyStatement) => mentions(s, role);
  const aboutSecret = (s: PolicyStatement) =>
    s.Sid !== 'KeyAdministration' && mentions(s, pattern) && (!s.Condition?.ArnEquals || forRole(s));
  return [
    `## ${workload.namespace}/${workload.serviceAccount} reads ${secret.name}`,
    '',
    `1. **Kubernetes identity** (account ${workload.account}): ${identityLines(workload, places)}.`,
    `2. **Pod role** \`${role}\`: the trust policy lets only that identity assume it; its managed policies let it read its granted secrets and nothing else.`,
    `3. **Secret** \`${secretPartialArn(secret)}\` (account ${secret.account}): its resource policy admits the role, by \`aws:PrincipalArn\`, for ${code(actions)} only.`,
    `4. **Key** \`${keyAliasArn(key)}\` (account ${key.account}): Secrets Manager decrypts the value on the role's behalf; the key policy allows that only through Secrets Manager, for the secrets granted to its readers.`,
    '',
    'The statements that make it possible, and the conditions that narrow them:',
    '',
    ...HEADER,
    ...rows(workloadPlaces.role, trustPolicy(workload), () => true),
    ...packWorkloadPermissions(workload, secretsOf(workload, model)).flatMap((document, i) =>
      rows(workloadPlaces.permissions[i], document, (s) => mentions(s, pattern)),
    ),
    ...rows(places.secret(secret).resourcePolicy, secretPolicy, forRole),
    ...rows(places.key(key).key, keyPolicy(key, model), aboutSecret),
    '',
  ];
}

function keyAdministration(model: AccessModel, key: KeyModel, places: ReviewPlaces): string[] {
  return [
    `## Administration of ${key.alias} (account ${key.account})`,
    '',
    'Administrators manage the key and its policy; the listed actions include no cryptographic operation and no `kms:CreateGrant`. Because they can change the key policy (`kms:PutKeyPolicy`), the key account must be trusted.',
    '',
    ...HEADER,
    ...rows(places.key(key).key, keyPolicy(key, model), (s) => s.Sid === 'KeyAdministration'),
    '',
  ];
}

function secretProtection(secret: SecretModel, places: ReviewPlaces): string {
  const { secret: at, resourcePolicy } = places.secret(secret);
  return `- Secret \`${at.logicalId}\` in \`${at.stackName}\`: removal policy **${secret.removalPolicy}**; value generated by Secrets Manager (no plaintext in any template); \`BlockPublicPolicy\` on its resource policy \`${resourcePolicy.logicalId}\`, so no policy granting broad access can be attached.`;
}

function keyProtection(key: KeyModel, places: ReviewPlaces): string {
  const at = places.key(key).key;
  return `- Key \`${at.logicalId}\` in \`${at.stackName}\`: removal policy **${key.removalPolicy}** (its alias too); automatic rotation **on**; deletion waits **${key.pendingWindowDays} days**.`;
}

/**
 * The access review: for each grant, the chain from Kubernetes identity to role to secret to key,
 * every statement that makes it possible (by stack and logical ID) and the conditions that narrow it;
 * then key administration and what the defaults protect. Built from the model and the same policy
 * builders the stacks render, never from parsing templates back.
 */
export function accessReview(title: string, model: AccessModel, places: ReviewPlaces): string {
  const granted = model.secrets.filter((secret) => readersOf(secret, model).length > 0);
  return [
    `# Access review: ${title}`,
    '',
    'Generated by cdk-eks-cross-account-secrets from the same model and policy builders as the templates.',
    '',
    ...model.grants.flatMap((grant) => grantSection(model, grant, places)),
    ...model.keys.flatMap((key) => keyAdministration(model, key, places)),
    '## What the defaults protect',
    '',
    ...granted.map((secret) => secretProtection(secret, places)),
    ...model.keys.map((key) => keyProtection(key, places)),
    '- Grants name account roots narrowed by `aws:PrincipalArn`, so a deleted and recreated role keeps its access and no statement turns into an orphaned unique ID.',
    '- No statement names any other principal: other roles of the workload account, including the node instance role a pod falls back to without IRSA, are not admitted by the secret or key policy.',
    '',
  ].join('\n');
}
