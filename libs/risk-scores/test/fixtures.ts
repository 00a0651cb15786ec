import {
  normalizeCode,
  type DiagnosisRecord,
  type InpatientStayRecord,
} from '@careflow/ccm-criteria';

// The risk score reads the profile's diagnoses and stays as the profile fold leaves them (paid
// claims only, normalized codes; see libs/ccm-criteria): these build those records directly.

export const AS_OF = '2026-06-15';
export const FACILITY_A = '1111111111';
export const FACILITY_B = '2222222222';

let seq = 0;

/** The diagnoses of one claim dated `date`, principal first. */
export function claimDiagnoses(date: string, codes: string[]): DiagnosisRecord[] {
  const source = { kind: 'medical-claim' as const, id: `CLM-${++seq}` };
  return codes.map((code, position) => ({ code: normalizeCode(code), date, position, source }));
}

export function stay(
  admissionDate: string,
  dischargeDate: string,
  kind: 'medical-claim' | 'adt-discharge' = 'medical-claim',
  facilityNpi = FACILITY_A,
): InpatientStayRecord {
  return {
    facilityNpi,
    admissionDate,
    dischargeDate,
    principalDiagnosis: null,
    diagnosisCodes: [],
    dischargeDisposition: null,
    source: { kind, id: `${kind === 'medical-claim' ? 'CLM' : 'ENC'}-${++seq}` },
  };
}
