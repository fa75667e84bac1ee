#!/usr/bin/env node
import { Errors } from 'aws-cdk-lib';
import { buildExampleApp } from './example';

// `cdk synth` writes the templates and, beside them in cdk.out/TestApp/, what the construct writes itself
// (`writeOutputs`): the cluster side, one file per consumer (kubernetes/*.yaml), the review a security
// team reads instead of three templates, the service control policy for the organization's
// administrators, and, for an existing key, the statements its owners must add to its key policy.
try {
  buildExampleApp().app.synth();
} catch (error) {
  // A validation error (the library's and aws-cdk-lib's carry the same marker) is about the values
  // given with -c, not about code: the message alone says what to change. Anything else keeps its stack.
  if (!Errors.isValidationError(error)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
