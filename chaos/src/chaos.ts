import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTopicNames, producedTopics, topics } from '@careflow/contracts';
import { issueDevelopmentToken } from '@careflow/platform';
import {
  dataDirOf,
  freshKafka,
  kafkaBrokerOf,
  kafkaDown,
  kafkaUp,
  lockDatabaseRole,
  prepareDatabase,
  rng,
  sleep,
  queryChaosDb,
  unlockDatabaseRole,
  type Profile,
} from './env';
import { consumerLag, endOffsetSum, kafkaClient, readAll, ResilientPublisher } from './kafka-tools';
import { scanLogs, type LeakReport } from './log-scan';
import {
  CHAOS_COVERAGE_WAIT_MS,
  Fleet,
  SERVICE_NAMES,
  type ServiceInstance,
  type ServiceName,
} from './services';
import { verify, type Figure } from './verify';
import { generateWorkload } from './workload';

export interface ChaosOptions {
  readonly profile: Profile;
  readonly seed: number;
  readonly events: number;
  /** Seconds over which the stream is published (faults fall inside it). */
  readonly windowSeconds: number;
  readonly killsPerService: number;
  /** Extra kills, one per service named (the short run). */
  readonly killTargets?: readonly ServiceName[];
  readonly brokerRestarts: number;
  readonly dbOutageSeconds: number;
  readonly dbOutages: number;
  readonly caseManagementInstances: number;
  /**
   * How long routing holds a request whose member is not covered yet (COVERAGE_WAIT_MS; default
   * CHAOS_COVERAGE_WAIT_MS). A request still held when the wait ends is decided not-eligible, as
   * the platform promises, so the wait must outlast the worst delay of coverage reaching routing
   * (eligibility killed, broker restarted, loaded machine) for the expectations to hold.
   */
  readonly coverageWaitSeconds?: number;
  /**
   * Publish the coverage and wait until routing knows every member before the stream and the
   * faults start (the short run: a CI machine can be so loaded that coverage reaches routing later
   * than any short wait). The full run leaves it off: coverage is ingested under the faults.
   */
  readonly coverageBeforeStream?: boolean;
  readonly secret: string;
  /** Seconds without any progress (output, lag, assessments) after which settling gives up. */
  readonly settleTimeoutSeconds: number;
  readonly log?: (line: string) => void;
}

export interface FaultRecord {
  at: number;
  kind: string;
  target: string;
  detail: string;
}

export interface ChaosReport {
  runId: string;
  seed: number;
  eventsPublished: number;
  publishResends: number;
  figures: Record<string, Figure>;
  deadLettered: number;
  crashedRestarts: number;
  unexpectedExits: number;
  faults: FaultRecord[];
  leaks: LeakReport;
  lettersChecked: number;
  lettersOk: number;
  assessments: {
    planned: number;
    recorded: number;
    httpRetries: number;
    retryReasons: Record<string, number>;
  };
  healthyAtEnd: boolean;
  settled: boolean;
  runtimeSeconds: number;
  totals: {
    expected: number;
    produced: number;
    lost: number;
    duplicated: number;
    rawDuplicates: number;
    outOfOrder: number;
    wrong: number;
    unexpected: number;
  };
}

type Fault =
  | { kind: 'kill'; instance: ServiceInstance; permanent: boolean }
  | { kind: 'broker-restart' }
  | { kind: 'db-outage'; seconds: number };

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const t = () => Math.round((Date.now() - started) / 100) / 10;
  const random = rng(options.seed ^ 0x5eed);
  const { profile } = options;
  const runId = `CH${options.seed.toString(36)}${Date.now().toString(36).slice(-4)}`.toUpperCase();

  log(
    `[${t()}s] chaos ${profile.name}: own Kafka on ${kafkaBrokerOf(profile)}, database ${profile.database}`,
  );
  const coverageWaitMs = (options.coverageWaitSeconds ?? CHAOS_COVERAGE_WAIT_MS / 1000) * 1000;
  await freshKafka(profile);
  await prepareDatabase(profile);
  const fleet = new Fleet(profile, {
    secret: options.secret,
    caseManagementInstances: options.caseManagementInstances,
    extraEnv: { COVERAGE_WAIT_MS: String(coverageWaitMs) },
  });
  await fleet.start();
  log(`[${t()}s] services ready (logs in ${fleet.logDir})`);

  const workload = generateWorkload({ seed: options.seed, events: options.events, runId });
  const total = workload.coverage.length + workload.stream.length;
  log(`[${t()}s] workload ${runId}: ${total} events ${JSON.stringify(workload.counts)}`);

  const kafka = kafkaClient(kafkaBrokerOf(profile));
  const publisher = new ResilientPublisher(kafka);
  if (options.coverageBeforeStream) {
    for (let i = 0; i < workload.coverage.length; i += 200)
      await publisher.publish(workload.coverage.slice(i, i + 200));
    // No fixed budget: give up only when routing's read model stops growing for settleTimeout.
    let known = -1;
    let lastGrowth = Date.now();
    for (;;) {
      const rows = await queryChaosDb<{ n: string }>(
        profile,
        'SELECT count(*) AS n FROM authorization_routing.member_coverage',
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n >= workload.members.length) break;
      if (n > known) {
        known = n;
        lastGrowth = Date.now();
      } else if (Date.now() - lastGrowth > options.settleTimeoutSeconds * 1000)
        throw new Error(`routing knows ${n}/${workload.members.length} members' coverage; stuck`);
      await sleep(1000);
    }
    log(`[${t()}s] coverage of ${workload.members.length} members known to routing`);
  }
  const supervisor = await issueDevelopmentToken(
    { id: 'sup-001', name: 'Chaos Supervisor', roles: ['supervisor'] },
    options.secret,
  );

  // Faults at random moments of the window, one at a time.
  const faults: Fault[] = [];
  for (const service of SERVICE_NAMES) {
    for (let k = 0; k < options.killsPerService; k++) {
      const copies = fleet.of(service);
      faults.push({
        kind: 'kill',
        instance: copies[Math.floor(random() * copies.length)]!,
        permanent: false,
      });
    }
  }
  for (const service of options.killTargets ?? [])
    faults.push({ kind: 'kill', instance: fleet.first(service), permanent: false });
  for (let k = 0; k < options.brokerRestarts; k++) faults.push({ kind: 'broker-restart' });
  for (let k = 0; k < options.dbOutages; k++)
    faults.push({ kind: 'db-outage', seconds: options.dbOutageSeconds });
  if (options.caseManagementInstances > 1)
    faults.push({ kind: 'kill', instance: fleet.of('case-management')[1]!, permanent: true });
  const windowMs = options.windowSeconds * 1000;
  const slot = (windowMs * 0.85) / Math.max(1, faults.length);
  const order = faults
    .map((f) => ({ f, r: random() }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.f);
  const schedule = order.map((fault, i) => ({
    fault,
    atMs: windowMs * 0.08 + slot * i + random() * slot * 0.5,
  }));
  const timeline: FaultRecord[] = [];
  let crashedRestarts = 0;
  let stopWatchdog = false;
  const permanentlyDown = new Set<ServiceInstance>();
  // The enroller keeps going until the settle loop ends (then it is set to 0).
  let enrollDeadline = Number.MAX_SAFE_INTEGER;
  const publishStart = Date.now();

  const watchdog = (async () => {
    // A service that dies on its own is a finding; restart it so the run can go on.
    const handled = new Map<ServiceInstance, number>();
    while (!stopWatchdog) {
      for (const i of fleet.instances) {
        if (
          !i.alive &&
          i.unexpectedExits.length > (handled.get(i) ?? 0) &&
          !permanentlyDown.has(i)
        ) {
          handled.set(i, i.unexpectedExits.length);
          timeline.push({
            at: t(),
            kind: 'unexpected-exit',
            target: i.instanceId,
            detail: JSON.stringify(i.unexpectedExits.at(-1)),
          });
          log(`[${t()}s] !! ${i.instanceId} exited on its own; restarting`);
          i.start();
        }
      }
      await sleep(1000);
    }
  })();

  const faultRunner = (async () => {
    for (const { fault, atMs } of schedule) {
      const wait = publishStart + atMs - Date.now();
      if (wait > 0) await sleep(wait);
      if (fault.kind === 'kill') {
        const pid = fault.instance.pid;
        await fault.instance.kill();
        if (fault.permanent) {
          permanentlyDown.add(fault.instance);
          timeline.push({
            at: t(),
            kind: 'SIGKILL (stays down: rebalance)',
            target: fault.instance.instanceId,
            detail: `pid ${pid}`,
          });
          log(
            `[${t()}s] SIGKILL ${fault.instance.instanceId} (pid ${pid}); stays down, the group rebalances`,
          );
          continue;
        }
        const downMs = 1000 + Math.floor(random() * 3000);
        timeline.push({
          at: t(),
          kind: 'SIGKILL',
          target: fault.instance.instanceId,
          detail: `pid ${pid}, restarted after ${downMs} ms`,
        });
        log(`[${t()}s] SIGKILL ${fault.instance.instanceId} (pid ${pid})`);
        await sleep(downMs);
        fault.instance.start();
        crashedRestarts += 1;
        const instance = fault.instance;
        void instance
          .ready(180000)
          .then(() => log(`[${t()}s] ${instance.instanceId} ready again`))
          .catch((e: Error) => log(`[${t()}s] ${e.message}`));
      } else if (fault.kind === 'broker-restart') {
        timeline.push({
          at: t(),
          kind: 'broker-restart',
          target: kafkaBrokerOf(profile),
          detail: 'kafka.sh down',
        });
        log(`[${t()}s] Kafka broker down`);
        await kafkaDown(profile);
        await sleep(3000);
        await kafkaUp(profile);
        timeline.push({
          at: t(),
          kind: 'broker-up',
          target: kafkaBrokerOf(profile),
          detail: 'kafka.sh up',
        });
        log(`[${t()}s] Kafka broker up`);
      } else {
        const terminated = await lockDatabaseRole(profile);
        timeline.push({
          at: t(),
          kind: 'db-outage',
          target: profile.role,
          detail: `NOLOGIN, ${terminated} sessions terminated, ${fault.seconds} s`,
        });
        log(`[${t()}s] PostgreSQL outage for ${profile.role} (${terminated} sessions terminated)`);
        const until = Date.now() + fault.seconds * 1000;
        while (Date.now() < until) {
          await sleep(2000);
          // Sessions that slipped in before NOLOGIN took effect.
          await lockDatabaseRole(profile).catch(() => 0);
        }
        await unlockDatabaseRole(profile);
        timeline.push({ at: t(), kind: 'db-restored', target: profile.role, detail: 'LOGIN' });
        log(`[${t()}s] PostgreSQL back`);
      }
    }
  })();

  // Assessments over HTTP, during the run: enrolled or declined as planned, once each case shows up.
  const planned = new Map(
    workload.members.filter((m) => m.assessment).map((m) => [m.memberId, m.assessment!]),
  );
  const assessed = new Map<string, string>();
  let httpRetries = 0;
  let publishingDone = false;
  const enroller = (async () => {
    const doneMembers = new Set<string>();
    for (;;) {
      let identified: { caseId: string; memberId: string }[] = [];
      try {
        const records = await readAll(kafka, [topics.ccmCases.name], 60000);
        const seen = new Set<string>();
        for (const r of records) {
          const d = r.value as { caseId?: string; memberId?: string; status?: string } | null;
          if (!d?.caseId || !d.memberId || seen.has(d.caseId)) continue;
          seen.add(d.caseId);
          if (planned.has(d.memberId) && !doneMembers.has(d.memberId))
            identified.push({ caseId: d.caseId, memberId: d.memberId });
        }
      } catch {
        identified = [];
      }
      const queue = [...identified];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let item = queue.shift(); item; item = queue.shift()) {
            const outcome = planned.get(item.memberId)!;
            const result = await postAssessment(fleet, item.caseId, outcome, supervisor);
            if (result === 'done') {
              doneMembers.add(item.memberId);
              assessed.set(item.caseId, outcome);
            } else httpRetries += 1;
          }
        }),
      );
      if (publishingDone && doneMembers.size >= planned.size) return;
      if (publishingDone && Date.now() > enrollDeadline) return;
      await sleep(3000);
    }
  })();

  // Publish the stream, paced over the window.
  const all = options.coverageBeforeStream
    ? workload.stream
    : [...workload.coverage, ...workload.stream];
  const batch = 200;
  for (let i = 0; i < all.length; i += batch) {
    const due = publishStart + (i / all.length) * windowMs;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    await publisher.publish(all.slice(i, i + batch));
    if (i % (batch * 100) === 0) log(`[${t()}s] published ${i}/${all.length}`);
  }
  log(`[${t()}s] published all ${all.length} events (${publisher.resends} resends)`);
  await faultRunner;
  publishingDone = true;

  // Settle: every group caught up, the outputs still, the assessments recorded. A loaded machine
  // only makes this slower, so the run gives up only after settleTimeoutSeconds without progress
  // (no output record, no lag drained, no assessment recorded), never on a fixed budget.
  const admin = kafka.admin();
  await admin.connect();
  let settled = false;
  let lastSum = -1;
  let stableSince = Date.now();
  let lastProgress = Date.now();
  let lastLag = Number.MAX_SAFE_INTEGER;
  let lastAssessed = -1;
  let lastHeld = -1;
  // Held requests are decided when the coverage wait ends: give up only after it has passed.
  const noProgressMs = Math.max(options.settleTimeoutSeconds * 1000, coverageWaitMs + 120000);
  const outputs = [...producedTopics.map((p) => p.name), topics.memberCoverage.name];
  while (Date.now() - lastProgress < noProgressMs) {
    try {
      const lag = await consumerLag(admin);
      const sum = await endOffsetSum(admin, outputs);
      const lagTotal = Object.values(lag).reduce((a, b) => a + b, 0);
      if (sum !== lastSum) {
        lastSum = sum;
        stableSince = Date.now();
        lastProgress = Date.now();
      }
      // Requests routing still holds for late coverage (decided when covered or when the wait ends).
      const held = Number(
        (
          await queryChaosDb<{ n: string }>(
            profile,
            'SELECT count(*) AS n FROM authorization_routing.pending_requests',
          )
        )[0]?.n ?? 0,
      );
      if (lagTotal < lastLag || assessed.size > lastAssessed || held !== lastHeld)
        lastProgress = Date.now();
      lastLag = lagTotal;
      lastAssessed = assessed.size;
      lastHeld = held;
      const enrollDone = assessed.size >= planned.size;
      // Every group caught up, no request held, the outputs still: the held ones were decided.
      if (lagTotal === 0 && held === 0 && enrollDone && Date.now() - stableSince > 15000) {
        settled = true;
        break;
      }
      log(
        `[${t()}s] settling: lag ${JSON.stringify(lag)}, held requests ${held}, assessments ${assessed.size}/${planned.size}`,
      );
    } catch (error) {
      log(`[${t()}s] settle check failed: ${(error as Error).message}`);
    }
    await sleep(5000);
  }
  await admin.disconnect();
  enrollDeadline = 0;
  await enroller;
  stopWatchdog = true;
  await watchdog;

  const records = await readAll(kafka, allTopicNames);
  const v = verify(workload, records, assessed);

  // Letters: fetch a sample of the PDFs the notices point to.
  let lettersChecked = 0;
  let lettersOk = 0;
  const pcp = fleet.first('pcp-notification');
  for (const url of v.letterUrls.slice(0, 40)) {
    lettersChecked += 1;
    try {
      const r = await fetch(url.startsWith('http') ? url : `${pcp.url}${url}`, {
        headers: { authorization: `Bearer ${supervisor}` },
      });
      const body = Buffer.from(await r.arrayBuffer());
      if (r.status === 200 && body.subarray(0, 4).toString() === '%PDF') lettersOk += 1;
    } catch {
      /* counted as not ok */
    }
  }

  let healthyAtEnd = true;
  for (const i of fleet.instances) {
    if (permanentlyDown.has(i)) continue;
    const ok =
      i.alive &&
      (await fetch(`${i.url}/health/ready`)
        .then((r) => r.status === 200)
        .catch(() => false));
    if (!ok) healthyAtEnd = false;
  }
  await publisher.close();
  await fleet.stop();
  const leaks = await scanLogs(fleet.logDir, workload.canaries);
  await kafkaDown(profile).catch(() => undefined);

  const figures: Record<string, Figure> = {
    'routing decisions': v.decisions,
    'member-coverage snapshots': v.memberCoverage,
    'ccm evaluations (members)': v.evaluations,
    'ccm cases': v.cases,
    'enrollment notices': v.notices,
  };
  const totals = {
    expected: 0,
    produced: 0,
    lost: 0,
    duplicated: 0,
    rawDuplicates: 0,
    outOfOrder: 0,
    wrong: 0,
    unexpected: 0,
  };
  for (const f of Object.values(figures))
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += f[k];
  const report: ChaosReport = {
    runId,
    seed: options.seed,
    eventsPublished: total,
    publishResends: publisher.resends,
    figures,
    deadLettered: v.deadLettered,
    crashedRestarts,
    unexpectedExits: fleet.unexpectedExits,
    faults: timeline,
    leaks,
    lettersChecked,
    lettersOk,
    assessments: {
      planned: planned.size,
      recorded: assessed.size,
      httpRetries,
      retryReasons: Object.fromEntries(httpFailures),
    },
    healthyAtEnd,
    settled,
    runtimeSeconds: Math.round((Date.now() - started) / 1000),
    totals,
  };
  writeFileSync(join(dataDirOf(profile), 'report.json'), JSON.stringify(report, null, 2));
  return report;
}

async function postAssessment(
  fleet: Fleet,
  caseId: string,
  outcome: string,
  token: string,
): Promise<'done' | 'retry'> {
  const alive = fleet.of('case-management').filter((i) => i.alive);
  const target = alive[Math.floor(Math.random() * alive.length)];
  if (!target) return 'retry';
  try {
    const r = await fetch(`${target.url}/cases/${encodeURIComponent(caseId)}/assessment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ outcome, notes: 'chaos assessment' }),
      signal: AbortSignal.timeout(15000),
    });
    const text = await r.text();
    if (r.status === 200) return 'done';
    if (r.status !== 409 && httpFailures.size === 0)
      process.stderr.write(`assessment ${caseId}: ${r.status} ${text.slice(0, 300)}\n`);
    if (r.status === 409) {
      // Already recorded (a retry of a request whose answer was lost): check the case.
      const g = await fetch(`${target.url}/cases/${encodeURIComponent(caseId)}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(15000),
      });
      const body = (await g.json().catch(() => null)) as { status?: string } | null;
      return body?.status === outcome ? 'done' : 'retry';
    }
    httpFailures.set(`${r.status}`, (httpFailures.get(`${r.status}`) ?? 0) + 1);
    return 'retry';
  } catch (error) {
    const key = (error as Error).name;
    httpFailures.set(key, (httpFailures.get(key) ?? 0) + 1);
    return 'retry';
  }
}

/** Why assessment requests had to be retried (status code or error name), for the report. */
const httpFailures = new Map<string, number>();

export function formatReport(r: ChaosReport): string {
  const lines: string[] = [];
  lines.push(
    `run ${r.runId} (seed ${r.seed}): ${r.eventsPublished} events published (${r.publishResends} batch resends after broker errors), ${r.runtimeSeconds} s, settled: ${r.settled}`,
  );
  lines.push('');
  lines.push(
    'effect                       expected  produced      lost  duplicated  raw-dup-records  out-of-order  wrong  unexpected',
  );
  for (const [name, f] of Object.entries(r.figures)) {
    lines.push(
      `${name.padEnd(28)} ${String(f.expected).padStart(8)}  ${String(f.produced).padStart(8)}  ${String(f.lost).padStart(8)}  ${String(f.duplicated).padStart(10)}  ${String(f.rawDuplicates).padStart(15)}  ${String(f.outOfOrder).padStart(12)}  ${String(f.wrong).padStart(5)}  ${String(f.unexpected).padStart(10)}`,
    );
    for (const e of f.examples) lines.push(`    e.g. ${e}`);
  }
  const tt = r.totals;
  lines.push(
    `${'TOTAL'.padEnd(28)} ${String(tt.expected).padStart(8)}  ${String(tt.produced).padStart(8)}  ${String(tt.lost).padStart(8)}  ${String(tt.duplicated).padStart(10)}  ${String(tt.rawDuplicates).padStart(15)}  ${String(tt.outOfOrder).padStart(12)}  ${String(tt.wrong).padStart(5)}  ${String(tt.unexpected).padStart(10)}`,
  );
  lines.push('');
  lines.push(
    `crashed restarts (SIGKILL + restart): ${r.crashedRestarts}; unexpected exits: ${r.unexpectedExits}; healthy at end: ${r.healthyAtEnd}`,
  );
  lines.push(`dead-lettered records (valid traffic, expected 0): ${r.deadLettered}`);
  lines.push(
    `assessments over HTTP: ${r.assessments.recorded}/${r.assessments.planned} recorded (${r.assessments.httpRetries} retries: ${JSON.stringify(r.assessments.retryReasons)}); letters fetched: ${r.lettersOk}/${r.lettersChecked} PDFs ok`,
  );
  lines.push(
    `PHI in logs: ${r.leaks.leaks} found in ${r.leaks.lines} lines${r.leaks.examples.length ? `; e.g. ${r.leaks.examples.join(' | ')}` : ''}`,
  );
  lines.push('');
  lines.push('fault timeline:');
  for (const f of r.faults)
    lines.push(
      `  ${String(f.at).padStart(7)}s  ${f.kind.padEnd(34)} ${f.target.padEnd(24)} ${f.detail}`,
    );
  return lines.join('\n');
}

/** True when delivery held: nothing lost, doubled, reordered or wrong, and no PHI in the logs. */
export function passed(r: ChaosReport): boolean {
  const t = r.totals;
  return (
    t.lost === 0 &&
    t.duplicated === 0 &&
    t.outOfOrder === 0 &&
    t.wrong === 0 &&
    t.unexpected === 0 &&
    r.leaks.leaks === 0 &&
    r.deadLettered === 0 &&
    r.healthyAtEnd &&
    r.settled &&
    r.assessments.recorded === r.assessments.planned &&
    r.lettersOk === r.lettersChecked
  );
}
