import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { NotRunError } from './result';
import { sleep } from './stats';
import { errorText } from '@careflow/contracts';

export type ServiceName =
  | 'eligibility'
  | 'authorization-routing'
  | 'case-management'
  | 'pcp-notification'
  | 'interop-gateway';

/** Preferred HTTP ports (away from npm start's 3001-3004); the next free one is used when taken. */
export const SERVICE_PORTS: Record<ServiceName, number> = {
  eligibility: 3401,
  'authorization-routing': 3402,
  'case-management': 3403,
  'pcp-notification': 3404,
  'interop-gateway': 3405,
};

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

export async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 200; port += 10)
    if (await portFree(port)) return port;
  throw new Error(`no free port near ${preferred}`);
}

export interface ServiceEnvironment {
  repoRoot: string;
  logsDir: string;
  pidFile: string;
  brokers: string;
  databaseUrl: string;
  secret: string;
  /** Services whose build failed in this run (from scripts/bench.sh). */
  buildFailed: ReadonlySet<string>;
}

/** One service started by the benchmark as a child process. */
export class RunningService {
  peakKb = 0;
  private sampler: NodeJS.Timeout;
  exited: { code: number | null; signal: string | null } | null = null;

  constructor(
    readonly name: ServiceName,
    readonly child: ChildProcess,
    readonly url: string,
    readonly logFile: string,
  ) {
    this.sampler = setInterval(() => this.sampleMemory(), 1000);
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      clearInterval(this.sampler);
    });
  }

  /** VmHWM: the peak resident set size of the process so far, in kB. */
  sampleMemory(): number {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
      if (match) this.peakKb = Math.max(this.peakKb, Number(match[1]));
    } catch {
      // the process is gone; keep the last sample
    }
    return this.peakKb;
  }

  /** VmRSS: the resident set size now, in kB (null once the process is gone). */
  rssKb(): number | null {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
      return match ? Number(match[1]) : null;
    } catch {
      return null;
    }
  }

  /** The V8 heap in use (prom-client's nodejs_heap_size_used_bytes at GET /metrics), in bytes. */
  async heapUsedBytes(): Promise<number | null> {
    try {
      const response = await fetch(`${this.url}/metrics`);
      const text = await response.text();
      const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(text);
      return match ? Number(match[1]) : null;
    } catch {
      return null;
    }
  }

  logTail(lines = 15): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async stop(): Promise<void> {
    this.sampleMemory();
    clearInterval(this.sampler);
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const outcome = await Promise.race([
      exited.then(() => 'exited'),
      sleep(20000).then(() => 'timeout'),
    ]);
    if (outcome === 'timeout') {
      this.child.kill('SIGKILL');
      await exited;
    }
  }
}

/**
 * Extra Node options for the services (BENCH_SERVICE_NODE_ARGS, space-separated), e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them during a run: Node refuses those flags
 * in NODE_OPTIONS.
 */
function serviceNodeArgs(): string[] {
  return (process.env['BENCH_SERVICE_NODE_ARGS'] ?? '').split(' ').filter((a) => a.length > 0);
}

export class ServiceManager {
  /** By name, and `name#n` for the n-th instance (n ≥ 2) of a service run as several. */
  readonly running = new Map<string, RunningService>();

  constructor(private readonly env: ServiceEnvironment) {}

  /** Why a service cannot be benchmarked (build failed, not built), or null. */
  unavailable(name: ServiceName): string | null {
    if (this.env.buildFailed.has(name))
      return `services/${name} does not build yet (npx tsc -b services/${name} fails)`;
    if (!existsSync(join(this.env.repoRoot, 'services', name, 'dist', 'main.js')))
      return `services/${name}/dist/main.js does not exist`;
    return null;
  }

  /**
   * Starts `name` (or its `instance`-th copy, 2 and up, in the same consumer group and database)
   * and waits for it to be ready.
   */
  async start(
    name: ServiceName,
    extraEnv: Record<string, string> = {},
    instance = 1,
  ): Promise<RunningService> {
    const key = instance === 1 ? name : `${name}#${instance}`;
    const existing = this.running.get(key);
    if (existing && !existing.exited) return existing;
    const why = this.unavailable(name);
    if (why) throw new NotRunError(why);
    const port = await freePort(SERVICE_PORTS[name] + 100 * (instance - 1));
    const logFile = join(this.env.logsDir, `${key}.log`);
    const out = openSync(logFile, 'a');
    const child = spawn(
      'sh',
      [join(this.env.repoRoot, 'services', 'run-service.sh'), name, ...serviceNodeArgs()],
      {
        cwd: this.env.repoRoot,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          PORT: String(port),
          AUTH_MODE: 'development-hs256',
          AUTH_JWT_SECRET: this.env.secret,
          DATABASE_URL: this.env.databaseUrl,
          KAFKA_BROKERS: this.env.brokers,
          KAFKA_PARTITIONS: '6',
          LOG_LEVEL: 'warn',
          // A benchmark measures capacity, not the per-principal rate limit.
          HTTP_RATE_LIMIT: '0',
          ...extraEnv,
        },
        stdio: ['ignore', out, out],
      },
    );
    if (child.pid) appendFileSync(this.env.pidFile, `${child.pid}\n`);
    const service = new RunningService(name, child, `http://127.0.0.1:${port}`, logFile);
    this.running.set(key, service);
    const deadline = Date.now() + 120000;
    for (;;) {
      if (service.exited) {
        this.running.delete(key);
        throw new NotRunError(
          `${key} exited during start (code ${service.exited.code}); log:\n${service.logTail()}`,
        );
      }
      try {
        const response = await fetch(`${service.url}/health/ready`);
        if (response.ok) return service;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await service.stop();
        this.running.delete(key);
        throw new NotRunError(`${key} did not become ready in 120 s; log:\n${service.logTail()}`);
      }
      await sleep(500);
    }
  }

  async stop(key: string): Promise<void> {
    const service = this.running.get(key);
    if (!service) return;
    await service.stop();
    this.running.delete(key);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stop(name)));
  }

  /** Synchronous last resort on exit: SIGTERM every child still alive. */
  killAllSync(): void {
    for (const service of this.running.values()) {
      if (!service.exited) service.child.kill('SIGTERM');
    }
  }

  /** The routes a service serves (from its OpenAPI document), to tell "not implemented yet" from "slow". */
  static async routes(service: RunningService): Promise<Set<string>> {
    // A document that cannot be read says nothing about the routes: the run says why instead of
    // reporting every route as missing.
    const unreadable = (why: string) =>
      new NotRunError(`${service.name}: cannot read /docs/openapi.json: ${why}`);
    const response = await fetch(`${service.url}/docs/openapi.json`).catch((error: unknown) => {
      throw unreadable(errorText(error));
    });
    if (!response.ok) throw unreadable(`HTTP ${response.status}`);
    const doc = (await response.json().catch((error: unknown) => {
      throw unreadable(errorText(error));
    })) as { paths?: Record<string, Record<string, unknown>> };
    const routes = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths ?? {}))
      for (const method of Object.keys(ops)) routes.add(`${method.toUpperCase()} ${path}`);
    return routes;
  }

  static async requireRoute(service: RunningService, route: string): Promise<void> {
    const routes = await ServiceManager.routes(service);
    if (!routes.has(route))
      throw new NotRunError(
        `${service.name} does not serve ${route} yet (not in /docs/openapi.json)`,
      );
  }
}

export function resetPidFile(pidFile: string): void {
  writeFileSync(pidFile, '');
}
