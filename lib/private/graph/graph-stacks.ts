import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stackProblems } from '../render/limit-checks';
import { accountStackProps } from '../render/stack-props';
import { checkStackNameUnique } from '../render/unique-stack-names';
import { AccessRecord } from './access-record';
import { checkStackName } from './stack-names';
import { warnUnknownRegions } from './wiring';

/** The kinds of part, each rendered in stacks of its own. */
export type PartKind = 'Keys' | 'Secrets' | 'Workloads';

export interface GraphStacksSettings {
  /** Prefix of every stack name. */
  readonly stackNamePrefix: string;
  readonly terminationProtection?: boolean;
  /** Records each stack's fingerprint. */
  readonly record: AccessRecord;
}

/**
 * A graph's stacks: one per kind of part, account and region (and stack group), created on first use and
 * named `<prefix>-<kind>[-<group>]-<account>-<region>`. Each records the fingerprint of its slice of the
 * model and checks CloudFormation's resource limit, and that no other stack of the app has its name in its
 * account and region, at synth (the graph checks the written size).
 */
export class GraphStacks {
  private readonly byId = new Map<string, Stack>();

  constructor(
    private readonly graph: Construct,
    private readonly settings: GraphStacksSettings,
  ) {}

  /** The stacks, in the order they were created. */
  public get all(): Stack[] {
    return [...this.byId.values()];
  }

  /** The stack of a part of `kind` in its account and region (and group); `where` names the part in errors and warnings. */
  public for(kind: PartKind, part: { account: string; region: string }, where: string, group: string | undefined): Stack {
    const stack = this.stackOf(kind, part, where, group);
    warnUnknownRegions(stack, where, { region: part.region });
    return stack;
  }

  private stackOf(kind: PartKind, part: { account: string; region: string }, where: string, group: string | undefined): Stack {
    const groupName = group === undefined ? undefined : checkStackName(where, 'stackGroup', group, 32);
    const id = [kind, groupName, part.account, part.region].filter(Boolean).join('-');
    const existing = this.byId.get(id);
    if (existing) return existing;
    const description = `${kind} of ${this.graph.node.path} in account ${part.account}, ${part.region}${groupName ? `, group ${groupName}` : ''}`;
    const stack = new Stack(
      this.graph,
      id,
      accountStackProps(
        { stackName: `${this.settings.stackNamePrefix}-${id}`, terminationProtection: this.settings.terminationProtection },
        part,
        description,
      ),
    );
    stack.node.addValidation({
      validate: () => {
        const resources = stack.node.findAll().filter((c) => (c as { cfnResourceType?: string }).cfnResourceType !== undefined);
        return stackProblems(stack.stackName, resources.length);
      },
    });
    this.settings.record.addStack(stack);
    checkStackNameUnique(stack, 'stackNamePrefix');
    this.byId.set(id, stack);
    return stack;
  }

  /**
   * Where a new part goes: `place` (for the model builder) puts it in the graph's stack for its kind,
   * account and region (and group), and gives its construct path; `stack()` is that stack afterwards.
   */
  public placement(kind: PartKind, where: string, group: string | undefined, id: string) {
    let placed: Stack | undefined;
    return {
      place: (part: { readonly account: string; readonly region: string }) => {
        placed = this.for(kind, part, where, group);
        return `${placed.node.path}/${id}`;
      },
      stack: () => placed!,
    };
  }
}
