import { RuleHit } from './finding';
import { TemplateView, CheckContext } from './template-view';

/** A rule's check: a pure function over one template (and the others of the run). */
export type RuleCheck = (view: TemplateView, context: CheckContext) => RuleHit[];

/**
 * A check rule, whole: its ID, what it looks for and why it matters, the fix, the AWS documentation it
 * rests on, and the check itself.
 *
 * To add a rule, write one file in ./rules/ that exports one `Rule` (the next free ID, the metadata and
 * the check; the claim about AWS behaviour it rests on goes in a comment there, with the page that
 * states it), and add that object to `RULES` in ./check-templates.ts, which keeps the rules in ID order.
 * Nothing else lists the rules: the runner, the CLI's report and the CDK plugin all read `RULES`, and
 * other code that needs a particular rule's ID refers to the rule object (`decryptViaService.id`), so
 * each ID is written in its rule's file only. test/checks/rule-cases.ts then needs at least one case
 * for the new rule (a test fails without one).
 */
export interface Rule {
  /** The ID that findings, the CLI's report and acknowledgements use. Written here only: elsewhere, `rule.id`. */
  readonly id: string;
  /** One line: what is wrong and what it lets happen. */
  readonly explanation: string;
  /** What to write instead. */
  readonly fix: string;
  /** The AWS documentation page that states the behaviour the rule rests on. */
  readonly docUrl: string;
  /**
   * For a rule that one of this library's own options triggers (the user's choice of a weaker form):
   * which option, what it trades, and where to acknowledge the finding. Printed with the rule.
   */
  readonly thisLibrary?: string;
  /** Finds the problem in one template; the runner adds the rule, the template and the resource's type and path. */
  readonly check: RuleCheck;
}
