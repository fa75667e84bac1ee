import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { CrossAccountSecretAccess } from '../../lib';
import { seedProps } from '../support/helpers';
import { cli } from '../support/run-cli';
import { podRole, SharedSecret } from './cdk-apps';
import { ISSUER, SECRET, WORKLOAD } from './templates';

// The command line in-process (runCli, with captured output) for its behaviour, and spawned twice to
// prove the bin runs. The cloud assemblies are synthesized once, into a temporary directory.

const ROOT = path.join(__dirname, '..', '..');
const WALKTHROUGH = path.join(__dirname, 'fixtures', 'segmentation-of-security.template.json');
let work: string;

/** A cloud assembly with construct paths in the templates' metadata, as `cdk synth` writes them. */
function synthesized(name: string, build: (app: App) => void): string {
  const outdir = path.join(work, name);
  const app = new App({ outdir, analyticsReporting: false, context: { 'aws:cdk:enable-path-metadata': true } });
  build(app);
  app.synth();
  return outdir;
}

let clean: string;
let withFindings: string;

beforeAll(() => {
  process.env.CDK_VALIDATION = 'false';
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-cli-'));
  clean = synthesized('clean', (app) => new CrossAccountSecretAccess(app, 'TestApp', seedProps()));
  // A Stage (a nested cloud assembly) with a grantRead across accounts and a nested stack's pod role without aud.
  withFindings = synthesized('findings', (app) => {
    const stack = new Stack(new Stage(app, 'Prod'), 'Secrets', { env: { account: SECRET, region: 'eu-west-1' } });
    new SharedSecret(stack, 'Shared');
    const pods = new Stack(app.node.findChild('Prod'), 'Pods', { env: { account: WORKLOAD, region: 'eu-west-1' } });
    podRole(new NestedStack(pods, 'Inner'), { [`${ISSUER}:sub`]: 'system:serviceaccount:testnamespace:testapp' });
  });
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('check', () => {
  test("exits 0 on this library's cloud assembly", async () => {
    expect(await cli('check', clean)).toEqual({ code: 0, stdout: 'No findings in 3 templates.\n', stderr: '' });
  });

  test('exits 1 on findings, and says per rule why, the fix and the docs, and per resource where and what', async () => {
    const { code, stdout } = await cli('check', withFindings);
    expect(code).toBe(1);
    expect(stdout).toContain('EKSSEC7: A secret resource policy that admits another account does not set `BlockPublicPolicy: true`');
    expect(stdout).toContain('  Fix: Set `BlockPublicPolicy: true` on the `AWS::SecretsManager::ResourcePolicy`.');
    expect(stdout).toContain('  See: https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html');
    expect(stdout).toMatch(
      / {2}- Prod\/Secrets\/Shared\/Secret\/Policy\/Resource \(SharedSecretPolicy\w+, AWS::SecretsManager::ResourcePolicy\) in Prod\/Secrets\n {4}Properties.BlockPublicPolicy: BlockPublicPolicy is not set/,
    );
    // The nested stack's template, found through the stack's asset manifest in the Stage's assembly.
    expect(stdout).toMatch(
      / {2}- Prod\/Pods\/Inner\/PodRole\/Resource \(\w+, AWS::IAM::Role\) in Prod\/Pods \(nested stack \w+\.nested\.template\.json\)/,
    );
    expect(stdout.trim().split('\n').pop()).toBe('6 findings in 3 templates (EKSSEC1 ×1, EKSSEC4 ×1, EKSSEC5 ×2, EKSSEC6 ×1, EKSSEC7 ×1).');
  });

  test('checks one JSON template', async () => {
    const { code, stdout } = await cli('check', WALKTHROUGH);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n').pop()).toBe(
      '10 findings in 1 template (EKSSEC1 ×1, EKSSEC3 ×1, EKSSEC4 ×2, EKSSEC5 ×2, EKSSEC7 ×1, EKSSEC9 ×3).',
    );
  });

  test('checks one YAML template, with CloudFormation short forms', async () => {
    const file = path.join(work, 'role.yaml');
    fs.writeFileSync(
      file,
      [
        'Resources:',
        '  PodRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        "            Principal: { Federated: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/" + ISSUER + "' }",
        '            Action: sts:AssumeRoleWithWebIdentity',
        '            Condition:',
        `              StringLike: { '${ISSUER}:sub': 'system:serviceaccount:*' }`,
        '      Policies:',
        '        - PolicyName: read',
        '          PolicyDocument:',
        '            Statement:',
        '              - { Effect: Allow, Action: secretsmanager:GetSecretValue, Resource: !Join [":", [arn, !Ref AWS::Partition, secretsmanager, eu-west-1, !Ref AWS::AccountId, secret, db]] }',
      ].join('\n'),
    );
    const { code, stdout } = await cli('check', file, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings.map((f: any) => [f.ruleId, f.logicalId, f.detail])).toEqual([
      ['EKSSEC1', 'PodRole', expect.stringContaining('`sub` matched with StringLike "system:serviceaccount:*"')],
      [
        'EKSSEC3',
        'PodRole',
        'grants secretsmanager:GetSecretValue on arn:{{AWS.Partition}}:secretsmanager:eu-west-1:{{AWS.AccountId}}:secret:db: without the random suffix it matches no secret',
      ],
    ]);
  });

  test('a template inside a cloud assembly takes its account from the manifest; elsewhere, from --account', async () => {
    const keyTemplate = fs.readdirSync(clean).find((file) => file.startsWith('TestAppKey') && file.endsWith('.template.json'))!;
    expect((await cli('check', path.join(clean, keyTemplate))).code).toBe(0);
    const alone = path.join(work, 'key.template.json');
    fs.copyFileSync(path.join(clean, keyTemplate), alone);
    // Without an account, the key account's own root in the key policy is taken for another account's.
    expect((await cli('check', alone)).stdout).toContain('admits account 333333333333 with no condition narrowing it');
    expect((await cli('check', alone, '--account', '333333333333')).code).toBe(0);
  });

  test.each([
    ['no command', [], /Usage: cdk-eks-cross-account-secrets/],
    ['an unknown command', ['lint'], /unknown command 'lint'/],
    ['no path', ['check'], /missing required argument 'path'/],
    ['an unknown option', ['check', '--strict', WALKTHROUGH], /unknown option '--strict'/],
    ['a missing path', ['check', '/nonexistent/cdk.out'], /\/nonexistent\/cdk.out: no such file or directory/],
    ['a directory without manifest.json', ['check', __dirname], /is not a cloud assembly: it has no manifest.json/],
    [
      'a JSON file that is no template',
      ['check', path.join(ROOT, 'package.json')],
      /is not a CloudFormation template: it has no Resources/,
    ],
    ['a file that is not JSON', ['check', path.join(ROOT, 'README.md')], /README.md is not a JSON document/],
  ])('exits 2 on %s', async (_label, args, message) => {
    const { code, stderr } = await cli(...(args as string[]));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('the bin', () => {
  const bin = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'lib', 'cli', 'bin.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  test('runs check and exits with its code', () => {
    const run = bin('check', withFindings);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('EKSSEC5: ');
  });

  test('exits 2 on a usage error', () => {
    const run = bin('chek', clean);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown command 'chek'");
  });
});
