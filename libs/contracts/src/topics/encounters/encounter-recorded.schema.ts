import { z } from 'zod';
import { icd10cm, identifier, isoDate, list, memberId, procedureCode } from '../../primitives';
import { defineTopic } from '../../topic';

export const encounterRecordedData = z.object({
  encounterId: identifier,
  memberId,
  serviceDate: isoDate,
  diagnosisCodes: list(icd10cm, 25).min(1).describe('ICD-10-CM codes, principal diagnosis first.'),
  procedureCodes: list(procedureCode, 100).nullish().describe('CPT or HCPCS codes.'),
});
export type EncounterRecorded = z.output<typeof encounterRecordedData>;

export const encountersTopic = defineTopic({
  name: 'encounters.v1',
  eventType: 'encounter.recorded',
  direction: 'consumed',
  publishedUpstreamBy: 'encounters',
  summary: 'Encounter data (capitated and other non-claim encounters).',
  data: encounterRecordedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
