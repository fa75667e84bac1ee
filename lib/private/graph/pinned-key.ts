import { IConstruct } from 'constructs';
import { checkKeyArnIn } from '../input/key-arn';
import { keyAliasArn } from '../model/identifiers';
import { KeyModel } from '../model/model';

/**
 * The ARN a graph key is pinned to, by its `pinnedKeyArn` option or by CDK context
 * (`cdk-eks-cross-account-secrets:keyArn:<alias ARN>`), checked against the key's account and region.
 */
export function pinnedKeyArn(scope: IConstruct, where: string, pinned: string | undefined, key: KeyModel): string | undefined {
  if (pinned !== undefined) return checkKeyArnIn(where, 'pinnedKeyArn', pinned, key.account, key.region);
  const context = `cdk-eks-cross-account-secrets:keyArn:${keyAliasArn(key)}`;
  const fromContext: unknown = scope.node.tryGetContext(context);
  return fromContext === undefined ? undefined : checkKeyArnIn(where, `context ${context}`, fromContext as string, key.account, key.region);
}
