// What lets a rescan of a large watched directory cost what changed (docs/loading.md): the bytes
// of the last scan kept by each file's stamp, and snapshots that link the files they share with
// the previous snapshot instead of copying them.
import { link, mkdir, writeFile } from 'node:fs/promises';
import { mapBounded } from '../../engine/map-bounded.js';
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

/** Files written or linked at once: a write waits on the disk, not on the CPU, so overlapping
 * them is what makes 10,000 of them fast; more would only queue in the thread pool. */
const WRITES_IN_FLIGHT = 32;

/**
 * Writes `contents` under `dir`. A file with the same digest in `previous` (a snapshot this
 * source made, which nothing writes to) is hard-linked from it; the rest is written.
 */
export async function writeSnapshot(dir: string, contents: ReadonlyMap<string, Buffer>, tree: FileTree, previous: Snapshot | undefined): Promise<void> {
  const parents = new Set([...contents.keys()].map((rel) => dirname(join(dir, rel))));
  for (const parent of [...parents].sort()) await mkdir(parent, { recursive: true });
  await mapBounded([...contents], WRITES_IN_FLIGHT, async ([rel, data]) => {
    const file = join(dir, rel);
    if (previous !== undefined && previous.tree.files.get(rel) === tree.files.get(rel)) {
      try {
        await link(join(previous.dir, rel), file);
        return;
      } catch {
        // another file system, or links refused: copy it
      }
    }
    await writeFile(file, data);
  });
}
