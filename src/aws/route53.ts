// The Route 53 operations tiered uses. Record listings are paged by the (name, type,
// identifier) triple Route 53 returns, 300 per page, and can start at a name and stop early:
// Route 53 sorts names by reversed labels, so everything under one endpoint is one run.
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import type {
  ChangeBatch,
  ChangeInfo,
  CreateHostedZoneCommandInput,
  CreateHostedZoneCommandOutput,
  GetHostedZoneCommandOutput,
  HostedZone,
  ResourceRecordSet,
  Route53Client,
  RRType,
} from '@aws-sdk/client-route-53';
import { collectPages } from './paging.js';

/** AWS: the most records one ListResourceRecordSets page returns. */
export const ROUTE53_RECORDS_PAGE_SIZE = 300;
/** AWS: the most zones one ListHostedZonesByName page returns. */
export const ROUTE53_ZONES_PAGE_SIZE = 100;

export interface RecordListing {
  /** Start at this name (Route 53 order); absent = the zone's first record. */
  readonly startRecordName?: string;
  /** Stop paging once a page holds a record for which this is true (e.g. past a subtree). */
  readonly stopAfter?: (record: ResourceRecordSet) => boolean;
}

export interface Route53Api {
  /** Zones whose name is exactly `name` (public and private zones may share one). */
  hostedZonesNamed(name: string): Promise<HostedZone[]>;
  getHostedZone(hostedZoneId: string): Promise<GetHostedZoneCommandOutput>;
  listResourceRecordSets(hostedZoneId: string, listing?: RecordListing): Promise<ResourceRecordSet[]>;
  changeResourceRecordSets(hostedZoneId: string, changeBatch: ChangeBatch): Promise<ChangeInfo>;
  getChange(changeId: string): Promise<ChangeInfo>;
  /** What Route 53 answers for a name in a zone (`tiered verify`: docs/design.md §11.5). */
  testDnsAnswer(hostedZoneId: string, name: string, type: RRType): Promise<{ readonly responseCode: string; readonly data: readonly string[] }>;
  /** Local bootstrap only: tiered never creates hosted zones. */
  createHostedZone(input: CreateHostedZoneCommandInput): Promise<CreateHostedZoneCommandOutput>;
}

/** Route 53 names are absolute and case-insensitive: compare them as `example.com.`. */
export function absoluteName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

interface RecordCursor {
  readonly name: string;
  readonly type?: RRType | undefined;
  readonly identifier?: string | undefined;
}

function requireField<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Route 53 answered without ${what}`);
  return value;
}

export function route53Api(client: Route53Client): Route53Api {
  return {
    hostedZonesNamed: async (name) => {
      const wanted = absoluteName(name);
      const zones: HostedZone[] = [];
      let cursor: { DNSName: string; HostedZoneId?: string } = { DNSName: wanted };
      // The listing starts at `wanted` in name order; it only needs to go on while the page
      // ended on the same name (several zones can share it).
      for (;;) {
        const out = await client.send(new ListHostedZonesByNameCommand({ ...cursor, MaxItems: ROUTE53_ZONES_PAGE_SIZE }));
        const page = out.HostedZones ?? [];
        zones.push(...page.filter((z) => absoluteName(z.Name ?? '') === wanted));
        const last = page[page.length - 1];
        if (out.IsTruncated !== true || last === undefined || absoluteName(last.Name ?? '') !== wanted) break;
        cursor = { DNSName: requireField(out.NextDNSName, 'NextDNSName'), HostedZoneId: out.NextHostedZoneId };
      }
      return zones;
    },
    getHostedZone: (id) => client.send(new GetHostedZoneCommand({ Id: id })),
    testDnsAnswer: async (HostedZoneId, RecordName, RecordType) => {
      const out = await client.send(new TestDNSAnswerCommand({ HostedZoneId, RecordName, RecordType }));
      return { responseCode: out.ResponseCode ?? '', data: out.RecordData ?? [] };
    },
    listResourceRecordSets: (zoneId, listing = {}) =>
      collectPages<ResourceRecordSet, RecordCursor>(
        async (cursor) => {
          const start = cursor ?? (listing.startRecordName === undefined ? undefined : { name: listing.startRecordName });
          const out = await client.send(
            new ListResourceRecordSetsCommand({
              HostedZoneId: zoneId,
              MaxItems: ROUTE53_RECORDS_PAGE_SIZE,
              StartRecordName: start?.name,
              StartRecordType: start?.type,
              StartRecordIdentifier: start?.identifier,
            }),
          );
          const next =
            out.IsTruncated === true
              ? {
                  name: requireField(out.NextRecordName, 'NextRecordName'),
                  type: out.NextRecordType,
                  identifier: out.NextRecordIdentifier,
                }
              : undefined;
          return { items: out.ResourceRecordSets, next };
        },
        listing.stopAfter === undefined ? undefined : (page) => page.some(listing.stopAfter!),
      ),
    changeResourceRecordSets: async (zoneId, changeBatch) => {
      const out = await client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: changeBatch }));
      return requireField(out.ChangeInfo, 'ChangeInfo');
    },
    getChange: async (id) => {
      const out = await client.send(new GetChangeCommand({ Id: id }));
      return requireField(out.ChangeInfo, 'ChangeInfo');
    },
    createHostedZone: (input) => client.send(new CreateHostedZoneCommand(input)),
  };
}
