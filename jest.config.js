/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking is `npm run typecheck`; ts-jest only transpiles (isolatedModules in tsconfig.json).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // CloudFormation validation is off except where it is the subject: see test/support/setup-env.ts.
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  testTimeout: 120000,
  // Suites spend much of their time in subprocesses (npm, tsc, the example app); two workers use both cores.
  maxWorkers: 2,
};
