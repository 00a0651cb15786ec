/**
 * Matches inputs a benchmark sent with the outputs the services published for them, by id, and
 * keeps the latency of each (publish → output consumed) per kind of input.
 *
 * Inputs are queued per key (e.g. topic + member) in the order they were sent. A service may fold
 * several inputs of one key into one output that names only the last of them (case-management
 * evaluates a member once per chunk and names the chunk's last event as the trigger; eligibility
 * publishes the newest snapshot of a member per chunk): an output naming an input resolves it and
 * every input of the same key sent before it, each with its own send time.
 */
export class OutputMatcher {
  private readonly queues = new Map<string, { id: string; kind: string; sentAt: number }[]>();
  private readonly keyOfId = new Map<string, string>();
  private readonly pendingCount = new Map<string, number>();
  private readonly samples = new Map<string, number[]>();
  /** Per kind: input sent → output sent by the service (the output's Kafka timestamp). */
  private readonly inService = new Map<string, number[]>();
  private readonly sentCount = new Map<string, number>();

  /** Records an input about to be sent (call it just before the send). */
  sent(kind: string, key: string, id: string, at: number): void {
    const queue = this.queues.get(key);
    const item = { id, kind, sentAt: at };
    if (queue) queue.push(item);
    else this.queues.set(key, [item]);
    this.keyOfId.set(id, key);
    this.sentCount.set(kind, (this.sentCount.get(kind) ?? 0) + 1);
    this.pendingCount.set(kind, (this.pendingCount.get(kind) ?? 0) + 1);
    if (!this.samples.has(kind)) this.samples.set(kind, []);
  }

  /** Forgets an input that never reached the service (its send failed). */
  withdraw(id: string): void {
    const key = this.keyOfId.get(id);
    if (key === undefined) return;
    const queue = this.queues.get(key) ?? [];
    const index = queue.findIndex((p) => p.id === id);
    if (index >= 0) {
      const [item] = queue.splice(index, 1);
      this.sentCount.set(item!.kind, (this.sentCount.get(item!.kind) ?? 1) - 1);
      this.pendingCount.set(item!.kind, (this.pendingCount.get(item!.kind) ?? 1) - 1);
    }
    this.keyOfId.delete(id);
  }

  /**
   * An output naming input `id` consumed at `at` (and sent by the service at `producedAt`, its
   * Kafka timestamp on the same clock, when known); returns how many inputs it resolved.
   */
  resolve(id: string | null | undefined, at: number, producedAt?: number): number {
    if (!id) return 0;
    const key = this.keyOfId.get(id);
    if (key === undefined) return 0;
    const queue = this.queues.get(key)!;
    const index = queue.findIndex((p) => p.id === id);
    if (index < 0) return 0;
    const done = queue.splice(0, index + 1);
    for (const p of done) {
      this.samples.get(p.kind)!.push(at - p.sentAt);
      if (producedAt !== undefined && Number.isFinite(producedAt)) {
        const list = this.inService.get(p.kind) ?? [];
        list.push(producedAt - p.sentAt);
        this.inService.set(p.kind, list);
      }
      this.pendingCount.set(p.kind, (this.pendingCount.get(p.kind) ?? 1) - 1);
      this.keyOfId.delete(p.id);
    }
    if (queue.length === 0) this.queues.delete(key);
    return done.length;
  }

  /** Inputs still waiting for their output. */
  get pending(): number {
    return this.keyOfId.size;
  }

  /** Inputs of a kind still waiting for their output. */
  pendingOf(kind: string): number {
    return this.pendingCount.get(kind) ?? 0;
  }

  /** The ids of the inputs of a kind still waiting for their output. */
  pendingIdsOf(kind: string): string[] {
    const ids: string[] = [];
    for (const queue of this.queues.values())
      for (const item of queue) if (item.kind === kind) ids.push(item.id);
    return ids;
  }

  sentOf(kind: string): number {
    return this.sentCount.get(kind) ?? 0;
  }

  /** Latencies (ms) of the resolved inputs of a kind. */
  latenciesOf(kind: string): readonly number[] {
    return this.samples.get(kind) ?? [];
  }

  /** Input sent → output sent (ms), for the resolved inputs of a kind whose output had a timestamp. */
  inServiceOf(kind: string): readonly number[] {
    return this.inService.get(kind) ?? [];
  }

  kinds(): string[] {
    return [...this.samples.keys()];
  }
}
