import { TemplateInput } from '../../lib/private/checks/template-view';

// Small hand-written templates for the rule tests: each builder makes one correct resource, and the
// cases change one thing in it.

export const WORKLOAD = '111111111111';
export const SECRET = '222222222222';
export const KEY = '333333333333';
export const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/CLUSTERNODETESTID';
export const ROLE_ARN = `arn:aws:iam::${WORKLOAD}:role/pod-role`;
export const SECRET_PATTERN = `arn:aws:secretsmanager:eu-west-1:${SECRET}:secret:testsecret-??????`;
export const VIA_SECRETS_MANAGER = { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' };
export const FOR_THE_SECRET = { 'kms:EncryptionContext:SecretARN': SECRET_PATTERN };

export type Json = Record<string, any>;

export function template(resources: Json, account?: string, name = 'test.template.json'): TemplateInput {
  return { name, template: { Resources: resources }, ...(account ? { account, region: 'eu-west-1' } : {}) };
}

export function doc(...statements: Json[]): Json {
  return { Version: '2012-10-17', Statement: statements };
}

/** The IRSA trust statement, pinned to one service account. */
export function irsaTrust(condition: Json = { StringEquals: irsaConditions() }): Json {
  return {
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${WORKLOAD}:oidc-provider/${ISSUER}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: condition,
  };
}

export function irsaConditions(): Json {
  return { [`${ISSUER}:sub`]: 'system:serviceaccount:testnamespace:testapp', [`${ISSUER}:aud`]: 'sts.amazonaws.com' };
}

export function podIdentityTrust(condition?: Json): Json {
  return {
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    ...(condition ? { Condition: condition } : {}),
  };
}

export function role(trust: Json, ...policies: Json[]): Json {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: doc(trust),
      ...(policies.length > 0 ? { Policies: policies.map((policy, i) => ({ PolicyName: `p${i}`, PolicyDocument: policy })) } : {}),
    },
  };
}

export function managedPolicy(...statements: Json[]): Json {
  return { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: doc(...statements) } };
}

/** What the pod role needs: read the secret, decrypt through Secrets Manager for that secret. */
export function readSecret(resource: unknown = SECRET_PATTERN): Json {
  return { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: resource };
}

export function decrypt(condition?: Json, resource: unknown = `arn:aws:kms:eu-west-1:${KEY}:key/*`): Json {
  return { Effect: 'Allow', Action: 'kms:Decrypt', Resource: resource, ...(condition ? { Condition: condition } : {}) };
}

export function secret(properties: Json = { KmsKeyId: `arn:aws:kms:eu-west-1:${KEY}:alias/testapp-secrets` }): Json {
  return { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'testsecret', ...properties } };
}

export function secretPolicy(statement: Json, extra: Json = { BlockPublicPolicy: true }): Json {
  return {
    Type: 'AWS::SecretsManager::ResourcePolicy',
    Properties: { SecretId: { Ref: 'Secret' }, ResourcePolicy: doc(statement), ...extra },
  };
}

/** The grant to the pod role's account, narrowed to the role by `aws:PrincipalArn`. */
export function grantToRole(action: string | string[] = 'secretsmanager:GetSecretValue', extra: Json = {}): Json {
  return {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${WORKLOAD}:root` },
    Action: action,
    Resource: '*',
    Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN }, ...extra },
  };
}

export const ADMIN_ACTIONS = ['kms:DescribeKey', 'kms:EnableKeyRotation', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'];

export function keyAdmin(actions: string | string[] = ADMIN_ACTIONS): Json {
  return { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${KEY}:root` }, Action: actions, Resource: '*' };
}

export function key(...statements: Json[]): Json {
  return { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: doc(...statements) } };
}

/** The key's grant to the pod role: decrypt only through Secrets Manager, only for the secret. */
export function keyGrantToRole(conditions: Json = { StringEquals: VIA_SECRETS_MANAGER, StringLike: FOR_THE_SECRET }): Json {
  return {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${WORKLOAD}:root` },
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN }, ...conditions },
  };
}

export function alias(name = 'alias/testapp-secrets', target: unknown = { Ref: 'Key' }): Json {
  return { Type: 'AWS::KMS::Alias', Properties: { AliasName: name, TargetKeyId: target } };
}

/** The issuer host of a cluster of another stack, as CDK renders the token: `Fn::Select` of `Fn::Split` of an import. */
export const ISSUER_TOKEN = { 'Fn::Select': [1, { 'Fn::Split': ['//', { 'Fn::ImportValue': 'Cluster:IssuerUrl' }] }] };

/**
 * A `Custom::AWSCDKCfnJson` resource as `Stack.toJsonString` writes its value: an `Fn::Join` of JSON text
 * and tokens. In the object given, the string `<issuer>` stands for `token`.
 */
export function cfnJson(value: Json, token: unknown = ISSUER_TOKEN): Json {
  const parts = JSON.stringify(value).split('<issuer>');
  return {
    Type: 'Custom::AWSCDKCfnJson',
    Properties: {
      ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:cfn-json',
      Value: { 'Fn::Join': ['', parts.flatMap((part, i) => (i === 0 ? [part] : [token, part]))] },
    },
  };
}

/** The IRSA trust of a workload on a cluster whose issuer is a token: the condition is `CfnJson` resource `Conditions`. */
export function tokenIrsaTrust(condition: unknown = { 'Fn::GetAtt': ['Conditions', 'Value'] }): Json {
  return {
    Effect: 'Allow',
    Principal: { Federated: { 'Fn::Join': ['', [`arn:aws:iam::${WORKLOAD}:oidc-provider/`, ISSUER_TOKEN]] } },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: condition,
  };
}

/** The pinned conditions of an IRSA trust on the token issuer, for `cfnJson`. */
export function tokenIrsaConditions(): Json {
  return { '<issuer>:sub': 'system:serviceaccount:testnamespace:testapp', '<issuer>:aud': 'sts.amazonaws.com' };
}
