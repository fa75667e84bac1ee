import eslint from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The layers of lib/ (docs/architecture.md): each stage of lib/private imports only the stages below it,
// and of the public files only the options, props and part interfaces (interfaces and enums, no code).
const PUBLIC_CODE = [
  './lib/{index,cross-account-secret-access,cross-account-secrets,cross-account-secrets-checks,access-fingerprints}.ts',
  './lib/*-part.ts',
  './lib/*-stack.ts',
  './lib/cli/**',
];
const stage = (name) => `./lib/private/${name}/**`;
const LAYERS = {
  model: [],
  input: ['model'],
  build: ['model', 'input'],
  policies: ['model'],
  render: ['model', 'input', 'policies'],
  outputs: ['model', 'input', 'policies', 'render'],
  graph: ['model', 'input', 'build', 'policies', 'render', 'outputs'],
  checks: [],
};
const layerZones = Object.entries(LAYERS).map(([name, below]) => ({
  target: stage(name),
  from: [
    ...PUBLIC_CODE,
    ...Object.keys(LAYERS)
      .filter((other) => other !== name && !below.includes(other))
      .map(stage),
  ],
  message: `lib/private/${name} may import only ${[...below.map((b) => `lib/private/${b}`), 'public options, props and part interfaces'].join(', ')}: see docs/architecture.md.`,
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdk.out/', 'coverage/', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    // Resolves relative imports of .ts files, so that the layer zones below see where an import goes.
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })] },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          alphabetize: { order: 'asc', caseInsensitive: true },
          'newlines-between': 'never',
        },
      ],
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: false, peerDependencies: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    // The example app, tests and benchmarks may use devDependencies; the library may not.
    files: ['bin/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: true, peerDependencies: true }],
      'no-console': 'off',
      // Synthesized templates are untyped JSON.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
