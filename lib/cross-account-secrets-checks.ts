import * as fs from 'fs';
import * as path from 'path';
import {
  CfnResource,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkTemplates } from './private/checks/check-templates';
import { ruleById, RULES } from './private/checks/check-templates';
import { Finding } from './private/checks/finding';
import { TemplateInput } from './private/checks/template-view';

const PLUGIN_NAME = 'CrossAccountSecretsChecks';

/**
 * Checks every stack of an app for the classic mistakes of cross-account Secrets Manager access from
 * EKS: trust policies that do not pin the service account, secret ARNs without their random suffix,
 * `kms:Decrypt` outside Secrets Manager, role ARNs in secret and key policies, key administrators who can
 * decrypt, resource policies without `BlockPublicPolicy`, and secrets on the AWS managed key shared with
 * other accounts (the rules of `ruleIds`, listed in the README).
 *
 * A CDK policy validation plugin, like cdk-nag 3's packs: `Validations.of(app).addPlugins(new
 * CrossAccountSecretsChecks())`. A finding fails synthesis. Acknowledge one on the resource, or any
 * construct above it, with `Validations.of(construct).acknowledge({ id: '<rule ID>', reason: '...' })`,
 * where `<rule ID>` is the ID the finding shows (`CrossAccountSecretsChecks::<rule ID>` works too).
 *
 * The same rules run over a synthesized cloud assembly with `npx cdk-eks-cross-account-secrets check cdk.out`.
 *
 * @see https://docs.aws.amazon.com/cdk/v2/guide/policy-validation-synthesis.html
 */
export class CrossAccountSecretsChecks implements IPolicyValidationPlugin {
  /**
   * The plugin's name in the validation report, and the namespace of its rule IDs (`CrossAccountSecretsChecks::<rule ID>`).
   */
  public readonly name: string = PLUGIN_NAME;

  /**
   * The IDs of the rules it checks, in order (the README lists them).
   */
  public readonly ruleIds?: string[] = RULES.map((rule) => rule.id);

  /**
   * Checks the app's templates; called by CDK during synthesis.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = context.stackTemplates.flatMap((entry) =>
      withNestedStacks(entry.templatePath, findStack(context.appConstruct, entry.stackConstructPath)),
    );
    const inputs: TemplateInput[] = stacks.map(({ templatePath, stack }) => ({
      name: templatePath,
      template: JSON.parse(fs.readFileSync(templatePath, 'utf8')),
      ...(stack && !Token.isUnresolved(stack.account) ? { account: stack.account } : {}),
      ...(stack && !Token.isUnresolved(stack.region) ? { region: stack.region } : {}),
    }));
    const open = checkTemplates(inputs).filter((finding) => {
      const stack = stacks.find((entry) => entry.templatePath === finding.template)?.stack;
      const resource = stack ? resourceByLogicalId(stack, finding.logicalId) : undefined;
      return !resource || !isAcknowledged(resource, finding.ruleId);
    });
    const violations = toViolations(open);
    return { success: violations.length === 0, violations };
  }
}

function findStack(app: IConstruct | undefined, constructPath: string): Stack | undefined {
  return app?.node.findAll().find((construct): construct is Stack => Stack.isStack(construct) && construct.node.path === constructPath);
}

/** A stack's template and those of its nested stacks, which CDK writes beside it. */
function withNestedStacks(templatePath: string, stack: Stack | undefined): Array<{ templatePath: string; stack: Stack | undefined }> {
  const nested = (stack?.node.findAll() ?? []).filter(
    (construct): construct is Stack => Stack.isStack(construct) && construct.nested && topLevelStackOf(construct) === stack,
  );
  return [
    { templatePath, stack },
    ...nested.map((inner) => ({ templatePath: path.join(path.dirname(templatePath), inner.templateFile), stack: inner })),
  ];
}

function topLevelStackOf(stack: Stack): Stack {
  return stack.nestedStackParent ? topLevelStackOf(stack.nestedStackParent) : stack;
}

/** The L1 resource of the stack's own template with this logical ID (not one in a nested stack). */
function resourceByLogicalId(stack: Stack, logicalId: string): CfnResource | undefined {
  return stack.node
    .findAll()
    .find(
      (construct): construct is CfnResource =>
        CfnResource.isCfnResource(construct) && Stack.of(construct) === stack && stack.resolve(construct.logicalId) === logicalId,
    );
}

/**
 * Whether the rule is acknowledged on the resource or a construct above it. `Validations.acknowledge`
 * records a rule ID `<id>` as `Annotation::<id>` (`annotation::` before aws-cdk-lib 2.262.1), and a
 * namespaced ID (`CrossAccountSecretsChecks::<id>`) as given: both name this plugin's rule.
 */
function isAcknowledged(resource: IConstruct, ruleId: string): boolean {
  const accepted = new Set([ruleId, `annotation::${ruleId}`, `${PLUGIN_NAME}::${ruleId}`].map((id) => id.toLowerCase()));
  for (let scope: IConstruct | undefined = resource; scope; scope = scope.node.scope) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || typeof entry.data !== 'object' || entry.data === null) continue;
      if (Object.keys(entry.data).some((id) => accepted.has(id.toLowerCase()))) return true;
    }
  }
  return false;
}

/** One violation per rule and detail, listing the resources it was found in. */
function toViolations(findings: readonly Finding[]): PolicyViolation[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.ruleId}\n${finding.detail}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map((group) => {
    const rule = ruleById(group[0].ruleId);
    return {
      ruleName: rule.id,
      description: `${group[0].detail}. ${rule.explanation}`,
      fix: `${rule.fix} ${rule.docUrl}`,
      severity: 'error',
      ruleMetadata: { DocumentationUrl: rule.docUrl },
      violatingResources: group.map((finding) => ({
        resourceLogicalId: finding.logicalId,
        templatePath: finding.template,
        locations: [finding.location],
      })),
    };
  });
}
