import {
  existingSecretId,
  kmsKeyIdOf,
  oidcProviderArn,
  readerAccount,
  readerRoleArn,
  readerRoleName,
  roleArn,
  secretArnPattern,
  secretPartialArn,
} from '../model/identifiers';
import { AccessModel, GrantModel, KeyModel, policyLeftToOwners, readersOf, SecretModel, secretsOf, WorkloadModel } from '../model/model';
import { existingKeyStatements } from '../policies/existing-key-statements';
import { existingSecretStatements } from '../policies/existing-secret-statements';
import { keyPolicy } from '../policies/key-policy';
import { packWorkloadPermissions } from '../policies/packing';
import { PolicyJson, PolicyStatement } from '../policies/policy-json';
import { secretResourcePolicy } from '../policies/secret-resource-policy';
import { assumeTargetRolePolicy, targetRoleTrustPolicy } from '../policies/target-role-policies';
import { trustPolicy } from '../policies/trust-policy';
import { code, PolicyPlace, statementRow } from './statement-table';
import { labelTokens } from './token-labels';

export type { PolicyPlace } from './statement-table';
export { statementRow } from './statement-table';

/** Where each part's resources are, as the stacks rendered them. */
export interface ReviewPlaces {
  workload(workload: WorkloadModel): {
    readonly role: PolicyPlace;
    /** One per managed policy, in packing order. */
    readonly permissions: readonly PolicyPlace[];
    /** One per Pod Identity cluster, in the model's order. */
    readonly podIdentityAssociations: readonly PolicyPlace[];
    /** The Pod Identity target role and its managed policies, when the workload reads through one. */
    readonly targetRole?: PolicyPlace;
    readonly targetPermissions?: readonly PolicyPlace[];
  };
  secret(secret: SecretModel): { readonly secret: PolicyPlace; readonly resourcePolicy: PolicyPlace };
  key(key: KeyModel): { readonly key: PolicyPlace };
}

function rows(place: PolicyPlace, document: PolicyJson, statements: (s: PolicyStatement) => boolean): string[] {
  return document.Statement.filter(statements).map((s) => statementRow(place, s));
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

/**
 * Who can obtain the pod role. Without session tags (a target role with `disableSessionTags`) the trust
 * names no cluster, namespace or service account, so every association naming the role yields it, and the
 * external ID the target role pins is a request parameter its caller chooses.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid
 */
function podRoleTrust(workload: WorkloadModel): string {
  if (workload.podIdentityClusters.length === 0 || workload.podIdentitySessionTags)
    return 'the trust policy lets only that identity assume it';
  return (
    `the trust policy admits EKS Pod Identity without session tags, so it names no cluster, namespace or service account: the pods of any EKS Pod Identity association in account ${workload.account} that names this role get its credentials, and whoever can create one (\`eks:CreatePodIdentityAssociation\` with \`iam:PassRole\` on this role) chooses which pods. ` +
    'A holder of those credentials may call `sts:AssumeRole` on the target role with any external ID, including the one its trust pins: restrict both actions with a service control policy, or keep the session tags'
  );
}

function grantSection(grant: GrantModel, places: ReviewPlaces, documents: ReviewDocuments): string[] {
  const { workload, secret } = grant;
  const key: KeyModel | undefined = secret.key;
  const role = readerRoleArn(workload);
  const pattern = secretArnPattern(secret);
  const workloadPlaces = places.workload(workload);
  const secretPolicy = documents.secretPolicy(secret);
  const admitting = secretPolicy.Statement.find((s) => mentions(s, role) || [s.Principal?.AWS].flat().includes(role));
  const actions = admitting?.Action;
  const how = workload.principalByRoleArn ? 'by its role ARN as principal' : 'by its account root narrowed with `aws:PrincipalArn`';
  const stages = workload.readableStages ? `, and only the version stages ${code([...workload.readableStages])}` : '';
  const forRole = (s: PolicyStatement) => mentions(s, role) || [s.Principal?.AWS].flat().includes(role);
  // The key's statements for this secret: the role's decryption, and Secrets Manager's for the secret's account.
  const aboutSecret = (s: PolicyStatement) => mentions(s, pattern) && (s.Sid.startsWith('SecretsManagerEncryptFor') || forRole(s));
  return [
    `## ${workload.namespace}/${workload.serviceAccount} reads ${secret.name}`,
    '',
    `1. **Kubernetes identity** (account ${workload.account}): ${identityLines(workload, places)}.`,
    workload.targetRole
      ? `2. **Pod role** \`${roleArn(workload)}\`: ${podRoleTrust(workload)}; its only permission is to assume its EKS Pod Identity **target role** \`${role}\` (account ${workload.targetRole.account}), which trusts only this pod role ${workload.podIdentitySessionTags ? 'for that identity' : 'with the external ID of that identity'} and may read its granted secrets and nothing else. EKS chains the two roles: sessions last at most one hour, and EKS caches the credentials for up to 59 minutes, so revoking a grant takes up to that long.`
      : `2. **Pod role** \`${role}\`: ${podRoleTrust(workload)}; its managed policies let it read its granted secrets and nothing else.`,
    policyLeftToOwners(secret)
      ? `3. **Secret** \`${secretPartialArn(secret)}\` (account ${secret.account}): existing, and its resource policy is its owners'. This app does not change it; once they add the statement below (see "Statements the owners of ${existingSecretId(secret)} must add"), it admits the role, ${how}, for ${code(actions)} only${stages}.`
      : `3. **Secret** \`${secretPartialArn(secret)}\` (account ${secret.account}): its resource policy admits the role, ${how}, for ${code(actions)} only${stages}.`,
    key
      ? `4. **Key** \`${kmsKeyIdOf(key)}\` (account ${key.account}): Secrets Manager decrypts the value on the role's behalf; the key policy allows that only through Secrets Manager, and lets this role use the key only for the secrets granted to it.`
      : `4. **Key**: not named. The existing secret was imported without its key, so the role may call GetSecretValue but cannot decrypt the value: name the key in \`importSecret()\`.`,
    '',
    workload.principalByRoleArn
      ? `The secret and key policies name the role's ARN, which IAM stores as the role's unique ID: a role recreated under the same name is not admitted until the secret and key stacks are deployed again.`
      : `The secret and key policies admit the role by name: any role created as \`${workload.rolePath}${readerRoleName(workload)}\` in account ${readerAccount(workload)} is admitted, so whoever can create roles there (before the workload stack deploys, or after it is deleted) could read the secret; reserve the path \`${workload.rolePath}\` with the service control policy from \`rolePathServiceControlPolicy()\`.`,
    '',
    'The statements that make it possible, and the conditions that narrow them:',
    '',
    ...HEADER,
    ...rows(workloadPlaces.role, trustPolicy(workload), () => true),
    ...(workload.targetRole
      ? [
          ...rows(workloadPlaces.permissions[0], assumeTargetRolePolicy(workload), () => true),
          ...rows(workloadPlaces.targetRole!, targetRoleTrustPolicy(workload), () => true),
        ]
      : []),
    ...documents
      .permissions(workload)
      .flatMap((document, i) =>
        rows((workload.targetRole ? workloadPlaces.targetPermissions! : workloadPlaces.permissions)[i], document, (s) =>
          mentions(s, pattern),
        ),
      ),
    ...rows(places.secret(secret).resourcePolicy, secretPolicy, forRole),
    ...(key ? rows(places.key(key).key, documents.keyPolicy(key), aboutSecret) : []),
    '',
  ];
}

function keyAdministration(model: AccessModel, key: KeyModel, places: ReviewPlaces): string[] {
  if (key.existing) return importedKeySection(model, key);
  return [
    `## Administration of ${key.label} (account ${key.account})`,
    '',
    'Administrators manage the key and its policy; the listed actions include no cryptographic operation and no `kms:CreateGrant`. Because they can change the key policy (`kms:PutKeyPolicy`), the key account must be trusted.',
    '',
    ...HEADER,
    ...rows(places.key(key).key, keyPolicy(key, model), (s) => s.Sid === 'KeyAdministration'),
    '',
  ];
}

/** An existing key: its policy is its owners', so the review lists what they must add, verbatim. */
function importedKeySection(model: AccessModel, key: KeyModel): string[] {
  const statements = existingKeyStatements(key, model);
  return [
    `## Statements the owners of ${key.keyArn} must add (account ${key.account})`,
    '',
    'This app does not manage the existing key and cannot change its policy. Until its owners add these statements to the key policy, Secrets Manager cannot encrypt the secrets with it, and the pods cannot decrypt them:',
    '',
    '```json',
    JSON.stringify(statements?.Statement ?? [], null, 2),
    '```',
    '',
  ];
}

/** An existing secret whose policy is its owners': the review lists what they must add, verbatim. */
function importedSecretSection(model: AccessModel, secret: SecretModel): string[] {
  const statements = existingSecretStatements(secret, model);
  if (!statements) return [];
  return [
    `## Statements the owners of ${existingSecretId(secret)} must add (account ${secret.account})`,
    '',
    "This app neither replaces nor deletes the existing secret's resource policy. Until its owners add these statements to it, next to their own, the pods cannot read the secret:",
    '',
    '```json',
    JSON.stringify(statements.Statement, null, 2),
    '```',
    '',
  ];
}

/** What the policies cannot prevent, said plainly: a reviewer signs off on these too. */
function caveats(model: AccessModel): string[] {
  const lines: string[] = [];
  for (const secret of model.secrets.filter((s) => readersOf(s, model).length > 0)) {
    const everyone = `principals of account ${secret.account} whose IAM policies allow \`secretsmanager:GetSecretValue\` and \`kms:Decrypt\` can read the value (the key policy lets Secrets Manager use the key for that account)`;
    lines.push(
      secret.existing
        ? `- Existing secret \`${secret.name}\` (account ${secret.account}): ${everyone}${policyLeftToOwners(secret) ? ", unless a `Deny` of its owners in the secret's resource policy stops them" : ' (the resource policy this app renders replaced any `Deny` its owners had)'}; narrowing this is for the owners of the secret and its key.`
        : secret.keyUserArns
          ? `- Secret \`${secret.name}\` (account ${secret.account}): besides the roles granted it, only ${code([...secret.keyUserArns])} can have Secrets Manager use the key for it (a role granted another secret of the same key cannot). Principals of account ${secret.account} that cannot assume or modify these principals can manage the secret but cannot read its value; whoever can assume them, change their trust or policies, or deploy with them can: protect them, for example with a service control policy denying \`iam:UpdateAssumeRolePolicy\`, \`iam:AttachRolePolicy\` and \`iam:PutRolePolicy\` on them.`
          : `- Secret \`${secret.name}\` (account ${secret.account}): ${everyone}; set \`keyUserArns\` to narrow this to named principals.`,
    );
  }
  const sameAccount = model.grants.filter((g) => g.workload.account === g.secret.account);
  for (const { workload, secret } of sameAccount) {
    lines.push(
      `- \`${secret.name}\` and the role of ${workload.namespace}/${workload.serviceAccount} are both in account ${secret.account}: within one account IAM policies alone suffice, so other principals of that account that IAM allows can read it too; the resource policy cannot stop them.`,
    );
  }
  for (const key of model.keys.filter((k) => !k.existing)) {
    const owned = model.secrets.filter((s) => s.key === key && s.account === key.account && readersOf(s, model).length > 0);
    lines.push(
      owned.length > 0
        ? `- Key \`${key.label}\` and ${code(owned.map((s) => s.name))} are all in account ${key.account}: that account's principals are the owners of ${owned.length === 1 ? 'that secret' : 'those secrets'} (above), so those whose IAM policies allow it can read ${owned.length === 1 ? 'its value' : 'their values'} through Secrets Manager; its key administrators can also change the key policy (\`kms:PutKeyPolicy\`).`
        : `- Administrators of key \`${key.label}\` (account ${key.account}) cannot use it, but can change its policy (\`kms:PutKeyPolicy\`) to let themselves.`,
    );
  }
  const accounts = [
    ...new Set([...model.keys.filter((k) => !k.existing), ...model.secrets, ...model.workloads].flatMap(deployedAccounts)),
  ].sort();
  lines.push(
    `- Whoever deploys these stacks can rewrite every policy above: the CloudFormation execution roles of accounts ${accounts.join(', ')}, and whoever may deploy with them (the account \`cdk bootstrap --trust\` names, a pipeline). Guard them with the bootstrap trust, change review of the templates and service control policies.`,
  );
  lines.push(
    "- On the cluster, whoever can create pods or service account tokens in a workload's namespace can act as its service account, and so read its secrets: limit that with Kubernetes RBAC.",
    '- The External Secrets manifests copy the value into a Kubernetes Secret, readable by whoever may read Secrets in that namespace; the Secrets Store CSI driver mounts it into the pod without one (unless its secret sync is enabled).',
  );
  return lines;
}

/** The accounts whose stacks render a part: a workload's target role is in its secrets' account. */
function deployedAccounts(part: KeyModel | SecretModel | WorkloadModel): string[] {
  return 'targetRole' in part && part.targetRole ? [part.account, part.targetRole.account] : [part.account];
}

function secretProtection(secret: SecretModel, places: ReviewPlaces): string {
  const { secret: at, resourcePolicy } = places.secret(secret);
  if (policyLeftToOwners(secret)) {
    return `- Existing secret \`${secret.name}\` (account ${secret.account}): not managed here; its resource policy stays its owners', and nothing in this app replaces or deletes it (they add the statements listed above).`;
  }
  if (secret.existing) {
    return `- Existing secret \`${secret.name}\` (account ${secret.account}): not managed here, but its whole resource policy is (\`manageResourcePolicy\`): \`${resourcePolicy.logicalId}\` in \`${resourcePolicy.stackName}\`, with \`BlockPublicPolicy\`, replaces every statement the secret's policy had; it is retained when the stack, the part or the last grant goes, still admitting the roles it last named until the secret's owners change it.`;
  }
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
  const documents = reviewDocuments(model);
  const granted = model.secrets.filter((secret) => readersOf(secret, model).length > 0);
  // A cluster's issuer or name from the same app shows as what CloudFormation resolves it from.
  const review = [
    `# Access review: ${title}`,
    '',
    'Generated by cdk-eks-cross-account-secrets from the same model and policy builders as the templates.',
    '',
    ...model.grants.flatMap((grant) => grantSection(grant, places, documents)),
    ...model.secrets.flatMap((secret) => importedSecretSection(model, secret)),
    ...model.keys.flatMap((key) => keyAdministration(model, key, places)),
    '## What the defaults protect',
    '',
    ...granted.map((secret) => secretProtection(secret, places)),
    ...model.keys.filter((key) => !key.existing).map((key) => keyProtection(key, places)),
    '- Grants name only the roles that read (pod roles, or their target roles): other roles of a workload account, including the node instance role a pod falls back to without IRSA, are not admitted by the secret or key policy.',
    '',
    '## What else can read a value',
    '',
    ...caveats(model),
    '',
  ].join('\n');
  return labelTokens(review);
}

/** The documents the grants share, built once per review: a secret's or key's policy covers all its readers. */
interface ReviewDocuments {
  secretPolicy(secret: SecretModel): PolicyJson;
  keyPolicy(key: KeyModel): PolicyJson;
  permissions(workload: WorkloadModel): PolicyJson[];
}

function reviewDocuments(model: AccessModel): ReviewDocuments {
  const once = <K, V>(build: (k: K) => V) => {
    const built = new Map<K, V>();
    return (k: K) => built.get(k) ?? built.set(k, build(k)).get(k)!;
  };
  return {
    secretPolicy: once((secret: SecretModel) => secretResourcePolicy(readersOf(secret, model))),
    keyPolicy: once((key: KeyModel) => keyPolicy(key, model)),
    permissions: once((workload: WorkloadModel) => packWorkloadPermissions(workload, secretsOf(workload, model))),
  };
}
