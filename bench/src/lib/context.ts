import { execFileSync } from 'node:child_process';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { issueDevelopmentToken, type Role } from '@careflow/platform';
import { kafkaClient, provisionTopics } from './kafka';
import { ServiceManager } from './services';

export interface BenchOptions {
  repoRoot: string;
  quick: boolean;
  brokers: string[];
  /** The benchmark database, dropped and recreated for each Kafka benchmark. */
  databaseUrl: string;
  secret: string;
  resultsDir: string;
  logsDir: string;
  /** The soak's length (`--minutes`); null: BENCH_SOAK_MINUTES or the default. */
  soakMinutes?: number | null;
  /** Set when the benchmark owns its broker: it is wiped before each Kafka benchmark. */
  privateKafka: { dataDir: string; port: string; controllerPort: string } | null;
}

export class BenchContext {
  readonly kafka: Kafka;
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly options: BenchOptions,
    readonly services: ServiceManager,
  ) {
    this.kafka = kafkaClient(options.brokers, 'careflow-bench');
  }

  get quick(): boolean {
    return this.options.quick;
  }

  /**
   * How long a service may take to work through a load before the benchmark stops waiting and
   * reports the rate over what it handled (BENCH_SERVICE_WINDOW_S overrides the default).
   */
  window(defaultMs: number): number {
    const s = Number(process.env.BENCH_SERVICE_WINDOW_S);
    return Number.isFinite(s) && s > 0 ? s * 1000 : defaultMs;
  }

  /** A full-size count, divided by 10 with --quick. */
  scale(count: number): number {
    return this.options.quick ? Math.max(1, Math.round(count / 10)) : count;
  }

  log(message: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  }

  async token(role: Role, sub = `bench-${role}`): Promise<string> {
    const key = `${role}:${sub}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = await issueDevelopmentToken(
        { id: sub, name: `Bench ${role}`, roles: [role] },
        this.options.secret,
      );
      this.tokens.set(key, token);
    }
    return token;
  }

  /**
   * A clean slate so each benchmark (and each run) starts the same way: services stopped, the
   * benchmark database dropped and recreated (every service schema with it), and, when the
   * benchmark owns its broker, every topic and consumer group deleted. Topics are then created
   * with 6 partitions.
   */
  async resetEnvironment(): Promise<void> {
    await this.services.stopAll();
    if (this.options.privateKafka) await emptyBroker(this.kafka);
    await recreateDatabase(this.options.databaseUrl);
    await provisionTopics(this.kafka, 6, RAW_TOPICS);
  }
}

/** Topics for the raw kafkajs produce+consume baselines (never read by a service). */
export const RAW_TOPICS = ['bench.raw.v1'];

/** Deletes every topic and consumer group of the benchmark's own broker (faster than restarting it). */
async function emptyBroker(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
    const names = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
    if (names.length) await admin.deleteTopics({ topics: names, timeout: 60000 });
    for (let i = 0; i < 120; i++) {
      const left = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await admin.disconnect();
  }
  // A deleted topic may take a moment to be gone from every log; creation retries until it is.
  for (let attempt = 0; ; attempt++) {
    try {
      await provisionTopics(kafka, 6, RAW_TOPICS);
      return;
    } catch (error) {
      if (attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.replace(/^\//, '');
  if (!/^[a-z0-9_]+$/.test(name) || !name.includes('bench'))
    throw new Error(`refusing to recreate database "${name}" (not a bench database)`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' });
}
