import { Command } from 'commander';
import { checkTemplates, RULES } from '../private/checks/check-templates';
import { formatFindings } from '../private/checks/format-findings';
import { loadTemplates } from '../private/checks/load-templates';
import { EXIT, Subcommand } from './cli-io';

interface CheckOptions {
  readonly account?: string;
  readonly region?: string;
  readonly json?: boolean;
}

/** `check <cdk.out | template>`: runs the rules and exits 1 when there are findings. */
export const checkCommand: Subcommand = (io, exit) =>
  new Command('check')
    .description('check a synthesized cloud assembly (cdk.out) or one CloudFormation template (JSON or YAML)')
    .argument('<path>', 'a cloud assembly directory, or a template file')
    .option('--account <id>', "the account of templates whose account the cloud assembly does not tell (a single template's)")
    .option('--region <region>', 'the region of templates whose region the cloud assembly does not tell')
    .option('--json', 'print the findings as JSON')
    .action((target: string, options: CheckOptions) => {
      const inputs = loadTemplates(target, { account: options.account, region: options.region });
      const findings = checkTemplates(inputs);
      io.stdout(
        options.json
          ? JSON.stringify({ templates: inputs.length, findings }, undefined, 2) + '\n'
          : formatFindings(findings, inputs.length, RULES),
      );
      exit(findings.length > 0 ? EXIT.FINDINGS : EXIT.CLEAN);
    });
