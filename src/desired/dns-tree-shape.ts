// Which DNS tree a tier endpoint takes (docs/dns-tree.md): in the hall, since validation refuses
// what neither shape can hold and the topology builds the records of the shape chosen.

/** Route 53: at most 100 weighted records share one name and type. */
export const WEIGHTED_RECORDS_MAX = 100;

export type DnsTreeShape = 'one-level' | 'two-level';

/** `tree: cells` asks for the two-level tree at any size; `auto` (or absent) takes it only
 * when the endpoint's one record per infra group would pass Route 53's 100. */
export function dnsTreeShape(tree: 'auto' | 'cells' | undefined, infraGroups: number): DnsTreeShape {
  return tree === 'cells' || infraGroups > WEIGHTED_RECORDS_MAX ? 'two-level' : 'one-level';
}
