import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { applyAcknowledgements, CHECKS_NAMESPACE } from './private/checks/acknowledgements';
import { recordedAcknowledgements } from './private/checks/assembly-metadata';
import { checkTemplates, ruleById, RULES } from './private/checks/check-templates';
import { ACKNOWLEDGED_RULES_METADATA, Acknowledgement, Finding } from './private/checks/finding';
import { loadTemplates } from './private/checks/load-templates';

/**
 * Checks every stack of an app for the classic mistakes of cross-account Secrets Manager access from
 * EKS: trust policies that do not pin the service account, secret ARNs without their random suffix,
 * `kms:Decrypt` outside Secrets Manager, role ARNs in secret and key policies, key administrators who can
 * decrypt, resource policies without `BlockPublicPolicy`, and secrets on the AWS managed key shared with
 * other accounts (the rules of `ruleIds`, listed in docs/checks.md). Policies that grant no secret to another
 * account (a CDK Pipelines artifact key, a key and a secret read within one account) are left alone.
 *
 * A CDK policy validation plugin, like cdk-nag 3's packs: `Validations.of(app).addPlugins(new
 * CrossAccountSecretsChecks())` (before aws-cdk-lib 2.252.0: `new App({ policyValidationBeta1: [new
 * CrossAccountSecretsChecks()] })`). A finding fails synthesis. Acknowledge one on the resource, or any
 * construct above it, with `Validations.of(construct).acknowledge({ id: '<rule ID>', reason: '...' })`,
 * where `<rule ID>` is the ID the finding shows (`CrossAccountSecretsChecks::<rule ID>` works too), or
 * with cdk-nag's `NagSuppressions.addResourceSuppressions` on the resource.
 *
 * The same rules run over a synthesized cloud assembly with `npx cdk-eks-cross-account-secrets check cdk.out`,
 * which honours the same acknowledgements (those made on a stack or a construct in it).
 *
 * @see https://docs.aws.amazon.com/cdk/v2/guide/policy-validation-synthesis.html
 */
export class CrossAccountSecretsChecks implements IPolicyValidationPlugin {
  /**
   * The plugin's name in the validation report, and the namespace of its rule IDs (`CrossAccountSecretsChecks::<rule ID>`).
   */
  public readonly name: string = CHECKS_NAMESPACE;

  /**
   * The IDs of the rules it checks, in order (docs/checks.md lists them).
   */
  public readonly ruleIds?: string[] = RULES.map((rule) => rule.id);

  /**
   * Checks the app's templates; called by CDK during synthesis.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // aws-cdk-lib before 2.252.0 gives only `templatePaths`: the cloud assembly beside each template
    // tells its account, region, construct paths and the acknowledgements made in the app.
    const given = context as Partial<IPolicyValidationContext>;
    const stacks = Array.isArray(given.stackTemplates)
      ? given.stackTemplates.map((stack) => ({ file: stack.templatePath, account: stack.accountId, region: stack.region }))
      : (given.templatePaths ?? []).map((file) => ({ file, account: undefined, region: undefined }));
    const inputs = stacks
      .flatMap((stack) => loadTemplates(stack.file, { account: stack.account, region: stack.region }))
      .filter((input, i, all) => all.findIndex((other) => other.name === input.name) === i);
    const { open } = applyAcknowledgements(checkTemplates(inputs), inputs, acknowledgedAboveStacks(given.appConstruct));
    const violations = toViolations(open);
    return { success: violations.length === 0, violations };
  }
}

/**
 * What `Validations.acknowledge` recorded on constructs of the app (the app and Stages included, which
 * the cloud assembly does not record with any stack). Empty where aws-cdk-lib passes no app.
 */
function acknowledgedAboveStacks(app: IConstruct | undefined): Acknowledgement[] {
  return (app?.node.findAll() ?? []).flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === ACKNOWLEDGED_RULES_METADATA && typeof entry.data === 'object' && entry.data !== null)
      .flatMap((entry) => recordedAcknowledgements(construct.node.path, entry.data as Record<string, unknown>)),
  );
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
      description: [`${group[0].detail}.`, rule.explanation, ...(rule.thisLibrary ? [rule.thisLibrary] : [])].join(' '),
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
