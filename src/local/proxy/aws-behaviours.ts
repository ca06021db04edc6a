// Where moto is kinder than AWS in a way tiered must cope with, the proxy answers as AWS would
// (docs/aws-behaviour.md). One entry point for the dispatch: a call this concerns is answered
// here (refused, or forwarded and then answered as AWS would); any other goes on as before.
// A refusal is counted with outcome `error`, as AWS's own answer would be.
import { DRAINING_OFF, EcsDraining, type DrainingOptions } from './ecs-draining.js';
import { deriveSeed, seededRandom } from './random.js';
import type { Clock } from './rate-limit.js';
import { jsonBody } from './request-fields.js';
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
}

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
      return refusal !== undefined ? Promise.resolve(c.refuse(refusal, 'error')) : undefined;
    }
    if (c.call.service === 'ecs' && this.draining.enabled) return this.ecs(c);
    return undefined;
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
