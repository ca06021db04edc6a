// Two Route 53 rules moto 5.2.1 does not keep (docs/aws-behaviour.md, "Route 53: 100 weighted
// records of a name" and "Route 53: alias to a record"), which the proxy keeps for it:
// - at most 100 weighted records share one name and type: a change batch that would leave more
//   is refused whole (InvalidChangeBatch), checked change by change as the batch goes;
// - an alias to a record of the same hosted zone needs that record to exist already: a batch
//   creating an alias to a name (and type) the zone does not hold is refused whole.
// moto stores both without a word. Pure, but for the listing the caller reads from moto.
import type { WireError } from './wire-errors.js';

/** Route 53: weighted records of one name and type. */
export const WEIGHTED_PER_NAME_MAX = 100;

export interface RecordSetFacts {
  readonly name: string;
  readonly type: string;
  readonly setIdentifier?: string | undefined;
  readonly weighted: boolean;
  readonly alias?: { readonly hostedZoneId: string; readonly dnsName: string } | undefined;
}

export interface ChangeFacts extends RecordSetFacts {
  readonly action: string;
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** Lowercase, with the trailing dot. */
export function absoluteName(name: string): string {
  return (name.endsWith('.') ? name : `${name}.`).toLowerCase();
}

function zoneIdOf(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

function recordSetFacts(body: string): RecordSetFacts {
  const alias = /<AliasTarget>([\s\S]*?)<\/AliasTarget>/.exec(body)?.[1];
  return {
    name: absoluteName(tag(body, 'Name') ?? ''),
    type: tag(body, 'Type') ?? '',
    setIdentifier: tag(body, 'SetIdentifier'),
    weighted: tag(body, 'Weight') !== undefined,
    alias: alias === undefined ? undefined : { hostedZoneId: zoneIdOf(tag(alias, 'HostedZoneId') ?? ''), dnsName: absoluteName(tag(alias, 'DNSName') ?? '') },
  };
}

/** The changes of a ChangeResourceRecordSets request body. */
export function changesOf(body: string): ChangeFacts[] {
  const out: ChangeFacts[] = [];
  for (const [, change] of body.matchAll(/<Change>([\s\S]*?)<\/Change>/g)) {
    const set = /<ResourceRecordSet>([\s\S]*?)<\/ResourceRecordSet>/.exec(change ?? '')?.[1] ?? '';
    out.push({ action: tag(change ?? '', 'Action') ?? '', ...recordSetFacts(set) });
  }
  return out;
}

/** The record sets of a ListResourceRecordSets answer. */
export function recordSetsOf(listing: string): RecordSetFacts[] {
  return [...listing.matchAll(/<ResourceRecordSet>([\s\S]*?)<\/ResourceRecordSet>/g)].map(([, body]) => recordSetFacts(body ?? ''));
}

/** The names a batch's rules need the zone's records of: names gaining a weighted record, and
 * the targets of aliases into the zone. Empty: nothing to read. */
export function namesToRead(zoneId: string, changes: readonly ChangeFacts[]): string[] {
  const names = new Set<string>();
  for (const c of changes) {
    if (c.action === 'DELETE') continue;
    if (c.weighted) names.add(c.name);
    if (c.alias !== undefined && c.alias.hostedZoneId === zoneIdOf(zoneId)) names.add(c.alias.dnsName);
  }
  return [...names];
}

const identity = (r: RecordSetFacts): string => [r.name, r.type, r.setIdentifier ?? ''].join('|');

/** Route 53's refusal of the batch under the two rules, given the zone's records before it
 * (at least those of `namesToRead`), or undefined when it passes. */
export function recordRulesRefusal(zoneId: string, changes: readonly ChangeFacts[], existing: readonly RecordSetFacts[]): WireError | undefined {
  const zone = zoneIdOf(zoneId);
  const before = new Set(existing.map((r) => `${r.name}|${r.type}`));
  for (const c of changes) {
    if (c.action === 'DELETE' || c.alias === undefined || c.alias.hostedZoneId !== zone) continue;
    if (!before.has(`${c.alias.dnsName}|${c.type}`)) {
      return { status: 400, code: 'InvalidChangeBatch', message: `[Tried to create an alias that targets ${c.alias.dnsName}, type ${c.type} in zone ${zone}, but it doesn't exist.]` };
    }
  }
  const weighted = new Map<string, Set<string>>();
  const setOf = (r: RecordSetFacts) => {
    const key = `${r.name}|${r.type}`;
    let s = weighted.get(key);
    if (s === undefined) weighted.set(key, (s = new Set()));
    return s;
  };
  for (const r of existing) if (r.weighted) setOf(r).add(identity(r));
  for (const c of changes) {
    if (!c.weighted) continue;
    const s = setOf(c);
    if (c.action === 'DELETE') s.delete(identity(c));
    else s.add(identity(c));
    if (s.size > WEIGHTED_PER_NAME_MAX) {
      return {
        status: 400,
        code: 'InvalidChangeBatch',
        message: `[Tried to create resource record set [name='${c.name}', type='${c.type}', set-identifier='${c.setIdentifier ?? ''}'] but the name and type already hold ${WEIGHTED_PER_NAME_MAX} weighted records, the most Route 53 allows]`,
      };
    }
  }
  return undefined;
}

/** The ListResourceRecordSets path for the records from `name` on (any type), or from the
 * zone's first. */
export function listingPath(zoneId: string, name?: string): string {
  const from = name === undefined ? '' : `name=${encodeURIComponent(name)}&`;
  return `/2013-04-01/hostedzone/${encodeURIComponent(zoneIdOf(zoneId))}/rrset?${from}maxitems=300`;
}

/** The zone id of a ChangeResourceRecordSets request path. */
export function zoneOfChangePath(path: string): string | undefined {
  return /\/hostedzone\/([^/]+)\/rrset/.exec(path)?.[1];
}
