// Where moto is kinder than AWS in a way tiered must cope with, the proxy answers as AWS would
// (docs/aws-behaviour.md). One entry point for the dispatch: a call this concerns is answered
// here (refused, or forwarded and then answered as AWS would); any other goes on as before.
// A refusal is counted with outcome `error`, as AWS's own answer would be.
import { DRAINING_OFF, EcsDraining, type DrainingOptions } from './ecs-draining.js';
import { deriveSeed, seededRandom } from './random.js';
import type { Clock } from './rate-limit.js';
import { jsonBody } from './request-fields.js';
import { changesOf, listingPath, namesToRead, recordRulesRefusal, recordSetsOf, zoneOfChangePath, type RecordSetFacts } from './route53-record-rules.js';
import { txtStringRefusal } from './route53-txt-strings.js';
import type { Outcome, RawRequest, RecognisedRequest } from './types.js';
import type { WireError, WireResponse } from './wire-errors.js';

export interface Answered {
  readonly answer: WireResponse;
  readonly outcome: Outcome;
  readonly errorCode?: string | undefined;
}

export interface BehaviourCall {
  readonly call: RecognisedRequest;
  readonly raw: RawRequest;
  readonly account: string;
  /** Sends the request on to moto. */
  readonly pass: () => Promise<Answered>;
  /** Answers with an error in the service's wire shape, without asking moto. */
  readonly refuse: (error: WireError, outcome: Outcome) => Answered;
  /** Reads moto with the caller's request headers (GET `path`), uncounted: what the proxy
   * needs to know to answer as AWS would. */
  readonly read: (path: string) => Promise<{ readonly status: number; readonly body: string }>;
}

/** Past this many names, a batch's rules read the whole zone rather than name by name. */
const NAMES_READ_ONE_BY_ONE = 20;

/** The seeded stream of the draining jitter, apart from the fault rules' streams. */
const DRAINING_STREAM = 1_000;

export class AwsBehaviours {
  private readonly draining: EcsDraining;

  constructor(motoUrl: string, clock: Clock, private readonly seed: number) {
    this.draining = new EcsDraining(motoUrl, clock, seededRandom(deriveSeed(seed, DRAINING_STREAM)));
  }

  /** ECS draining on or off (off by default); the seeded stream starts over. */
  setDraining(options: DrainingOptions = DRAINING_OFF): void {
    this.draining.set(options, seededRandom(deriveSeed(this.seed, DRAINING_STREAM)));
  }

  /** The answer to a call whose AWS behaviour the proxy supplies, or undefined for the others. */
  handle(c: BehaviourCall): Promise<Answered> | undefined {
    if (c.call.service === 'route53' && c.call.operation === 'ChangeResourceRecordSets') {
      const refusal = txtStringRefusal(c.raw.body);
      return refusal !== undefined ? Promise.resolve(c.refuse(refusal, 'error')) : this.route53RecordRules(c);
    }
    if (c.call.service === 'ecs' && this.draining.enabled) return this.ecs(c);
    return undefined;
  }

  /** The 100-weighted-records and alias-target rules (route53-record-rules.ts). */
  private route53RecordRules(c: BehaviourCall): Promise<Answered> | undefined {
    const zoneId = zoneOfChangePath(c.raw.url);
    if (zoneId === undefined) return undefined;
    const changes = changesOf(c.raw.body);
    const names = namesToRead(zoneId, changes);
    if (names.length === 0) return undefined;
    return (async () => {
      const existing: RecordSetFacts[] = [];
      for (const start of names.length > NAMES_READ_ONE_BY_ONE ? [undefined] : names) {
        // moto answers from `start` on; with no start, the whole zone, page by page.
        let from = start;
        for (;;) {
          const listing = await c.read(listingPath(zoneId, from));
          if (listing.status >= 400) return c.pass();
          existing.push(...recordSetsOf(listing.body));
          const next = start === undefined && /<IsTruncated>true<\/IsTruncated>/.test(listing.body) ? /<NextRecordName>([^<]*)<\/NextRecordName>/.exec(listing.body)?.[1] : undefined;
          // A page that starts where the last one did would repeat: the zone has been read.
          if (next === undefined || next === from) break;
          from = next;
        }
      }
      const refusal = recordRulesRefusal(zoneId, changes, existing);
      return refusal !== undefined ? c.refuse(refusal, 'error') : c.pass();
    })();
  }

  private ecs(c: BehaviourCall): Promise<Answered> | undefined {
    const caller = { account: c.account, region: c.call.region, accessKeyId: c.call.accessKeyId };
    const body = jsonBody(c.raw);
    const refused = (error: WireError | undefined) => (error !== undefined ? Promise.resolve(c.refuse(error, 'error')) : c.pass());
    switch (c.call.operation) {
      case 'DeleteCluster':
        return refused(this.draining.deleteClusterRefusal(caller, body['cluster']));
      case 'CreateService':
        return refused(this.draining.createServiceRefusal(caller, body['cluster'], body['serviceName']));
      case 'DeleteService':
        return c.pass().then(async (a) => {
          if (a.outcome === 'ok') await this.draining.deleted(caller, a.answer.body);
          return a;
        });
      case 'DescribeServices':
        return c.pass().then((a) =>
          a.outcome === 'ok' ? { ...a, answer: { ...a.answer, body: this.draining.describeAnswer(caller, body['cluster'], a.answer.body) } } : a,
        );
      default:
        return undefined;
    }
  }
}
