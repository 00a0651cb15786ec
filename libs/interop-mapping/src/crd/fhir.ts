import { z } from 'zod';

/**
 * The parts of FHIR R4 resources and of a CDS Hooks 2.0 request that CRD reads, as zod schemas:
 * the request comes from outside, so what is read is validated; every other element passes
 * through untouched (a coverage-information update must send the order back unchanged but for the
 * extension, CRD cards.md resp-37).
 */
export const codingSchema = z.looseObject({
  system: z.string().max(500).optional(),
  code: z.string().max(200).optional(),
  display: z.string().max(2000).optional(),
});
export const codeableConceptSchema = z.looseObject({
  coding: z.array(codingSchema).max(100).optional(),
  text: z.string().max(2000).optional(),
});
export const referenceSchema = z.looseObject({
  reference: z.string().max(1000).optional(),
  display: z.string().max(2000).optional(),
});
export const identifierSchema = z.looseObject({
  type: codeableConceptSchema.optional(),
  system: z.string().max(500).optional(),
  value: z.string().max(200).optional(),
});
const periodSchema = z.looseObject({
  start: z.string().max(40).optional(),
  end: z.string().max(40).optional(),
});
const extensionSchema = z.looseObject({ url: z.string().max(500) });

const resourceBase = {
  id: z.string().max(64).optional(),
  extension: z.array(extensionSchema).max(200).optional(),
};

export const patientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  ...resourceBase,
  identifier: z.array(identifierSchema).max(50).optional(),
});
export const coverageSchema = z.looseObject({
  resourceType: z.literal('Coverage'),
  ...resourceBase,
  identifier: z.array(identifierSchema).max(50).optional(),
  subscriberId: z.string().max(200).optional(),
  status: z.string().max(40).optional(),
});
const addressSchema = z.looseObject({ state: z.string().max(100).optional() });
export const practitionerSchema = z.looseObject({
  resourceType: z.literal('Practitioner'),
  ...resourceBase,
  identifier: z.array(identifierSchema).max(50).optional(),
  address: z.array(addressSchema).max(20).optional(),
});

const orderBase = {
  ...resourceBase,
  status: z.string().max(40).optional(),
  priority: z.string().max(40).optional(),
  authoredOn: z.string().max(40).optional(),
  reasonCode: z.array(codeableConceptSchema).max(50).optional(),
  requester: referenceSchema.optional(),
};
export const serviceRequestSchema = z.looseObject({
  resourceType: z.literal('ServiceRequest'),
  ...orderBase,
  code: codeableConceptSchema.optional(),
  occurrenceDateTime: z.string().max(40).optional(),
  occurrencePeriod: periodSchema.optional(),
});
export const medicationRequestSchema = z.looseObject({
  resourceType: z.literal('MedicationRequest'),
  ...orderBase,
  medicationCodeableConcept: codeableConceptSchema.optional(),
  medicationReference: referenceSchema.optional(),
  dispenseRequest: z.looseObject({ validityPeriod: periodSchema.optional() }).optional(),
});
export const deviceRequestSchema = z.looseObject({
  resourceType: z.literal('DeviceRequest'),
  ...orderBase,
  codeCodeableConcept: codeableConceptSchema.optional(),
  occurrenceDateTime: z.string().max(40).optional(),
  occurrencePeriod: periodSchema.optional(),
});

export type FhirCoding = z.output<typeof codingSchema>;
export type FhirCodeableConcept = z.output<typeof codeableConceptSchema>;
export type FhirIdentifier = z.output<typeof identifierSchema>;
export type FhirPatient = z.output<typeof patientSchema>;
export type FhirCoverage = z.output<typeof coverageSchema>;
export type FhirPractitioner = z.output<typeof practitionerSchema>;
export type FhirServiceRequest = z.output<typeof serviceRequestSchema>;
export type FhirMedicationRequest = z.output<typeof medicationRequestSchema>;
export type FhirDeviceRequest = z.output<typeof deviceRequestSchema>;
export type FhirOrder = FhirServiceRequest | FhirMedicationRequest | FhirDeviceRequest;

/** A resource of any type: its type and id are read, the rest is kept as sent. */
const anyResourceSchema = z.looseObject({
  resourceType: z.string().max(64),
  id: z.string().max(64).optional(),
});
export type AnyFhirResource = z.output<typeof anyResourceSchema>;

const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z
    .array(z.looseObject({ fullUrl: z.string().max(1000).optional(), resource: anyResourceSchema }))
    .max(200)
    .optional(),
});
export type FhirBundle = z.output<typeof bundleSchema>;

/** A prefetch value: the resource, a search Bundle of them, or null (the EHR found nothing). */
const prefetchValueSchema = z.union([anyResourceSchema, z.null()]);

/** The hooks this service answers (CDS Hooks 2.0 hook names). */
export const CRD_HOOKS = ['order-sign', 'order-select'] as const;
export type CrdHook = (typeof CRD_HOOKS)[number];

/** A CDS Hooks 2.0 service request ("Calling a CDS Service"), for order-sign and order-select. */
export const cdsHookRequestSchema = z.looseObject({
  hook: z.enum(CRD_HOOKS),
  hookInstance: z.string().min(1).max(100),
  fhirServer: z.string().max(1000).optional(),
  fhirAuthorization: z.looseObject({}).optional(),
  context: z.looseObject({
    userId: z.string().max(200).optional(),
    patientId: z.string().min(1).max(64),
    encounterId: z.string().max(64).optional(),
    /** order-select only: the ids (`MedicationRequest/123`) of the orders just selected. */
    selections: z.array(z.string().max(200)).max(200).optional(),
    draftOrders: bundleSchema,
  }),
  prefetch: z.record(z.string().max(100), prefetchValueSchema).optional(),
  extension: z.looseObject({}).optional(),
});
export type CdsHookRequest = z.output<typeof cdsHookRequestSchema>;

export const FHIR_SYSTEMS = {
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  /** The http form some EHRs send for the same code system. */
  hcpcsHttp: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  cpt: 'http://www.ama-assn.org/go/cpt',
  ndc: 'http://hl7.org/fhir/sid/ndc',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
} as const;
