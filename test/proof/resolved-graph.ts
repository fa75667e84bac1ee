import { resolveKeys, resolveSecrets, resolveWorkloads, SecretWithKeyId, STACK_TYPES } from './resolved-access';
import { ResolvedAccess, ResolvedKey, ResolvedSecret, ResolvedWorkload, StackInput, TemplateResolver } from './template-resolver';

// Resolves every stack of a `CrossAccountSecrets` graph into the roles, secrets and keys AWS evaluates,
// and links each secret to the key whose policy decides its decryption. Fails closed like the
// one-of-each resolver: a stack that mixes kinds, a resource type it does not model, a secret whose
// KmsKeyId names no key of the graph, or one identifier deployed twice all throw.

/** A secret of the graph, with the key it is encrypted with. */
export interface GraphSecret extends ResolvedSecret {
  readonly key: ResolvedKey;
}

/** Every part of a graph as deployed. */
export interface ResolvedGraph {
  readonly keys: readonly ResolvedKey[];
  readonly secrets: readonly GraphSecret[];
  readonly workloads: readonly ResolvedWorkload[];
}

type Kind = keyof typeof STACK_TYPES;

/** Resolves the templates of a graph's stacks. */
export function resolveGraph(stacks: readonly StackInput[]): ResolvedGraph {
  const keys: ResolvedKey[] = [];
  const secrets: SecretWithKeyId[] = [];
  const workloads: ResolvedWorkload[] = [];
  for (const stack of stacks) {
    const r = new TemplateResolver(stack);
    const kind = kindOf(stack, r);
    if (kind === 'key') keys.push(...resolveKeys(r));
    if (kind === 'secret') secrets.push(...resolveSecrets(r));
    if (kind === 'workload') workloads.push(...resolveWorkloads(r));
  }
  unique(
    'role',
    workloads.map((w) => w.roleArn),
  );
  unique(
    'secret',
    secrets.map((s) => s.secret.arn),
  );
  unique(
    'key identifier',
    keys.flatMap((k) => [k.arn, ...k.aliasArns]),
  );
  return {
    keys,
    workloads,
    // Secrets Manager decrypts with the key the secret names: its policy is the one that decides.
    secrets: secrets.map(({ secret, kmsKeyId }) => {
      const key = keys.find((k) => [k.arn, ...k.aliasArns].includes(kmsKeyId));
      if (!key) throw new Error(`the secret ${secret.arn} is encrypted with ${kmsKeyId}, which is no key of the graph`);
      return { ...secret, key };
    }),
  };
}

/** What a workload's read of a secret involves: its role, the secret, and the secret's key. */
export function accessOf(workload: ResolvedWorkload, secret: GraphSecret): ResolvedAccess {
  return { workload, secret, key: secret.key };
}

/** The kind of a stack, from its resource types; a stack with none of them, or of several kinds, throws. */
function kindOf(stack: StackInput, r: TemplateResolver): Kind {
  const kinds = (Object.keys(STACK_TYPES) as Kind[]).filter((kind) => STACK_TYPES[kind].some((type) => r.ofType(type).length > 0));
  if (kinds.length !== 1) throw new Error(`${stack.stackName}: holds parts of ${kinds.length} kinds (${kinds.join(', ')}), expected one`);
  return kinds[0];
}

function unique(what: string, values: readonly string[]): void {
  const twice = values.filter((v, i) => values.indexOf(v) !== i);
  if (twice.length > 0) throw new Error(`the ${what} ${twice[0]} is deployed twice: the proof cannot tell which policies guard it`);
}
