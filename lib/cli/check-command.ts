import { Command } from 'commander';
import { readAcknowledgementsFile, parseAcknowledgeOption } from '../private/checks/acknowledgement-input';
import { applyAcknowledgements } from '../private/checks/acknowledgements';
import { checkTemplates, RULES } from '../private/checks/check-templates';
import { formatFindings } from '../private/checks/format-findings';
import { loadTemplates } from '../private/checks/load-templates';
import { EXIT, Subcommand } from './cli-io';

interface CheckOptions {
  readonly account?: string;
  readonly region?: string;
  readonly json?: boolean;
  readonly acknowledge: string[];
  readonly acknowledgements?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `check <cdk.out | template>`: runs the rules and exits 1 when findings are left that nobody acknowledged. */
export const checkCommand: Subcommand = (io, exit) =>
  new Command('check')
    .description('check a synthesized cloud assembly (cdk.out) or one CloudFormation template (JSON or YAML)')
    .argument('<path>', 'a cloud assembly directory, or a template file')
    .option('--account <id>', "the account of templates whose account the cloud assembly does not tell (a single template's)")
    .option('--region <region>', 'the region of templates whose region the cloud assembly does not tell')
    .option(
      '--acknowledge <rule:target>',
      'accept the findings of a rule on a logical ID, a construct path (and everything under it) or * (repeatable)',
      collect,
      [],
    )
    .option('--acknowledgements <file>', 'a JSON file of acknowledgements: [{ "id", "target", "reason" }]')
    .option('--json', 'print the findings as JSON')
    .action((target: string, options: CheckOptions) => {
      const ruleIds = RULES.map((rule) => rule.id);
      const given = [
        ...options.acknowledge.map((text) => parseAcknowledgeOption(text, ruleIds)),
        ...(options.acknowledgements ? readAcknowledgementsFile(options.acknowledgements, ruleIds) : []),
      ];
      const inputs = loadTemplates(target, { account: options.account, region: options.region });
      const { open, acknowledged, unused } = applyAcknowledgements(checkTemplates(inputs), inputs, given);
      for (const acknowledgement of unused) {
        io.stderr(
          `warning: acknowledgement ${acknowledgement.ruleId}:${acknowledgement.target} (${acknowledgement.source}) covers no finding\n`,
        );
      }
      io.stdout(
        options.json
          ? JSON.stringify({ templates: inputs.length, findings: open, acknowledged }, undefined, 2) + '\n'
          : formatFindings(open, inputs.length, RULES, acknowledged),
      );
      exit(open.length > 0 ? EXIT.FINDINGS : EXIT.CLEAN);
    });
