// The public entry of manifest loading: sources (or a directory) in, a validated ManifestSet
// with every default filled out, or every error found, each pinned to file:line:col.
import type { Cell, InfraGroup, Kind, ManifestSet, Tenant, Tier } from '../model.js';
import { formatIssue, sortIssues } from './manifest-issue.js';
import type { ManifestIssue } from './manifest-issue.js';
import type { AnyEntry, CellEntry, Entries, InfraGroupEntry, TenantEntry, TierEntry } from './manifest-entry.js';
import { checkFile, type FileOutcome } from './check-file.js';
import type { ManifestSource } from './parse-documents.js';
import { checkReferences } from './check-references.js';
import type { ResolvedEntries } from './check-references.js';
import { checkNames } from './check-names.js';
import { checkQuotas } from './check-quotas.js';
import { checkAccounts } from './check-accounts.js';
import { checkAccountQuotas } from './check-account-quotas.js';
import { mergeAlarms, mergeWorkload } from './build-documents.js';
import { readManifestSources } from './load-manifest-files.js';
import type { TreeLimits } from './manifest-tree.js';

export { formatIssue };
export type { ManifestIssue, ManifestSource };

/** Documents found per kind, valid or not (what `tiered validate -o json` counts). */
export interface FoundCounts {
  readonly tiers: number;
  readonly cells: number;
  readonly infraGroups: number;
  readonly tenants: number;
}

export type ValidationResult =
  | { readonly ok: true; readonly set: ManifestSet; readonly warnings: readonly ManifestIssue[] }
  | { readonly ok: false; readonly errors: readonly ManifestIssue[]; readonly warnings: readonly ManifestIssue[]; readonly found?: FoundCounts };

/** The whole set's entries from each file's outcome, in the order of the files. */
export function collectEntries(outcomes: readonly FileOutcome[], errors: ManifestIssue[], warnings: ManifestIssue[]): Entries {
  const broken: Record<Kind, Set<string>> = { Tier: new Set(), Cell: new Set(), InfraGroup: new Set(), Tenant: new Set() };
  const tiers: TierEntry[] = [];
  const cells: CellEntry[] = [];
  const infraGroups: InfraGroupEntry[] = [];
  const tenants: TenantEntry[] = [];
  for (const outcome of outcomes) {
    errors.push(...outcome.errors);
    warnings.push(...outcome.warnings);
    for (const [kind, name] of outcome.broken) broken[kind].add(name);
    for (const e of outcome.entries) {
      if (e.kind === 'Tier') tiers.push(e);
      else if (e.kind === 'Cell') cells.push(e);
      else if (e.kind === 'InfraGroup') infraGroups.push(e);
      else tenants.push(e);
    }
  }
  return { tiers, cells, infraGroups, tenants, broken };
}

function toManifestSet(set: ResolvedEntries): ManifestSet {
  const strip = <E extends AnyEntry>({ kind, name, spec, source }: E) => ({ kind, name, spec, source });
  const tierByName = new Map(set.tiers.map((t) => [t.name, t]));
  return {
    tiers: set.tiers.map((t) => strip(t) as Tier),
    cells: set.cells.map((c) => strip(c) as Cell),
    infraGroups: set.infraGroups.map((g) => strip(g) as InfraGroup),
    tenants: set.tenants.map((t): Tenant => {
      const tier = tierByName.get(t.spec.tier) as TierEntry;
      const spec = { ...t.spec, workload: mergeWorkload(tier.spec.workload, t.spec.workload), alarms: mergeAlarms(tier.spec.alarms, t.spec.alarms) };
      return { ...strip(t), kind: 'Tenant', spec };
    }),
  };
}

function setIssue(file: string, message: string): ManifestIssue {
  return { file, line: 0, col: 0, document: null, path: null, message };
}

/** Validates a whole set from its sources. Pure: no I/O, the same sources give the same result. */
export function parseManifestSources(sources: readonly ManifestSource[]): ValidationResult {
  return validateOutcomes(sources.map(checkFile), sources.length === 0);
}

/** The whole-set checks over every file's own outcome (check-file.ts). */
export function validateOutcomes(outcomes: readonly FileOutcome[], noFiles: boolean): ValidationResult {
  const errors: ManifestIssue[] = [];
  const warnings: ManifestIssue[] = [];
  const entries = collectEntries(outcomes, errors, warnings);
  const resolved = checkReferences(entries, errors);
  checkNames(resolved, errors);
  checkQuotas(resolved, errors);
  checkAccounts(resolved, errors, warnings);
  checkAccountQuotas(resolved, errors);
  if (noFiles) errors.push(setIssue('', 'No manifest files were given; expected at least one Tier.'));
  const found = {
    tiers: entries.tiers.length + entries.broken.Tier.size,
    cells: entries.cells.length + entries.broken.Cell.size,
    infraGroups: entries.infraGroups.length + entries.broken.InfraGroup.size,
    tenants: entries.tenants.length + entries.broken.Tenant.size,
  };
  if (errors.length > 0) return { ok: false, errors: sortIssues(errors), warnings: sortIssues(warnings), found };
  return { ok: true, set: toManifestSet(resolved), warnings: sortIssues(warnings) };
}

export function noManifestFiles(dir: string): ManifestIssue {
  return setIssue(dir, `No *.yaml or *.yml files were found under ${dir}; expected at least one manifest.`);
}

/** Reads every *.yaml / *.yml under `dir` (sorted, hidden entries skipped, bounded by `limits`)
 * and validates them. */
export async function loadManifestSet(dir: string, limits?: TreeLimits): Promise<ValidationResult> {
  const read = await readManifestSources(dir, limits);
  if (read.sources.length === 0) {
    const errors = read.errors.length > 0 ? read.errors : [noManifestFiles(dir)];
    return { ok: false, errors: sortIssues(errors), warnings: [] };
  }
  const result = parseManifestSources(read.sources);
  if (read.errors.length === 0) return result;
  const errors = result.ok ? read.errors : [...read.errors, ...result.errors];
  const found = result.ok ? { tiers: result.set.tiers.length, cells: result.set.cells.length, infraGroups: result.set.infraGroups.length, tenants: result.set.tenants.length } : result.found;
  return { ok: false, errors: sortIssues(errors), warnings: result.warnings, ...(found !== undefined && { found }) };
}
