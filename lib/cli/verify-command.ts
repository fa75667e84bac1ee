import { Command } from 'commander';
import { UsageError } from '../private/checks/load-templates';
import { verifyAssemblies } from '../private/outputs/verify-assemblies';
import { EXIT, Subcommand } from './cli-io';

/** `verify <cdk.out> <cdk.out> [...]`: exits 1 when the apps describe different access. */
export const verifyCommand: Subcommand = (io, exit) =>
  new Command('verify')
    .description('check that synthesized apps (one per account) were built from the same access description')
    .argument('<assemblies...>', 'two or more cloud assembly directories (cdk.out)')
    .action((assemblies: string[]) => {
      if (assemblies.length < 2) throw new UsageError('give at least two cloud assemblies to compare');
      let result;
      try {
        result = verifyAssemblies(assemblies);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (result.differences.length === 0) {
        io.stdout(
          `${result.stacks.length} stacks in ${assemblies.length} apps describe the same access (fingerprint ${result.stacks[0].fingerprint}).\n`,
        );
        exit(EXIT.CLEAN);
      } else {
        io.stdout(`The apps describe different access:\n${result.differences.map((d) => `- ${d}`).join('\n')}\n`);
        exit(EXIT.FINDINGS);
      }
    });
