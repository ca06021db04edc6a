// Route 53 records cannot carry tags, so ownership is written beside them, ExternalDNS style:
// for each weighted record tiered owns, a weighted TXT record at `_tiered.{name}` with the same
// SetIdentifier whose value lists the ownership tags:
//
//   "heritage=tiered,tiered.dev/managed-by=tiered,tiered.dev/resource=dns-record,
//    tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/infra-group=ig-1[,tiered.dev/tenant=t]"
//
// (one line, in that order). A record is ours only if that TXT exists and names our instance.
// Values are DNS labels, so neither `,` nor `=` nor `"` can occur inside them.

export const HERITAGE = 'heritage=tiered';

/** The quoted TXT value (Route 53 wants TXT values quoted) for a set of ownership tags. */
export function formatOwnershipTxt(tags: Readonly<Record<string, string>>): string {
  // Joined, not appended with `+=`: see naming.ts on joined names.
  const pieces = ['"', HERITAGE];
  for (const k of Object.keys(tags)) pieces.push(',', k, '=', tags[k] as string);
  pieces.push('"');
  return pieces.join('');
}

/** The tags an ownership TXT value carries, or undefined when it is not one of tiered's. */
export function parseOwnershipTxt(value: string): Readonly<Record<string, string>> | undefined {
  const body = value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  const [heritage, ...pairs] = body.split(',');
  if (heritage !== HERITAGE) return undefined;
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    tags[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return tags;
}
