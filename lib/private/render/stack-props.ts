import { StackProps } from 'aws-cdk-lib';
import { STACK_DESCRIPTION_MAX_LENGTH } from '../model/quotas';

const SUFFIX = ' (cdk-eks-cross-account-secrets)';

/**
 * The props of one account's stack: its environment is the account and region of the part it renders,
 * and its description, which holds user-given names, is cut to the length CDK accepts.
 */
export function accountStackProps(
  props: { readonly stackName?: string; readonly terminationProtection?: boolean },
  part: { account: string; region: string },
  description: string,
): StackProps {
  const max = STACK_DESCRIPTION_MAX_LENGTH - SUFFIX.length;
  return {
    env: { account: part.account, region: part.region },
    stackName: props.stackName,
    terminationProtection: props.terminationProtection,
    description: (description.length > max ? `${description.slice(0, max - 3)}...` : description) + SUFFIX,
  };
}
