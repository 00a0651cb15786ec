import { classifyDrug, type PaRoutingRequest } from '@careflow/michigan-policy';
import {
  coverageSchema,
  deviceRequestSchema,
  FHIR_SYSTEMS,
  medicationRequestSchema,
  patientSchema,
  practitionerSchema,
  serviceRequestSchema,
  type AnyFhirResource,
  type CdsHookRequest,
  type FhirCodeableConcept,
  type FhirCoverage,
  type FhirIdentifier,
  type FhirOrder,
  type FhirPatient,
  type FhirPractitioner,
} from './fhir';

/** The prefetch template this service asks for (CRD hooks.md, the "Coverage" and "Patient" keys). */
export const CRD_PREFETCH = {
  patient: 'Patient/{{context.patientId}}',
  coverage: 'Coverage?patient={{context.patientId}}&status=active',
  practitioner: '{{context.userId}}',
} as const;

/** One order of the hook, kept as sent (its coverage-information update must not change it). */
export interface OrderInHook {
  readonly resourceType: FhirOrder['resourceType'];
  readonly id: string;
  readonly resource: AnyFhirResource;
}

/** What this service can say about one order. */
export type OrderReading =
  /** A drug order the routing policy can decide: the request it is routed as. */
  | { kind: 'drug'; order: OrderInHook; request: PaRoutingRequest; notes: string[] }
  /** A drug order whose codes the policy does not know (RxNorm only): more detail needed. */
  | { kind: 'drug-code-needed'; order: OrderInHook; reason: string }
  /** Not a drug the policy routes (a CPT procedure, a device): no coverage assertion. */
  | { kind: 'out-of-scope'; order: OrderInHook; reason: string };

export type HookReading =
  /** Patient or Coverage neither prefetched nor fetched: nothing can be asserted. */
  | { kind: 'prefetch-missing'; missing: ('patient' | 'coverage')[] }
  | {
      kind: 'ready';
      /** The plan's member id from Coverage (or Patient); null when none is recognizable. */
      memberId: string | null;
      /** `Coverage/<id>`: the coverage every assertion is made against. */
      coverageReference: string;
      orders: OrderReading[];
    };

export interface HookReadingOptions {
  /** YYYY-MM-DD: the date of service of an order that states none (the assertion date). */
  readonly today: string;
  /** The ordering provider's state when the request does not say (two letters, e.g. MI). */
  readonly defaultProviderState: string;
  /** Identifier systems of the plan's member ids; empty: any identifier typed MB. */
  readonly memberIdSystems: readonly string[];
}

const MEMBER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const EXPEDITED_PRIORITIES = new Set(['urgent', 'asap', 'stat']);

/** The first resource of a prefetch value: the resource itself, or the first entry of a Bundle. */
function firstResource(value: AnyFhirResource | null | undefined): AnyFhirResource | null {
  if (!value) return null;
  if (value.resourceType !== 'Bundle') return value;
  const entries = (value as { entry?: { resource?: AnyFhirResource }[] }).entry ?? [];
  return entries[0]?.resource ?? null;
}

function parsed<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
): T | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

function isMemberNumber(id: FhirIdentifier): boolean {
  return (id.type?.coding ?? []).some(
    (c) => c.system === FHIR_SYSTEMS.identifierType && c.code === 'MB',
  );
}

/**
 * The plan's member id: the Coverage identifier typed MB (member number, CRD Coverage profile),
 * else Coverage.subscriberId, else the Patient identifier typed MB; with `memberIdSystems` set,
 * only identifiers of those systems count. Null when none is a valid Careflow member id.
 */
export function crdMemberIdOf(
  coverage: FhirCoverage | null,
  patient: FhirPatient | null,
  memberIdSystems: readonly string[] = [],
): string | null {
  const ours = (id: FhirIdentifier) =>
    isMemberNumber(id) &&
    (memberIdSystems.length === 0 || memberIdSystems.includes(id.system ?? ''));
  const candidates = [
    coverage?.identifier?.find(ours)?.value,
    memberIdSystems.length === 0 ? coverage?.subscriberId : undefined,
    patient?.identifier?.find(ours)?.value,
  ];
  return candidates.find((c): c is string => c !== undefined && MEMBER_ID.test(c)) ?? null;
}

function codingsOf(concept: FhirCodeableConcept | undefined, ...systems: string[]) {
  return (concept?.coding ?? []).filter((c) => systems.includes(c.system ?? '') && c.code);
}

function dateOf(value: string | undefined): string | null {
  return value !== undefined && ISO_DATE.test(value) ? value.slice(0, 10) : null;
}

/** When the order is to happen: its occurrence, else its dispense validity, else its authoring. */
function dateOfService(order: FhirOrder, today: string): string {
  const planned =
    order.resourceType === 'MedicationRequest'
      ? order.dispenseRequest?.validityPeriod?.start
      : (order.occurrenceDateTime ?? order.occurrencePeriod?.start);
  return dateOf(planned) ?? dateOf(order.authoredOn) ?? today;
}

function codeOf(order: FhirOrder): FhirCodeableConcept | undefined {
  switch (order.resourceType) {
    case 'ServiceRequest':
      return order.code;
    case 'MedicationRequest':
      return order.medicationCodeableConcept;
    case 'DeviceRequest':
      return order.codeCodeableConcept;
  }
}

function parseOrder(resource: AnyFhirResource): FhirOrder | null {
  switch (resource.resourceType) {
    case 'ServiceRequest':
      return parsed(serviceRequestSchema, resource);
    case 'MedicationRequest':
      return parsed(medicationRequestSchema, resource);
    case 'DeviceRequest':
      return parsed(deviceRequestSchema, resource);
    default:
      return null;
  }
}

function providerOf(
  practitioner: FhirPractitioner | null,
  defaultState: string,
  notes: string[],
): PaRoutingRequest['requestingProvider'] {
  const npi =
    practitioner?.identifier?.find((i) => i.system === FHIR_SYSTEMS.npi)?.value?.trim() ?? '';
  const state = practitioner?.address
    ?.map((a) => a.state?.trim().toUpperCase())
    .find((s) => s !== undefined && /^[A-Z]{2}$/.test(s));
  if (!state)
    notes.push(
      `The ordering practitioner's state is not in the request (prefetch "practitioner", Practitioner.address.state), so the order is routed as from ${defaultState} (CRD_DEFAULT_PROVIDER_STATE).`,
    );
  return { npi, state: state ?? defaultState };
}

/**
 * Reads one order as the PA request authorization-routing would route: HCPCS (the medical
 * benefit) or NDC (the pharmacy benefit) from the order's code, ICD-10-CM reasons as diagnoses,
 * urgent/asap/stat priority as expedited. A ServiceRequest or DeviceRequest is a drug only by an
 * HCPCS code (a J-code given in the office); CPT procedures and devices are outside the policy.
 */
export function readOrder(
  resource: AnyFhirResource,
  practitioner: FhirPractitioner | null,
  options: HookReadingOptions,
): OrderReading | null {
  const order = parseOrder(resource);
  if (!order) return null;
  const ref: OrderInHook = {
    resourceType: order.resourceType,
    id: order.id ?? '',
    resource,
  };
  const code = codeOf(order);
  const hcpcs = codingsOf(code, FHIR_SYSTEMS.hcpcs, FHIR_SYSTEMS.hcpcsHttp)[0];
  const ndc = codingsOf(code, FHIR_SYSTEMS.ndc)[0];
  const isMedication = order.resourceType === 'MedicationRequest';
  const drug =
    hcpcs !== undefined && (isMedication || isDrugHcpcs(hcpcs.code!))
      ? { benefit: 'medical' as const, code: hcpcs, codeSystem: 'HCPCS' as const }
      : isMedication && ndc !== undefined
        ? { benefit: 'pharmacy' as const, code: ndc, codeSystem: 'NDC' as const }
        : null;
  if (drug === null) {
    if (isMedication)
      return {
        kind: 'drug-code-needed',
        order: ref,
        reason:
          codingsOf(code, FHIR_SYSTEMS.rxnorm).length > 0
            ? 'The order names the drug by RxNorm only; the routing policy classifies drugs by HCPCS (medical benefit) or NDC (pharmacy benefit) code. Add the HCPCS or NDC code of the drug.'
            : 'The order names no HCPCS or NDC code of the drug (a contained or referenced Medication is not read); the routing policy classifies drugs by those codes.',
      };
    return {
      kind: 'out-of-scope',
      order: ref,
      reason: `The routing policy decides prior authorization routing of drugs only; this ${order.resourceType} has no HCPCS drug code (a J-code or one of the drug class reference).`,
    };
  }
  const notes: string[] = [];
  const diagnosisCodes = (order.reasonCode ?? [])
    .flatMap((r) => codingsOf(r, FHIR_SYSTEMS.icd10cm))
    .map((c) => c.code!.trim());
  return {
    kind: 'drug',
    order: ref,
    notes,
    request: {
      benefit: drug.benefit,
      drug: {
        code: drug.code.code!.trim(),
        codeSystem: drug.codeSystem,
        name: drug.code.display ?? code?.text ?? null,
      },
      dateOfService: dateOfService(order, options.today),
      urgency: EXPEDITED_PRIORITIES.has(order.priority ?? '') ? 'expedited' : 'standard',
      requestingProvider: providerOf(practitioner, options.defaultProviderState, notes),
      diagnosisCodes,
    },
  };
}

/**
 * An HCPCS code on a ServiceRequest or DeviceRequest is a drug when it is a J-code (drugs
 * administered other than by mouth) or one the drug class reference knows (Q-code biosimilars);
 * other HCPCS codes (E-codes of equipment, as in the IG's oxygen example) are not drugs.
 */
function isDrugHcpcs(code: string): boolean {
  const c = code.trim().toUpperCase();
  return c.startsWith('J') || classifyDrug({ code: c, codeSystem: 'HCPCS' }).category !== null;
}

function ordersOf(request: CdsHookRequest): AnyFhirResource[] {
  const all = (request.context.draftOrders.entry ?? []).map((e) => e.resource);
  if (request.hook !== 'order-select') return all;
  // order-select: only the orders just selected (CDS Hooks order-select, context.selections).
  const selected = new Set(request.context.selections ?? []);
  return all.filter((r) => selected.has(`${r.resourceType}/${r.id ?? ''}`));
}

/** Reads a CDS Hooks request: the member, the coverage and what can be said of each order. */
export function readHookRequest(request: CdsHookRequest, options: HookReadingOptions): HookReading {
  const prefetch = request.prefetch ?? {};
  const patient = parsed(patientSchema, firstResource(prefetch['patient']));
  const coverage = parsed(coverageSchema, firstResource(prefetch['coverage']));
  const missing = [
    ...(patient === null ? (['patient'] as const) : []),
    ...(coverage === null ? (['coverage'] as const) : []),
  ];
  if (missing.length > 0) return { kind: 'prefetch-missing', missing };
  // `practitioner` is this service's key; `practitioners` the one of the IG's examples.
  const practitioner = parsed(
    practitionerSchema,
    firstResource(prefetch['practitioner'] ?? prefetch['practitioners']),
  );
  return {
    kind: 'ready',
    memberId: crdMemberIdOf(coverage, patient, options.memberIdSystems),
    coverageReference: `Coverage/${coverage!.id ?? ''}`,
    orders: ordersOf(request)
      .map((r) => readOrder(r, practitioner, options))
      .filter((o): o is OrderReading => o !== null),
  };
}
