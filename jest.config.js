/** What every project shares. */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  // Type checking is `npm run typecheck`; ts-jest only transpiles (isolatedModules in tsconfig.json).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // CloudFormation validation is off except where it is the subject: see test/support/setup-env.ts.
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  // Suites spend much of their time in subprocesses (npm, tsc, the example app); two workers use both cores.
  maxWorkers: 2,
  projects: [
    // The library's behaviour: needs neither the jsii build nor its packages (`npm run test:unit`).
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/release/'],
    },
    // What is released: the npm tarball in a new app, the API guard, API.md, the README's examples and the
    // example app. The tarball and API checks read what `npm run build:packages` left (`npm run test:release`).
    {
      ...shared,
      displayName: 'release',
      roots: ['<rootDir>/test/release'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/release/python-package\\.test\\.ts$'],
    },
    // The Python wheel and sdist: they need Python with build, setuptools and wheel, which `npm test` must not,
    // so only `npm run test:python` (run by .ci/run after `npm test`) selects this project.
    {
      ...shared,
      displayName: 'python',
      roots: ['<rootDir>/test/release'],
      testMatch: ['<rootDir>/test/release/python-package.test.ts'],
    },
  ],
};
