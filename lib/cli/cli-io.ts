import { Command } from 'commander';

/** Where the command line writes: the process's streams, or a test's buffers. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes: clean, findings, a command line that could not be run, and a bug. */
export const EXIT = { CLEAN: 0, FINDINGS: 1, USAGE: 2, INTERNAL: 3 } as const;

/** A subcommand: built per run, it reports its exit code through `exit`. */
export type Subcommand = (io: CliIo, exit: (code: number) => void) => Command;
