import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { addCalendarDays } from '@careflow/contracts';
import { DevelopmentTokenClient, type Principal } from '@careflow/platform';
import type { BenchContext } from '../lib/context';
import { Rng } from '../lib/generate';
import { statusText } from '../lib/http';
import type { Figure, LatencyFigure } from '../lib/result';
import { NotRunError } from '../lib/result';
import { latencyFigure, since, summarize } from '../lib/stats';
import type { BenchOutcome } from './index';

/** Open cases of each case manager: 50,000 across 100 (with --quick, 5,000 across 10). */
const PER_MANAGER = 500;
const PAGE = 50;
const TARGET_MS = 300;
const SCHEMA = 'case_management';
/** The service's default token audience (`careflow-<service>`, AUTH_AUDIENCE). */
const AUDIENCE = 'careflow-case-management';

/** ICD-10-CM codes of Quan's Charlson categories (and one that is none), drawn for profiles. */
const CODES = [
  'I5023', 'N186', 'E119', 'E1122', 'J449', 'I252', 'I639', 'C349', 'C787', 'K7030',
  'F0390', 'M069', 'K254', 'G8190', 'I739', 'I10', 'E785', 'M545', 'Z0000',
]; // prettier-ignore
const STATUSES = ['identified', 'assessment-pending', 'enrolled'] as const;

/**
 * The case managers' caseload at scale (issue #28): 50,000 open cases across 100 case managers
 * (500 each) with clinical profiles (diagnoses and inpatient stays, the risk score's inputs),
 * coverage, names and birth dates, calls due and failed letters, seeded into case-management's
 * own schema after its migrations ran. The real service answers over HTTP with tokens of the
 * identity provider (its own instance, started here); p50/p95/p99 of `GET /workspace/caseload`
 * pages for case managers (their own caseload) and a supervisor (a named one), and beside them the
 * bare SQL query of a caseload page (`CASELOAD_PAGE_SQL`) timed on the same database. The
 * warm-up reads every caseload once (the day's first read scores it; later ones page in SQL).
 */
export async function caseload(ctx: BenchContext): Promise<BenchOutcome> {
  const requests = ctx.scale(1_000);
  const managerCount = ctx.quick ? 10 : 100;
  const notes: string[] = [];
  const idp = await startIdentityProvider(ctx);
  try {
    const service = await ctx.services.start('case-management', {
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: idp.issuer,
      MONTHLY_REVIEW_CRON: 'off',
      ASSESSMENT_OVERDUE_CRON: 'off',
    });
    const db = new Client({ connectionString: ctx.options.databaseUrl });
    await db.connect();
    try {
      const seedStart = performance.now();
      const today = new Date().toISOString().slice(0, 10);
      const openCases = managerCount * PER_MANAGER;
      await seed(db, today, managerCount, (m) => ctx.log(`caseload: ${m}`));
      notes.push(
        `Seeded ${openCases.toLocaleString('en-US')} open cases for ${managerCount} case managers (profiles, coverage, names, PCP work) in ${(since(seedStart) / 1000).toFixed(0)} s.`,
      );
      const tokens = new DevelopmentTokenClient({ issuer: idp.issuer, dataDir: idp.dataDir });
      const tokenOf = async (p: Principal) => (await tokens.request(p, AUDIENCE)).token;
      const managers = Array.from({ length: managerCount }, (_, i) => managerId(i));
      const managerTokens = await Promise.all(
        managers.map((id) => tokenOf({ id, name: `Nurse ${id}`, roles: ['case-manager'] })),
      );
      const supervisorToken = await tokenOf({
        id: 'bench-supervisor',
        name: 'Bench Supervisor',
        roles: ['supervisor'],
      });
      const rng = new Rng(28);
      const pick = () => {
        const m = Math.floor(rng.next() * managerCount);
        // Mostly the first page (the view opens there), else any page of the 500.
        const offset = rng.next() < 0.7 ? 0 : Math.floor(rng.next() * (PER_MANAGER / PAGE)) * PAGE;
        return { m, offset };
      };
      const url = (offset: number, cm?: string) =>
        `${service.url}/workspace/caseload?limit=${PAGE}&offset=${offset}${cm ? `&caseManagerId=${cm}` : ''}`;

      ctx.log(`caseload: the first read of each of the ${managerCount} caseloads (scores it)`);
      let next = 0;
      const firstReads = await timed(managerCount, () => get(url(0), managerTokens[next++]!));
      ctx.log('caseload: warming up (200 requests, not measured)');
      for (let i = 0; i < 200; i++) {
        const { m, offset } = pick();
        await get(url(offset), managerTokens[m]!);
      }
      ctx.log(
        `caseload: ${requests} case-manager pages, ${requests} supervisor pages, ${requests} bare queries`,
      );
      const asManager = await timed(requests, () => {
        const { m, offset } = pick();
        return get(url(offset), managerTokens[m]!);
      });
      const asSupervisor = await timed(requests, () => {
        const { m, offset } = pick();
        return get(url(offset, managers[m]), supervisorToken);
      });
      const bare = await bareQuery(ctx, db, managers, requests, pick);

      const meets = (p99: number) => ({ text: `p99 < ${TARGET_MS} ms`, met: p99 < TARGET_MS });
      const latencies: LatencyFigure[] = [
        latencyFigure('GET /workspace/caseload, case managers (own caseload, 500 open cases each)', asManager.samples, (l) => meets(l.p99)),
        latencyFigure('GET /workspace/caseload, supervisor (a named case manager)', asSupervisor.samples, (l) => meets(l.p99)),
        latencyFigure("first read of a caseload on a plan day (scores its 500 cases and stores the totals)", firstReads.samples),
        latencyFigure('bare SQL: the caseload page query (CASELOAD_PAGE_SQL), same pages, same database', bare),
      ]; // prettier-ignore
      const statuses = new Map<number, number>();
      for (const r of [firstReads, asManager, asSupervisor])
        for (const [s, n] of r.statuses) statuses.set(s, (statuses.get(s) ?? 0) + n);
      notes.push(`Answers: ${statusText(statuses)}.`);
      const bareP50 = summarize(bare).p50;
      const httpP50 = summarize(asManager.samples).p50;
      const figures: Figure[] = [
        {
          label: 'caseload page p50, case managers',
          kind: 'latency',
          value: httpP50,
          unit: 'ms',
          baseline: { label: 'bare SQL query p50', value: bareP50 },
        },
      ];
      const firstError = asManager.firstError ?? asSupervisor.firstError;
      if (firstError) notes.push(`First error: ${firstError}`);
      return {
        status: statuses.size === 1 && statuses.has(200) ? 'ok' : 'partial',
        figures,
        latencies,
        skipped: [],
        notes,
      };
    } finally {
      await db.end();
    }
  } finally {
    await ctx.services.stopAll();
    idp.stop();
  }
}

const managerId = (i: number): string => `bench-cm-${String(i).padStart(3, '0')}`;

async function get(url: string, token: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.text() };
}

async function timed(
  count: number,
  once: () => Promise<{ status: number; body: string }>,
): Promise<{ samples: number[]; statuses: Map<number, number>; firstError: string | null }> {
  const samples: number[] = [];
  const statuses = new Map<number, number>();
  let firstError: string | null = null;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const r = await once();
    samples.push(performance.now() - t0);
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    if (r.status !== 200 && firstError === null) firstError = `${r.status} ${r.body.slice(0, 200)}`;
  }
  return { samples, statuses, firstError };
}

/** The service's own caseload page query, from its build (one text, not a copy). */
async function bareQuery(
  ctx: BenchContext,
  db: Client,
  managers: readonly string[],
  count: number,
  pick: () => { m: number; offset: number },
): Promise<number[]> {
  const built = (file: string) =>
    join(ctx.options.repoRoot, 'services/case-management/dist/workspace', file);
  const { CASELOAD_PAGE_SQL: sql } = (await import(built('workspace.repository.js'))) as {
    CASELOAD_PAGE_SQL: string;
  };
  const { AWAITING_ASSESSMENT_STATUSES: awaiting } = (await import(
    built('caseload-entries.js')
  )) as { AWAITING_ASSESSMENT_STATUSES: string[] };
  await db.query(`SET search_path TO ${SCHEMA}, public`);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const { m, offset } = pick();
    const t0 = performance.now();
    await db.query(sql, [managers[m]!, awaiting, PAGE, offset]);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * The seed, written as the service's tables hold it: case managers, then per member a clinical
 * profile (0-12 diagnoses over two years, 0-4 inpatient stays), coverage with a PCP, a name and
 * birth date, an open case, and for some cases pending calls and failed letters. In batches of
 * 5,000 members, each one statement per table.
 */
async function seed(
  db: Client,
  today: string,
  managers: number,
  log: (m: string) => void,
): Promise<void> {
  const openCases = managers * PER_MANAGER;
  await db.query(`SET search_path TO ${SCHEMA}, public`);
  await db.query(
    `INSERT INTO case_managers (id, name, capacity)
     SELECT id, 'Nurse ' || id, 1000 FROM unnest($1::text[]) AS id`,
    [Array.from({ length: managers }, (_, i) => managerId(i))],
  );
  const rng = new Rng(50_000);
  const batch = 5_000;
  for (let start = 0; start < openCases; start += batch) {
    const rows = Array.from({ length: Math.min(batch, openCases - start) }, (_, k) =>
      memberRow(rng, start + k, today, managers),
    );
    const json = JSON.stringify(rows);
    await db.query(
      `INSERT INTO clinical_profiles (member_id, profile, updated_at)
       SELECT member_id, profile, now() FROM json_to_recordset($1::json) AS r(member_id text, profile json)`,
      [json],
    );
    await db.query(
      `INSERT INTO member_coverage (member_id, version, spans, updated_at)
       SELECT member_id, 1, spans, now() FROM json_to_recordset($1::json) AS r(member_id text, spans jsonb)`,
      [json],
    );
    await db.query(
      `INSERT INTO member_demographics (member_id, first_name, last_name, birth_date, version)
       SELECT member_id, first_name, last_name, birth_date, 1
         FROM json_to_recordset($1::json) AS r(member_id text, first_name text, last_name text, birth_date date)`,
      [json],
    );
    await db.query(
      `INSERT INTO cases (case_id, member_id, status, identification_sources, criteria_met,
                          case_manager_id, opened_at, assessment_due_at, updated_at)
       SELECT case_id, member_id, status, '{medical-claim}', '{three-or-more-admissions-12-months}',
              case_manager_id, opened_at, opened_at + interval '30 days', now()
         FROM json_to_recordset($1::json)
           AS r(case_id text, member_id text, status text, case_manager_id text, opened_at timestamptz)`,
      [json],
    );
    await db.query(
      `INSERT INTO case_pcp_tasks (notification_id, case_id, member_id, kind, status, due_by,
                                   delivery_failed, event_time)
       SELECT t.notification_id, r.case_id, r.member_id, t.kind, 'pending', t.due_by, t.failed, now()
         FROM json_to_recordset($1::json) AS r(case_id text, member_id text, tasks json),
              json_to_recordset(r.tasks) AS t(notification_id text, kind text, due_by timestamptz, failed boolean)`,
      [json],
    );
    log(`seeded ${start + rows.length} of ${openCases}`);
  }
  await db.query(`ANALYZE`);
}

function memberRow(rng: Rng, i: number, today: string, managers: number) {
  const memberId = `BCL-${String(i).padStart(6, '0')}`;
  const caseId = `CASE-BCL-${String(i).padStart(6, '0')}`;
  const day = (back: number) => addCalendarDays(today, -back);
  const source = (n: number) => ({ kind: 'medical-claim', id: `CLM-${i}-${n}` });
  const diagnoses = Array.from({ length: Math.floor(rng.next() * 13) }, (_, n) => ({
    code: CODES[Math.floor(rng.next() * CODES.length)]!,
    date: day(Math.floor(rng.next() * 730)),
    position: n % 3,
    source: source(n),
  }));
  const inpatientStays = Array.from({ length: Math.floor(rng.next() * 5) }, (_, n) => {
    const admitted = 10 + Math.floor(rng.next() * 360);
    const code = CODES[Math.floor(rng.next() * CODES.length)]!;
    return {
      facilityNpi: '1234567893',
      admissionDate: day(admitted),
      dischargeDate: day(admitted - 3),
      principalDiagnosis: code,
      diagnosisCodes: [code],
      dischargeDisposition: '01',
      source: { kind: 'adt-discharge', id: `ADT-${i}-${n}` },
    };
  });
  const openedDaysAgo = Math.floor(rng.next() * 60);
  const tasks = [
    ...(rng.next() < 0.2
      ? [{ notification_id: `ntf-call-${i}`, kind: 'condition-change-call', due_by: new Date(Date.now() + 86_400_000).toISOString(), failed: false }]
      : []),
    ...(rng.next() < 0.05
      ? [{ notification_id: `ntf-letter-${i}`, kind: 'clinical-status-update', due_by: null, failed: true }]
      : []),
  ]; // prettier-ignore
  return {
    member_id: memberId,
    case_id: caseId,
    status: STATUSES[Math.floor(rng.next() * STATUSES.length)]!,
    case_manager_id: managerId(i % managers),
    opened_at: new Date(Date.now() - openedDaysAgo * 86_400_000).toISOString(),
    profile: {
      schemaVersion: 1,
      memberId,
      diagnoses,
      inpatientStays,
      procedures: [],
      pharmacyFills: [],
      labs: [],
      mtmReviews: [],
    },
    spans: [
      {
        lineOfBusiness: 'blue-cross-commercial',
        fundingType: 'fully-insured',
        group: { id: 'acme-1', name: 'Acme Tooling' },
        effectiveDate: day(900),
        terminationDate: null,
        pharmacyBenefitAdministrator: null,
        pcp: {
          npi: '1326041792',
          name: 'Bench Family Practice',
          phone: '313-555-0199',
          fax: null,
          address: null,
        },
        state: 'MI',
        sourceEventId: `cov-${i}`,
        sourceEventTime: new Date().toISOString(),
      },
    ],
    first_name: `First${i}`,
    last_name: `Last${i}`,
    birth_date: day(365 * 40 + Math.floor(rng.next() * 365 * 45)),
    tasks,
  };
}

/** The development identity provider on a port of the benchmark's own, stopped afterwards. */
async function startIdentityProvider(
  ctx: BenchContext,
): Promise<{ issuer: string; dataDir: string; stop(): void }> {
  const port = process.env.BENCH_IDP_PORT ?? '49400';
  const dataDir =
    process.env.BENCH_IDP_DATA_DIR ?? join(ctx.options.repoRoot, '.data/bench-identity');
  const script = join(ctx.options.repoRoot, 'infra/identity/identity.sh');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_IDP_PORT: port,
    AUTH_IDP_DATA_DIR: dataDir,
  };
  delete env['AUTH_IDP_ISSUER'];
  try {
    execFileSync('bash', [script, 'up'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    throw new NotRunError(`the identity provider did not start on port ${port} (BENCH_IDP_PORT)`);
  }
  return {
    issuer: `http://127.0.0.1:${port}`,
    dataDir,
    stop: () => {
      execFileSync('bash', [script, 'down'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    },
  };
}
