import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { topics } from '@careflow/contracts';
import { mllpFrame, MllpDecoder } from '@careflow/interop-mapping';
import { RAW_TOPICS, type BenchContext } from '../lib/context';
import { memberIdOf } from '../lib/generate';
import {
  fastEncode,
  groupLag,
  publishAll,
  topicEndOffsets,
  waitForGroupCaughtUp,
  type BenchRecord,
} from '../lib/kafka';
import type { Figure } from '../lib/result';
import { freePort } from '../lib/services';
import { perSecond, since } from '../lib/stats';
import type { BenchOutcome } from './index';
import { memoryFigure } from '../lib/targets';

const SAMPLES = join(__dirname, '..', '..', '..', 'docs', 'samples');
const PREFIX = 'BGW';

/**
 * An 834 of `members` member loops in one transaction set: the sample's envelope and first member
 * loop (an addition with PCP, 22 segments), repeated with fresh member ids.
 */
export function large834(members: number): string {
  const segments = readFileSync(join(SAMPLES, 'x12', '834-enrollment-changes.x12'), 'utf8')
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const firstMember = segments.findIndex((s) => s.startsWith('INS*'));
  const secondMember = segments.findIndex((s, i) => i > firstMember && s.startsWith('INS*'));
  const header = segments.slice(0, firstMember);
  const loop = segments.slice(firstMember, secondMember);
  const body: string[] = [];
  for (let m = 0; m < members; m++) {
    const id = memberIdOf(PREFIX, m);
    body.push(...loop.map((s) => s.replaceAll('SAMPLE834A01', id)));
  }
  const inSet = header.length - 2 + body.length + 1; // ST to SE, without ISA and GS
  const control = String(100_000_000 + (Date.now() % 899_999_999)).padStart(9, '0');
  return [...header, ...body, 'SE*' + inSet + '*0001', 'GE*1*101', `IEA*1*${control}`]
    .join('~')
    .replace(/(\*00501\*)\d{9}\*/, `$1${control}*`)
    .concat('~');
}

/** `count` ORU^R01 messages of the sample (two OBX each), fresh MSH-10 and member per message. */
function oruMessages(count: number): string[] {
  const text = readFileSync(join(SAMPLES, 'hl7', 'oru-r01-lab-results.hl7'), 'utf8')
    .trimEnd()
    .replace(/\n/g, '\r');
  return Array.from({ length: count }, (_, i) =>
    text
      .replaceAll('SAMPLEHL7A01', memberIdOf(PREFIX, i))
      .replace(/^((?:[^|\r]*\|){9})[^|\r]*/, `$1BENCH-${Date.now()}-${i}`),
  );
}

async function endOffsetSum(ctx: BenchContext, topic: string): Promise<bigint> {
  return [...(await topicEndOffsets(ctx.kafka, topic)).values()].reduce((a, b) => a + b, 0n);
}

/** Sends each message over one MLLP connection and waits for its ACK before the next. */
async function sendOverMllp(
  port: number,
  messages: readonly string[],
): Promise<{ acked: number; accepted: number; ms: number }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.setNoDelay(true);
  const decoder = new MllpDecoder(1024 * 1024);
  const answers: string[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (data: Buffer) => {
    answers.push(...decoder.push(data).frames);
    wake?.();
  });
  const started = performance.now();
  let accepted = 0;
  for (const message of messages) {
    socket.write(mllpFrame(message));
    while (answers.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    if (answers.shift()!.includes('\rMSA|AA|')) accepted += 1;
  }
  const ms = since(started);
  socket.destroy();
  return { acked: messages.length, accepted, ms };
}

/**
 * The interop gateway's two doors: an 834 of many members uploaded over HTTP (members per second
 * from the upload until eligibility has applied every coverage.updated) and HL7 v2 ORU^R01 over
 * one MLLP connection (messages per second acknowledged, one at a time as an interface engine
 * sends them). Each beside a raw kafkajs produce of the same events in the same run.
 */
export async function gateway(ctx: BenchContext): Promise<BenchOutcome> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const members = ctx.scale(100_000);
  const hl7Count = ctx.scale(5_000);
  const eligibility = await ctx.services.start('eligibility');
  const mllpPort = await freePort(3475);
  // It creates the topics it writes here (no ACLs on the benchmark's broker).
  const interop = await ctx.services.start('interop-gateway', { MLLP_PORT: String(mllpPort) });

  // The 834: upload → 999 (parsed, validated, published to the outbox), then eligibility applies.
  const file = large834(members);
  ctx.log(
    `gateway: uploading an 834 of ${members} members (${Math.round(file.length / 1024)} KiB)`,
  );
  const before = await groupLag(ctx.kafka, 'eligibility', [topics.eligibilityCoverage.name]);
  const offsetsBefore = await endOffsetSum(ctx, topics.eligibilityCoverage.name);
  const started = performance.now();
  const answer = await fetch(`${interop.url}/x12`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await ctx.token('integrator')}`,
      'content-type': 'application/edi-x12',
    },
    body: file,
  });
  const acknowledgment = await answer.text();
  const acknowledgedMs = since(started);
  if (!/AK9\*A\*/.test(acknowledgment))
    notes.push(`The 834 was not accepted (HTTP ${answer.status}): the figures below are void.`);
  let appliedRate: number | null = null;
  let appliedNote: string | undefined;
  try {
    // The outbox relay publishes after the 999: wait until every event is on the topic first, or
    // a group with nothing to read yet would count as caught up.
    const deadline = Date.now() + ctx.window(ctx.quick ? 300_000 : 1_800_000);
    while (
      (await endOffsetSum(ctx, topics.eligibilityCoverage.name)) <
      offsetsBefore + BigInt(members)
    ) {
      if (Date.now() > deadline) throw new Error('the events never reached the topic');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const caughtUpAt = await waitForGroupCaughtUp(
      ctx.kafka,
      'eligibility',
      [topics.eligibilityCoverage.name],
      ctx.window(ctx.quick ? 300_000 : 1_800_000),
      500,
      (lag) => ctx.log(`gateway: eligibility lag ${lag}`),
    );
    appliedRate = perSecond(members, caughtUpAt - started);
  } catch {
    appliedNote = 'eligibility did not catch up in time';
  }
  // Baseline: the same number of coverage.updated records produced by kafkajs in batches.
  const records: BenchRecord[] = Array.from({ length: members }, (_, m) =>
    fastEncode(topics.eligibilityCoverage.eventType, memberIdOf(`${PREFIX}R`, m), {
      memberId: memberIdOf(`${PREFIX}R`, m),
    }),
  );
  const raw = await publishAll(ctx.kafka, RAW_TOPICS[0]!, Math.ceil(members / 1000), (i) =>
    records.slice(i * 1000, (i + 1) * 1000),
  );
  figures.push({
    label: '834 members applied (upload → eligibility group lag 0)',
    kind: 'throughput',
    value: appliedRate,
    unit: 'members/s',
    baseline: {
      label: 'raw kafkajs produce of as many records (batches of 2000)',
      value: perSecond(raw.records, raw.ms),
    },
    ...(appliedNote ? { note: appliedNote } : {}),
  });
  figures.push({
    label: '834 members acknowledged (upload → 999 answered, events in the outbox)',
    kind: 'throughput',
    value: perSecond(members, acknowledgedMs),
    unit: 'members/s',
  });

  // HL7 v2 over MLLP, one message at a time.
  ctx.log(`gateway: ${hl7Count} ORU^R01 over one MLLP connection`);
  const messages = oruMessages(hl7Count);
  const mllp = await sendOverMllp(mllpPort, messages);
  const producer = ctx.kafka.producer();
  await producer.connect();
  const labs = messages.map((_, i) =>
    fastEncode(topics.labResults.eventType, memberIdOf(PREFIX, i), {
      memberId: memberIdOf(PREFIX, i),
    }),
  );
  const rawStarted = performance.now();
  for (const record of labs) await producer.send({ topic: RAW_TOPICS[0]!, messages: [record] });
  const rawMs = since(rawStarted);
  await producer.disconnect();
  figures.push({
    label: 'HL7 ORU^R01 acknowledged over one MLLP connection (each ACK awaited)',
    kind: 'throughput',
    value: perSecond(mllp.acked, mllp.ms),
    unit: 'messages/s',
    baseline: {
      label: 'raw kafkajs produce, one record per awaited send',
      value: perSecond(labs.length, rawMs),
    },
    ...(mllp.accepted < mllp.acked
      ? { note: `${mllp.acked - mllp.accepted} not answered AA` }
      : {}),
  });
  figures.push(memoryFigure('interop-gateway', interop.sampleMemory()));
  eligibility.sampleMemory();
  notes.push(
    `One 834 transaction set of ${members.toLocaleString('en-US')} member loops (the sample's addition with a PCP, 22 segments each), uploaded with POST /x12; eligibility starts lagging by ${before} before it. Each ORU^R01 carries two OBX, so two lab-result.reported events per message; the gateway answers each after its transaction (the message's memory and its events in the outbox) commits.`,
    'Baselines: kafkajs producing as many records to a scratch topic, in batches for the 834 and one awaited send per record for HL7 (a sender of MLLP waits for each ACK in the same way).',
  );
  return { status: 'ok', figures, latencies: [], skipped: [], notes };
}
