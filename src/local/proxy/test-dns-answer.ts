// moto 5.2.1 does not implement Route 53's TestDNSAnswer. The proxy answers it from moto's own
// records of the zone (ListResourceRecordSets, with the caller's identity): NXDOMAIN when the
// name has no record of the type; otherwise NOERROR with the value Route 53 would hand out. Of
// weighted records it picks the heaviest (ties: the first SetIdentifier), where Route 53 would
// pick by weight at random, so that a test sees one answer; an alias answers with its target's
// name (ALB names resolve nowhere locally, where Route 53 would give their addresses). An alias
// to a record of the same zone is followed, as Route 53 does (a two-level tier endpoint,
// docs/dns-tree.md), up to three levels: with EvaluateTargetHealth, a target that answers nothing
// is passed over for the next record. Pure but for the reads it is handed.

export interface DnsQuestion {
  readonly zoneId: string;
  readonly name: string;
  readonly type: string;
}

export function dnsQuestion(url: string): DnsQuestion | undefined {
  const params = new URL(url, 'http://proxy').searchParams;
  const zoneId = params.get('hostedzoneid');
  const name = params.get('recordname');
  const type = params.get('recordtype');
  return zoneId === null || name === null || type === null ? undefined : { zoneId: zoneId.replace(/^\/?hostedzone\//, ''), name, type };
}

/** The ListResourceRecordSets request to send moto for the question. */
export function recordSetsPath(q: DnsQuestion): string {
  return `/2013-04-01/hostedzone/${encodeURIComponent(q.zoneId)}/rrset?name=${encodeURIComponent(q.name)}&type=${encodeURIComponent(q.type)}&maxitems=300`;
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const absolute = (name: string): string => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

interface Candidate {
  readonly weight: number;
  readonly setIdentifier: string;
  readonly values: readonly string[];
  /** The alias's HostedZoneId, without `/hostedzone/`. */
  readonly aliasZone?: string;
}

function candidates(listing: string, q: DnsQuestion): Candidate[] {
  const out: Candidate[] = [];
  for (const [, record] of listing.matchAll(/<ResourceRecordSet>([\s\S]*?)<\/ResourceRecordSet>/g)) {
    const body = record ?? '';
    if (absolute(tag(body, 'Name') ?? '') !== absolute(q.name) || tag(body, 'Type') !== q.type) continue;
    const alias = /<AliasTarget>([\s\S]*?)<\/AliasTarget>/.exec(body)?.[1];
    const values = alias !== undefined ? [tag(alias, 'DNSName') ?? ''] : [...body.matchAll(/<Value>([^<]*)<\/Value>/g)].map((m) => m[1] ?? '');
    const aliasZone = alias === undefined ? undefined : (tag(alias, 'HostedZoneId') ?? '').replace(/^\/?hostedzone\//, '');
    out.push({ weight: Number(tag(body, 'Weight') ?? '1'), setIdentifier: tag(body, 'SetIdentifier') ?? '', values, ...(aliasZone !== undefined ? { aliasZone } : {}) });
  }
  return out.sort((a, b) => b.weight - a.weight || (a.setIdentifier < b.setIdentifier ? -1 : 1));
}

/** The TestDNSAnswer XML for the question, from moto's record listing of that name. */
export function testDnsAnswerXml(listing: string, q: DnsQuestion): string {
  return answerXml(q, candidates(listing, q).find((c) => c.weight > 0)?.values);
}

/** Route 53 follows alias records through at most three levels. */
export const ALIAS_LEVELS_MAX = 3;

/** The values the question resolves to, reading each name's listing with `list` (recordSetsPath
 * of that name's question) and following aliases into the same zone; undefined = no answer. */
export async function resolveAnswer(q: DnsQuestion, list: (q: DnsQuestion) => Promise<string>, level = 1): Promise<readonly string[] | undefined> {
  for (const c of candidates(await list(q), q)) {
    if (c.weight === 0) continue;
    if (c.aliasZone !== q.zoneId || level >= ALIAS_LEVELS_MAX) return c.values;
    const target = await resolveAnswer({ ...q, name: c.values[0] ?? '' }, list, level + 1);
    if (target !== undefined) return target;
  }
  return undefined;
}

export function answerXml(q: DnsQuestion, values: readonly string[] | undefined): string {
  const data = (values ?? []).map((v) => `<RecordDataEntry>${v}</RecordDataEntry>`).join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<TestDNSAnswerResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">',
    `<Nameserver>ns-local.tiered</Nameserver><RecordName>${q.name}</RecordName><RecordType>${q.type}</RecordType>`,
    `<RecordData>${data}</RecordData><ResponseCode>${values === undefined ? 'NXDOMAIN' : 'NOERROR'}</ResponseCode><Protocol>UDP</Protocol>`,
    '</TestDNSAnswerResponse>',
  ].join('');
}
