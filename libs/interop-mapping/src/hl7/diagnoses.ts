import type { Hl7Message } from '@medplum/core';
import { componentOf, type Hl7FieldError } from './hl7-message';

/** Diagnosis coding systems (DG1-3.3, HL7 table 0396) that name ICD-10-CM. */
const ICD10CM_SYSTEMS = new Set(['I10', 'I10C', 'ICD10CM', 'ICD-10-CM']);

export interface Hl7Diagnoses {
  /** DG1-3 codes, the one of DG1-15 priority 1 first, then in message order. */
  readonly codes: string[];
  /** DG1-3.3 naming a coding system other than ICD-10-CM (103). */
  readonly errors: Hl7FieldError[];
  /** The DG1 sequence (1-based) of the code at `index` of `codes`, for an error's location. */
  sequenceOf(index: PropertyKey | undefined): number;
}

/** The ICD-10-CM diagnoses of a message's DG1 segments, principal (DG1-15 priority 1) first. */
export function diagnosesOf(message: Hl7Message): Hl7Diagnoses {
  const segments = message.getAllSegments('DG1');
  const errors: Hl7FieldError[] = [];
  segments.forEach((dg1, index) => {
    const system = componentOf(dg1, 3, 3);
    if (system !== '' && !ICD10CM_SYSTEMS.has(system.toUpperCase()))
      errors.push({ segment: 'DG1', sequence: index + 1, field: 3, component: 3, code: '103' });
  });
  const ordered = segments
    .map((dg1, index) => ({
      code: componentOf(dg1, 3, 1),
      principal: componentOf(dg1, 15, 1) === '1',
      index,
    }))
    .sort((a, b) => Number(b.principal) - Number(a.principal) || a.index - b.index);
  return {
    codes: ordered.map((d) => d.code),
    errors,
    sequenceOf: (index) => (typeof index === 'number' ? (ordered[index]?.index ?? 0) + 1 : 1),
  };
}
