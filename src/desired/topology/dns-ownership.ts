// Route 53 records cannot carry tags, so ownership is written beside them, ExternalDNS style:
// for each weighted record tiered owns, a weighted TXT record at `_tiered.{name}` with the same
// SetIdentifier whose value lists the ownership tags:
//
//   "heritage=tiered,tiered.dev/managed-by=tiered,tiered.dev/resource=dns-record,
//    tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/infra-group=ig-1[,tiered.dev/tenant=t]"
//
// (one line, in that order; cut into 255-character strings when longer). A record is ours only
// if that TXT exists and names our instance.
// Values are DNS labels, so neither `,` nor `=` nor `"` can occur inside them.

export const HERITAGE = 'heritage=tiered';

/** Route 53 (and DNS itself) holds a TXT value as character-strings of at most 255 characters
 * each; a longer one is refused with CharacterStringTooLong (docs/aws-behaviour.md, "Route 53
 * TXT strings"). Long tier, cell, infra group and tenant names make the ownership value longer
 * than that, so it is cut into several strings, the way the AWS CDK writes long TXT records. */
export const TXT_STRING_MAX = 255;

/** The quoted TXT value (Route 53 wants TXT values quoted) for a set of ownership tags: one
 * string when it fits in 255 characters (every value written before strings were split), else
 * `"…" "…"`. Readers join the strings back without separators (parseOwnershipTxt). */
export function formatOwnershipTxt(tags: Readonly<Record<string, string>>): string {
  // Joined, not appended with `+=`: see naming.ts on joined names.
  const pieces = [HERITAGE];
  for (const k of Object.keys(tags)) pieces.push(',', k, '=', tags[k] as string);
  const body = pieces.join('');
  if (body.length <= TXT_STRING_MAX) return ['"', body, '"'].join('');
  const strings: string[] = [];
  for (let at = 0; at < body.length; at += TXT_STRING_MAX) strings.push(body.slice(at, at + TXT_STRING_MAX));
  return ['"', strings.join('" "'), '"'].join('');
}

/** The character-strings of a TXT value as Route 53 writes them: quoted strings (with `\"`
 * and `\\` escapes) or bare words, separated by spaces. */
export function txtStrings(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    if (value[i] === ' ') {
      i++;
      continue;
    }
    let s = '';
    if (value[i] === '"') {
      for (i++; i < value.length && value[i] !== '"'; i++) s += value[i] === '\\' && i + 1 < value.length ? value[++i] : value[i];
      i++;
    } else {
      for (; i < value.length && value[i] !== ' '; i++) s += value[i];
    }
    out.push(s);
  }
  return out;
}

/** The tags an ownership TXT value carries, or undefined when it is not one of tiered's. The
 * value's strings are joined back first: a long value is written as several (formatOwnershipTxt). */
export function parseOwnershipTxt(value: string): Readonly<Record<string, string>> | undefined {
  const body = txtStrings(value).join('');
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
