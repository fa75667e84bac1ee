import { Command, CommanderError } from 'commander';
import { UsageError } from '../private/checks/load-templates';
import { checkCommand } from './check-command';
import { CliIo, EXIT, Subcommand } from './cli-io';
import { verifyCommand } from './verify-command';

/** The subcommands. A new one is a file beside check-command.ts and one entry here. */
const SUBCOMMANDS: readonly Subcommand[] = [checkCommand, verifyCommand];

/** The `cdk-eks-cross-account-secrets` command line. */
export function createProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('cdk-eks-cross-account-secrets')
    .description('Checks cross-account Secrets Manager access from EKS in synthesized CDK apps and CloudFormation templates.')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError()
    .exitOverride();
  for (const subcommand of SUBCOMMANDS)
    program.addCommand(subcommand(io, exit).configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride());
  return program;
}

/**
 * Runs the command line (`argv` as in `process.argv`) and returns the exit code: 0 clean, 1 findings,
 * 2 a usage error (unknown command or option, missing argument, unreadable input).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.CLEAN;
  try {
    await createProgram(io, (code) => (exitCode = code)).parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return error.exitCode === 0 ? EXIT.CLEAN : EXIT.USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT.USAGE;
    }
    throw error;
  }
}
