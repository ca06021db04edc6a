// A manifest tree as data: relative path -> content digest, a digest of the whole tree, and the
// difference between two trees. Revisions are content hashes, so a touch that changes no byte
// produces no new revision, and the daemon learns exactly which files changed.
import { createHash } from 'node:crypto';
import { describeProblems, isManifestFile, readManifestTree, type TreeLimits } from '../../desired/manifests/manifest-tree.js';

export interface FileTree {
  /** POSIX relative path -> sha256 of the file's bytes (hex). */
  readonly files: ReadonlyMap<string, string>;
  /** sha256 (hex) over the sorted (path, digest) pairs. */
  readonly digest: string;
}

export { isManifestFile };

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
 * Reads every manifest file under `root` (manifest-tree.ts: hidden entries skipped, links that
 * leave the tree refused, sizes and counts bounded). Anything refused or unreadable fails the
 * whole read, naming the paths: a revision is never made of part of a tree.
 */
export async function readTree(root: string, include: (relPath: string) => boolean = isManifestFile, limits?: TreeLimits): Promise<Map<string, Buffer>> {
  const read = await readManifestTree(root, { include, ...(limits && { limits }) });
  if (read.problems.length > 0) throw new Error(describeProblems(read.problems));
  return new Map(read.files.map((f) => [f.rel, f.data]));
}

/** readTree, reusing the bytes of files whose stamp `reuse` knows (manifest-tree.ts), and the
 * stamp of every file read or reused. */
export async function readTreeStamped(
  root: string,
  include: (relPath: string) => boolean,
  limits: TreeLimits | undefined,
  reuse: (rel: string, stamp: string) => Buffer | undefined,
): Promise<{ contents: Map<string, Buffer>; stamps: Map<string, string> }> {
  const read = await readManifestTree(root, { include, reuse, ...(limits && { limits }) });
  if (read.problems.length > 0) throw new Error(describeProblems(read.problems));
  const stamps = new Map<string, string>();
  for (const f of read.files) if (f.stamp !== undefined) stamps.set(f.rel, f.stamp);
  return { contents: new Map(read.files.map((f) => [f.rel, f.data])), stamps };
}
