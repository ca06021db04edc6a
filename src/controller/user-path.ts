// Validation errors name files as the user has them (`manifests/examples/tenants/x.yaml:6:9`):
// a revision is loaded from a temporary copy (snapshot-dirs.ts), whose path means nothing to
// the person fixing the file.
import { join, relative, sep } from 'node:path';
import type { ManifestIssue } from '../desired/manifests/manifest-issue.js';

/** `file` under `copyDir` renamed under `userDir`; any other path as it is. */
export function userPath(file: string, copyDir: string, userDir: string | undefined): string {
  if (userDir === undefined) return file;
  const rel = relative(copyDir, file);
  if (rel === '') return userDir;
  if (rel.startsWith('..') || rel.startsWith(sep)) return file;
  return join(userDir, rel).split(sep).join('/');
}

export function issueInUserPaths(issue: ManifestIssue, copyDir: string, userDir: string | undefined): ManifestIssue {
  return { ...issue, file: userPath(issue.file, copyDir, userDir) };
}
