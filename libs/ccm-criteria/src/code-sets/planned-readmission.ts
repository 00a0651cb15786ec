/**
 * Always-planned readmissions of the CMS Planned Readmission Algorithm (version 4.0, used by the
 * CMS Hospital-Wide and condition-specific readmission measures): a readmission for maintenance
 * chemotherapy or rehabilitation (principal diagnosis) or for a transplant (procedure, the
 * transplant code set) is scheduled care and not a readmission "with the same condition". Used by
 * `plannedRule: always-planned` (2026.1); 2027.1 applies the CMS tables PR.1–PR.4 instead
 * (`planned-readmission-table.ts`), including the "potentially planned procedure without an acute
 * diagnosis" branch.
 */
import type { CodeGroup } from './schema';

export const PLANNED_READMISSION_DIAGNOSES_2026_1: CodeGroup = {
  id: 'always-planned-readmission',
  label: 'Always-planned readmission (maintenance chemotherapy, rehabilitation)',
  codes: { 'ICD-10-CM': ['Z5111', 'Z5112', 'Z5189'] },
  sources: [
    {
      reference:
        'CMS Planned Readmission Algorithm, Version 4.0 (Hospital-Wide All-Cause Unplanned Readmission measure, 2025)',
      detail:
        'Table PR.2 always-planned diagnosis categories: maintenance chemotherapy (Z51.11, Z51.12), rehabilitation (Z51.89); Table PR.1 always-planned procedures: transplants',
      url: 'https://qualitynet.cms.gov/inpatient/measures/readmission/methodology',
    },
  ],
};
