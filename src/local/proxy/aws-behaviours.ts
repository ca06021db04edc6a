// Where moto is kinder than AWS in a way tiered must cope with, the proxy answers as AWS would
// (docs/aws-behaviour.md). One entry point for the dispatch: a call this concerns is answered
// here (refused, or forwarded and then answered as AWS would); any other goes on as before.
import type { Outcome, RawRequest, RecognisedRequest } from './types.js';
import type { WireError, WireResponse } from './wire-errors.js';
import { txtStringRefusal } from './route53-txt-strings.js';

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

export class AwsBehaviours {
  /** The answer to a call whose AWS behaviour the proxy supplies, or undefined for the others. */
  handle(c: BehaviourCall): Promise<Answered> | undefined {
    if (c.call.service === 'route53' && c.call.operation === 'ChangeResourceRecordSets') {
      const refusal = txtStringRefusal(c.raw.body);
      return refusal !== undefined ? Promise.resolve(c.refuse(refusal, 'error')) : undefined;
    }
    return undefined;
  }
}
