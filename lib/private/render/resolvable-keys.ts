import { CfnJson, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PolicyJson, PolicyStatement } from '../policies/policy-json';

/**
 * The trust policy as CloudFormation can render it. An IRSA condition key names the cluster's issuer
 * (`<issuer>:sub`); when the issuer is a token of the app (the cluster's issuer, known at deploy time), the
 * key is a token too, and a template cannot have a computed key. Such a statement's `Condition` becomes a
 * `CfnJson`, which CloudFormation resolves into the object before IAM sees it: what aws-cdk-lib's
 * `eks.ServiceAccount` does for the same keys. A document whose keys are all literal is returned as it is.
 *
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CfnJson.html
 */
export function withResolvableConditionKeys(scope: Construct, document: PolicyJson): PolicyJson {
  let computed = 0;
  const statements = document.Statement.map((statement): PolicyStatement => {
    const condition = statement.Condition;
    if (!condition || !Object.values(condition).some((keys) => Object.keys(keys).some((key) => Token.isUnresolved(key)))) return statement;
    computed += 1;
    const json = new CfnJson(scope, computed === 1 ? 'TrustConditions' : `TrustConditions${computed}`, { value: condition });
    return { ...statement, Condition: json as unknown as PolicyStatement['Condition'] };
  });
  return computed === 0 ? document : { ...document, Statement: statements };
}
