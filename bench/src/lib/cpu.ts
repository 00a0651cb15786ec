import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Where the machine's CPU time went during a phase of a benchmark, by process group, read from
 * /proc (user + system time). On a small machine shared by the service, PostgreSQL, the broker and
 * the benchmark itself, a throughput figure alone does not say whether the service is slow or the
 * machine is full; CPU per event says both, and what rate the machine could reach at best.
 */

/** Linux reports process and machine times in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

export interface ProcessGroup {
  readonly label: string;
  readonly matches: (process: { pid: number; comm: string; cmdline: string }) => boolean;
}

export interface CpuSample {
  /**
   * CPU time so far of each process of a group, by pid and start time (a pid may be reused), so
   * that a phase counts what each process used during it. Summing each group's times instead
   * would lose, at the end of the phase, the whole lifetime of a process that exited meanwhile
   * (a database connection closed when idle), and undercount the group by that much.
   */
  readonly byProcess: ReadonlyMap<string, { readonly group: string; readonly ms: number }>;
  /** The groups' labels, in report order. */
  readonly groups: readonly string[];
  /** Busy time of all cores together (not idle, not waiting for I/O). */
  readonly machineBusyMs: number;
  readonly at: number;
}

/** The groups every Kafka benchmark runs on: the service under test, PostgreSQL, Kafka, itself. */
export function standardGroups(
  service: number | undefined | ((pid: number) => boolean),
  serviceName: string,
): ProcessGroup[] {
  const isService = typeof service === 'function' ? service : (pid: number) => pid === service;
  return [
    { label: serviceName, matches: (p) => isService(p.pid) },
    { label: 'PostgreSQL (all its processes)', matches: (p) => p.comm === 'postgres' },
    {
      label: 'Kafka (every broker on the machine)',
      matches: (p) => p.cmdline.includes('kafka.Kafka'),
    },
    { label: 'the benchmark', matches: (p) => p.pid === process.pid },
  ];
}

/**
 * The standard groups, narrowed to this run's own PostgreSQL backends (those connected to
 * `database`) and, given its data directory, its own broker: on a shared machine "all postgres
 * processes" counts other people's work. The server's shared background processes (WAL writer,
 * checkpointer) then count under "everything else".
 */
export function ownGroups(
  service: number | undefined | ((pid: number) => boolean),
  serviceName: string,
  own: { database: string; kafkaDataDir?: string },
): ProcessGroup[] {
  const { database, kafkaDataDir } = own;
  return standardGroups(service, serviceName).map((group) => {
    if (group.label.startsWith('PostgreSQL'))
      return {
        label: `PostgreSQL (the backends of database ${database})`,
        matches: (p) => p.comm === 'postgres' && p.cmdline.includes(` ${database} `),
      };
    if (group.label.startsWith('Kafka') && kafkaDataDir)
      return {
        label: 'Kafka (the benchmark broker)',
        matches: (p) => p.cmdline.includes('kafka.Kafka') && p.cmdline.includes(kafkaDataDir),
      };
    return group;
  });
}

export function sampleCpu(groups: readonly ProcessGroup[]): CpuSample {
  const byProcess = new Map<string, { group: string; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // comm is in parentheses and may hold spaces; the fields after it are space-separated.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
    const startTime = fields[19];
    const group = groups.find((g) => g.matches({ pid, comm, cmdline }));
    if (group) byProcess.set(`${pid}:${startTime}`, { group: group.label, ms });
  }
  return {
    byProcess,
    groups: groups.map((g) => g.label),
    machineBusyMs: machineBusyMs(),
    at: performance.now(),
  };
}

function machineBusyMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  // user nice system idle iowait irq softirq steal
  const [user, nice, system, , , irq, softirq, steal] = cpu.map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) *
    MS_PER_TICK
  );
}

/**
 * One sentence for the report: CPU per event of each group between two samples, the rest of the
 * machine, and the rate the machine's cores would allow at that cost were they fully used.
 * A process counts what it used between the samples (all of it if it started meanwhile); what a
 * process that exited meanwhile used after the first sample is lost, so a group's figure is a
 * lower bound, and that time shows under "everything else".
 */
export function describeCpuPerEvent(
  before: CpuSample,
  after: CpuSample,
  events: number,
  phase: string,
  { ceiling = true, unit = 'event' }: { ceiling?: boolean; unit?: string } = {},
): string {
  const cores = availableParallelism();
  const wallMs = after.at - before.at;
  const perUnit = (ms: number) => `${Math.round((ms * 1000) / events).toLocaleString('en-US')} µs`;
  const share = (ms: number) => `${((100 * ms) / wallMs).toFixed(0)}% of a core`;
  const parts: string[] = [];
  let grouped = 0;
  const usedByGroup = new Map(after.groups.map((label) => [label, 0]));
  for (const [key, { group, ms }] of after.byProcess) {
    const used = ms - (before.byProcess.get(key)?.ms ?? 0);
    usedByGroup.set(group, (usedByGroup.get(group) ?? 0) + used);
  }
  for (const [label, used] of usedByGroup) {
    grouped += used;
    parts.push(`${label} ${perUnit(used)} (${share(used)})`);
  }
  const machine = Math.max(0, after.machineBusyMs - before.machineBusyMs);
  const rest = Math.max(0, machine - grouped);
  parts.push(`everything else ${perUnit(rest)} (${share(rest)})`);
  const atFullUse = Math.round((cores * 1000 * events) / machine);
  return (
    `CPU per ${unit} during ${phase} (user + system, from /proc): ${parts.join(', ')}; ` +
    `the machine ${perUnit(machine)} per ${unit}, ${((100 * machine) / (cores * wallMs)).toFixed(0)}% of its ${cores} cores busy` +
    (ceiling && machine > 0
      ? `; at this cost the ${cores} cores would allow at most about ${atFullUse.toLocaleString('en-US')} ${unit}s/s.`
      : '.')
  );
}
