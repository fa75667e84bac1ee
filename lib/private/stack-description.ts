const SUFFIX = ' (cdk-eks-cross-account-secrets)';

// CloudFormation allows 1024 bytes, but aws-cdk-lib rejects descriptions over 512 characters.
const MAX_LENGTH = 512;

/** A stack description from text that holds user-given names, cut to the length CDK accepts. */
export function stackDescription(text: string): string {
  const max = MAX_LENGTH - SUFFIX.length;
  return (text.length > max ? `${text.slice(0, max - 3)}...` : text) + SUFFIX;
}
