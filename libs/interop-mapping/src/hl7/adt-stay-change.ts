import type { Hl7Message } from '@medplum/core';
import {
  hospitalStayChangedData,
  type HospitalStayChange,
  type HospitalStayChanged,
} from '@careflow/contracts';
import { diagnosesOf } from './diagnoses';
import {
  ADT_VISIT_LOCATIONS,
  componentOf,
  dateOf,
  fieldErrorsOf,
  memberIdOf,
  present,
  type Hl7FieldError,
} from './hl7-message';

/**
 * ADT^A01 (admitted), ADT^A11 (admission-cancelled) and ADT^A13 (discharge-cancelled) as
 * `hospital-stay.changed`: the member from PID-3 of the plan's assigning authority and the visit
 * from PV1-19, as for A03, so a cancellation names the stay it cancels; the admission date from
 * PV1-44 (required for A01, HL7 v2.5.1 3.3.1), the facility's NPI from MSH-4 and the ICD-10-CM
 * diagnoses of the DG1 segments when present (admitting or working diagnoses).
 */
export function readStayChange(
  message: Hl7Message,
  change: HospitalStayChange,
  assigningAuthority: string,
): { stayChange: HospitalStayChanged; errors: [] } | { errors: Hl7FieldError[] } {
  const msh = message.getSegment('MSH');
  const pv1 = message.getSegment('PV1');
  const diagnoses = diagnosesOf(message);
  const mapped = fieldErrorsOf(
    hospitalStayChangedData,
    {
      encounterId: present(componentOf(pv1, 19, 1)),
      memberId: present(memberIdOf(message.getSegment('PID'), assigningAuthority)),
      change,
      facilityNpi:
        componentOf(msh, 4, 3).toUpperCase() === 'NPI'
          ? (present(componentOf(msh, 4, 2)) ?? null)
          : null,
      admissionDate: present(dateOf(componentOf(pv1, 44, 1))) ?? null,
      diagnosisCodes: diagnoses.codes.length > 0 ? diagnoses.codes : null,
    },
    (path) => {
      const [key, index] = path;
      if (key === 'diagnosisCodes')
        return { segment: 'DG1', sequence: diagnoses.sequenceOf(index), field: 3 };
      return ADT_VISIT_LOCATIONS[String(key)] ?? { segment: 'PV1', sequence: 1, field: 19 };
    },
  );
  const errors = [...diagnoses.errors, ...mapped.errors];
  if (errors.length > 0 || mapped.value === undefined) return { errors };
  return { stayChange: mapped.value, errors: [] };
}
