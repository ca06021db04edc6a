// A de-duplicating work queue with client-go's workqueue semantics, holding keys (tier names)
// and why each was asked for. No timers and no workers here: the scheduler owns those.
//
// - A key waiting in the queue is held once; adding it again only merges its reasons.
// - A key being processed that is added again is marked dirty and goes back into the queue
//   when `done` is called for it, so a key is never handed to two workers at once and any
//   number of adds during a pass coalesce into one more pass.

export class WorkQueue<K, R> {
  private readonly order: K[] = [];
  /** Keys waiting (in `order`) or waiting to be re-queued after their pass, with their reasons. */
  private readonly dirty = new Map<K, Set<R>>();
  private readonly processing = new Set<K>();

  add(key: K, reason: R): void {
    const reasons = this.dirty.get(key);
    if (reasons) {
      reasons.add(reason);
      return;
    }
    this.dirty.set(key, new Set([reason]));
    if (!this.processing.has(key)) this.order.push(key);
  }

  /** The next key to process and the reasons gathered for it, or undefined when none waits. */
  take(): { readonly key: K; readonly reasons: readonly R[] } | undefined {
    const key = this.order.shift();
    if (key === undefined) return undefined;
    const reasons = [...(this.dirty.get(key) ?? [])];
    this.dirty.delete(key);
    this.processing.add(key);
    return { key, reasons };
  }

  /** Ends the pass of `key`; if it was added meanwhile it is queued again. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.order.push(key);
  }

  /** Keys waiting to be taken (not counting dirty keys still being processed). */
  get depth(): number {
    return this.order.length;
  }

  isQueued(key: K): boolean {
    return this.dirty.has(key);
  }

  isProcessing(key: K): boolean {
    return this.processing.has(key);
  }
}
