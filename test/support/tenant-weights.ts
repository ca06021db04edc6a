// A tenant's weighted records as a client of Route 53 sees them, for the move tests
// (docs/moves.md): each record's weight by SetIdentifier, and the source/destination shares.
import { ListResourceRecordSetsCommand, TestDNSAnswerCommand, type Route53Client } from '@aws-sdk/client-route-53';

/** The A records of `name`: SetIdentifier -> weight. */
export async function recordWeights(route53: Route53Client, zone: string, name: string): Promise<Record<string, number>> {
  const out = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: name, StartRecordType: 'A' }));
  const mine = (out.ResourceRecordSets ?? []).filter((r) => r.Name === `${name}.` && r.Type === 'A');
  return Object.fromEntries(mine.map((r) => [r.SetIdentifier ?? '', r.Weight ?? 0]));
}

/** `source/destination` shares in percent, e.g. `90/10`. */
export function weightShares(w: Record<string, number>, from: string, to: string): string {
  const f = w[from] ?? 0;
  const t = w[to] ?? 0;
  return f + t === 0 ? '0/0' : `${Math.round((100 * f) / (f + t))}/${Math.round((100 * t) / (f + t))}`;
}

/** Whether Route 53 answers `name` (TestDNSAnswer). */
export async function answersName(route53: Route53Client, zone: string, name: string): Promise<boolean> {
  const out = await route53.send(new TestDNSAnswerCommand({ HostedZoneId: zone, RecordName: name, RecordType: 'A' }));
  return out.ResponseCode === 'NOERROR' && (out.RecordData ?? []).length > 0;
}
