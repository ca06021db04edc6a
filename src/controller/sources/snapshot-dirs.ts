// Temporary directories holding revisions. The current and the previous revision's directories
// are kept (the daemon may still be loading the previous one when a new one lands); older ones
// are removed, and all of them on stop.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class SnapshotDirs {
  private readonly dirs: string[] = [];

  constructor(
    private readonly prefix: string,
    private readonly keep = 2,
    private readonly parent = tmpdir(),
  ) {}

  /** A fresh empty directory, not yet retained: pass it to `retain` once it holds a revision. */
  async create(): Promise<string> {
    return mkdtemp(join(this.parent, this.prefix));
  }

  /** Keeps `dir` as the newest revision's directory and removes the ones beyond `keep`. */
  async retain(dir: string): Promise<void> {
    this.dirs.push(dir);
    while (this.dirs.length > this.keep) await remove(this.dirs.shift()!);
  }

  async discard(dir: string): Promise<void> {
    await remove(dir);
  }

  async removeAll(): Promise<void> {
    while (this.dirs.length > 0) await remove(this.dirs.shift()!);
  }
}

async function remove(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
