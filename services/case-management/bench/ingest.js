/**
 * Local end-to-end throughput of case-management's clinical event path (and optionally the monthly
 * review): publishes N mixed claims / discharges / pharmacy fills (the bench's 45/15/40 mix) with
 * RawPublisher while `node services/case-management/dist/main.js` consumes, and times first publish
 * → consumer group lag 0. Its own consumer group and database, so tests and benches are untouched.
 *
 *   npx tsc -b tsconfig.build.json
 *   node services/case-management/bench/ingest.js [events=30000] [members=10000] [--review]
 *   KAFKA_CHUNK_SIZE=500 node services/case-management/bench/ingest.js ...   (env passes through)
 *
 * First run of a group: its offsets are moved to the end of every consumed topic (history is not
 * replayed). Member ids are fresh per run. Coverage for every member is published first.
 */
/* eslint-disable */
'use strict';
const { spawn, execSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const path = require('node:path');
const { createKafkaClient, RawPublisher } = require('@careflow/messaging');
const { topics } = require('@careflow/contracts');
const { issueAccessToken } = require('@careflow/platform');

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const EVENTS = Number(args[0] ?? 30000);
const MEMBERS = Number(args[1] ?? 10000);
const REVIEW = process.argv.includes('--review');
const GROUP = process.env.CM_PERF_GROUP ?? 'cm-perf';
const DB = process.env.CM_PERF_DB ?? 'careflow_cm_perf';
const PORT = process.env.CM_PERF_PORT ?? '3903';
const SECRET = 'cm-perf-secret-at-least-32-characters-long';
const CLINICAL = [topics.medicalClaims.name, topics.adtDischarges.name, topics.pharmacyClaims.name];
const CONSUMED = [
  ...CLINICAL,
  topics.encounters.name,
  topics.labResults.name,
  topics.mtmEvents.name,
  topics.memberCoverage.name,
  topics.ccmReferrals.name,
];
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let state = 2718;
function rnd() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const pad = (n) => String(n).padStart(2, '0');
const CHRONIC_DX = [
  'I50.23',
  'E11.9',
  'N18.4',
  'J44.9',
  'I10',
  'E78.5',
  'F32.9',
  'J45.40',
  'C50.911',
  'I25.10',
];
const NDCS = [
  '00069015030',
  '00093517198',
  '00378395177',
  '00591054410',
  '68180051301',
  '00093722001',
];

function clinicalEvent(seq, memberId) {
  const month = 1 + Math.floor(rnd() * 6);
  const day = 1 + Math.floor(rnd() * 20);
  const date = (d) => `2025-${pad(month)}-${pad(d)}`;
  const dx = [pick(CHRONIC_DX), pick(CHRONIC_DX)];
  const r = rnd() * 100;
  if (r < 45) {
    const inpatient = rnd() < 0.25;
    return {
      topic: topics.medicalClaims,
      data: {
        claimId: `PCLM-${seq}`,
        memberId,
        claimType: inpatient
          ? 'institutional-inpatient'
          : rnd() < 0.5
            ? 'professional'
            : 'institutional-outpatient',
        status: rnd() < 0.95 ? 'paid' : 'denied',
        serviceFrom: date(day),
        serviceTo: date(day + (inpatient ? 4 : 0)),
        ...(inpatient
          ? {
              admissionDate: date(day),
              dischargeDate: date(day + 4),
              drg: '291',
              facilityNpi: '1326041792',
            }
          : {}),
        diagnosisCodes: dx,
        procedureCodes: inpatient ? null : ['99214'],
      },
    };
  }
  if (r < 60) {
    return {
      topic: topics.adtDischarges,
      data: {
        encounterId: `PENC-${seq}`,
        memberId,
        facilityNpi: '1326041792',
        admissionDate: date(day),
        dischargeDate: date(day + 3),
        diagnosisCodes: dx,
        dischargeDisposition: 'home',
      },
    };
  }
  return {
    topic: topics.pharmacyClaims,
    data: {
      claimId: `PRX-${seq}`,
      memberId,
      status: rnd() < 0.97 ? 'paid' : 'reversed',
      fillDate: date(day),
      ndc: pick(NDCS),
      drugName: 'atorvastatin 20 mg',
      daysSupply: pick([30, 30, 90]),
      pharmacyChannel: pick(['retail', 'retail', 'retail', 'mail-order', 'specialty']),
    },
  };
}

function coverageOf(memberId) {
  return {
    memberId,
    version: 1,
    spans: [
      {
        lineOfBusiness: pick(['blue-cross-commercial', 'bcn-commercial', 'medicare-plus-blue']),
        fundingType: 'fully-insured',
        group: { id: 'acme-1', name: 'Acme Tooling' },
        effectiveDate: '2023-01-01',
        terminationDate: null,
        pharmacyBenefitAdministrator: null,
        pcp: { npi: '1457389201', name: 'Alan Reyes, MD', phone: null, fax: null, address: null },
        state: 'MI',
        sourceEventId: `cov-${memberId}`,
        sourceEventTime: new Date().toISOString(),
      },
    ],
  };
}

async function lag(admin, topicNames) {
  const committed = await admin.fetchOffsets({ groupId: GROUP, topics: topicNames });
  let total = 0;
  for (const t of committed) {
    const ends = await admin.fetchTopicOffsets(t.topic);
    for (const p of t.partitions) {
      const end = Number(ends.find((e) => e.partition === p.partition).high);
      total += end - (Number(p.offset) < 0 ? 0 : Number(p.offset));
    }
  }
  return total;
}

async function waitLag(admin, topicNames, label, timeoutMs = 3_600_000) {
  const t0 = Date.now();
  let last = 0;
  for (;;) {
    const l = await lag(admin, topicNames);
    if (l === 0) return performance.now();
    if (Date.now() - last > 10_000) {
      log(`${label} lag ${l}`);
      last = Date.now();
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${label}: lag ${l} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function main() {
  try {
    execSync(`createdb -h 127.0.0.1 -U postgres ${DB}`, { stdio: 'ignore' });
  } catch {
    /* exists */
  }
  const kafka = createKafkaClient(
    { brokers: ['127.0.0.1:9092'], clientId: `cm-perf-${randomUUID().slice(0, 6)}` },
    silent,
  );
  const admin = kafka.admin();
  await admin.connect();
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
  if (!groups.includes(GROUP)) {
    log(`new group ${GROUP}: offsets to the end of the consumed topics`);
    for (const topic of CONSUMED)
      await admin.resetOffsets({ groupId: GROUP, topic, earliest: false });
  }
  const service = spawn(process.execPath, [path.join(__dirname, '../dist/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      PORT,
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${DB}`,
      KAFKA_CONSUMER_GROUP: GROUP,
      AUTH_JWT_SECRET: SECRET,
      MONTHLY_REVIEW_CRON: 'off',
      ASSESSMENT_OVERDUE_CRON: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => service.on('exit', r));
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).status < 500) break;
      } catch {
        /* starting */
      }
      if (i > 600) throw new Error('service did not start');
      await sleep(200);
    }
    const run = randomUUID().slice(0, 6);
    const memberIds = Array.from(
      { length: MEMBERS },
      (_, i) => `P${run}-${String(i).padStart(7, '0')}`,
    );
    const publisher = new RawPublisher(kafka);
    log(`coverage for ${MEMBERS} members`);
    for (let i = 0; i < MEMBERS; i += 2000) {
      await publisher.publish(
        topics.memberCoverage.name,
        memberIds
          .slice(i, i + 2000)
          .map((m) => ({ type: topics.memberCoverage.eventType, key: m, data: coverageOf(m) })),
      );
    }
    await waitLag(admin, [topics.memberCoverage.name], 'coverage');
    const byTopic = new Map(CLINICAL.map((t) => [t, []]));
    const eventType = new Map(
      [topics.medicalClaims, topics.adtDischarges, topics.pharmacyClaims].map((t) => [
        t.name,
        t.eventType,
      ]),
    );
    for (let i = 0; i < EVENTS; i++) {
      const m = memberIds[Math.floor(rnd() * MEMBERS)];
      const e = clinicalEvent(`${run}-${i}`, m);
      byTopic.get(e.topic.name).push({ type: e.topic.eventType, key: m, data: e.data });
    }
    log(`publishing ${EVENTS} events over ${MEMBERS} members while the service consumes`);
    const t0 = performance.now();
    await Promise.all(
      CLINICAL.map(async (topic) => {
        const list = byTopic.get(topic);
        for (let i = 0; i < list.length; i += 2000)
          await publisher.publish(topic, list.slice(i, i + 2000));
      }),
    );
    const published = performance.now();
    const done = await waitLag(admin, CLINICAL, 'clinical');
    const s = (done - t0) / 1000;
    log(`published in ${((published - t0) / 1000).toFixed(1)} s; caught up in ${s.toFixed(1)} s`);
    console.log(
      JSON.stringify({
        events: EVENTS,
        members: MEMBERS,
        seconds: Number(s.toFixed(2)),
        eventsPerSecond: Math.round(EVENTS / s),
        chunk: process.env.KAFKA_CHUNK_SIZE ?? 'default',
      }),
    );
    await publisher.close();
    if (REVIEW) {
      const token = await issueAccessToken(
        { id: 'sup-perf', name: 'Perf Supervisor', roles: ['supervisor'] },
        SECRET,
      );
      const month = new Date().toISOString().slice(0, 7);
      const headers = { authorization: `Bearer ${token}` };
      const r0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${PORT}/reviews/monthly?month=${month}`, {
        method: 'POST',
        headers,
      });
      if (!res.ok) throw new Error(`review answered ${res.status} ${await res.text()}`);
      let summary = {};
      for (;;) {
        await sleep(500);
        const r = await fetch(`http://127.0.0.1:${PORT}/reviews/monthly/${month}?limit=1`, {
          headers,
        });
        if (r.ok) summary = await r.json();
        if (summary.status && summary.status !== 'running') break;
      }
      const rs = (performance.now() - r0) / 1000;
      console.log(
        JSON.stringify({
          review: summary.status,
          membersScanned: summary.membersScanned,
          covered: summary.membersWithActiveCoverage,
          seconds: Number(rs.toFixed(2)),
          membersPerSecond: Math.round((summary.membersScanned ?? 0) / rs),
        }),
      );
    }
  } finally {
    await admin.disconnect();
    service.kill('SIGTERM');
    await exited;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
