// `tiered capacity <dir> [--tier T] [--write] [--output text|json]`: per tier, the use of every
// account quota and per-ALB limit, how many more tenants of the tier's typical size fit, and
// whether to add an infra group or a cell (docs/capacity.md §4). Like `tiered placement`, it
// places from the manifests alone, against the manifests' quota overrides and AWS's defaults;
// the controller's /status shows the same figures from live placement and applied quotas.
// `--write` writes the suggested InfraGroup or Cell beside its sibling's file, after checking
// that the directory with it still validates. Exit 0: nothing to add; 2: a lever is advised.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { formatIssue, parseManifestSources } from '../desired/manifests/manifests.js';
import { readManifestSources } from '../desired/manifests/load-manifest-files.js';
import { capacityReport } from '../desired/placement/capacity-report.js';
import { renderCapacityJson, renderCapacityText } from '../desired/placement/capacity-render.js';
import { suggestedManifest, type SuggestedManifest } from '../desired/placement/capacity-manifest.js';
import { place } from '../desired/placement/placement.js';
import { cellQuotas } from '../desired/account-usage.js';
import { tierSubset } from '../engine/tier-subset.js';
import type { ManifestSet } from '../desired/model.js';
import type { PlacementResult } from '../desired/placement/placement-types.js';
import { parseDirCommand } from './args.js';
import { loadValidSet } from './load-valid-set.js';
import { manifestLimitsFromEnv } from './manifest-limits-env.js';

const USAGE = 'usage: tiered capacity <dir> [--tier <tier>] [--write] [--output text|json]';

const OPTIONS_HELP = `options:
  --tier TIER                 one tier only (default: every tier)
  --write                     write the suggested InfraGroup or Cell manifest beside its sibling
                              (default: print the advice only; never overwrites a file)
  --output, -o text|json      tables (default) or JSON for tools
  --help, -h                  this help
exit: 0 nothing to add, 2 an infra group or a cell is advised, 1 an error`;

/** Every tier placed alone against shares of the whole set, as the controller's passes do. */
function placeAll(set: ManifestSet): Map<string, PlacementResult> {
  const shares = cellQuotas(set);
  return new Map(set.tiers.map((t) => [t.name, place(tierSubset(set, t.name), new Map(), shares)]));
}

async function write(dir: string, suggestions: readonly SuggestedManifest[]): Promise<number> {
  const taken = suggestions.filter((s) => existsSync(s.file));
  if (taken.length > 0) {
    console.error(`tiered capacity: not writing: ${taken.map((s) => s.file).join(', ')} already exists`);
    return 1;
  }
  const read = await readManifestSources(dir, manifestLimitsFromEnv());
  const checked = parseManifestSources([...read.sources, ...suggestions.map((s) => ({ file: s.file, text: s.text }))]);
  if (!checked.ok) {
    for (const issue of checked.errors) console.error(formatIssue(issue));
    console.error(`tiered capacity: not writing: ${dir} would not validate with the suggested manifests; add the infra group or cell by hand`);
    return 1;
  }
  for (const s of suggestions) {
    await writeFile(s.file, s.text, { flag: 'wx' });
    console.error(`wrote ${s.file}: ${s.documents.join(', ')} (review the TODO(review) references before merging)`);
  }
  return 0;
}

export async function runCapacity(argv: string[]): Promise<number> {
  const args = parseDirCommand(argv, ['text', 'json'] as const, { tier: { type: 'string' }, write: { type: 'boolean' } });
  if (!args.ok || args.help) {
    if (args.ok) console.log(`${USAGE}\n\n${OPTIONS_HELP}`);
    else console.error(`tiered capacity: ${args.message}\n${USAGE}`);
    return args.ok ? 0 : 1;
  }
  const set = await loadValidSet(args.dir, () => `${args.dir}: invalid: fix the errors above first (tiered validate ${args.dir}).`);
  const only = args.values['tier'] as string | undefined;
  if (set === undefined) return 1;
  if (only !== undefined && !set.tiers.some((t) => t.name === only)) {
    console.error(`tiered capacity: no tier named ${only} in ${args.dir}`);
    return 1;
  }
  const report = capacityReport({ set, placements: placeAll(set), ...(only !== undefined ? { tiers: [only] } : {}) });
  console.log(args.output === 'json' ? renderCapacityJson(report) : renderCapacityText(report));
  if (args.values['write'] === true) {
    const suggestions = report.flatMap((t) => suggestedManifest(set, t) ?? []);
    if (suggestions.length === 0) console.error('tiered capacity: nothing to write: no tier needs an infra group or a cell');
    else if ((await write(args.dir, suggestions)) !== 0) return 1;
  }
  return report.some((t) => t.advice.lever !== 'none') ? 2 : 0;
}
