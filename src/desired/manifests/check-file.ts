// One manifest file on its own: parsed, every document checked against its schema and its own
// field rules, in model shape. Nothing here looks at other files, so the outcome is a function
// of the file's name and text alone: the daemon keeps it until the file's content changes
// (manifest-cache.ts, docs/loading.md).
import type { Kind } from '../model.js';
import type { ManifestIssue } from './manifest-issue.js';
import type { AnyEntry } from './manifest-entry.js';
import { parseSource, type ManifestSource } from './parse-documents.js';
import { checkDocument } from './document-checks.js';

export interface FileOutcome {
  readonly entries: readonly AnyEntry[];
  readonly errors: readonly ManifestIssue[];
  readonly warnings: readonly ManifestIssue[];
  /** Documents that failed their own checks, by kind and name (references to them are not
   * reported again). */
  readonly broken: readonly (readonly [Kind, string])[];
}

function checkParsed(parsed: ReturnType<typeof parseSource>): FileOutcome {
  const entries: AnyEntry[] = [];
  const errors: ManifestIssue[] = [...parsed.errors];
  const broken: [Kind, string][] = [];
  for (const doc of parsed.documents) {
    const outcome = checkDocument(doc);
    if (outcome.ok) entries.push(outcome.entry);
    else {
      errors.push(...outcome.errors);
      if (outcome.kind !== undefined && outcome.name !== undefined) broken.push([outcome.kind, outcome.name]);
    }
  }
  return { entries, errors, warnings: parsed.warnings, broken };
}

/** The file's outcome. A file the fast parser read and that has any issue is read again by
 * `yaml`, whose outcome is the one given: every message about a file is `yaml`'s. */
export function checkFile(source: ManifestSource): FileOutcome {
  const first = parseSource(source, true);
  if (first.fast) {
    const outcome = checkParsed(first);
    if (outcome.errors.length === 0 && outcome.warnings.length === 0) return outcome;
  }
  return checkParsed(first.fast ? parseSource(source, false) : first);
}

/** The same outcome for the same text under another file name (a revision's new directory). */
export function renamed(outcome: FileOutcome, from: string, to: string): FileOutcome {
  if (from === to) return outcome;
  const move = (issue: ManifestIssue): ManifestIssue => (issue.file === from ? { ...issue, file: to } : issue);
  return {
    entries: outcome.entries.map((e) => ({ ...e, source: { ...e.source, file: to }, issue: (path, message, target) => move(e.issue(path, message, target)) })),
    errors: outcome.errors.map(move),
    warnings: outcome.warnings.map(move),
    broken: outcome.broken,
  };
}
