// Two explicit suites: `unit` (pure functions, no infrastructure) and `integration` (the real
// Kafka broker and PostgreSQL that scripts/test.sh brings up). Libraries resolve to their sources
// so tests never depend on a stale build.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@careflow/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' },
  modulePathIgnorePatterns: [
    '<rootDir>/dist',
    '<rootDir>/libs/.*/dist',
    '<rootDir>/services/.*/dist',
    '<rootDir>/bench/dist',
  ],
};
module.exports = {
  testSequencer: '<rootDir>/test/unit-sequencer.js',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,tools,test,bench,chaos}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,test,chaos}/**/*.int-spec.ts'],
      setupFiles: ['<rootDir>/test/integration-env.js'],
      setupFilesAfterEnv: ['<rootDir>/test/integration-timeout.js'],
    },
  ],
};
