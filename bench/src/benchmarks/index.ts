import type { BenchContext } from '../lib/context';
import type { BenchResult } from '../lib/result';
import { caseManagement } from './case-management';
import { caseload } from './caseload';
import { coverageIngest } from './coverage-ingest';
import { gateway } from './gateway';
import { growth } from './growth';
import { mixed } from './mixed';
import { pcp } from './pcp';
import { routing } from './routing';
import { rulesEngine } from './rules-engine';
import { scale } from './scale';
import { soak } from './soak';

export type BenchOutcome = Omit<BenchResult, 'name' | 'title' | 'issue' | 'durationMs'>;

export interface Benchmark {
  name: string;
  title: string;
  issue: string;
  /** Kafka benchmarks get a clean broker and database first. */
  needsKafka: boolean;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

export const BENCHMARKS: Benchmark[] = [
  {
    name: 'rules-engine',
    title: 'Routing rules: compiled policy vs json-rules-engine',
    issue: 'routing',
    needsKafka: false,
    run: rulesEngine,
  },
  {
    name: 'coverage-ingest',
    title: 'Coverage ingest: eligibility vs raw kafkajs, as-of lookups',
    issue: 'eligibility',
    needsKafka: true,
    run: coverageIngest,
  },
  {
    name: 'routing',
    title: 'Routing end to end: latency at 200/s and full-speed decisions',
    issue: 'routing',
    needsKafka: true,
    run: routing,
  },
  {
    name: 'case-management',
    title: 'Case management: 1M clinical events and the monthly review',
    issue: 'CCM',
    needsKafka: true,
    run: caseManagement,
  },
  {
    name: 'gateway',
    title:
      'Interop gateway: 834 members applied and HL7 v2 messages acknowledged, beside raw kafkajs',
    issue: 'standards (#27)',
    needsKafka: true,
    run: gateway,
  },
  {
    name: 'caseload',
    title: "Case managers' caseload: 50,000 open cases, 100 case managers, p99 of a page",
    issue: 'workspace (#28)',
    needsKafka: true,
    run: caseload,
  },
  { name: 'pcp', title: 'PCP letters and feed fan-out', issue: 'PCP', needsKafka: true, run: pcp },
  {
    name: 'mixed',
    title: 'Mixed stream end to end: all four services, steady-rate latency and full speed',
    issue: 'proof',
    needsKafka: true,
    run: mixed,
  },
  {
    name: 'scale',
    title:
      'Scale: case-management and routing on 1 and 3 instances, instances killed and added mid-run',
    issue: 'operations (#25)',
    needsKafka: true,
    run: scale,
  },
  {
    name: 'growth',
    title: 'Cost as the data grows: each pipeline at 100k, 1M and 5M members stored',
    issue: 'performance (#29)',
    needsKafka: true,
    run: growth,
  },
  {
    name: 'soak',
    title: 'Soak: the mixed stream at 200 events/s, RSS and p99 minute by minute',
    issue: 'performance (#29)',
    needsKafka: true,
    run: soak,
  },
];
