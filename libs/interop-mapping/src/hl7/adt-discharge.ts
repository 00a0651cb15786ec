import type { Hl7Message } from '@medplum/core';
import { patientDischargedData, type PatientDischarged } from '@careflow/contracts';
import {
  ADT_VISIT_LOCATIONS,
  componentOf,
  dateOf,
  fieldErrorsOf,
  memberIdOf,
  present,
  type Hl7FieldError,
  type Hl7Location,
} from './hl7-message';
import { diagnosesOf } from './diagnoses';

const LOCATIONS: Record<string, Hl7Location> = {
  ...ADT_VISIT_LOCATIONS,
  dischargeDate: { segment: 'PV1', sequence: 1, field: 45 },
  dischargeDisposition: { segment: 'PV1', sequence: 1, field: 36 },
};

/**
 * ADT^A03 (discharge/end visit) as `patient.discharged`: the member from PID-3 of the plan's
 * assigning authority, the encounter from PV1-19 (visit number), the facility's NPI from MSH-4
 * (universal id when its type is NPI), admission and discharge from PV1-44 and PV1-45, the
 * disposition from PV1-36 and the ICD-10-CM diagnoses of the DG1 segments, principal (DG1-15
 * priority 1) first.
 */
export function readDischarge(
  message: Hl7Message,
  assigningAuthority: string,
): { discharge: PatientDischarged; errors: [] } | { errors: Hl7FieldError[] } {
  const msh = message.getSegment('MSH');
  const pv1 = message.getSegment('PV1');
  const diagnoses = diagnosesOf(message);
  const mapped = fieldErrorsOf(
    patientDischargedData,
    {
      memberId: present(memberIdOf(message.getSegment('PID'), assigningAuthority)),
      encounterId: present(componentOf(pv1, 19, 1)),
      facilityNpi:
        componentOf(msh, 4, 3).toUpperCase() === 'NPI'
          ? present(componentOf(msh, 4, 2))
          : undefined,
      admissionDate: present(dateOf(componentOf(pv1, 44, 1))),
      dischargeDate: present(dateOf(componentOf(pv1, 45, 1))),
      dischargeDisposition: present(componentOf(pv1, 36, 1)) ?? null,
      diagnosisCodes: diagnoses.codes,
    },
    (path) => {
      const [key, index] = path;
      if (key === 'diagnosisCodes')
        return { segment: 'DG1', sequence: diagnoses.sequenceOf(index), field: 3 };
      return LOCATIONS[String(key)] ?? { segment: 'PV1', sequence: 1, field: 45 };
    },
  );
  const errors = [...diagnoses.errors, ...mapped.errors];
  if (errors.length > 0 || mapped.value === undefined) return { errors };
  return { discharge: mapped.value, errors: [] };
}
