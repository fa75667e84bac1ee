#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { Errors } from 'aws-cdk-lib';
import { buildExampleApp } from './example';

function main(): void {
  const { app, access } = buildExampleApp();
  const assembly = app.synth();
  // Beside the templates: the cluster side, one file per consumer (cdk.out/kubernetes/*.yaml), and the
  // review a security team reads instead of three templates.
  const kubernetes = path.join(assembly.directory, 'kubernetes');
  fs.rmSync(kubernetes, { recursive: true, force: true });
  fs.mkdirSync(kubernetes);
  for (const [fileName, yaml] of Object.entries(access.kubernetesManifestFiles())) {
    fs.writeFileSync(path.join(kubernetes, fileName), yaml);
  }
  fs.writeFileSync(path.join(assembly.directory, 'access-review.md'), access.accessReview());
  // For the organization's administrators: the service control policy that reserves the pod role's path
  // (and a target role's) for the CloudFormation execution roles of the stacks' synthesizers, by exact ARN.
  // It belongs above every account of `rolePathServiceControlPolicyAccounts()`. With CLI credentials,
  // `cdk deploy --role-arn` or StackSets, pass `{ deployerRoleArns: [...] }` instead.
  fs.writeFileSync(
    path.join(assembly.directory, 'role-path-scp.json'),
    `${JSON.stringify(access.rolePathServiceControlPolicy(), null, 2)}\n`,
  );
  // For the owners of an existing key (`key.keyArn`): the statements they must add to its key policy.
  const keyStatements = access.keyPolicyStatements();
  if (Object.keys(keyStatements).length > 0) {
    fs.writeFileSync(
      path.join(assembly.directory, `${access.node.id}.key-policy-statements.json`),
      `${JSON.stringify(keyStatements, null, 2)}\n`,
    );
  }
}

try {
  main();
} catch (error) {
  // A validation error (the library's and aws-cdk-lib's carry the same marker) is about the values
  // given with -c, not about code: the message alone says what to change. Anything else keeps its stack.
  if (!Errors.isValidationError(error)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
