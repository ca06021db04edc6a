// What both sources share: the listeners, the revision in force and the last error. A failed
// attempt records an error and keeps the previous good revision (docs/design.md §3.5: a broken set is
// never applied; the last valid one stays in force).
import type { SourceError, SourceListener, SourceRevision, SourceStatus } from './manifest-source.js';

export class SourceState {
  private readonly listeners = new Set<SourceListener>();
  private current: SourceRevision | undefined;
  private error: SourceError | undefined;

  constructor(
    private readonly kind: SourceStatus['kind'],
    private readonly location: string,
  ) {}

  subscribe(listener: SourceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get revision(): SourceRevision | undefined {
    return this.current;
  }

  publish(revision: SourceRevision): void {
    this.current = revision;
    this.error = undefined;
    this.emit({ type: 'revision', revision });
  }

  /** Records that the latest attempt succeeded without producing a new revision. */
  unchanged(): void {
    this.error = undefined;
  }

  fail(message: string, at: Date): void {
    const error = { message, at };
    this.error = error;
    this.emit({ type: 'error', error });
  }

  status(): SourceStatus {
    return {
      kind: this.kind,
      location: this.location,
      ...(this.current && { current: this.current }),
      ...(this.error && { error: this.error }),
    };
  }

  private emit(event: Parameters<SourceListener>[0]): void {
    // A throwing listener must not stop the others nor the source's own loop.
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        /* the daemon's listener logs its own failures */
      }
    }
  }
}
