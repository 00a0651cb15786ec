import type { Hl7Message, Hl7Segment } from '@medplum/core';
import { labResultReportedData, type LabResultReported } from '@careflow/contracts';
import {
  componentOf,
  dateOf,
  fieldErrorsOf,
  fieldOf,
  memberIdOf,
  present,
  type Hl7FieldError,
} from './hl7-message';

const FIELD_OF: Record<string, number> = {
  loinc: 3,
  value: 5,
  unit: 6,
  referenceRange: 7,
  abnormalFlag: 8,
  resultDate: 14,
};

/** OBX-3's LOINC code: the identifier when its coding system is LN, else the alternate's. */
function loincOf(obx: Hl7Segment): string | undefined {
  if (componentOf(obx, 3, 3) === 'LN') return present(componentOf(obx, 3, 1));
  if (componentOf(obx, 3, 6) === 'LN') return present(componentOf(obx, 3, 4));
  return undefined;
}

/** OBX-5 by its value type (OBX-2): a number for NM (undefined when not one), the text of a coded value, else text. */
function valueOf(obx: Hl7Segment): number | string | null | undefined {
  const type = fieldOf(obx, 2);
  const text = fieldOf(obx, 5);
  if (text === '') return null;
  if (type === 'NM') return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  if (type === 'CE' || type === 'CWE')
    return present(componentOf(obx, 5, 2)) ?? componentOf(obx, 5, 1);
  return text;
}

/**
 * ORU^R01 as one `lab-result.reported` per OBX: LOINC from OBX-3, value OBX-5 (by OBX-2), unit
 * OBX-6, reference range OBX-7, abnormal flag OBX-8, the date of OBX-14 (else of its OBR-7), and
 * an id of the order's filler number (OBR-3, else placer OBR-2) and OBX-1.
 */
export function readLabResults(
  message: Hl7Message,
  assigningAuthority: string,
): { results: LabResultReported[]; errors: [] } | { errors: Hl7FieldError[] } {
  const memberId = present(memberIdOf(message.getSegment('PID'), assigningAuthority));
  const results: LabResultReported[] = [];
  const errors: Hl7FieldError[] = [];
  let obr: Hl7Segment | undefined;
  let obxSequence = 0;
  for (const segment of message.segments) {
    if (segment.name === 'OBR') obr = segment;
    if (segment.name !== 'OBX') continue;
    obxSequence += 1;
    const sequence = obxSequence;
    const order = present(componentOf(obr, 3, 1)) ?? present(componentOf(obr, 2, 1));
    const value = valueOf(segment);
    const mapped = fieldErrorsOf(
      labResultReportedData,
      {
        resultId: order === undefined ? undefined : `${order}-${fieldOf(segment, 1) || sequence}`,
        memberId,
        loinc: loincOf(segment),
        value,
        unit: present(componentOf(segment, 6, 1)) ?? null,
        referenceRange: present(fieldOf(segment, 7)) ?? null,
        abnormalFlag: present(componentOf(segment, 8, 1)) ?? null,
        resultDate: present(dateOf(componentOf(segment, 14, 1) || componentOf(obr, 7, 1))),
      },
      ([key]) => {
        if (key === 'memberId') return { segment: 'PID', sequence: 1, field: 3 };
        if (key === 'resultId') return { segment: 'OBR', sequence: 1, field: 3 };
        return { segment: 'OBX', sequence, field: FIELD_OF[String(key)] ?? 5 };
      },
    );
    if (value === undefined) errors.push({ segment: 'OBX', sequence, field: 5, code: '102' });
    if (mapped.value !== undefined) results.push(mapped.value);
    else errors.push(...mapped.errors);
  }
  if (obxSequence === 0) errors.push({ segment: 'OBX', sequence: 1, field: 3, code: '101' });
  return errors.length > 0 ? { errors } : { results, errors: [] };
}
