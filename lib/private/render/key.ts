import { Annotations, Lazy } from 'aws-cdk-lib';
import { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { accountRootArn } from '../model/identifiers';
import { AccessModel, KeyModel } from '../model/model';
import { keyPolicy } from '../policies/key-policy';
import { keyPolicyProblems } from './limit-checks';

/** The key's resources, as `renderKey` created them. */
export interface RenderedKey {
  readonly key: kms.CfnKey;
  readonly alias: kms.CfnAlias;
}

/**
 * Renders a key of the model into `scope` (a stack, or a part's construct in a graph's stack): a
 * symmetric customer managed key with rotation on, its key policy, and its alias (which secrets name
 * the key by). The policy is read from the model at synth, so grants added later are in it.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 */
export function renderKey(scope: Construct, key: KeyModel, model: () => AccessModel): RenderedKey {
  if (!key.administratorArns.includes(accountRootArn(key.region, key.account))) {
    Annotations.of(scope).addWarningV2(
      'cdk-eks-cross-account-secrets:key-administrators',
      'key.administratorArns does not include the key account root: make sure the role CloudFormation deploys this stack with is among them, or KMS rejects the key policy (lockout safety check), and that the administrators cannot all be deleted, or the key becomes unmanageable.',
    );
  }
  const policy = () => keyPolicy(key, model());
  const cfnKey = new kms.CfnKey(scope, 'Key', {
    description: key.description,
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    enableKeyRotation: true,
    pendingWindowInDays: key.pendingWindowDays,
    keyPolicy: Lazy.any({ produce: policy }),
  });
  cfnKey.applyRemovalPolicy(key.removalPolicy);
  cfnKey.node.addValidation({ validate: () => keyPolicyProblems(key.label, policy()) });

  const alias = new kms.CfnAlias(scope, 'Alias', { aliasName: key.alias!, targetKeyId: cfnKey.ref });
  // The secrets name the key by this alias: removing the alias but keeping the key would leave them
  // unreadable, so the alias follows the key's removal policy.
  alias.applyRemovalPolicy(key.removalPolicy);
  return { key: cfnKey, alias };
}
