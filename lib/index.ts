// The public API. Options, props and part interfaces (interfaces and enums only) come first, then the
// constructs and stacks, then the checks and the verify tool.
export * from './cross-account-secret-access-props';
export * from './cross-account-secrets-props';
export * from './access-kms-key-props';
export * from './access-secret-props';
export * from './workload-props';
export * from './key-options';
export * from './secret-options';
export * from './workload-options';
export * from './kubernetes-manifests-options';
export * from './role-path-scp-options';
export * from './access-stack-props';
export * from './i-parts';
export * from './cross-account-secret-access';
export * from './cross-account-secrets';
export * from './key-part';
export * from './secret-part';
export * from './workload-part';
export * from './workload-stack';
export * from './secret-stack';
export * from './key-stack';
export * from './cross-account-secrets-checks';
export * from './access-fingerprints';
