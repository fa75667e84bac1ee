import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { onlyResource, synthesize, withProps } from '../support/helpers';

describe('secret', () => {
  test('is encrypted with the key account key, named by its alias ARN', () => {
    synthesize().secret.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'testsecret',
      KmsKeyId: 'arn:aws:kms:eu-west-1:333333333333:alias/testapp-secrets',
    });
  });

  test('holds a generated value, never a plaintext one', () => {
    const { secret } = synthesize();
    const properties = onlyResource(secret, 'AWS::SecretsManager::Secret').properties;
    expect(properties.GenerateSecretString).toEqual({ PasswordLength: 32 });
    expect(properties.SecretString).toBeUndefined();
  });

  test('is retained on stack deletion and replacement by default', () => {
    synthesize().secret.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('follows an explicit removal policy', () => {
    const { secret } = synthesize(withProps({ secret: { removalPolicy: RemovalPolicy.DESTROY } }));
    secret.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  test('has a default description naming its reader, or the given one', () => {
    synthesize().secret.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: 'Read by service account testapp in namespace testnamespace',
    });
    synthesize(withProps({ secret: { description: 'DB password' } })).secret.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: 'DB password',
    });
  });
});

describe('secret resource policy', () => {
  test('applies to the secret with BlockPublicPolicy on', () => {
    const { secret } = synthesize();
    const secretId = onlyResource(secret, 'AWS::SecretsManager::Secret').logicalId;
    secret.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', { SecretId: { Ref: secretId }, BlockPublicPolicy: true });
  });

  test('allows only GetSecretValue, only to the pod role via account root and aws:PrincipalArn', () => {
    const { secret } = synthesize();
    expect(onlyResource(secret, 'AWS::SecretsManager::ResourcePolicy').properties.ResourcePolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GetSecretValueForPodRole',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/eks-secrets/pod-role' } },
        },
      ],
    });
  });

  test('never names the role ARN as principal (it would break when the role is recreated)', () => {
    const text = JSON.stringify(
      onlyResource(synthesize().secret, 'AWS::SecretsManager::ResourcePolicy').properties.ResourcePolicy.Statement[0].Principal,
    );
    expect(text).not.toContain(':role/');
  });
});

describe('secret stack', () => {
  test('is in the secret account and region, and outputs the full secret ARN', () => {
    const { access, secret } = synthesize();
    expect([access.secretStack.account, access.secretStack.region]).toEqual(['222222222222', 'eu-west-1']);
    secret.hasOutput('SecretArn', { Value: { Ref: onlyResource(secret, 'AWS::SecretsManager::Secret').logicalId } });
  });

  test('exposes the ARN pattern and the partial ARN', () => {
    const { access } = synthesize();
    expect(access.secretStack.secretArnPattern).toBe('arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????');
    expect(access.secretStack.secretPartialArn).toBe('arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret');
  });

  test('contains only the secret and its policy', () => {
    const { secret } = synthesize();
    const types = Object.values(secret.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.sort()).toEqual(['AWS::SecretsManager::ResourcePolicy', 'AWS::SecretsManager::Secret']);
    secret.hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: Match.absent() });
  });
});
