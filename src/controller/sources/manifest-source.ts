// The contract between a source of desired state (a watched directory, a polled git repository)
// and the daemon. A source turns "the manifests changed" into a stream of immutable revisions;
// the daemon loads each revision's directory, validates it and enqueues the tiers it touches.

/** One loadable version of the manifests. */
export interface SourceRevision {
  /** Short, human-facing id: `dir@<content-hash-12>` or `main@<sha-12>`. Used in logs and metrics. */
  readonly revision: string;
  /** The full content hash or commit sha, for /status. */
  readonly fullRevision: string;
  /** A directory holding this revision's manifests; it does not change while the revision is current. */
  readonly dir: string;
  /** How the user names `dir`: the watched directory as given on the command line, or the
   * directory inside the repository. Errors name files under it, never the temporary copy. */
  readonly userDir?: string;
  /**
   * Paths relative to `dir` (POSIX separators) added, modified or removed since the previously
   * emitted revision, sorted. Absent on a source's first revision: everything is new.
   */
  readonly changedFiles?: readonly string[];
  /**
   * Every manifest file of `dir`: relative POSIX path -> sha256 (hex) of its bytes, as the source
   * read them after refusing what leaves the tree and applying the tree's caps. The daemon
   * reads and checks again only the files whose digest it has not seen (docs/loading.md).
   */
  readonly files?: ReadonlyMap<string, string>;
  /** The bytes of those files as the source read and hashed them, when it holds them: the
   * daemon then reads none of them again. */
  readonly contents?: ReadonlyMap<string, Uint8Array>;
  /** When the source produced it. */
  readonly at: Date;
}

/** A failure to produce a revision (unreachable repository, bad ref, missing directory). */
export interface SourceError {
  readonly message: string;
  readonly at: Date;
}

export type SourceEvent =
  | { readonly type: 'revision'; readonly revision: SourceRevision }
  | { readonly type: 'error'; readonly error: SourceError };

export type SourceListener = (event: SourceEvent) => void;

/** What a source knows now: the last good revision stays in force across later errors. */
export interface SourceStatus {
  readonly kind: 'directory' | 'git';
  /** Where it reads from: the watched path or the repository URL (credentials removed). */
  readonly location: string;
  readonly current?: SourceRevision;
  /** The last attempt's error; cleared by the next success. */
  readonly error?: SourceError;
}

export interface ManifestSource {
  /**
   * Produces the first revision (or the first error) and starts watching or polling.
   * Resolves after that first attempt; failures are reported to listeners and status, never thrown.
   */
  start(): Promise<void>;
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: SourceListener): () => void;
  /** Looks again now (a manual poll / rescan); resolves when that attempt is done. */
  refresh(): Promise<void>;
  status(): SourceStatus;
  /** Closes watchers, kills child processes and removes the source's temporary directories. */
  stop(): Promise<void>;
}
