/**
 * Runs `work` every `intervalMs` (never two at once) until stopped; `stop` waits for the run in
 * flight. A failed run is reported and the next one comes at the usual time.
 */
export class Ticker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Runs now (tests, or after a change that should not wait for the next tick). */
  async runNow(): Promise<void> {
    if (this.running) {
      await this.running;
      return;
    }
    this.running = this.work()
      .then(() => undefined)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.runNow();
        }
      });
    await this.running;
  }

  /**
   * Asks for a run as soon as possible without waiting for it: now when idle, else once more
   * right after the run in flight (kicks during a run coalesce into that one).
   */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runNow().finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }
}
