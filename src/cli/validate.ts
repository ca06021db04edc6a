// `tiered validate <dir> [--output text|json]`: loads and validates a manifest tree.
// Exit 0 when the set is valid, 1 when it is not (or the command is misused).
import { relative } from 'node:path';
import { formatIssue, loadManifestSet } from '../desired/manifests/manifests.js';
import { manifestLimitsFromEnv } from './manifest-limits-env.js';
import type { ManifestIssue, ValidationResult } from '../desired/manifests/manifests.js';
import type { ManifestSet } from '../desired/model.js';
import { parseDirCommand } from './args.js';

const USAGE = 'usage: tiered validate <dir> [--output text|json]';

function counts(set: ManifestSet | undefined) {
  return {
    tiers: set?.tiers.length ?? 0,
    cells: set?.cells.length ?? 0,
    infraGroups: set?.infraGroups.length ?? 0,
    tenants: set?.tenants.length ?? 0,
  };
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
    const c = counts(result.set);
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
      counts: counts(result.ok ? result.set : undefined),
    },
    null,
    2,
  );
}

export async function runValidate(argv: string[]): Promise<number> {
  const args = parseDirCommand(argv, ['text', 'json'] as const);
  if (!args.ok) {
    console.error(`tiered validate: ${args.message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { dir, output } = args;
  const result = await loadManifestSet(dir, manifestLimitsFromEnv());
  const text = output === 'json' ? renderJson(result) : renderText(result, dir);
  if (result.ok || output === 'json') console.log(text);
  else console.error(text);
  return result.ok ? 0 : 1;
}
