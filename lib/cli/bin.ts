#!/usr/bin/env node
import { EXIT } from './cli-io';
import { runCli } from './program';

// The package's `bin`: compiled with the rest of lib/, so it runs from whichever build produced it.
runCli(process.argv, { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.INTERNAL;
  },
);
