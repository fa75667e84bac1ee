import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { GrantModel } from '../model/model';
import { stackProblems } from '../render/limit-checks';
import { accountStackProps } from '../render/stack-props';
import { checkStackNameUnique } from '../render/unique-stack-names';
import { AccessRecord } from './access-record';
import { scratchScope, unusedDeployAccounts } from './deploy-accounts';
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
  /** The accounts whose stacks the app synthesizes; the others' are built in a scratch App. Undefined for all. */
  readonly deployAccounts?: ReadonlySet<string>;
}

/**
 * A graph's stacks: one per kind of part, account and region (and stack group), created on first use and
 * named `<prefix>-<kind>[-<group>]-<account>-<region>`. Each records the fingerprint of its slice of the
 * model and checks CloudFormation's resource limit, and that no other stack of the app has its name in its
 * account and region, at synth (the graph checks the written size).
 */
export class GraphStacks {
  private readonly byId = new Map<string, Stack>();
  /** The stacks of accounts this app does not deploy, never synthesized. */
  private readonly scratch = new Set<Stack>();
  private scratchParent?: Construct;

  constructor(
    private readonly graph: Construct,
    private readonly settings: GraphStacksSettings,
  ) {
    graph.node.addValidation({ validate: () => unusedDeployAccounts(settings.deployAccounts, this.accounts) });
  }

  /** Whether the app deploys the stacks of the account (`deployAccounts`). */
  public deploys(account: string): boolean {
    return this.settings.deployAccounts?.has(account) ?? true;
  }

  /** The grants of the workloads the app deploys, whose Kubernetes side its cluster team applies. */
  public deployedGrants(grants: readonly GrantModel[]): GrantModel[] {
    return grants.filter((grant) => this.deploys(grant.workload.account));
  }

  /** The stacks, in the order they were created. */
  public get all(): Stack[] {
    return [...this.byId.values()].filter((s) => !this.scratch.has(s));
  }

  /** Whether the app synthesizes the stack (its account is one of `deployAccounts`, or every account is). */
  public isRendered(stack: Stack): boolean {
    return !this.scratch.has(stack);
  }

  /** The accounts of every stack of the graph, rendered or not. */
  public get accounts(): ReadonlySet<string> {
    return new Set([...this.byId.values()].map((s) => s.account));
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
    if (!this.deploys(part.account)) {
      this.scratchParent ??= scratchScope(this.graph);
      const stack = new Stack(this.scratchParent, id, accountStackProps({ stackName: `${this.settings.stackNamePrefix}-${id}` }, part, ''));
      this.scratch.add(stack);
      this.byId.set(id, stack);
      return stack;
    }
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
