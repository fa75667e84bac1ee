export * from './cross-account-secret-access';
export * from './workload-props';
export * from './secret-props';
export * from './key-props';
export * from './access-stack-props';
export * from './workload-stack';
export * from './secret-stack';
export * from './key-stack';
