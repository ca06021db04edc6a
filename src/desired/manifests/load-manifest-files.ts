// The I/O half of loading: walks a directory tree for *.yaml / *.yml files in a sorted,
// deterministic order and reads them. Hidden entries (.git, the .worktrees of git-sync style
// sidecars) are skipped; symlinks are followed (an atomic symlink swap is how sidecars publish
// a new checkout) but each real directory is read once. Oversized files are never read whole.
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestIssue } from './manifest-issue.js';
import { MAX_FILE_BYTES, oversizedFileMessage } from './parse-documents.js';
import type { ManifestSource } from './parse-documents.js';

export interface ReadSources {
  readonly sources: readonly ManifestSource[];
  readonly errors: readonly ManifestIssue[];
}

const MANIFEST_FILE = /\.ya?ml$/i;

function fileError(file: string, message: string): ManifestIssue {
  return { file, line: 1, col: 1, document: null, path: null, message };
}

async function manifestFiles(dir: string, seen: Set<string>, errors: ManifestIssue[]): Promise<string[]> {
  const real = await realpath(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  const files: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let info;
    try {
      info = await stat(path);
    } catch {
      if (MANIFEST_FILE.test(name)) errors.push(fileError(path, 'The file cannot be read: it is a dangling symbolic link.'));
      continue;
    }
    if (info.isDirectory()) files.push(...(await manifestFiles(path, seen, errors)));
    else if (info.isFile() && MANIFEST_FILE.test(name)) files.push(path);
  }
  return files;
}

export async function readManifestSources(dir: string): Promise<ReadSources> {
  const errors: ManifestIssue[] = [];
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    return { sources: [], errors: [{ file: dir, line: 0, col: 0, document: null, path: null, message: `${dir} is not a directory; expected a directory of manifests.` }] };
  }
  const sources: ManifestSource[] = [];
  for (const file of await manifestFiles(dir, new Set(), errors)) {
    const { size } = await stat(file);
    if (size > MAX_FILE_BYTES) {
      errors.push(fileError(file, oversizedFileMessage(size)));
      continue;
    }
    // Decoding never throws: bytes that are not UTF-8 become U+FFFD, which parsing reports.
    sources.push({ file, text: (await readFile(file)).toString('utf8') });
  }
  return { sources, errors };
}
