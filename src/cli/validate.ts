// `tiered validate <path>... [--output text|json]`: loads and validates a manifest tree, or
// the set some files (and directories) make together.
// Exit 0 when the set is valid, 1 when it is not (or the command is misused).
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { readManifestSources } from '../desired/manifests/load-manifest-files.js';
import { formatIssue, loadManifestSet, parseManifestSources } from '../desired/manifests/manifests.js';
import { manifestLimitsFromEnv } from './manifest-limits-env.js';
import type { ManifestIssue, ManifestSource, ValidationResult } from '../desired/manifests/manifests.js';
import { parseCommandLine } from './args.js';

const USAGE = `usage: tiered validate <dir|file>... [--output text|json]

Checks manifests without touching AWS: each document against its schema, then the whole set
(references, names, quotas, accounts). Given several paths (directories and *.yaml files), it
checks the set they make together. Exit 0 valid, 1 invalid (errors as file:line:col: message).

options:
  --output, -o text|json   text (default): errors and a summary line; json: valid, errors,
                           warnings and the documents found per kind
  --help, -h               this help`;

function counts(result: ValidationResult) {
  if (result.ok) {
    const set = result.set;
    return { tiers: set.tiers.length, cells: set.cells.length, infraGroups: set.infraGroups.length, tenants: set.tenants.length };
  }
  return result.found ?? { tiers: 0, cells: 0, infraGroups: 0, tenants: 0 };
}

function missing(path: string): ManifestIssue {
  return { file: path, line: 0, col: 0, document: null, path: null, message: `${path} does not exist.` };
}

/** One directory as `loadManifestSet` reads it; otherwise the set of every file given and
 * every manifest under every directory given. */
async function loadPaths(paths: readonly string[]): Promise<ValidationResult> {
  const limits = manifestLimitsFromEnv();
  const sources: ManifestSource[] = [];
  const problems: ManifestIssue[] = [];
  for (const path of paths) {
    const kind = await stat(path).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => 'missing' as const);
    if (kind === 'missing') problems.push(missing(path));
    else if (kind === 'dir' && paths.length === 1) return loadManifestSet(path, limits);
    else if (kind === 'dir') {
      const read = await readManifestSources(path, limits);
      sources.push(...read.sources);
      problems.push(...read.errors);
    } else sources.push({ file: path, text: await readFile(path, 'utf8') });
  }
  if (sources.length === 0) return { ok: false, errors: problems, warnings: [] };
  const result = parseManifestSources(sources);
  if (problems.length === 0) return result;
  return { ok: false, errors: [...problems, ...(result.ok ? [] : result.errors)], warnings: result.warnings, ...(!result.ok && result.found !== undefined && { found: result.found }) };
}

/** Paths relative to the working directory, as editors and CI annotations expect. */
function relativeFile(issue: ManifestIssue): ManifestIssue {
  return issue.file === '' ? issue : { ...issue, file: relative(process.cwd(), issue.file) || '.' };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function renderText(result: ValidationResult, dir: string): string {
  const errors = result.ok ? [] : result.errors;
  const lines = [...errors, ...result.warnings.map((w) => ({ ...w, message: `warning: ${w.message}` }))]
    .map(relativeFile)
    .map((i) => formatIssue(i));
  if (result.ok) {
    const c = counts(result);
    lines.push(
      `${dir}: valid: ${plural(c.tiers, 'tier')}, ${plural(c.cells, 'cell')}, ${plural(c.infraGroups, 'infra group')}, ${plural(c.tenants, 'tenant')}${result.warnings.length > 0 ? `, ${plural(result.warnings.length, 'warning')}` : ''}.`,
    );
  } else {
    lines.push(`${dir}: invalid: ${plural(errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}.`);
  }
  return lines.join('\n');
}

function renderJson(result: ValidationResult): string {
  return JSON.stringify(
    {
      valid: result.ok,
      errors: (result.ok ? [] : result.errors).map(relativeFile),
      warnings: result.warnings.map(relativeFile),
      counts: counts(result),
    },
    null,
    2,
  );
}

export async function runValidate(argv: string[]): Promise<number> {
  const parsed = parseCommandLine('validate', argv, { output: { type: 'string', short: 'o', default: 'text' } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  const output = parsed.values['output'] as string;
  const problem =
    output !== 'text' && output !== 'json' ? `--output must be text or json; found ${output}`
    : parsed.positionals.length === 0 ? 'expected a manifest directory or files'
    : undefined;
  if (problem !== undefined) {
    console.error(`tiered validate: ${problem}\n\n${USAGE}`);
    return 1;
  }
  const result = await loadPaths(parsed.positionals);
  const name = parsed.positionals.join(' ');
  const text = output === 'json' ? renderJson(result) : renderText(result, name);
  if (result.ok || output === 'json') console.log(text);
  else console.error(text);
  return result.ok ? 0 : 1;
}
