import { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { IKeyPart } from './i-parts';
import type { PartGraph } from './private/graph/part-graph';
import { keyAliasArn } from './private/model/identifiers';
import { KeyModel } from './private/model/model';
import { renderKey } from './private/render/key';

/**
 * A key of a `CrossAccountSecrets` graph: a symmetric customer managed KMS key with rotation on, its
 * key policy and its alias, in the key's account and region. Create it with `addKey()`; `importKey()`
 * names an existing key instead, for which nothing is created (`imported` is true).
 */
export class KeyPart extends Construct implements IKeyPart {
  /** @internal */
  public static _create(scope: Construct, id: string, model: KeyModel, graph: PartGraph): KeyPart {
    return new KeyPart(scope, id, model, graph);
  }

  /** The key's alias, with the `alias/` prefix; undefined for an imported key. */
  public readonly keyAlias?: string;

  /** ARN of the key's alias, which secrets name as their `KmsKeyId` until the key ARN is pinned; undefined for an imported key. */
  public readonly keyAliasArn?: string;

  /** The key's ARN, when imported or pinned. */
  public readonly keyArn?: string;

  /** Whether the key exists outside the app: its owners must add `keyPolicyStatements()` to its policy. */
  public readonly imported: boolean;

  /** The key; undefined for an imported key. */
  public readonly key?: kms.CfnKey;

  /** The key's alias; undefined for an imported key. */
  public readonly alias?: kms.CfnAlias;

  /** @internal */
  public readonly _model: KeyModel;

  private constructor(scope: Construct, id: string, model: KeyModel, graph: PartGraph) {
    super(scope, id);
    this._model = model;
    this.keyArn = model.keyArn;
    this.imported = model.existing !== undefined;
    if (model.existing) return;
    this.keyAlias = model.alias;
    this.keyAliasArn = keyAliasArn(model);
    ({ key: this.key, alias: this.alias } = renderKey(this, model, graph.model));
  }
}
