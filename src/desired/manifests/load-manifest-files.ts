// The I/O half of loading: reads the *.yaml / *.yml files of a directory tree in a sorted,
// deterministic order (manifest-tree.ts says what is refused: links leaving the tree, oversized
// files, trees past their caps) and turns every refusal into an issue naming the path.
import type { ManifestIssue } from './manifest-issue.js';
import { readManifestTree, type TreeLimits, type TreeProblem } from './manifest-tree.js';
import type { ManifestSource } from './parse-documents.js';

export interface ReadSources {
  readonly sources: readonly ManifestSource[];
  readonly errors: readonly ManifestIssue[];
}

function problemIssue(problem: TreeProblem): ManifestIssue {
  // A file's own problems point at its start, like any other issue in it; the rest concern a path.
  const inFile = problem.kind === 'dangling' || problem.kind === 'oversized';
  return { file: problem.path, line: inFile ? 1 : 0, col: inFile ? 1 : 0, document: null, path: null, message: problem.message };
}

export async function readManifestSources(dir: string, limits?: TreeLimits): Promise<ReadSources> {
  const read = await readManifestTree(dir, limits && { limits });
  if (read.problems.some((p) => p.kind === 'root')) {
    const message = `${dir} is not a directory; expected a directory of manifests.`;
    const why = read.problems.find((p) => p.kind === 'root')!.message;
    return { sources: [], errors: [{ file: dir, line: 0, col: 0, document: null, path: null, message: why === 'permission denied' ? why : message }] };
  }
  // Decoding never throws: bytes that are not UTF-8 become U+FFFD, which parsing reports.
  const sources = read.files.map((f) => ({ file: f.path, text: f.data.toString('utf8') }));
  return { sources, errors: read.problems.map(problemIssue) };
}
