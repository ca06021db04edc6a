// What validation reports: one problem, pinned to the file, line and column of the node at
// fault, the document it belongs to and the field path inside it.

export interface ManifestIssue {
  readonly file: string;
  /** 1-based; 0 when the issue concerns the file or the set as a whole. */
  readonly line: number;
  readonly col: number;
  /** `Kind/name` of the document, e.g. `Tenant/tenant-a`; null when there is none yet. */
  readonly document: string | null;
  /** Dotted field path inside the document, e.g. `spec.clusters`; null for the document. */
  readonly path: string | null;
  /** A plain sentence: what was expected and what was found. */
  readonly message: string;
}

/** `file:line:col: message`, the shape editors and CI annotations understand. */
export function formatIssue(issue: ManifestIssue, file: string = issue.file): string {
  if (file === '') return issue.message;
  const where = issue.line > 0 ? `${file}:${issue.line}:${issue.col}` : file;
  return `${where}: ${issue.message}`;
}

export function compareIssues(a: ManifestIssue, b: ManifestIssue): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.col !== b.col) return a.col - b.col;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function sortIssues(issues: readonly ManifestIssue[]): ManifestIssue[] {
  return [...issues].sort(compareIssues);
}
