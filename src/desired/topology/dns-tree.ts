// The shape of a tier endpoint's weighted records (docs/dns-tree.md). Route 53 holds at most 100
// weighted records of one name and type (docs/aws-behaviour.md, "Route 53: 100 weighted records
// of a name"), so a tier of more than 100 infra groups answers through a two-level tree: the
// endpoint holds one weighted alias per cell, each cell name one per infra group. Pure.
import { TAG } from '../tags.js';
import { CELL_WIDE } from './owners.js';
import type { Owner } from './resource.js';

/** Route 53 weights are 0–255. */
export const DNS_WEIGHT_MAX = 255;

export interface CellWeightInput {
  readonly cell: string;
  /** The Cell's own `dnsWeight`, taken as it is. */
  readonly dnsWeight?: number | undefined;
  /** Its infra groups' `dnsWeight`s. */
  readonly infraGroupWeights: readonly number[];
}

/** Each cell's weight at the tier endpoint: its own `dnsWeight` when the Cell sets one, else
 * its infra groups' weights summed, so that each ALB keeps the share of the endpoint it had in
 * the one-level tree. The sums are scaled by one factor when the largest passes 255 (a cell
 * of 100 infra groups at weight 3 sums to 300), rounded, and never rounded down to 0 from a
 * positive sum (a cell with weight would otherwise get no traffic at all). */
export function cellWeights(cells: readonly CellWeightInput[]): ReadonlyMap<string, number> {
  const sums = new Map<string, number>();
  for (const c of cells) if (c.dnsWeight === undefined) sums.set(c.cell, c.infraGroupWeights.reduce((a, b) => a + b, 0));
  const largest = Math.max(0, ...sums.values());
  const scale = largest > DNS_WEIGHT_MAX ? DNS_WEIGHT_MAX / largest : 1;
  const out = new Map<string, number>();
  for (const c of cells) {
    if (c.dnsWeight !== undefined) out.set(c.cell, c.dnsWeight);
    else {
      const sum = sums.get(c.cell) as number;
      out.set(c.cell, sum === 0 ? 0 : Math.max(1, Math.round(sum * scale)));
    }
  }
  return out;
}

/** The key suffix of an infra group's record at its cell name (and of its ownership TXT):
 * not a DNS label, so never a tenant's name, which the same position holds in a tenant
 * record's key. */
export const CELL_RECORD_KEY_SUFFIX = '@cell';

/** What a `dns-record` (or `dns-ownership`) resource is in the tier's tree, from its key and
 * owner: `endpoint` an infra group's record at the endpoint (one-level tree), `endpoint-cell` a
 * cell's record at the endpoint and `cell` an infra group's record at its cell name (two-level
 * tree), `tenant` a tenant's record. */
export type DnsRecordRole = 'endpoint' | 'endpoint-cell' | 'cell' | 'tenant';

export function dnsRecordRole(key: string, owner: Owner): DnsRecordRole {
  if (owner.tenant !== undefined) return 'tenant';
  if (owner.infraGroup === CELL_WIDE) return 'endpoint-cell';
  return key.endsWith(`/${CELL_RECORD_KEY_SUFFIX}`) ? 'cell' : 'endpoint';
}

/** The `tiered.dev/dns-tree` tag value of each two-level role. */
export const DNS_TREE_TAG: Readonly<Record<'endpoint-cell' | 'cell', string>> = { 'endpoint-cell': 'endpoint', cell: 'cell' };

/** The role a set of ownership tags names: `endpoint-cell`/`cell` by `tiered.dev/dns-tree`. */
export function dnsTreeRoleOfTags(tags: Readonly<Record<string, string>>): 'endpoint-cell' | 'cell' | undefined {
  const v = tags[TAG.dnsTree];
  return v === DNS_TREE_TAG['endpoint-cell'] ? 'endpoint-cell' : v === DNS_TREE_TAG.cell ? 'cell' : undefined;
}
