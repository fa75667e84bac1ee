import { StackProps } from 'aws-cdk-lib';

const SUFFIX = ' (cdk-eks-cross-account-secrets)';

// CloudFormation allows 1024 bytes, but aws-cdk-lib rejects descriptions over 512 characters.
const MAX_DESCRIPTION = 512;

/**
 * The props of one account's stack: its environment is the account and region of the part it renders,
 * and its description, which holds user-given names, is cut to the length CDK accepts.
 */
export function accountStackProps(
  props: { readonly stackName?: string; readonly terminationProtection?: boolean },
  part: { account: string; region: string },
  description: string,
): StackProps {
  const max = MAX_DESCRIPTION - SUFFIX.length;
  return {
    env: { account: part.account, region: part.region },
    stackName: props.stackName,
    terminationProtection: props.terminationProtection,
    description: (description.length > max ? `${description.slice(0, max - 3)}...` : description) + SUFFIX,
  };
}
