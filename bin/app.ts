#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { buildExampleApp } from './example';

const { app, access } = buildExampleApp();
const assembly = app.synth();
// Beside the templates: the cluster side, and the review a security team reads instead of three templates.
fs.writeFileSync(path.join(assembly.directory, 'kubernetes-manifests.yaml'), access.kubernetesManifestsYaml());
fs.writeFileSync(path.join(assembly.directory, 'access-review.md'), access.accessReview());
// For the organization's administrators: the service control policy that reserves the pod role's path.
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
