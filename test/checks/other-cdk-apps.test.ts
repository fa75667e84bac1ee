import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  App,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_secretsmanager as sm,
  aws_sqs as sqs,
  pipelines,
  Stack,
  Stage,
  StageProps,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CrossAccountSecretsChecks } from '../../lib';
import { checkTemplates } from '../../lib/private/checks/check-templates';
import { loadTemplates } from '../../lib/private/checks/load-templates';
import { cli } from '../support/run-cli';

// The checks judge cross-account secret access and stay silent on what plain aws-cdk-lib and CDK
// Pipelines write for other purposes: a pipeline deploying to other accounts (its artifact bucket's key
// is shared with their deploy roles), and a Lambda function reading a secret of its own account.

let work: string;
beforeAll(() => {
  process.env.CDK_VALIDATION = 'false';
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-other-apps-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

class QueueStage extends Stage {
  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    new sqs.Queue(new Stack(this, 'App'), 'Queue');
  }
}

/** A CDK Pipeline in 111111111111 with cross-account keys, deploying to three other accounts in waves. */
function pipelineApp(app: App): void {
  const stack = new Stack(app, 'Pipeline', { env: { account: '111111111111', region: 'eu-west-1' } });
  const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
    crossAccountKeys: true,
    synth: new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.connection('example/app', 'main', {
        connectionArn: 'arn:aws:codestar-connections:eu-west-1:111111111111:connection/example',
      }),
      commands: ['npm ci', 'npx cdk synth'],
    }),
  });
  const wave = pipeline.addWave('Prod');
  for (const account of ['222222222222', '333333333333', '444444444444']) {
    wave.addStage(new QueueStage(app, `Prod${account}`, { env: { account, region: 'eu-west-1' } }));
  }
}

/** A Lambda function reading a secret on a customer managed key, all in one account, with grantRead. */
function lambdaApp(app: App): void {
  const stack = new Stack(app, 'Service', { env: { account: '111111111111', region: 'eu-west-1' } });
  const secret = new sm.Secret(stack, 'Secret', { encryptionKey: new kms.Key(stack, 'Key') });
  const fn = new lambda.Function(stack, 'Function', {
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => undefined;'),
  });
  secret.grantRead(fn);
}

function synthesized(name: string, build: (app: App) => void, plugin = false): string {
  const outdir = path.join(work, name);
  const app = new App({ outdir, analyticsReporting: false, context: { '@aws-cdk/core:appMode': 'inmemory' } });
  build(app);
  if (plugin) Validations.of(app).addPlugins(new CrossAccountSecretsChecks());
  app.synth();
  return outdir;
}

describe.each([
  ['a CDK Pipeline with cross-account keys deploying to other accounts', pipelineApp],
  ['a Lambda function reading a secret of its own account (grantRead)', lambdaApp],
])('%s', (name, build) => {
  test('the templates hold what the rules look at (a key policy, an identity policy reading or decrypting)', () => {
    const outdir = synthesized(`${name.length}-look`, build);
    const types = loadTemplates(outdir).flatMap((input) => Object.values<any>((input.template as any).Resources).map((r) => r.Type));
    expect(types).toEqual(expect.arrayContaining(['AWS::KMS::Key', 'AWS::IAM::Policy']));
  });

  test('no finding from the rules, the command or the plugin', async () => {
    const outdir = synthesized(`${name.length}-cli`, build);
    expect(checkTemplates(loadTemplates(outdir))).toEqual([]);
    const { code, stdout } = await cli('check', outdir);
    expect({ code, stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^No findings in \d+ templates?\.\n$/) });
    expect(() => synthesized(`${name.length}-plugin`, build, true)).not.toThrow();
  });
});
