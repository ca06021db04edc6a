// The lifecycle both sources share (the watched directory and the polled git repository):
// listeners and status, one attempt at a time (a burst of triggers coalesces), the tree of the
// revision in force, and stop() = halt what runs, wait for the attempt in flight, clean up.
// A subclass says how one attempt looks for a new revision and what it holds open.
import { changedFiles, type FileTree } from './file-tree.js';
import type { ManifestSource, SourceListener, SourceStatus } from './manifest-source.js';
import { CoalescedRuns } from './coalesced-runs.js';
import { SourceState } from './source-state.js';

export abstract class SourceBase implements ManifestSource {
  protected readonly state: SourceState;
  protected readonly now: () => Date;
  protected stopped = false;
  private tree: FileTree | undefined;
  private readonly runs = new CoalescedRuns(() => this.attempt());

  constructor(kind: SourceStatus['kind'], location: string, now?: () => Date) {
    this.state = new SourceState(kind, location);
    this.now = now ?? (() => new Date());
  }

  abstract start(): Promise<void>;

  subscribe(listener: SourceListener): () => void {
    return this.state.subscribe(listener);
  }

  status(): SourceStatus {
    return this.state.status();
  }

  /** Looks again now; calls made while an attempt waits share it, attempts never overlap. */
  refresh(): Promise<void> {
    return this.runs.request();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.halt();
    await this.runs.idle();
    await this.cleanup();
  }

  /** One look for a new revision; reports through `state`, never throws. */
  protected abstract attempt(): Promise<void>;
  /** Closes watchers, timers and child processes so that no new attempt starts. */
  protected abstract halt(): Promise<void>;
  /** Removes the source's temporary directories once no attempt runs. */
  protected abstract cleanup(): Promise<void>;

  /** True when `digest` is the tree already in force. */
  protected isCurrent(digest: string): boolean {
    return this.tree?.digest === digest;
  }

  /** Makes `tree` (copied into `dir`) the revision in force and tells the listeners. */
  protected publish(
    tree: FileTree,
    revision: { readonly revision: string; readonly fullRevision: string; readonly dir: string; readonly userDir?: string; readonly at: Date; readonly contents?: ReadonlyMap<string, Uint8Array> },
  ): void {
    const previous = this.tree;
    this.tree = tree;
    this.state.publish({ ...revision, files: tree.files, ...(previous && { changedFiles: changedFiles(previous, tree) }) });
  }
}

/** An error's message for a source's report; a missing path reads "not found". */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && err.code === 'ENOENT') return 'not found';
  return err instanceof Error ? err.message : String(err);
}
