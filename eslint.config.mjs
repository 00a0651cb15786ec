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
// Files that still hold SQL outside a repository: the service-layer work (issue #26) empties this
// list; nothing may be added to it.
const SQL_OUTSIDE_REPOSITORIES = [
  'services/authorization-routing/src/determinations/determination-store.ts',
  'services/authorization-routing/src/housekeeping/housekeeping.ts',
  'services/authorization-routing/src/http/pa-requests.controller.ts',
  'services/authorization-routing/src/policies/policy-store.ts',
  'services/authorization-routing/src/replay/replay.ts',
  'services/authorization-routing/src/routing/routing.service.ts',
  'services/case-management/src/adherence/adherence.service.ts',
  'services/case-management/src/cases/case-managers.service.ts',
  'services/case-management/src/cases/cases.controller.ts',
  'services/case-management/src/cases/cases.service.ts',
  'services/case-management/src/cases/hospital-stays.ts',
  'services/case-management/src/identification/identification.service.ts',
  'services/case-management/src/identification/profile-store.ts',
  'services/case-management/src/referrals/referrals.service.ts',
  'services/case-management/src/reviews/monthly-review.service.ts',
  'services/eligibility/src/caseload/caseload.events.ts',
  'services/eligibility/src/coverage-history/coverage-ingest.ts',
  'services/eligibility/src/coverage-history/coverage.reads.ts',
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
    // SQL lives in repositories (one per aggregate, `*.repository.ts`) and migrations; controllers,
    // use cases and handlers ask a repository (see CONTRIBUTING.md, "Layers").
    files: ['services/*/src/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      '**/migrations/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      ...SQL_OUTSIDE_REPOSITORIES,
    ],
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
