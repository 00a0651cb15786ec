import { z } from 'zod';
import { identifier, isoDate, loinc, memberId, text } from '../../primitives';
import { defineTopic } from '../../topic';

export const labResultReportedData = z.object({
  resultId: identifier,
  memberId,
  loinc,
  value: z
    .union([z.number(), text(200)])
    .nullish()
    .describe('The result: a number, or text for qualitative results.'),
  unit: text(50).nullish().describe('UCUM unit, e.g. mg/dL or %.'),
  referenceRange: text(60)
    .nullish()
    .describe('Reference range as the laboratory reports it (HL7 OBX-7), e.g. 70-99 or <5.7.'),
  abnormalFlag: text(10).nullish().describe('HL7 abnormal flag, e.g. H, L, HH, LL, A, N.'),
  resultDate: isoDate,
});
export type LabResultReported = z.output<typeof labResultReportedData>;

export const labResultsTopic = defineTopic({
  name: 'labs.results.v1',
  eventType: 'lab-result.reported',
  direction: 'consumed',
  publishedUpstreamBy: 'labs',
  summary: 'Laboratory results.',
  data: labResultReportedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
