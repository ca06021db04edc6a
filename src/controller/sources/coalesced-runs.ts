// Runs one async job at a time; a request made while a run is waiting to start joins it, so a
// burst of triggers (watch events, a manual refresh, the poll timer) costs at most one extra run.
export class CoalescedRuns {
  private chain: Promise<void> = Promise.resolve();
  private waiting: Promise<void> | undefined;

  constructor(private readonly job: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.waiting) return this.waiting;
    const run = this.chain.then(() => {
      this.waiting = undefined;
      return this.job();
    });
    this.waiting = run;
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when the current and queued runs are done. */
  async idle(): Promise<void> {
    await this.chain;
  }
}
