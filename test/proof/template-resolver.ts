import { createHash } from 'crypto';
import { RegionInfo } from 'aws-cdk-lib/region-info';

// Turns the three synthesized templates into the plain policy documents AWS would evaluate after
// deployment. It fails closed: an intrinsic, a reference or a resource type it does not understand
// throws, so the proof can never silently evaluate less than what the templates deploy.

/** A synthesized CloudFormation template, as `Template.toJSON()` returns it. */
export type CfnTemplate = Record<string, unknown>;

/** An IAM policy document as plain JSON, every intrinsic resolved. */
export type PolicyDocument = Record<string, unknown>;

/** A policy with the name it is reported under. */
export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/** One stack to resolve: its template and the environment its pseudo parameters resolve to. */
export interface StackInput {
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly account: string;
  readonly region: string;
}

/** The stacks of one `CrossAccountSecretAccess`. */
export interface AccessStacks {
  readonly workload: StackInput;
  readonly secret: StackInput;
  readonly key: StackInput;
}

/** Where a resource lives. */
export interface Placement {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** The pod role as deployed: its trust policy and every policy that grants it permissions. */
export interface ResolvedWorkload extends Placement {
  readonly roleName: string;
  readonly roleArn: string;
  readonly trustPolicy: PolicyDocument;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundaryArn?: string;
  readonly podIdentityAssociations: readonly { clusterName: string; namespace: string; serviceAccount: string; roleArn: string }[];
}

/** The secret as deployed. `arn` carries a synthetic random suffix, as the real ARN would. */
export interface ResolvedSecret extends Placement {
  readonly name: string;
  readonly arn: string;
  readonly resourcePolicy?: PolicyDocument;
  readonly blockPublicPolicy: boolean;
}

/** The key as deployed, with a synthetic key ID. */
export interface ResolvedKey extends Placement {
  readonly arn: string;
  readonly keyPolicy: PolicyDocument;
  readonly aliasArns: readonly string[];
}

/** Everything the access proof evaluates. */
export interface ResolvedAccess {
  readonly workload: ResolvedWorkload;
  readonly secret: ResolvedSecret;
  readonly key: ResolvedKey;
}

/** The six random characters Secrets Manager appends to a secret's name in its ARN. */
export const SYNTHETIC_SECRET_SUFFIX = 'a1B2c3';

const NO_VALUE = Symbol('AWS::NoValue');

type Resource = { Type: string; Properties?: Record<string, unknown>; Condition?: unknown };

/** Resolves the intrinsics of one template, as CloudFormation would in the stack's account and region. */
export class TemplateResolver {
  public readonly placement: Placement;
  private readonly urlSuffix: string;
  private readonly resources: Record<string, Resource>;
  private readonly resolving = new Set<string>();

  constructor(private readonly stack: StackInput) {
    const info = RegionInfo.get(stack.region);
    if (!info.partition || !info.domainSuffix) throw new Error(`${stack.stackName}: unknown region ${stack.region}`);
    if (!/^\d{12}$/.test(stack.account)) throw new Error(`${stack.stackName}: account ${stack.account} is not a concrete account ID`);
    this.placement = { account: stack.account, region: stack.region, partition: info.partition };
    this.urlSuffix = info.domainSuffix;
    this.resources = (stack.template.Resources ?? {}) as Record<string, Resource>;
  }

  /** The logical IDs of the template's resources of one type. */
  public ofType(type: string): string[] {
    return Object.keys(this.resources).filter((id) => this.resources[id].Type === type);
  }

  /** Fails on any resource type the proof does not model: it might grant access the proof cannot see. */
  public onlyTypes(known: readonly string[]): void {
    for (const [id, resource] of Object.entries(this.resources)) {
      if (!known.includes(resource.Type) && resource.Type !== 'AWS::CDK::Metadata') {
        throw new Error(`${this.stack.stackName}: resource ${id} of type ${resource.Type} is not modelled by the access proof`);
      }
      if (resource.Condition !== undefined) throw new Error(`${this.stack.stackName}: resource ${id} is conditional`);
    }
  }

  /** A resolved property of a resource (undefined when absent). */
  public prop(id: string, name: string): unknown {
    const key = `${id}.${name}`;
    if (this.resolving.has(key)) throw new Error(`${this.stack.stackName}: circular reference at ${key}`);
    this.resolving.add(key);
    try {
      const value = this.resolve(this.resources[id]?.Properties?.[name], key);
      return value === NO_VALUE ? undefined : value;
    } finally {
      this.resolving.delete(key);
    }
  }

  /** A resolved property that must be a string. */
  public stringProp(id: string, name: string): string {
    return asString(this.prop(id, name), `${this.stack.stackName}: ${id}.${name}`);
  }

  /** Resolves a value; throws on anything CloudFormation could not resolve to a plain value here. */
  public resolve(value: unknown, path: string): unknown {
    if (Array.isArray(value)) return value.map((v, i) => this.resolve(v, `${path}[${i}]`)).filter((v) => v !== NO_VALUE);
    if (typeof value === 'string' && value.includes('${Token[')) throw new Error(`${path}: unresolved CDK token in "${value}"`);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const isIntrinsic = (k: string) => k === 'Ref' || k.startsWith('Fn::');
    if (entries.length === 1 && isIntrinsic(entries[0][0])) return this.intrinsic(entries[0][0], entries[0][1], path);
    if (entries.some(([k]) => isIntrinsic(k))) throw new Error(`${path}: intrinsic mixed with other keys`);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = this.resolve(v, `${path}.${k}`);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  private intrinsic(name: string, arg: unknown, path: string): unknown {
    const where = `${path} (${name})`;
    switch (name) {
      case 'Ref':
        return this.ref(asString(arg, where), where);
      case 'Fn::GetAtt': {
        const [id, attribute] = typeof arg === 'string' ? splitOnce(arg, '.') : (arg as unknown[]).map((a) => asString(a, where));
        return this.getAtt(id, attribute, where);
      }
      case 'Fn::Join': {
        const [delimiter, list] = asArray(arg, 2, where);
        const parts = asArray(this.resolve(list, where), undefined, where);
        return parts.map((p) => asString(p, where)).join(asString(delimiter, where));
      }
      case 'Fn::Select': {
        const [index, list] = asArray(arg, 2, where);
        const items = asArray(this.resolve(list, where), undefined, where);
        const i = Number(this.resolve(index, where));
        if (!Number.isInteger(i) || i < 0 || i >= items.length) throw new Error(`${where}: index ${i} out of range`);
        return items[i];
      }
      case 'Fn::Split': {
        const [delimiter, source] = asArray(arg, 2, where);
        return asString(this.resolve(source, where), where).split(asString(delimiter, where));
      }
      case 'Fn::Sub': {
        const [template, vars] = typeof arg === 'string' ? [arg, {}] : asArray(arg, 2, where);
        const variables = this.resolve(vars, where) as Record<string, unknown>;
        return asString(template, where).replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
          if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
          if (inner in variables) return asString(variables[inner], where);
          return asString(inner.includes('.') ? this.getAtt(...splitOnce(inner, '.'), where) : this.ref(inner, where), where);
        });
      }
      default:
        throw new Error(`${where}: the access proof cannot resolve ${name}`);
    }
  }

  private ref(name: string, where: string): unknown {
    const pseudo: Record<string, unknown> = {
      'AWS::AccountId': this.placement.account,
      'AWS::Region': this.placement.region,
      'AWS::Partition': this.placement.partition,
      'AWS::URLSuffix': this.urlSuffix,
      'AWS::StackName': this.stack.stackName,
      'AWS::NoValue': NO_VALUE,
    };
    if (name in pseudo) return pseudo[name];
    const resource = this.resources[name];
    if (!resource)
      throw new Error(
        `${where}: Ref ${name} is neither a supported pseudo parameter nor a resource (parameters have no value at synth time)`,
      );
    switch (resource.Type) {
      case 'AWS::SecretsManager::Secret':
        return this.secretArn(name);
      case 'AWS::IAM::ManagedPolicy':
        return this.managedPolicyArn(name);
      case 'AWS::IAM::Role':
        return this.stringProp(name, 'RoleName');
      case 'AWS::KMS::Key':
        return this.keyId(name);
      case 'AWS::KMS::Alias':
        return this.stringProp(name, 'AliasName');
      default:
        throw new Error(`${where}: Ref of a ${resource.Type} is not modelled`);
    }
  }

  private getAtt(id: string, attribute: string, where: string): string {
    const type = this.resources[id]?.Type;
    const { partition, region, account } = this.placement;
    if (type === 'AWS::IAM::Role' && attribute === 'Arn') return this.roleArn(id);
    if (type === 'AWS::KMS::Key' && attribute === 'Arn') return `arn:${partition}:kms:${region}:${account}:key/${this.keyId(id)}`;
    if (type === 'AWS::KMS::Key' && attribute === 'KeyId') return this.keyId(id);
    if (type === 'AWS::SecretsManager::Secret' && attribute === 'Id') return this.secretArn(id);
    if (type === 'AWS::IAM::ManagedPolicy' && attribute === 'PolicyArn') return this.managedPolicyArn(id);
    throw new Error(`${where}: Fn::GetAtt ${id}.${attribute} (${type ?? 'no such resource'}) is not modelled`);
  }

  /** The role's ARN. A role without a name has no ARN before deployment, so no policy elsewhere can name it. */
  public roleArn(id: string): string {
    const path = (this.prop(id, 'Path') as string | undefined) ?? '/';
    return `arn:${this.placement.partition}:iam::${this.placement.account}:role${path}${this.stringProp(id, 'RoleName')}`;
  }

  /** The secret's full ARN, with the random suffix Secrets Manager would append. */
  public secretArn(id: string): string {
    const { partition, region, account } = this.placement;
    return `arn:${partition}:secretsmanager:${region}:${account}:secret:${this.stringProp(id, 'Name')}-${SYNTHETIC_SECRET_SUFFIX}`;
  }

  // CDK does not name managed policies; CloudFormation generates a name. Only used to link
  // `ManagedPolicyArns: [{Ref}]` to the resource, so a generated name is enough.
  private managedPolicyArn(id: string): string {
    const path = (this.prop(id, 'Path') as string | undefined) ?? '/';
    const name = (this.prop(id, 'ManagedPolicyName') as string | undefined) ?? `${this.stack.stackName}-${id}-GENERATED`;
    return `arn:${this.placement.partition}:iam::${this.placement.account}:policy${path}${name}`;
  }

  // A deterministic UUID per key, like the one KMS generates at creation.
  private keyId(id: string): string {
    const h = createHash('sha256').update(`${this.stack.stackName}/${id}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }
}

function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function asArray(value: unknown, length: number | undefined, where: string): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new Error(`${where}: expected a list${length ? ` of ${length}` : ''}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  if (at < 1) throw new Error(`cannot split "${value}" on "${separator}"`);
  return [value.slice(0, at), value.slice(at + 1)];
}
