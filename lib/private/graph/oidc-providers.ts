import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { aws_iam as iam } from 'aws-cdk-lib';
import { IRSA_AUDIENCE } from '../model/identifiers';
import { WorkloadModel } from '../model/model';
import { addResourceDependency } from '../render/aws-cdk-lib-compat';
import { claimOidcProvider } from '../render/physical-names';

/**
 * The IAM OIDC providers a graph creates (`createOidcProvider`): one per account and issuer, however many
 * workloads ask for it, because IAM registers one provider per URL in an account.
 *
 * A provider belongs to the account, not to a workload: the VPC CNI, controllers and other teams' IRSA
 * roles of the cluster trust it too. So it lives in the graph's default workload stack of its account and
 * the region of the first workload that asks (never in a stack group, which a team may remove), removing
 * or regrouping a workload never moves it, and it is retained by default when its stack or the graph goes.
 * Every role of the graph in that account that trusts the issuer waits for it.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 */
export class GraphOidcProviders {
  private readonly providers = new Map<string, iam.CfnOIDCProvider>();
  /** The pod roles of the graph that trust each account's issuer, whether they asked for its provider or not. */
  private readonly trusting = new Map<string, iam.CfnRole[]>();

  constructor(
    /** The stack a provider of this workload's account and region goes in. */
    private readonly stackFor: (workload: WorkloadModel) => Stack,
    private readonly removalPolicy: RemovalPolicy,
  ) {}

  /**
   * Records a workload's pod role as trusting its issuers, creates the providers it asks for that the
   * graph has not created yet, and returns the providers it asked for.
   */
  public addWorkload(workload: WorkloadModel, role: iam.CfnRole): iam.CfnOIDCProvider[] {
    for (const issuer of workload.oidcIssuers) {
      const key = `${workload.account}|${issuer}`;
      this.trusting.set(key, [...(this.trusting.get(key) ?? []), role]);
      const provider = this.providers.get(key);
      if (provider) addResourceDependency(role, provider);
    }
    if (!workload.createOidcProviders) return [];
    return workload.oidcIssuers.map((issuer) => this.providers.get(`${workload.account}|${issuer}`) ?? this.create(workload, issuer));
  }

  private create(workload: WorkloadModel, issuer: string): iam.CfnOIDCProvider {
    const stack = this.stackFor(workload);
    // Construct IDs may not contain "/"; the issuer's path does.
    const id = `OidcProvider-${issuer.replace(/\//g, '-')}`;
    claimOidcProvider(stack, `${stack.node.path}/${id}`, workload, issuer);
    const provider = new iam.CfnOIDCProvider(stack, id, { url: `https://${issuer}`, clientIdList: [IRSA_AUDIENCE] });
    // DeletionPolicy and UpdateReplacePolicy: deleting the provider would break every IRSA role of the cluster.
    provider.applyRemovalPolicy(this.removalPolicy);
    const key = `${workload.account}|${issuer}`;
    this.providers.set(key, provider);
    for (const role of this.trusting.get(key) ?? []) addResourceDependency(role, provider);
    return provider;
  }
}
