// What lets a rescan of a large watched directory cost what changed (docs/loading.md): the bytes
// of the last scan kept by each file's stamp, and snapshots that link the files they share with
// the previous snapshot instead of copying them.
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileTree } from './file-tree.js';

/** A file's stamp is trusted only once its change time is this much older than the scan that
 * read it: two writes of the same size within the clock's granularity leave the same stamp, so
 * a file changed that recently is read again at the next scan (git's "racily clean" entries). */
export const SETTLE_MS = 2000;

interface Known {
  readonly stamp: string;
  readonly data: Buffer;
  readonly settled: boolean;
}

/** The change time in ms of a stamp made by stampOf (manifest-tree.ts). */
function changedAtMs(stamp: string): number {
  const ns = stamp.split(':')[4];
  return ns === undefined ? Number.POSITIVE_INFINITY : Number(BigInt(ns) / 1_000_000n);
}

export class KnownFiles {
  private files = new Map<string, Known>();

  constructor(private readonly settleMs = SETTLE_MS) {}

  /** The bytes read before for `rel`, if its stamp is the same and was settled then. */
  reuse(rel: string, stamp: string): Buffer | undefined {
    const known = this.files.get(rel);
    return known !== undefined && known.settled && known.stamp === stamp ? known.data : undefined;
  }

  /** Keeps what a scan that started at `scanStartedMs` read, forgetting files it did not see. */
  remember(contents: ReadonlyMap<string, Buffer>, stamps: ReadonlyMap<string, string>, scanStartedMs: number): void {
    const next = new Map<string, Known>();
    for (const [rel, data] of contents) {
      const stamp = stamps.get(rel);
      if (stamp !== undefined) next.set(rel, { stamp, data, settled: changedAtMs(stamp) < scanStartedMs - this.settleMs });
    }
    this.files = next;
  }
}

export interface Snapshot {
  readonly dir: string;
  readonly tree: FileTree;
}

/**
 * Writes `contents` under `dir`. A file with the same digest in `previous` (a snapshot this
 * source made, which nothing writes to) is hard-linked from it; the rest is written.
 * Synchronous: ten times faster than a promise per file for trees of thousands of small files.
 */
export function writeSnapshot(dir: string, contents: ReadonlyMap<string, Buffer>, tree: FileTree, previous: Snapshot | undefined): void {
  const made = new Set<string>();
  for (const [rel, data] of contents) {
    const file = join(dir, rel);
    const parent = dirname(file);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    if (previous !== undefined && previous.tree.files.get(rel) === tree.files.get(rel)) {
      try {
        linkSync(join(previous.dir, rel), file);
        continue;
      } catch {
        // another file system, or links refused: copy it
      }
    }
    writeFileSync(file, data);
  }
}
