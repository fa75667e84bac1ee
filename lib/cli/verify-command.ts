import { Command } from 'commander';
import { UsageError } from '../private/checks/load-templates';
import { verifyAssemblies } from '../private/outputs/verify-assemblies';
import { EXIT, Subcommand } from './cli-io';

/** `verify <cdk.out> <cdk.out> [...]`: exits 1 when the apps describe different access. */
export const verifyCommand: Subcommand = (io, exit) =>
  new Command('verify')
    .description('check that synthesized apps (one per team or account) describe the same cross-account access')
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
        const { keys, secrets, workloads, grants } = result.counts;
        io.stdout(
          `The ${assemblies.length} apps describe the same access: ${keys} keys, ${secrets} secrets, ${workloads} workloads and ${grants} grants (${result.descriptions.length} descriptions read).\n`,
        );
        exit(EXIT.CLEAN);
      } else {
        io.stdout(
          `The apps describe different access (${result.differences.length} differences):\n${result.differences.map((d) => `- ${d}`).join('\n')}\n`,
        );
        exit(EXIT.FINDINGS);
      }
    });
