// The daemon's loading of one revision after another (docs/loading.md): each file's own outcome
// (parsed, schema-checked, in model shape: check-file.ts) is kept by its path and the digest of
// its bytes, so a revision costs a read and a parse of the files it changed only; the
// whole-set checks then run over every file's outcome, cached or new. The same revision loaded
// through this cache or from scratch (loadManifestSet) gives the same result.
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { ManifestIssue } from './manifest-issue.js';
import { checkFile, renamed, type FileOutcome } from './check-file.js';
import { readFileBounded } from './manifest-tree.js';
import { noManifestFiles, validateOutcomes, type ValidationResult } from './manifests.js';
import { sortIssues } from './manifest-issue.js';

/** What one load did, for the budget tests and the log. */
export interface LoadCounts {
  /** Files read from disk (not given by the source). */
  readonly read: number;
  /** Files parsed and checked on their own. */
  readonly checked: number;
  /** Files whose kept outcome was used. */
  readonly reused: number;
  /** Kept outcomes dropped: their file changed, or left the tree. */
  readonly dropped: number;
}

interface Kept {
  readonly digest: string;
  /** The file name its outcome names (under the directory it was loaded from). */
  readonly file: string;
  readonly outcome: FileOutcome;
}

function digestOf(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The order readManifestTree walks in: by path segment, each directory's entries by name. */
export function compareWalkOrder(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i] as string;
    const y = bs[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return as.length - bs.length;
}

export class ManifestCache {
  private readonly kept = new Map<string, Kept>();

  /**
   * Loads the revision in `dir` whose manifest files are `files` (relative POSIX path -> sha256
   * of its bytes, as the source hashed them: the source has already walked the tree, refused
   * what leaves it and applied the tree's caps). Only files whose digest is not kept are
   * checked; their bytes come from `contents` when the source gives them, else from `dir`.
   */
  load(
    dir: string,
    files: ReadonlyMap<string, string>,
    contents?: ReadonlyMap<string, Uint8Array>,
  ): { readonly result: ValidationResult; readonly counts: LoadCounts } {
    let read = 0;
    let checked = 0;
    let reused = 0;
    let dropped = 0;
    for (const rel of [...this.kept.keys()]) {
      if (files.get(rel) !== this.kept.get(rel)?.digest) {
        this.kept.delete(rel);
        dropped++;
      }
    }
    const unreadable: ManifestIssue[] = [];
    const outcomes: FileOutcome[] = [];
    for (const rel of [...files.keys()].sort(compareWalkOrder)) {
      const file = join(dir, rel);
      const kept = this.kept.get(rel);
      if (kept !== undefined) {
        reused++;
        outcomes.push(renamed(kept.outcome, kept.file, file));
        continue;
      }
      const held = contents?.get(rel);
      if (held === undefined) read++;
      const bytes = held !== undefined ? { data: Buffer.from(held.buffer, held.byteOffset, held.byteLength) } : readFileBounded(file);
      if ('problem' in bytes) {
        unreadable.push({ file, line: bytes.problem === 'oversized' ? 1 : 0, col: bytes.problem === 'oversized' ? 1 : 0, document: null, path: null, message: bytes.message });
        continue;
      }
      checked++;
      // Decoding never throws: bytes that are not UTF-8 become U+FFFD, which parsing reports.
      const outcome = checkFile({ file, text: bytes.data.toString('utf8') });
      // Kept under the digest of what was read: were the directory ever to differ from what the
      // source hashed, the next revision reads the file again.
      this.kept.set(rel, { digest: digestOf(bytes.data), file, outcome });
      outcomes.push(outcome);
    }
    const counts = { read, checked, reused, dropped };
    if (files.size === 0) return { result: { ok: false, errors: [noManifestFiles(dir)], warnings: [] }, counts };
    const validated = validateOutcomes(outcomes, false);
    const result: ValidationResult =
      unreadable.length === 0 ? validated : { ok: false, errors: sortIssues([...unreadable, ...(validated.ok ? [] : validated.errors)]), warnings: validated.warnings };
    return { result, counts };
  }

  /** Relative paths of the files whose outcome is kept. */
  paths(): string[] {
    return [...this.kept.keys()].sort(compareWalkOrder);
  }
}
