import { toJsonSchema } from './asyncapi';
import { allTopics, topics, type TopicName } from './catalog';
import { sampleEventOf, sampleEvents } from './fixtures';
import {
  CASE_STATUSES,
  CCM_CRITERION_IDS,
  KNOWN_GROUP_IDS,
  LINES_OF_BUSINESS,
  VENDOR_IDS,
  isKnownGroupId,
} from './reference';
import { EventValidationError, parseEventData, validateEventData } from './validate';

type Obj = { [key: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every sub-schema of a JSON Schema, with its path. */
function* walk(schema: unknown, at = '$'): Generator<[string, Obj]> {
  if (!isObj(schema)) return;
  yield [at, schema];
  for (const alt of [
    ...((schema.anyOf as unknown[]) ?? []),
    ...((schema.oneOf as unknown[]) ?? []),
  ]) {
    yield* walk(alt, at);
  }
  if (schema.items !== undefined) yield* walk(schema.items, `${at}[]`);
  if (isObj(schema.properties)) {
    for (const [k, v] of Object.entries(schema.properties)) yield* walk(v, `${at}.${k}`);
  }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const topicCases = allTopics.map((t) => [t.name, t] as const);

describe('sample events', () => {
  it('exist for every topic', () => {
    expect(Object.keys(sampleEvents).sort()).toEqual(allTopics.map((t) => t.name).sort());
  });

  it.each(topicCases)('%s: every sample is valid and comes back unchanged', (name, topic) => {
    for (const sample of sampleEvents[name]) {
      const result = validateEventData(topic, sample);
      if (!result.success) throw new Error(result.message);
      expect(result.data).toEqual(sample);
      expect(topic.keyOf(result.data as never)).toBe((sample as { memberId: string }).memberId);
    }
  });
});

describe('schemas', () => {
  it.each(topicCases)('%s: every string and every list is bounded', (_name, topic) => {
    const unbounded: string[] = [];
    for (const [at, s] of walk(toJsonSchema(topic.data))) {
      if (
        s.type === 'string' &&
        s.maxLength === undefined &&
        s.enum === undefined &&
        s.const === undefined
      ) {
        unbounded.push(at);
      }
      if (s.type === 'array' && s.maxItems === undefined) unbounded.push(at);
    }
    expect(unbounded).toEqual([]);
  });

  /**
   * Fields added to a produced topic after its first release: the platform writes them (null where
   * not applicable), but the schema accepts events published before they existed (replays).
   */
  const OPTIONAL_ADDITIONS: Readonly<Record<string, readonly string[]>> = {
    'ccm.cases.v1': ['closureReason'],
    'ccm.clinical-status-updates.v1': ['origin', 'retracts'],
    'eligibility.member-coverage.v1': ['member'],
    'pcp.notifications.v1': ['delivery'],
  };
  /** The same for fields added inside an object: `<topic> <JSON path>`. */
  const NESTED_OPTIONAL_ADDITIONS: Readonly<Record<string, readonly string[]>> = {
    'pa.routing-decisions.v1 $.supersedes': ['eventId'],
  };

  it.each(topicCases.filter(([, t]) => t.direction !== 'consumed'))(
    '%s: the platform always writes every field (null where not applicable)',
    (_name, topic) => {
      for (const [at, s] of walk(toJsonSchema(topic.data))) {
        if (isObj(s.properties)) {
          const added =
            at === '$'
              ? (OPTIONAL_ADDITIONS[topic.name] ?? [])
              : (NESTED_OPTIONAL_ADDITIONS[`${topic.name} ${at}`] ?? []);
          expect({ at, required: [...((s.required as string[]) ?? []), ...added].sort() }).toEqual({
            at,
            required: Object.keys(s.properties).sort(),
          });
        }
      }
      const first = sampleEventOf(topic.name);
      const [firstKey] = Object.keys(first);
      const missing: Obj = { ...first };
      for (const k of Object.keys(missing))
        if (k !== 'memberId' && k !== firstKey) delete missing[k];
      expect(validateEventData(topic, missing).success).toBe(false);
    },
  );

  it('produced topics accept null where the contract allows it', () => {
    const decision = {
      ...clone(sampleEventOf('pa.routing-decisions.v1')),
      vendor: null,
      dueBy: null,
    };
    expect(validateEventData(topics.paRoutingDecisions, decision).success).toBe(true);
    const withoutVendor: Obj = { ...decision };
    delete withoutVendor.vendor;
    expect(validateEventData(topics.paRoutingDecisions, withoutVendor)).toMatchObject({
      success: false,
      message: 'vendor: required',
    });
  });

  it('a re-decision names the decision it supersedes; a first decision needs no such field', () => {
    const decision = clone(sampleEventOf('pa.routing-decisions.v1'));
    expect(validateEventData(topics.paRoutingDecisions, decision).success).toBe(true);
    const redecided = {
      ...decision,
      supersedes: {
        outcome: 'not-eligible',
        ruleTrace: ['coverage.not-in-force'],
        policyVersion: 'mi-um-2025.1',
        decidedAt: '2025-06-13T14:30:00Z',
      },
    };
    // Published before supersedes.eventId existed: still valid.
    expect(validateEventData(topics.paRoutingDecisions, redecided).success).toBe(true);
    for (const eventId of ['6f1c2b8e-3d4a-4c5e-9b7f-1a2b3c4d5e6f', null]) {
      expect(
        validateEventData(topics.paRoutingDecisions, {
          ...redecided,
          supersedes: { ...redecided.supersedes, eventId },
        }).success,
      ).toBe(true);
    }
    expect(
      validateEventData(topics.paRoutingDecisions, {
        ...redecided,
        supersedes: { ...redecided.supersedes, eventId: '' },
      }).success,
    ).toBe(false);
    expect(
      validateEventData(topics.paRoutingDecisions, {
        ...redecided,
        supersedes: { ...redecided.supersedes, outcome: 'maybe' },
      }).success,
    ).toBe(false);
  });

  it('a pended request says why and until when', () => {
    const pended = clone(sampleEventOf('pa.request-status.v1'));
    expect(validateEventData(topics.paRequestStatus, pended).success).toBe(true);
    expect(
      validateEventData(topics.paRequestStatus, { ...pended, reasonCode: 'busy' }).success,
    ).toBe(false);
    expect(validateEventData(topics.paRequestStatus, { ...pended, status: 'routed' }).success).toBe(
      false,
    );
  });

  it('consumed topics accept an optional field as null or absent', () => {
    const base = clone(sampleEventOf('eligibility.coverage.v1'));
    const nulls = { ...base, group: null, terminationDate: null, pcp: null, state: null };
    expect(validateEventData(topics.eligibilityCoverage, nulls).success).toBe(true);
    const absent: Obj = { ...base };
    for (const k of ['group', 'terminationDate', 'pharmacyBenefitAdministrator', 'pcp', 'state'])
      delete absent[k];
    expect(validateEventData(topics.eligibilityCoverage, absent).success).toBe(true);
  });

  it('ignores unknown extra fields (and drops them)', () => {
    const sample = { ...clone(sampleEventOf('pa.requests.v1')), somethingNew: 42 };
    const data = parseEventData(topics.paRequests, sample) as Obj;
    expect(data.somethingNew).toBeUndefined();
  });
});

describe('invalid events are rejected with a message that says what to fix', () => {
  const coverage = () => clone(sampleEventOf('eligibility.coverage.v1')) as Obj;

  it('a missing required field', () => {
    const data = coverage();
    delete data.memberId;
    delete data.lineOfBusiness;
    const result = validateEventData(topics.eligibilityCoverage, data);
    expect(result).toMatchObject({
      success: false,
      message: 'memberId: required; lineOfBusiness: required',
    });
  });

  it('a date that does not exist', () => {
    const result = validateEventData(topics.eligibilityCoverage, {
      ...coverage(),
      birthDate: '2025-02-30',
    });
    expect(result).toMatchObject({ success: false, message: 'birthDate: a real calendar date' });
    expect(
      validateEventData(topics.eligibilityCoverage, { ...coverage(), effectiveDate: '03/01/2025' }),
    ).toMatchObject({ success: false, message: 'effectiveDate: a date as YYYY-MM-DD' });
  });

  it('a value outside an enum', () => {
    const result = validateEventData(topics.eligibilityCoverage, {
      ...coverage(),
      lineOfBusiness: 'bcn',
    });
    expect(result).toMatchObject({
      success: false,
      message: `lineOfBusiness: must be one of: ${LINES_OF_BUSINESS.join(', ')}`,
    });
  });

  it('a nested field, with its path', () => {
    const pa = clone(sampleEventOf('pa.requests.v1'));
    const result = validateEventData(topics.paRequests, {
      ...pa,
      drug: { ...pa.drug, codeSystem: 'RXNORM' },
      requestingProvider: { npi: '123', state: 'Michigan' },
      diagnosisCodes: ['E11.9', 'not a code'],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((i) => i.path)).toEqual([
      'drug.codeSystem',
      'requestingProvider.npi',
      'requestingProvider.state',
      'diagnosisCodes[1]',
    ]);
    expect(result.message).toContain('requestingProvider.npi: a 10-digit NPI');
    expect(result.message).toContain('diagnosisCodes[1]: an ICD-10-CM code');
  });

  it('a drug code that does not fit its code system', () => {
    const pa = clone(sampleEventOf('pa.requests.v1'));
    const result = validateEventData(topics.paRequests, {
      ...pa,
      drug: { ...pa.drug, code: 'J9035', codeSystem: 'NDC' },
    });
    expect(result).toMatchObject({ success: false });
    expect(result.success ? '' : result.message).toMatch(/^drug\.code: not a valid NDC code/);
  });

  it('dates in the wrong order', () => {
    const stay = clone(sampleEventOf('adt.discharges.v1'));
    const result = validateEventData(topics.adtDischarges, {
      ...stay,
      dischargeDate: '2025-05-01',
    });
    expect(result).toMatchObject({
      success: false,
      message: 'dischargeDate: must not be before admissionDate',
    });
  });

  it('hostile sizes', () => {
    const referral = clone(sampleEventOf('ccm.referrals.v1'));
    expect(
      validateEventData(topics.ccmReferrals, { ...referral, reason: 'x'.repeat(100_000) }),
    ).toMatchObject({ success: false, message: 'reason: too big: at most 2000' });
    const claim = clone(sampleEventOf('claims.medical.v1'));
    expect(
      validateEventData(topics.medicalClaims, {
        ...claim,
        diagnosisCodes: Array(10_000).fill('E11.9'),
      }),
    ).toMatchObject({ success: false, message: 'diagnosisCodes: too big: at most 25' });
    expect(validateEventData(topics.medicalClaims, { ...claim, diagnosisCodes: [] })).toMatchObject(
      {
        success: false,
      },
    );
  });

  it('not an object at all', () => {
    expect(validateEventData(topics.paRequests, 'hello')).toMatchObject({
      success: false,
      message: '(data): expected object',
    });
  });

  it('parseEventData throws an EventValidationError', () => {
    expect(() => parseEventData(topics.encounters, {})).toThrow(EventValidationError);
    expect(() => parseEventData(topics.encounters, {})).toThrow(
      /^invalid encounters\.v1 event data: encounterId: required; memberId: required/,
    );
  });
});

describe('reference values', () => {
  it('are the ones of the contract', () => {
    expect(KNOWN_GROUP_IDS).toEqual(['uaw-retiree-trust', 'mpsers', 'state-of-michigan', 'messa']);
    expect(VENDOR_IDS).toEqual([
      'bcbsm-bcn-pharmacy',
      'aim-specialty-health',
      'accredo',
      'express-scripts',
      'optumrx',
    ]);
    expect(CCM_CRITERION_IDS).toHaveLength(7);
    expect(CASE_STATUSES).toContain('unable-to-reach');
    expect(isKnownGroupId('mpsers')).toBe(true);
    expect(isKnownGroupId('acme-corp')).toBe(false);
  });

  it('accept any group id', () => {
    const data = {
      ...clone(sampleEventOf('eligibility.coverage.v1')),
      group: { id: 'acme-corp', name: 'Acme' },
    };
    expect(validateEventData(topics.eligibilityCoverage, data).success).toBe(true);
  });

  it('every topic name used as a key of sampleEvents is a catalog topic', () => {
    const names: TopicName[] = Object.keys(sampleEvents) as TopicName[];
    expect(names.every((n) => allTopics.some((t) => t.name === n))).toBe(true);
  });
});
