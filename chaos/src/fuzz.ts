import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deadLetterTopicOf,
  topics,
  topicsWithDeadLetter,
  type AnyTopic,
} from '@careflow/contracts';
import type { RawKafkaRecord } from '@careflow/messaging';
import { issueDevelopmentToken } from '@careflow/platform';
import {
  dataDirOf,
  freshKafka,
  kafkaBrokerOf,
  kafkaDown,
  prepareDatabase,
  rng,
  sleep,
  type Profile,
} from './env';
import { kafkaClient, readAll, ResilientPublisher } from './kafka-tools';
import { fuzzInterop, type InteropFuzzReport } from './fuzz-interop';
import { scanLogs, scanTexts, type LeakReport } from './log-scan';
import { phiBodies, phiCanaries, phiQuery, phiRecord, phiText } from './phi-records';
import { Fleet } from './services';
import { generateWorkload } from './workload';

export interface FuzzOptions {
  readonly profile: Profile;
  readonly seed: number;
  /** Malformed or hostile records in all, spread over every consumed topic. */
  readonly badMessages: number;
  /** Valid PA requests mixed in (each must be decided). */
  readonly validRequests: number;
  readonly httpRequestsPerOperation: number;
  /** Malformed records full of synthetic PHI sent to each consumed topic, on top of badMessages. */
  readonly phiRecordsPerTopic?: number;
  /** Rounds of malformed X12 834 interchanges and HL7 v2 messages full of synthetic PHI sent to the interop gateway. */
  readonly interopRounds?: number;
  readonly secret: string;
  readonly log?: (line: string) => void;
}

export interface FuzzReport {
  badSent: number;
  perTopic: Record<
    string,
    {
      sent: number;
      consumers: number;
      expectedDlq: number;
      dlq: number;
      withReason: number;
      classes: Record<string, number>;
    }
  >;
  dlqMismatch: number;
  validRequests: number;
  validDecided: number;
  hostileValidRequests: number;
  http: {
    requests: number;
    byStatus: Record<string, number>;
    serverErrors: number;
    unexpected: number;
    examples: string[];
    /** Synthetic PHI of the requests found in any answer. */
    leaks: LeakReport;
  };
  /** The interop gateway's doors: X12 over HTTP, HL7 v2 over MLLP. */
  interop: InteropFuzzReport;
  aliveAtEnd: boolean;
  readyAtEnd: boolean;
  leaks: LeakReport;
  /** Synthetic PHI found in the reason headers (`dlq-*`) of dead-lettered records. */
  dlqLeaks: LeakReport;
  runtimeSeconds: number;
}

/** Consumer groups reading each topic: each one dead-letters a bad record on its own. */
function consumersOf(topic: AnyTopic): number {
  return topic.consumedBy?.length ?? 0;
}

const INJECTIONS = [
  "'; DROP TABLE cases; --",
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '\u0000\u0001\u0002',
  "Robert'); DELETE FROM inbox_events;--",
  '%00%0d%0aSet-Cookie:x=1',
];

type BadKind = string;

/** Binary-mode CloudEvent headers of a valid event of `topic`, with `over` replacing some. */
function cloudEventHeaders(
  topic: AnyTopic,
  id: string,
): (over?: Record<string, string>) => Record<string, string> {
  return (over = {}) => ({
    ce_id: id,
    ce_source: 'urn:fuzz',
    ce_type: topic.eventType,
    ce_specversion: '1.0',
    'content-type': 'application/json',
    ...over,
  });
}

/** A bad record for a topic: what it is and the record itself. */
function badRecord(
  topic: AnyTopic,
  n: number,
  random: () => number,
  runId: string,
): { kind: BadKind; record: RawKafkaRecord } {
  const key = `${runId}-BAD${n}`;
  const ce = cloudEventHeaders(topic, `${runId}-bad-${n}`);
  const injection = INJECTIONS[n % INJECTIONS.length]!;
  const kinds: (() => { kind: BadKind; record: RawKafkaRecord })[] = [
    () => ({
      kind: 'truncated-json',
      record: { key, value: '{"memberId": "M1", "requestId": "R', headers: ce() },
    }),
    () => ({
      kind: 'not-json',
      record: { key, value: 'this is not json at all \u00ff\u00fe', headers: ce() },
    }),
    () => ({ kind: 'empty-value', record: { key, value: null, headers: ce() } }),
    () => ({
      kind: 'missing-headers',
      record: { key, value: JSON.stringify({ memberId: key }), headers: {} },
    }),
    () => ({
      kind: 'bad-specversion',
      record: {
        key,
        value: JSON.stringify({ memberId: key }),
        headers: ce({ ce_specversion: '0.1' }),
      },
    }),
    () => ({
      kind: 'truncated-structured',
      record: {
        key,
        value: JSON.stringify({
          specversion: '1.0',
          id: `${runId}-s${n}`,
          source: 'urn:fuzz',
          type: topic.eventType,
          data: { memberId: key },
        }).slice(0, 60),
        headers: { 'content-type': 'application/cloudevents+json' },
      },
    }),
    () => ({
      kind: 'unknown-event-type',
      record: {
        key,
        value: JSON.stringify({ memberId: key }),
        headers: ce({ ce_type: 'evil.unknown.type' }),
      },
    }),
    () => ({
      kind: 'wrong-types',
      record: {
        key,
        value: JSON.stringify({
          memberId: 12345,
          requestId: { a: 1 },
          claimId: [],
          spans: 'no',
          caseId: true,
          version: 'x',
        }),
        headers: ce(),
      },
    }),
    () => ({
      kind: 'huge-fields',
      record: {
        key,
        value: JSON.stringify({ memberId: 'M'.repeat(200000), firstName: 'A'.repeat(50000) }),
        headers: ce(),
      },
    }),
    () => ({
      kind: 'invalid-dates-and-codes',
      record: {
        key,
        value: JSON.stringify({
          memberId: key,
          birthDate: '2025-02-30',
          dateOfService: '99999-01-01',
          fillDate: 'yesterday',
          diagnosisCodes: ['NOT-A-CODE', 'U07.1'],
          ndc: 'abc',
          npi: '123',
          loinc: 'x',
          submittedAt: 'noon',
        }),
        headers: ce(),
      },
    }),
    () => ({
      kind: 'injection',
      record: {
        key,
        value: JSON.stringify({
          memberId: injection,
          requestId: injection,
          claimId: injection,
          caseId: injection,
        }),
        headers: ce(),
      },
    }),
    () => ({
      kind: 'prototype-pollution',
      record: {
        key,
        value: `{"__proto__": {"polluted": true, "isAdmin": true}, "constructor": {"prototype": {"polluted": true}}, "memberId": "${key}"}`,
        headers: ce(),
      },
    }),
    () => ({
      kind: 'data-not-object',
      record: { key, value: random() < 0.5 ? '[1,2,3]' : '42', headers: ce() },
    }),
    () => ({ kind: 'null-data', record: { key, value: 'null', headers: ce() } }),
  ];
  return kinds[n % kinds.length]!();
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const t = () => Math.round((Date.now() - started) / 100) / 10;
  const random = rng(options.seed);
  const { profile } = options;
  const runId = `FZ${options.seed.toString(36)}${Date.now().toString(36).slice(-4)}`.toUpperCase();
  await freshKafka(profile);
  await prepareDatabase(profile);
  const fleet = new Fleet(profile, { secret: options.secret });
  await fleet.start();
  log(`[${t()}s] fuzz ${profile.name}: services ready on ${kafkaBrokerOf(profile)}`);
  const kafka = kafkaClient(kafkaBrokerOf(profile));
  const publisher = new ResilientPublisher(kafka);

  // Valid traffic: coverage, then PA requests (some carrying hostile but valid text).
  const workload = generateWorkload({
    seed: options.seed,
    events: Math.max(200, options.validRequests * 1.3),
    runId,
  });
  await publisher.publish(workload.coverage);
  const paEvents = workload.stream
    .filter((e) => e.topic === topics.paRequests.name)
    .slice(0, options.validRequests);
  let hostile = 0;
  const validEvents = paEvents.map((e, i) => {
    if (i % 5 !== 0) return e;
    hostile += 1;
    const data = JSON.parse(JSON.stringify(e.data)) as Record<string, unknown> & {
      drug: Record<string, unknown>;
      requestingProvider: Record<string, unknown>;
    };
    data.drug.name = INJECTIONS[i % INJECTIONS.length]!.split('\u0000').join('') || 'x';
    data.requestingProvider.name = "'; DROP TABLE pa_requests; --";
    // An own "__proto__" key and unknown fields: ignored by the contract, never merged into objects.
    const text = JSON.stringify(data).replace(
      /^\{/,
      '{"__proto__":{"polluted":true},"extraField":"<img src=x onerror=alert(1)>",',
    );
    return { ...e, data: JSON.parse(text) as unknown };
  });

  // Bad records on every topic a service consumes, interleaved with the valid ones.
  const targets = topicsWithDeadLetter;
  const sent = new Map<string, number>();
  const perTopicBatches: { topic: string; records: RawKafkaRecord[] }[] = [];
  const add = (topic: AnyTopic, record: RawKafkaRecord): void => {
    sent.set(topic.name, (sent.get(topic.name) ?? 0) + 1);
    let last = perTopicBatches[perTopicBatches.length - 1];
    if (!last || last.topic !== topic.name || last.records.length >= 50) {
      last = { topic: topic.name, records: [] };
      perTopicBatches.push(last);
    }
    last.records.push(record);
  };
  for (let n = 0; n < options.badMessages; n++) {
    const topic = targets[n % targets.length]!;
    add(topic, badRecord(topic, Math.floor(n / targets.length), random, runId).record);
  }
  for (const topic of targets) {
    for (let n = 0; n < (options.phiRecordsPerTopic ?? 14); n++) {
      add(
        topic,
        phiRecord(topic, n, `${runId}-PHI${n}`, cloudEventHeaders(topic, `${runId}-phi-${n}`)),
      );
    }
  }
  log(
    `[${t()}s] sending ${options.badMessages} bad records over ${targets.length} topics and ${validEvents.length} valid PA requests (${hostile} with hostile text)`,
  );
  const validChunk = Math.max(
    1,
    Math.ceil(validEvents.length / Math.max(1, perTopicBatches.length)),
  );
  for (let i = 0; i < perTopicBatches.length; i++) {
    const b = perTopicBatches[i]!;
    await publisher.publishRaw(b.topic, b.records);
    const valid = validEvents.slice(i * validChunk, (i + 1) * validChunk);
    if (valid.length) await publisher.publish(valid);
  }
  const rest = validEvents.slice(perTopicBatches.length * validChunk);
  if (rest.length) await publisher.publish(rest);
  log(`[${t()}s] sent; fuzzing HTTP`);

  const http = await fuzzHttp(fleet, options, random);
  log(`[${t()}s] HTTP: ${http.requests} requests, ${http.serverErrors} 5xx`);
  const interop = await fuzzInterop(fleet, options.secret, options.interopRounds ?? 3, random);
  log(
    `[${t()}s] interop: ${interop.x12.requests} X12 interchanges, ${interop.hl7.messages} HL7 messages`,
  );

  // Wait for the DLQs and the decisions.
  const expectedDlq = targets.reduce((n, tp) => n + (sent.get(tp.name) ?? 0) * consumersOf(tp), 0);
  const dlqTopics = targets.map((tp) => deadLetterTopicOf(tp.name));
  let records = await readAll(kafka, [...dlqTopics, topics.paRoutingDecisions.name]);
  // Gives up only after 180 s without a new DLQ record or decision (a loaded machine is slower).
  let lastProgress = Date.now();
  let lastSeen = -1;
  const wanted = new Set(validEvents.map((e) => (e.data as { requestId: string }).requestId));
  const decidedOf = (rs: typeof records) =>
    new Set(
      rs
        .filter((r) => r.topic === topics.paRoutingDecisions.name)
        .map((r) => String((r.value as { requestId?: string })?.requestId))
        .filter((id) => wanted.has(id)),
    );
  while (Date.now() - lastProgress < 180000) {
    const dlq = records.filter((r) => r.topic.endsWith('.dlq')).length;
    if (dlq >= expectedDlq && decidedOf(records).size >= wanted.size) break;
    if (dlq + decidedOf(records).size > lastSeen) {
      lastSeen = dlq + decidedOf(records).size;
      lastProgress = Date.now();
    }
    log(
      `[${t()}s] waiting: DLQ ${dlq}/${expectedDlq}, decisions ${decidedOf(records).size}/${wanted.size}`,
    );
    await sleep(5000);
    records = await readAll(kafka, [...dlqTopics, topics.paRoutingDecisions.name]);
  }
  await sleep(3000);
  records = await readAll(kafka, [...dlqTopics, topics.paRoutingDecisions.name]);

  const perTopic: FuzzReport['perTopic'] = {};
  let dlqMismatch = 0;
  for (const tp of targets) {
    const dlqName = deadLetterTopicOf(tp.name);
    const inDlq = records.filter((r) => r.topic === dlqName);
    const classes: Record<string, number> = {};
    let withReason = 0;
    for (const r of inDlq) {
      const cls = r.headers['dlq-error-class'] ?? '(none)';
      classes[cls] = (classes[cls] ?? 0) + 1;
      if (
        r.headers['dlq-error-class'] &&
        r.headers['dlq-error-message'] &&
        r.headers['dlq-original-topic'] === tp.name &&
        r.headers['dlq-original-offset'] !== undefined
      )
        withReason += 1;
    }
    const s = sent.get(tp.name) ?? 0;
    const expected = s * consumersOf(tp);
    if (inDlq.length !== expected || withReason !== inDlq.length) dlqMismatch += 1;
    perTopic[tp.name] = {
      sent: s,
      consumers: consumersOf(tp),
      expectedDlq: expected,
      dlq: inDlq.length,
      withReason,
      classes,
    };
  }
  const validDecided = decidedOf(records).size;

  const aliveAtEnd = fleet.instances.every((i) => i.alive);
  let readyAtEnd = true;
  for (const i of fleet.instances) {
    const ok = await fetch(`${i.url}/health/ready`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!ok) readyAtEnd = false;
  }
  const dlqLeaks = scanTexts(
    records
      .filter((r) => r.topic.endsWith('.dlq'))
      .flatMap((r) =>
        Object.entries(r.headers)
          .filter(([name]) => name.startsWith('dlq-'))
          .map(([name, text]) => ({ label: `${r.topic} ${name}`, text: String(text) })),
      ),
    phiCanaries,
  );
  await publisher.close();
  await fleet.stop();
  const leaks = await scanLogs(fleet.logDir, new Set([...workload.canaries, ...phiCanaries]));
  await kafkaDown(profile).catch(() => undefined);
  const report: FuzzReport = {
    badSent: options.badMessages,
    perTopic,
    dlqMismatch,
    validRequests: wanted.size,
    validDecided,
    hostileValidRequests: hostile,
    http,
    interop,
    aliveAtEnd,
    readyAtEnd,
    leaks,
    dlqLeaks,
    runtimeSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(dataDirOf(profile), 'report.json'), JSON.stringify(report, null, 2));
  return report;
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly public: boolean;
}

async function operationsOf(baseUrl: string): Promise<Operation[]> {
  const r = await fetch(`${baseUrl}/docs/openapi.json`);
  const doc = (await r.json()) as {
    paths?: Record<string, Record<string, { security?: unknown[] }>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        // As the document says: a `@Public()` route (health, metrics, the page's config, the
        // ticketed stream) requires no security; the documents themselves are public too.
        public:
          (Array.isArray(operation.security) && operation.security.length === 0) ||
          path.startsWith('/docs'),
      });
    }
  }
  return ops;
}

const HOSTILE_PARAMS = [
  "'; DROP TABLE cases; --",
  '<script>alert(1)</script>',
  '..%2F..%2Fetc%2Fpasswd',
  '__proto__',
  'constructor',
  'A'.repeat(5000),
  '%00',
  'CASE-does-not-exist',
  '-1',
  '9'.repeat(40),
];

async function fuzzHttp(
  fleet: Fleet,
  options: FuzzOptions,
  random: () => number,
): Promise<FuzzReport['http']> {
  const secret = options.secret;
  const supervisor = await issueDevelopmentToken(
    { id: 'sup-001', name: 'Sam Supervisor', roles: ['supervisor'] },
    secret,
  );
  const caseManager = await issueDevelopmentToken(
    { id: 'cm-002', name: 'Other Manager', roles: ['case-manager'] },
    secret,
  );
  const integrator = await issueDevelopmentToken(
    { id: 'integrator-dev', name: 'Integrator', roles: ['integrator'] },
    secret,
  );
  const expired = await issueDevelopmentToken(
    { id: 'sup-001', name: 'x', roles: ['supervisor'] },
    secret,
    { expiresInSeconds: -3600 },
  );
  const forged = await issueDevelopmentToken(
    { id: 'sup-001', name: 'x', roles: ['supervisor', 'admin'] },
    'a-completely-different-secret-of-32-chars!',
  );
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({ sub: 'sup-001', name: 'x', roles: ['admin'], exp: 9999999999 }),
  ).toString('base64url');
  const algNone = `${header}.${payload}.`;
  const result: FuzzReport['http'] = {
    requests: 0,
    byStatus: {},
    serverErrors: 0,
    unexpected: 0,
    examples: [],
    leaks: { lines: 0, leaks: 0, examples: [], nonJsonLines: 0 },
  };
  const answers: { label: string; text: string }[] = [];
  const send = async (
    url: string,
    method: string,
    token: string | null,
    body: string | null,
    expect: (s: number) => boolean,
    label: string,
  ) => {
    result.requests += 1;
    let status = 0;
    try {
      const r = await fetch(url, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== null ? { 'content-type': 'application/json' } : {}),
        },
        body: method === 'GET' ? undefined : (body ?? undefined),
        signal: AbortSignal.timeout(url.includes('/stream') ? 5000 : 20000),
      });
      status = r.status;
      if ((r.headers.get('content-type') ?? '').includes('event-stream')) await r.body?.cancel();
      else answers.push({ label: `${label} -> ${status}`, text: await r.text() });
    } catch (error) {
      // A Server-Sent Events stream that accepted the request stays open: not a failure.
      status = url.includes('/stream') && (error as Error).name === 'TimeoutError' ? 299 : 0;
    }
    result.byStatus[String(status)] = (result.byStatus[String(status)] ?? 0) + 1;
    if (status >= 500 || status === 0) result.serverErrors += 1;
    if (!expect(status)) {
      result.unexpected += 1;
      if (result.examples.length < 10)
        result.examples.push(`${label}: ${method} ${url.slice(0, 120)} -> ${status}`);
    }
  };
  const bodies = [
    '{"outcome": ',
    '[]',
    'null',
    '{"outcome": "enrolled", "notes": 5}',
    '{"__proto__": {"isAdmin": true}, "outcome": "hacked"}',
    JSON.stringify({
      requestId: "'; DROP TABLE pa_requests; --",
      memberId: '<script>',
      benefit: 'medical',
      drug: { code: 'J9035', codeSystem: 'HCPCS' },
      dateOfService: '2025-02-30',
      urgency: 'standard',
      requestingProvider: { npi: '1', state: 'XX' },
    }),
    JSON.stringify({ summary: 'x'.repeat(20000), conditionChanged: 'yes' }),
    JSON.stringify({
      referralId: 'R1',
      memberId: 'M1',
      source: 'provider',
      submittedAt: 'not-a-date',
    }),
  ];
  const big = JSON.stringify({ notes: 'x'.repeat(3 * 1024 * 1024) });
  for (const instance of fleet.instances) {
    const ops = await operationsOf(instance.url).catch(() => [] as Operation[]);
    for (const op of ops) {
      const fill = () =>
        op.path.replace(/\{[^}]+\}/g, () =>
          encodeURIComponent(HOSTILE_PARAMS[Math.floor(random() * HOSTILE_PARAMS.length)]!),
        );
      const url = () =>
        `${instance.url}${fill()}${random() < 0.5 ? `?memberId=${encodeURIComponent(HOSTILE_PARAMS[Math.floor(random() * HOSTILE_PARAMS.length)]!)}&asOf=2025-13-45&limit=-5` : ''}`;
      const label = `${instance.instanceId} ${op.method} ${op.path}`;
      if (!op.public) {
        await send(url(), op.method, null, null, (s) => s === 401, `${label} without token`);
        await send(url(), op.method, 'not.a.jwt', null, (s) => s === 401, `${label} garbage token`);
        await send(url(), op.method, expired, null, (s) => s === 401, `${label} expired token`);
        await send(url(), op.method, forged, null, (s) => s === 401, `${label} forged token`);
        await send(url(), op.method, algNone, null, (s) => s === 401, `${label} alg none`);
      }
      for (let k = 0; k < options.httpRequestsPerOperation; k++) {
        const token = [supervisor, caseManager, integrator][k % 3]!;
        const body = op.method === 'GET' ? null : bodies[k % bodies.length]!;
        await send(
          url(),
          op.method,
          token,
          body,
          (s) => s > 0 && s < 500,
          `${label} hostile input`,
        );
      }
      if (op.method !== 'GET')
        await send(url(), op.method, supervisor, big, (s) => s === 413, `${label} oversized body`);
      // Synthetic PHI in the path, the query and the body: answered 4xx, never echoed.
      for (let k = 0; k < 2; k++) {
        const phiPath = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(phiText(k)));
        const bodies = phiBodies(k);
        await send(
          `${instance.url}${phiPath}${phiQuery(k)}`,
          op.method,
          [supervisor, caseManager, integrator][k % 3]!,
          op.method === 'GET' ? null : bodies[k % bodies.length]!,
          (s) => s > 0 && s < 500,
          `${label} PHI input`,
        );
      }
    }
  }
  result.leaks = scanTexts(answers, phiCanaries);
  return result;
}

export function formatFuzzReport(r: FuzzReport): string {
  const lines: string[] = [];
  lines.push(
    `fuzz: ${r.badSent} bad records, ${r.validRequests} valid PA requests (${r.hostileValidRequests} with hostile but valid text), ${r.runtimeSeconds} s`,
  );
  lines.push('');
  lines.push(
    'topic                                  sent  consumers  expected-DLQ   DLQ  with-reason  classes',
  );
  for (const [topic, p] of Object.entries(r.perTopic)) {
    lines.push(
      `${topic.padEnd(36)} ${String(p.sent).padStart(6)}  ${String(p.consumers).padStart(9)}  ${String(p.expectedDlq).padStart(12)}  ${String(p.dlq).padStart(4)}  ${String(p.withReason).padStart(11)}  ${JSON.stringify(p.classes)}`,
    );
  }
  lines.push(`topics whose DLQ count differs: ${r.dlqMismatch}`);
  lines.push(`valid PA requests decided: ${r.validDecided}/${r.validRequests}`);
  lines.push(
    `HTTP: ${r.http.requests} requests, statuses ${JSON.stringify(r.http.byStatus)}, 5xx: ${r.http.serverErrors}, unexpected: ${r.http.unexpected}`,
  );
  for (const e of r.http.examples) lines.push(`    e.g. ${e}`);
  lines.push(
    `interop gateway: X12 ${r.interop.x12.requests} interchanges, statuses ${JSON.stringify(r.interop.x12.byStatus)}, 5xx: ${r.interop.x12.serverErrors}, not rejected: ${r.interop.x12.unexpected}; HL7 ${r.interop.hl7.messages} messages, acknowledgments ${JSON.stringify(r.interop.hl7.byCode)}, unanswered: ${r.interop.hl7.unanswered}, not AE/AR: ${r.interop.hl7.unexpected}; CRD ${r.interop.crd.requests} hook calls without a trusted JWT, statuses ${JSON.stringify(r.interop.crd.byStatus)}, 5xx: ${r.interop.crd.serverErrors}, not 401/400: ${r.interop.crd.unexpected}`,
  );
  for (const e of r.interop.examples) lines.push(`    e.g. ${e}`);
  lines.push(`services alive: ${r.aliveAtEnd}, ready: ${r.readyAtEnd}`);
  const leakLine = (what: string, l: LeakReport, unit: string) =>
    `PHI in ${what}: ${l.leaks} found in ${l.lines} ${unit}${l.examples.length ? `; e.g. ${l.examples.join(' | ')}` : ''}`;
  lines.push(leakLine('logs', r.leaks, 'lines'));
  lines.push(leakLine('DLQ reason headers', r.dlqLeaks, 'headers'));
  lines.push(leakLine('HTTP answers', r.http.leaks, 'answers'));
  lines.push(leakLine('X12 and HL7 acknowledgments, CRD answers', r.interop.leaks, 'answers'));
  return lines.join('\n');
}

export function fuzzPassed(r: FuzzReport): boolean {
  return (
    r.dlqMismatch === 0 &&
    r.validDecided === r.validRequests &&
    r.http.serverErrors === 0 &&
    r.http.unexpected === 0 &&
    r.aliveAtEnd &&
    r.readyAtEnd &&
    r.leaks.leaks === 0 &&
    r.dlqLeaks.leaks === 0 &&
    r.http.leaks.leaks === 0 &&
    r.interop.x12.serverErrors === 0 &&
    r.interop.x12.unexpected === 0 &&
    r.interop.hl7.unanswered === 0 &&
    r.interop.hl7.unexpected === 0 &&
    r.interop.crd.serverErrors === 0 &&
    r.interop.crd.unexpected === 0 &&
    r.interop.leaks.leaks === 0
  );
}
