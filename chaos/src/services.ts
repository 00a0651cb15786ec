import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  dataDirOf,
  kafkaBrokerOf,
  REPO_ROOT,
  serviceDatabaseUrl,
  sleep,
  type Profile,
} from './env';

export const SERVICE_NAMES = [
  'eligibility',
  'authorization-routing',
  'case-management',
  'pcp-notification',
  'interop-gateway',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * How long routing holds a PA request whose member is not covered (yet) on its date of service.
 * It must outlast the 20 s database outage plus eligibility's catch-up afterwards on a loaded
 * machine: with 20 s, requests held just before the outage were declared not-eligible before their
 * coverage arrived (CI, load average 20). Production's default is 10 minutes, which the full run
 * uses (`--coverage-wait`): there eligibility is killed twice and the broker restarts, and coverage
 * reached routing up to ~230 s late (3-instance run, load average 20-30).
 */
export const CHAOS_COVERAGE_WAIT_MS = 60_000;

const PORT_OFFSET: Record<ServiceName, number> = {
  eligibility: 1,
  'authorization-routing': 2,
  'case-management': 3,
  'pcp-notification': 4,
  'interop-gateway': 5,
};

/** The gateway's MLLP port beside the HTTP ports of a profile (3375 for the fuzz run's 3300). */
export const MLLP_PORT_OFFSET = 75;

/** One service process: the same instance id keeps its port and log file across restarts. */
export class ServiceInstance {
  private child: ChildProcess | null = null;
  private expectedExit = false;
  starts = 0;
  /** Exits nobody asked for (a crash, not a SIGKILL of ours). */
  readonly unexpectedExits: { at: string; code: number | null; signal: string | null }[] = [];

  constructor(
    readonly service: ServiceName,
    readonly instanceId: string,
    readonly port: number,
    readonly logFile: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): void {
    const main = join(REPO_ROOT, 'services', this.service, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: the service is not built`);
    const fd = openSync(this.logFile, 'a');
    this.expectedExit = false;
    const child = spawn('sh', [join(REPO_ROOT, 'services', 'run-service.sh'), this.service], {
      cwd: REPO_ROOT,
      env: { ...this.env, PORT: String(this.port) },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.starts += 1;
    child.on('exit', (code, signal) => {
      if (!this.expectedExit) {
        this.unexpectedExits.push({ at: new Date().toISOString(), code, signal });
      }
    });
  }

  /** SIGKILL: no shutdown hook runs, the batch in flight is lost mid-transaction. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.expectedExit = true;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (graceful), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.expectedExit = true;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    await exited;
    clearTimeout(timer);
  }

  async ready(timeoutMs = 120000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive)
        throw new Error(`${this.instanceId} exited while starting; see ${this.logFile}`);
      if ((await httpStatus(`${this.url}/health/ready`)) === 200) return;
      await sleep(500);
    }
    throw new Error(`${this.instanceId} not ready after ${timeoutMs} ms; see ${this.logFile}`);
  }
}

export async function httpStatus(url: string): Promise<number> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

export interface FleetOptions {
  readonly secret: string;
  readonly caseManagementInstances?: number;
  readonly extraEnv?: NodeJS.ProcessEnv;
}

/** The services and the interop gateway (case-management possibly several times in one consumer group). */
export class Fleet {
  readonly instances: ServiceInstance[] = [];
  readonly logDir: string;
  /** Where the interop gateway listens for HL7 v2 over MLLP. */
  readonly mllpPort: number;

  constructor(
    readonly profile: Profile,
    options: FleetOptions,
  ) {
    this.logDir = join(dataDirOf(profile), 'logs');
    this.mllpPort = profile.basePort + MLLP_PORT_OFFSET;
    // A run scans only its own logs (an earlier run's lines would inflate the count).
    rmSync(this.logDir, { recursive: true, force: true });
    mkdirSync(this.logDir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
      KAFKA_BROKERS: kafkaBrokerOf(profile),
      DATABASE_URL: serviceDatabaseUrl(profile),
      AUTH_MODE: 'development-hs256',
      AUTH_JWT_SECRET: options.secret,
      KAFKA_RETRY_MAX_MS: '3000',
      OUTBOX_POLL_MS: '500',
      SEED_DEV_CASE_MANAGERS: 'true',
      // The run waits until routing holds no request (chaos.ts) before it counts.
      COVERAGE_WAIT_MS: String(CHAOS_COVERAGE_WAIT_MS),
      PENDING_SWEEP_MS: '1000',
      ...options.extraEnv,
    };
    for (const service of SERVICE_NAMES) {
      const copies = service === 'case-management' ? (options.caseManagementInstances ?? 1) : 1;
      for (let i = 0; i < copies; i++) {
        const instanceId = copies > 1 ? `${service}-${i + 1}` : service;
        const port = profile.basePort + PORT_OFFSET[service] + 10 * i;
        this.instances.push(
          new ServiceInstance(
            service,
            instanceId,
            port,
            join(this.logDir, `${instanceId}.log`),
            service === 'interop-gateway' ? { ...env, MLLP_PORT: String(this.mllpPort) } : env,
          ),
        );
      }
    }
  }

  of(service: ServiceName): ServiceInstance[] {
    return this.instances.filter((i) => i.service === service);
  }

  first(service: ServiceName): ServiceInstance {
    return this.of(service)[0]!;
  }

  /** Starts eligibility first (it creates the topics), then the rest. */
  async start(): Promise<void> {
    const first = this.first('eligibility');
    first.start();
    await first.ready(300000);
    const rest = this.instances.filter((i) => i !== first);
    for (const i of rest) i.start();
    for (const i of rest) await i.ready(300000);
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.stop()));
  }

  get unexpectedExits(): number {
    return this.instances.reduce((n, i) => n + i.unexpectedExits.length, 0);
  }
}
