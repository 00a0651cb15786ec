// Lint rules that catch the bugs this codebase cannot afford: a promise nobody awaits (a lost
// Kafka publish, an un-committed transaction) and a switch that forgets a new event type or status.
import eslint from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// What each kind of project may import (Nx project tags in each project.json). Domain libraries
// and the contract are plain functions and data: no framework, database or broker client.
const INFRASTRUCTURE_PACKAGES = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'kafkajs',
  'express',
  'rxjs',
  'pdfkit',
  'jose',
  'cloudevents',
];
const moduleBoundaries = [
  'error',
  {
    allow: [],
    enforceBuildableLibDependency: false,
    depConstraints: [
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: ['type:contracts'],
        bannedExternalImports: INFRASTRUCTURE_PACKAGES,
      },
      {
        sourceTag: 'type:domain',
        onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
        bannedExternalImports: INFRASTRUCTURE_PACKAGES,
      },
      {
        sourceTag: 'type:infrastructure',
        onlyDependOnLibsWithTags: ['type:infrastructure', 'type:contracts'],
      },
      {
        sourceTag: 'type:service',
        onlyDependOnLibsWithTags: ['type:infrastructure', 'type:domain', 'type:contracts'],
      },
      {
        sourceTag: 'type:tooling',
        onlyDependOnLibsWithTags: [
          'type:infrastructure',
          'type:domain',
          'type:contracts',
          'type:service',
        ],
      },
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'infra/kafka/.cache/**',
      '.data/**',
      'bench/results/**',
      'coverage/**',
      '.nx/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries },
  },
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The workspace checks (test/) read other projects' sources and files directly: they verify
    // the repository as a whole (manifests, ACL table, links), not one project's public API.
    files: ['test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // SQL lives in repositories (one per aggregate, `*.repository.ts`) and migrations; controllers,
    // use cases and handlers ask a repository (see CONTRIBUTING.md, "Layers").
    files: ['services/*/src/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/migrations/**', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder)$/]',
          message:
            'SQL lives in repositories (*.repository.ts) and migrations: see CONTRIBUTING.md.',
        },
      ],
    },
  },
  {
    // Only the messaging library may speak to Kafka directly.
    files: ['services/**/*.ts', 'libs/!(messaging)/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kafkajs', message: 'Use @careflow/messaging.' }] },
      ],
    },
  },
);
