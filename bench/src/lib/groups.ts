import type { Admin, Kafka } from 'kafkajs';
import { sleep } from './stats';
import { asError } from '@careflow/contracts';

/** A service's consumer group and every topic it subscribes to. */
export interface TrackedGroup {
  /** The name in the report, e.g. the service name. */
  name: string;
  groupId: string;
  topics: readonly string[];
}

export interface DrainedGroup {
  name: string;
  /** performance.now() when its lag became 0 for good (null: never within the time limit). */
  doneAt: number | null;
  /** Records of its topics it consumed since `before` (up to doneAt, or up to now if not done). */
  consumed: number;
  /** Lag left at the end (0 when done). */
  lag: number;
}

export interface DrainOutcome {
  groups: DrainedGroup[];
  timedOut: boolean;
  /** Records appended to each topic since `before`, at the end. */
  appended: Map<string, number>;
}

/**
 * Follows the lag of several consumer groups at once with one admin client (end offsets and
 * committed offsets), for benchmarks where services feed each other: a group is done when its lag
 * is 0 and stays 0 until every group is at 0 and no topic grows any more (upstream services have
 * stopped producing). Its time is the start of that last zero-lag stretch.
 */
export class GroupTracker {
  private readonly admin: Admin;
  private readonly allTopics: string[];

  constructor(
    kafka: Kafka,
    private readonly groups: readonly TrackedGroup[],
    extraTopics: readonly string[] = [],
  ) {
    this.admin = kafka.admin();
    this.allTopics = [...new Set([...groups.flatMap((g) => g.topics), ...extraTopics])];
  }

  async connect(): Promise<void> {
    await this.admin.connect();
  }

  async disconnect(): Promise<void> {
    await this.admin.disconnect();
  }

  /** End offset (sum over partitions) of each tracked topic. */
  async endOffsets(): Promise<Map<string, bigint>> {
    const ends = new Map<string, bigint>();
    for (const topic of this.allTopics) {
      const offsets = await this.admin.fetchTopicOffsets(topic);
      ends.set(
        topic,
        offsets.reduce((sum, o) => sum + BigInt(o.high), 0n),
      );
    }
    return ends;
  }

  private async lagOf(group: TrackedGroup): Promise<bigint> {
    let lag = 0n;
    const committed = await this.admin.fetchOffsets({
      groupId: group.groupId,
      topics: [...group.topics],
    });
    for (const topic of group.topics) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const byPartition = new Map(
        (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [
          p.partition,
          BigInt(p.offset),
        ]),
      );
      for (const end of ends) {
        const c = byPartition.get(end.partition) ?? -1n;
        lag += BigInt(end.high) - (c < 0n ? BigInt(end.low) : c);
      }
    }
    return lag;
  }

  /**
   * Polls until every group is done (see the class) or `timeoutMs` after the call. `published`
   * resolves when the benchmark has published everything: until then a group that has received
   * nothing yet is not done.
   */
  async waitDrained(
    before: ReadonlyMap<string, bigint>,
    published: Promise<unknown>,
    options: {
      timeoutMs: number;
      pollMs?: number;
      settlePolls?: number;
      onProgress?: (lags: Map<string, bigint>) => void;
    },
  ): Promise<DrainOutcome> {
    const pollMs = options.pollMs ?? 500;
    const settlePolls = options.settlePolls ?? 4;
    const publish: { done: boolean; error: Error | null } = { done: false, error: null };
    void published.then(
      () => (publish.done = true),
      (error: unknown) => {
        publish.error = asError(error);
        publish.done = true;
      },
    );
    const state = new Map(
      this.groups.map((g) => [g.name, { zeroSince: null as number | null, consumed: 0n }]),
    );
    const deadline = performance.now() + options.timeoutMs;
    let lastTotal = -1n;
    let stablePolls = 0;
    let lastReport = performance.now();
    let ends = await this.endOffsets();
    const lags = new Map<string, bigint>();
    const consumedSince = (g: TrackedGroup) =>
      g.topics.reduce((sum, t) => sum + (ends.get(t) ?? 0n) - (before.get(t) ?? 0n), 0n);
    for (;;) {
      if (publish.error) throw publish.error;
      const at = performance.now();
      ends = await this.endOffsets();
      for (const g of this.groups) {
        const lag = await this.lagOf(g);
        lags.set(g.name, lag);
        const s = state.get(g.name)!;
        // Caught up on everything published so far, once its inputs have started to arrive.
        if (lag === 0n && (publish.done || consumedSince(g) > 0n)) {
          if (s.zeroSince === null) {
            s.zeroSince = at;
            s.consumed = consumedSince(g);
          }
        } else {
          s.zeroSince = null;
        }
      }
      const total = [...ends.values()].reduce((a, b) => a + b, 0n);
      stablePolls = total === lastTotal ? stablePolls + 1 : 0;
      lastTotal = total;
      const allZero = [...state.values()].every((s) => s.zeroSince !== null);
      if (allZero && stablePolls >= settlePolls) break;
      if (at > deadline) break;
      if (options.onProgress && at - lastReport > 10000) {
        options.onProgress(new Map(lags));
        lastReport = at;
      }
      await sleep(pollMs);
    }
    const timedOut = ![...state.values()].every((s) => s.zeroSince !== null);
    return {
      timedOut,
      appended: new Map(
        [...ends].map(([topic, end]) => [topic, Number(end - (before.get(topic) ?? 0n))]),
      ),
      groups: this.groups.map((g) => {
        const s = state.get(g.name)!;
        const lag = lags.get(g.name) ?? 0n;
        return {
          name: g.name,
          doneAt: s.zeroSince,
          consumed: Number(s.zeroSince !== null ? s.consumed : consumedSince(g) - lag),
          lag: Number(lag),
        };
      }),
    };
  }
}
