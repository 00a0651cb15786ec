/**
 * Pure evaluation benchmark of @careflow/ccm-criteria (no database, no broker): builds profiles from
 * deterministic events with `applyClinicalEvent`, then times `evaluateCcmCriteria` (profiles/s,
 * µs/profile) and the fold itself (events/s). Reproducible: fixed seed, fixed asOf.
 *
 *   npx tsc -b libs/ccm-criteria bench && node libs/ccm-criteria/bench/evaluate.js [profiles] [rounds]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof libs/ccm-criteria/bench/evaluate.js   (profile it)
 *
 * Profiles: "typical" is the evaluation spec's monthly-review shape (20 professional claims with 4
 * diagnoses and 2 procedures, 20 pharmacy fills, a stay reported by ADT and claim: ~140 records);
 * "bench-mix" is what the service benchmark produces per member (1–12 claims, discharges and fills
 * from the bench library's own generator, `clinicalEventOf` in bench/src/lib/generate.ts, so both
 * benchmarks read the same events; build it with `npx tsc -b bench`); "heavy" adds 80 of those
 * and 60 fills.
 */
/* eslint-disable */
'use strict';
const {
  applyClinicalEvent,
  applyClinicalEvents,
  emptyClinicalProfile,
  evaluateCcmCriteria,
  CCM_CRITERIA_2025_1,
} = require('../dist');
// The service benchmark's generator (45% medical claims, 15% discharges, 40% fills), not a copy.
const { Rng, clinicalEventOf } = require('../../../bench/dist/lib/generate');

const PROFILES = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 5);
const AS_OF = '2025-06-15';

let state = 12345;
function rnd() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const pad = (n) => String(n).padStart(2, '0');
const NDCS = ['00069015030', '00093517198', '00378395177', '00591054410', '68180051301'];
const mixRng = new Rng(2718);
let seq = 0;

function typicalEvents(memberId, m) {
  const events = [];
  for (let i = 0; i < 20; i++) {
    const day = `2024-${pad((i % 12) + 1)}-${pad((m % 27) + 1)}`;
    events.push({
      kind: 'medical-claim',
      data: {
        claimId: `CLM-${++seq}`,
        memberId,
        claimType: 'professional',
        status: 'paid',
        serviceFrom: day,
        diagnosisCodes: ['E119', 'I10', 'Z5111', 'C3490'],
        procedureCodes: ['99214', 'J9045'],
      },
    });
    events.push({
      kind: 'pharmacy-claim',
      data: {
        claimId: `RX-${++seq}`,
        memberId,
        status: 'paid',
        fillDate: day,
        ndc: '00093-7146-56',
        pharmacyChannel: 'retail',
      },
    });
  }
  events.push({
    kind: 'adt-discharge',
    data: {
      encounterId: `ENC-${++seq}`,
      memberId,
      facilityNpi: '1111111111',
      admissionDate: '2025-01-10',
      dischargeDate: '2025-01-14',
      diagnosisCodes: ['J441'],
    },
  });
  events.push({
    kind: 'medical-claim',
    data: {
      claimId: `CLM-${++seq}`,
      memberId,
      claimType: 'institutional-inpatient',
      status: 'paid',
      serviceFrom: '2025-01-10',
      serviceTo: '2025-01-14',
      admissionDate: '2025-01-10',
      dischargeDate: '2025-01-14',
      facilityNpi: '1111111111',
      diagnosisCodes: ['J441'],
      drg: '190',
    },
  });
  return events;
}

const KIND_OF_TOPIC = {
  'claims.medical.v1': 'medical-claim',
  'adt.discharges.v1': 'adt-discharge',
  'claims.pharmacy.v1': 'pharmacy-claim',
};

/** One event of the service benchmark's mix, as the library's ClinicalEvent. */
function mixEvent(memberId) {
  const e = clinicalEventOf(mixRng, ++seq, memberId);
  return { kind: KIND_OF_TOPIC[e.topic], data: e.data };
}

function heavyEvents(memberId) {
  const events = [];
  for (let i = 0; i < 80; i++) events.push(mixEvent(memberId));
  for (let i = 0; i < 60; i++) {
    events.push({
      kind: 'pharmacy-claim',
      data: {
        claimId: `HRX-${++seq}`,
        memberId,
        status: 'paid',
        fillDate: `2025-0${4 + (i % 2)}-${pad(1 + (i % 28))}`,
        ndc: pick(NDCS),
        pharmacyChannel: 'retail',
      },
    });
  }
  return events;
}

const KINDS = {
  typical: (m) => typicalEvents(`M-${m}`, m),
  'bench-mix': (m) => Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => mixEvent(`M-${m}`)),
  heavy: (m) => heavyEvents(`M-${m}`),
};

function fold(events, memberId) {
  let p = emptyClinicalProfile(memberId);
  for (const e of events) p = applyClinicalEvent(p, e);
  return p;
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const results = [];
for (const [name, make] of Object.entries(KINDS)) {
  const count = name === 'heavy' ? Math.ceil(PROFILES / 5) : PROFILES;
  const eventLists = Array.from({ length: count }, (_, m) => make(m));
  const events = eventLists.reduce((n, l) => n + l.length, 0);
  let profiles = [];
  // Fold: every round rebuilds every profile from its events.
  const foldMs = [];
  for (let r = 0; r < ROUNDS; r++) {
    foldMs.push(
      time(() => {
        profiles = eventLists.map((l) => fold(l, l[0].data.memberId));
      }),
    );
  }
  // The service's batch path: one copy per member, the events folded into it in place.
  const batchMs = [];
  for (let r = 0; r < ROUNDS; r++) {
    batchMs.push(
      time(() => {
        profiles = eventLists.map((l) =>
          applyClinicalEvents(emptyClinicalProfile(l[0].data.memberId), l),
        );
      }),
    );
  }
  const records = profiles.reduce(
    (n, p) =>
      n +
      p.diagnoses.length +
      p.procedures.length +
      p.inpatientStays.length +
      p.pharmacyFills.length,
    0,
  );
  const evalMs = [];
  let met = 0;
  for (let r = 0; r < ROUNDS; r++) {
    met = 0;
    evalMs.push(
      time(() => {
        for (const p of profiles)
          met += evaluateCcmCriteria(p, AS_OF, CCM_CRITERIA_2025_1).criteriaMet.length;
      }),
    );
  }
  // Best of the rounds after the first (warm-up, JIT).
  const best = (xs) => Math.min(...(xs.length > 1 ? xs.slice(1) : xs));
  const e = best(evalMs);
  const f = best(foldMs);
  results.push({
    profile: name,
    profiles: count,
    'records/profile': Math.round(records / count),
    'eval µs/profile': Number(((e * 1000) / count).toFixed(1)),
    'eval profiles/s': Math.round((count * 1000) / e),
    'fold events/s': Math.round((events * 1000) / f),
    'batch fold events/s': Math.round((events * 1000) / best(batchMs)),
    'criteria met (sum)': met,
  });
}
console.table(results);
