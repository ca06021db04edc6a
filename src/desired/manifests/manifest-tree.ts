// Walking a manifests tree on disk, as a hostile repository would lay it out. Whoever can push to
// the manifests repository must not make the controller host read anything else: a symlink
// (file or directory) whose real path leaves the tree is refused and reported by the link's own
// path, never followed; every file's size is checked before it is read; the tree's file count
// and total size are capped. The root itself may be a symlink (the atomic swap git-sync style
// sidecars make) and links that stay inside the tree are followed, each real directory once.
import { readdir, realpath, stat } from 'node:fs/promises';
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { MAX_FILE_BYTES, oversizedFileMessage } from './parse-documents.js';

export interface TreeLimits {
  /** Manifest files a tree may hold. */
  readonly maxFiles: number;
  /** Bytes all its manifest files may hold together. */
  readonly maxTotalBytes: number;
}

/** 10,000 tenant files load in the benchmarks; the caps leave room for five times that. */
export const DEFAULT_TREE_LIMITS: TreeLimits = { maxFiles: 50_000, maxTotalBytes: 256 * 1024 * 1024 };

export interface TreeFile {
  /** POSIX path relative to the root. */
  readonly rel: string;
  /** The path as walked (under the root as given), for messages. */
  readonly path: string;
  readonly data: Buffer;
  /** With `reuse`: the file's stamp (stampOf) when it was read or reused. */
  readonly stamp?: string;
}

export type TreeProblemKind = 'outside' | 'loop' | 'dangling' | 'permission' | 'oversized' | 'limit' | 'root';

/** Something in the tree that was refused or cannot be read; `path` is the entry as walked. */
export interface TreeProblem {
  readonly kind: TreeProblemKind;
  readonly path: string;
  readonly message: string;
}

export interface TreeRead {
  readonly files: readonly TreeFile[];
  readonly problems: readonly TreeProblem[];
}

/** Which files count as manifests: `*.yaml` / `*.yml` anywhere under the directory tree. */
export function isManifestFile(relPath: string): boolean {
  return /\.ya?ml$/i.test(relPath);
}

export interface ReadTreeOptions {
  /** Which relative paths are manifests (default isManifestFile). */
  readonly include?: (relPath: string) => boolean;
  readonly limits?: TreeLimits;
  /**
   * The bytes of a file read before, when its stamp (stampOf) is unchanged since: the file is
   * then stat'ed, not read (the directory source's rescans, docs/loading.md). Undefined: read it.
   */
  readonly reuse?: (rel: string, stamp: string) => Buffer | undefined;
}

/** Device, inode, size, and modification and change times in nanoseconds: any write to the file
 * or replacement of it changes one of them (a write within the clock's granularity may not:
 * callers trust a stamp only once it is older than that, see directory-source.ts). */
export function stampOf(info: BigIntStats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/** Reads a regular file of at most MAX_FILE_BYTES (plus one byte to see growth), never an
 * unbounded stream, with synchronous calls: a tree of 10,000 small files reads ten times faster
 * without a trip through the thread pool per call. O_NONBLOCK: a FIFO swapped in after the
 * listing must not block the open; fstat then refuses anything but a regular file. `admit`
 * may refuse the file by its size before it is read (the tree's caps) by throwing. */
export function readFileBounded(
  real: string,
  admit: (size: number) => void = () => undefined,
): { readonly data: Buffer; readonly stamp: string } | { readonly problem: 'permission' | 'oversized'; readonly message: string } {
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { problem: 'permission', message: fsMessage(err) };
  }
  try {
    const info = fstatSync(fd, { bigint: true });
    if (!info.isFile()) return { problem: 'permission', message: 'not a regular file' };
    const size = Number(info.size);
    if (size > MAX_FILE_BYTES) return { problem: 'oversized', message: oversizedFileMessage(size) };
    admit(size);
    // Every byte of the buffer is either read into or cut off below.
    const data = Buffer.allocUnsafe(size + 1);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, data, length, data.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === data.length) return { problem: 'oversized', message: 'The file grew while it was read; read it again later.' };
    }
    return { data: data.subarray(0, length), stamp: stampOf(info) };
  } finally {
    closeSync(fd);
  }
}

function code(err: unknown): string | undefined {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** The message for a failed file-system call, without the path (the caller prefixes it). */
function fsMessage(err: unknown): string {
  switch (code(err)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop: the link resolves back to itself';
    case 'ENOENT':
      return 'not found';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

class LimitReached extends Error {}

/**
 * Reads every manifest file under `root` in sorted order, skipping entries whose name starts
 * with a dot (`.git`, git-sync's `.worktrees`). Never throws for what the tree holds: refused or
 * unreadable entries come back as problems; at the first limit reached, reading stops and no
 * file is returned.
 */
export async function readManifestTree(root: string, options: ReadTreeOptions = {}): Promise<TreeRead> {
  const include = options.include ?? isManifestFile;
  const limits = options.limits ?? DEFAULT_TREE_LIMITS;
  const files: TreeFile[] = [];
  const problems: TreeProblem[] = [];
  const problem = (kind: TreeProblemKind, path: string, message: string): void => void problems.push({ kind, path, message });
  let realRoot: string;
  let rootInfo: Stats;
  try {
    realRoot = await realpath(root);
    rootInfo = await stat(realRoot);
  } catch (err) {
    problem('root', root, fsMessage(err));
    return { files, problems };
  }
  if (!rootInfo.isDirectory()) {
    problem('root', root, 'not a directory');
    return { files, problems };
  }
  let totalBytes = 0;
  const visited = new Set<string>();

  const admit = (size: number): void => {
    if (files.length >= limits.maxFiles) {
      problem('limit', root, `the manifests hold more than ${limits.maxFiles} files; at most ${limits.maxFiles} are read (--max-manifest-files)`);
      throw new LimitReached();
    }
    if (totalBytes + size > limits.maxTotalBytes) {
      problem('limit', root, `the manifests hold more than ${limits.maxTotalBytes} bytes; at most ${limits.maxTotalBytes} are read (--max-manifest-bytes)`);
      throw new LimitReached();
    }
  };

  function readOne(path: string, real: string, rel: string): void {
    if (options.reuse !== undefined) {
      let stamp: string | undefined;
      try {
        const info = statSync(real, { bigint: true });
        stamp = info.isFile() ? stampOf(info) : undefined;
      } catch {
        // read below, which reports why
      }
      const known = stamp === undefined ? undefined : options.reuse(rel, stamp);
      if (known !== undefined) {
        admit(known.length);
        totalBytes += known.length;
        files.push({ rel, path, data: known, stamp });
        return;
      }
    }
    const read = readFileBounded(real, admit);
    if ('problem' in read) return problem(read.problem, path, read.message);
    totalBytes += read.data.length;
    files.push({ rel, path, data: read.data, ...(options.reuse !== undefined && { stamp: read.stamp }) });
  }

  async function walk(dir: string, realDir: string, prefix: string): Promise<void> {
    if (visited.has(realDir)) return;
    visited.add(realDir);
    let entries;
    try {
      entries = await readdir(realDir, { withFileTypes: true });
    } catch (err) {
      return problem('permission', dir, fsMessage(err));
    }
    for (const entry of entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const path = join(dir, entry.name);
      let real = join(realDir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(real);
        } catch (err) {
          const c = code(err);
          if (c === 'ENOENT') {
            if (include(rel)) problem('dangling', path, 'The file cannot be read: it is a dangling symbolic link.');
          } else problem(c === 'ELOOP' ? 'loop' : 'permission', path, fsMessage(err));
          continue;
        }
        if (!inside(realRoot, real)) {
          problem('outside', path, 'symbolic link to a path outside the manifests directory; refused (links may only point inside the manifests tree)');
          continue;
        }
        try {
          const info = await stat(real);
          isDir = info.isDirectory();
          isFile = info.isFile();
        } catch (err) {
          problem('permission', path, fsMessage(err));
          continue;
        }
        if (isDir && inside(real, realDir)) {
          problem('loop', path, 'symbolic link loop: the link points at a directory that contains it');
          continue;
        }
      }
      if (isDir) await walk(path, real, rel);
      else if (isFile && include(rel)) readOne(path, real, rel);
    }
  }

  try {
    await walk(root, realRoot, '');
  } catch (err) {
    if (!(err instanceof LimitReached)) throw err;
    // A tree past its caps is refused whole: a part of it is no set to validate.
    return { files: [], problems };
  }
  return { files, problems };
}

/** `path: message` lines, at most `max` of them and a count of the rest. */
export function describeProblems(problems: readonly TreeProblem[], max = 5): string {
  const shown = problems.slice(0, max).map((p) => `${p.path}: ${p.message}`);
  if (problems.length > max) shown.push(`and ${problems.length - max} more`);
  return shown.join('; ');
}
