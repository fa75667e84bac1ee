/** What a rule looks for, why it matters, how to fix it, and the AWS documentation it rests on. */
export interface RuleInfo {
  readonly id: string;
  /** One line: what is wrong and what it lets happen. */
  readonly explanation: string;
  readonly fix: string;
  readonly docUrl: string;
}

// Each rule's claim about AWS behaviour, with the page that states it. The rules themselves are in
// ./rules/, one file each, and read CloudFormation templates only.
export const RULES: readonly RuleInfo[] = [
  {
    // EKS documents the IRSA trust policy as StringEquals on both `<issuer>:sub` and `<issuer>:aud`.
    id: 'EKSSEC1',
    explanation:
      'An IRSA trust policy does not pin one service account: without `sub` (or with StringLike or a wildcard on it) other service accounts of the cluster can assume the role, and without `aud` tokens minted for other audiences are accepted.',
    fix: 'Use StringEquals on `<issuer>:sub` = `system:serviceaccount:<namespace>:<service account>` and on `<issuer>:aud` = `sts.amazonaws.com`.',
    docUrl: 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
  },
  {
    // EKS Pod Identity tags the session with the cluster, namespace and service account; the trust
    // policy narrows on those request tags.
    id: 'EKSSEC2',
    explanation:
      'An EKS Pod Identity trust policy has no condition on the namespace or service account: a Pod Identity association of any namespace, service account or cluster can give the role to its pods.',
    fix: 'Add StringEquals on `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` (and `aws:RequestTag/eks-cluster-arn`, `aws:SourceAccount`).',
    docUrl: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html',
  },
  {
    // Secrets Manager appends `-` and six random characters to the secret name in the ARN, so a bare
    // name matches no secret, and `name-*` also matches `name-<anything>`; `name-??????` matches exactly.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/permissions_grant-limited-resources.html
    id: 'EKSSEC3',
    explanation:
      'An identity policy grants `secretsmanager:GetSecretValue` on `*`, on a secret ARN without its random suffix (which matches no secret), or on one ending in `*` (which matches other secrets too).',
    fix: 'Grant it on `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-??????` (or on the complete ARN).',
    docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html',
  },
  {
    // kms:ViaService limits a permission to requests a named service makes on the principal's behalf;
    // Secrets Manager always sends the encryption context `SecretARN`, which names the secret.
    // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
    id: 'EKSSEC4',
    explanation:
      '`kms:Decrypt` for Secrets Manager secrets is granted without `kms:ViaService` (the principal can decrypt directly, outside Secrets Manager) or, across accounts, without an encryption-context condition (it covers every secret the key encrypts).',
    fix: 'Add StringEquals `kms:ViaService` = `secretsmanager.<region>.amazonaws.com` and StringLike `kms:EncryptionContext:SecretARN` = the secret ARN pattern (`…:secret:<name>-??????`).',
    docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context',
  },
  {
    // IAM stores a role or user principal by its unique ID: when the role is deleted and recreated the
    // policy no longer matches it. aws:PrincipalArn is compared by ARN and survives re-creation.
    id: 'EKSSEC5',
    explanation:
      'A secret or key policy names a role or user of another account as principal (IAM stores its unique ID, so access breaks silently when the role is recreated), or another account root without a condition that narrows it to the principals meant.',
    fix: 'Name the account root and add ArnEquals `aws:PrincipalArn` = the role ARN (or a `kms:ViaService` and encryption-context condition for a service that acts for the account).',
    docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles',
  },
  {
    // Key administrators manage a key; the key policy lets them use it only if it grants cryptographic
    // operations too (kms:* or kms:CreateGrant, with which a principal can give itself any use).
    id: 'EKSSEC6',
    explanation:
      'A key policy statement that grants key administration (such as `kms:PutKeyPolicy`) also grants cryptographic use (`kms:*`, `kms:Decrypt`, `kms:CreateGrant`, ...): every key administrator can decrypt the secrets the key protects.',
    fix: 'List the administration actions one by one, without `kms:CreateGrant` or any cryptographic action, and grant use in separate statements to the principals that need it.',
    docUrl: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators',
  },
  {
    // PutResourcePolicy blocks policies that allow broad access (such as a wildcard principal) only
    // when BlockPublicPolicy is true; the API reference says public policies are not blocked by default.
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html
    id: 'EKSSEC7',
    explanation:
      'A secret resource policy does not set `BlockPublicPolicy: true`: nothing stops this policy, or a later edit of it, from making the secret readable by any AWS account.',
    fix: 'Set `BlockPublicPolicy: true` on the `AWS::SecretsManager::ResourcePolicy`.',
    docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html',
  },
  {
    // "You can't use the AWS managed key (aws/secretsmanager) for cross-account access."
    id: 'EKSSEC8',
    explanation:
      'A secret encrypted with the AWS managed key `aws/secretsmanager` (no `KmsKeyId`) is shared with another account by its resource policy: the other account can never decrypt it, because the AWS managed key policy cannot be changed.',
    fix: 'Encrypt the secret with a customer managed key (`KmsKeyId`) whose key policy lets the other account decrypt through Secrets Manager.',
    docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html',
  },
  {
    // IAM ARNs leave the region field empty because IAM resources are global.
    id: 'EKSSEC9',
    explanation:
      'An IAM ARN in a principal, resource or `aws:PrincipalArn` condition lacks its empty region field (`arn:aws:iam:111111111111:role/x`): it names no IAM identity, so the policy is rejected or matches nothing.',
    fix: 'Write IAM ARNs as `arn:<partition>:iam::<account>:<type>/<name>`, with two colons before the account.',
    docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns',
  },
];

/** The rule with this ID. */
export function ruleInfo(id: string): RuleInfo {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}
