// A manifest tree as data: relative path -> content digest, a digest of the whole tree, and the
// difference between two trees. Revisions are content hashes, so a touch that changes no byte
// produces no new revision, and the daemon learns exactly which files changed.
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface FileTree {
  /** POSIX relative path -> sha256 of the file's bytes (hex). */
  readonly files: ReadonlyMap<string, string>;
  /** sha256 (hex) over the sorted (path, digest) pairs. */
  readonly digest: string;
}

/** Which files count as manifests: docs/design.md §3 loads `*.yaml` / `*.yml` under a directory tree. */
export function isManifestFile(relPath: string): boolean {
  return /\.ya?ml$/i.test(relPath);
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function treeOf(contents: ReadonlyMap<string, Uint8Array>): FileTree {
  const files = new Map<string, string>();
  for (const path of [...contents.keys()].sort()) files.set(path, sha256(contents.get(path)!));
  const h = createHash('sha256');
  for (const [path, digest] of files) h.update(`${path}\0${digest}\n`);
  return { files, digest: h.digest('hex') };
}

/** Paths added, modified or removed from `before` to `after`, sorted. */
export function changedFiles(before: FileTree, after: FileTree): string[] {
  const changed = new Set<string>();
  for (const [path, digest] of after.files) if (before.files.get(path) !== digest) changed.add(path);
  for (const path of before.files.keys()) if (!after.files.has(path)) changed.add(path);
  return [...changed].sort();
}

/**
 * Reads every file under `root` that `include` accepts, following symlinks. Directories whose
 * name starts with a dot (`.git`, git-sync's `.worktrees`) are skipped.
 */
export async function readTree(
  root: string,
  include: (relPath: string) => boolean = isManifestFile,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const visited = new Set<string>(); // a symlinked directory pointing at an ancestor would loop
  async function walk(dir: string, prefix: string): Promise<void> {
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const abs = join(dir, entry.name);
      const kind = entry.isSymbolicLink() ? await resolvedKind(abs) : entry.isDirectory() ? 'dir' : 'file';
      if (kind === 'dir' && !entry.name.startsWith('.')) await walk(abs, rel);
      else if (kind === 'file' && include(rel)) out.set(rel, await readFile(abs));
    }
  }
  await walk(root, '');
  return out;
}

async function resolvedKind(path: string): Promise<'dir' | 'file' | 'dangling'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'dangling';
  }
}
