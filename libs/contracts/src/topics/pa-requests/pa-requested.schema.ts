import { z } from 'zod';
import {
  hcpcs,
  icd10cm,
  identifier,
  isoDate,
  label,
  list,
  memberId,
  ndc,
  npi,
  usState,
} from '../../primitives';
import { DRUG_CODE_SYSTEMS, PA_BENEFITS, PA_URGENCIES } from '../../reference';
import { defineTopic } from '../../topic';

export const paRequestedData = z.object({
  requestId: identifier,
  memberId,
  benefit: z.enum(PA_BENEFITS),
  drug: z
    .object({
      code: z.string().min(1).max(20).describe('A HCPCS code (e.g. J9035) or an NDC.'),
      codeSystem: z.enum(DRUG_CODE_SYSTEMS),
      name: label(200).nullish(),
      categoryHint: label(100)
        .nullish()
        .describe('What the requester says the drug is (e.g. oncology, biologic); a hint only.'),
    })
    .superRefine((drug, ctx) => {
      const format = drug.codeSystem === 'HCPCS' ? hcpcs : ndc;
      const result = format.safeParse(drug.code);
      if (!result.success) {
        ctx.addIssue({
          code: 'custom',
          path: ['code'],
          message: `not a valid ${drug.codeSystem} code: expected ${result.error.issues[0]?.message ?? 'a code'}`,
          input: drug.code,
        });
      }
    }),
  dateOfService: isoDate,
  urgency: z.enum(PA_URGENCIES),
  requestingProvider: z.object({
    npi,
    name: label(200).nullish(),
    state: usState,
  }),
  diagnosisCodes: list(icd10cm, 25)
    .nullish()
    .describe('ICD-10-CM codes, principal diagnosis first.'),
});
export type PaRequested = z.output<typeof paRequestedData>;

export const paRequestsTopic = defineTopic({
  name: 'pa.requests.v1',
  eventType: 'pa.requested',
  direction: 'consumed',
  publishedUpstreamBy: 'pa-portals',
  summary: 'Prior authorization requests from provider portals and ePA gateways.',
  data: paRequestedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['authorization-routing'],
});
