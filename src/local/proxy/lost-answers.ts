// Lost answers: AWS acted on the call, but its answer never reached the caller (a timeout, a
// reset connection, a 500 from the front end after the back end committed). The proxy forwards
// the call to moto, lets moto act, then answers a 500 in the service's wire shape or drops the
// connection. Only then does a test meet "the create happened, and tiered does not know it".
// Each rule draws from its own seeded stream (like faults.ts), so a seed replays its losses.
import { createHash } from 'node:crypto';
import { deriveSeed, seededRandom, type Random } from './random.js';
import { matches, type CallMatch, type ServiceOrUnknown } from './types.js';

/** How the answer is lost: a 500 in the service's own error shape, or a connection reset. */
export type LostAnswerHow = 'server-error' | 'drop';

export interface LostAnswerRule extends CallMatch {
  readonly how: LostAnswerHow;
  /** Chance of losing a matching answer, 0..1; 1 when absent. */
  readonly probability?: number;
  /** Lose at most this many answers, then stop; unlimited when absent. */
  readonly times?: number;
  /**
   * Lose only the answer of a call's first attempt: a request with the same account, operation
   * and body as one seen before (a retry, by the SDK or by tiered, or a rerun's identical call)
   * gets its answer. With probability 1, every distinct mutating call loses its answer once.
   */
  readonly firstAttemptOnly?: boolean;
  /** Which calls: mutating ones (create, update, delete of every kind) unless set to false. */
  readonly mutatingOnly?: boolean;
}

/** The call as the lost-answer plan sees it, before it is forwarded. */
export interface LosableCall {
  readonly service: ServiceOrUnknown;
  readonly operation: string;
  readonly account: string;
  readonly mutating: boolean;
  /** Path and body: what tells a retry of a call from another call. */
  readonly url: string;
  readonly body: string;
}

interface ArmedRule {
  readonly rule: LostAnswerRule;
  readonly random: Random;
  readonly seen: Set<string>;
  lost: number;
}

const HOWS: readonly LostAnswerHow[] = ['server-error', 'drop'];

function attemptKey(call: LosableCall): string {
  return createHash('sha256').update(`${call.account}\n${call.service}\n${call.operation}\n${call.url}\n${call.body}`).digest('base64');
}

export class LostAnswerPlan {
  private armed: ArmedRule[] = [];

  /** `seed` is the proxy's; the streams are derived apart from the fault rules' streams. */
  constructor(private readonly seed: number) {}

  set(rules: readonly LostAnswerRule[]): void {
    for (const rule of rules) {
      if (!HOWS.includes(rule.how)) throw new Error(`lost-answer rule ${JSON.stringify(rule)}: how must be one of ${HOWS.join(', ')}`);
      const p = rule.probability ?? 1;
      if (!(p >= 0 && p <= 1)) throw new Error(`lost-answer rule ${JSON.stringify(rule)}: probability must be within 0..1`);
    }
    this.armed = rules.map((rule, i) => ({ rule, random: seededRandom(deriveSeed(this.seed ^ 0x4c4f5354, i)), seen: new Set(), lost: 0 }));
  }

  rules(): readonly LostAnswerRule[] {
    return this.armed.map((a) => a.rule);
  }

  /** How this call's answer is lost, or undefined when the caller gets it. */
  decide(call: LosableCall): LostAnswerHow | undefined {
    for (const armed of this.armed) {
      const { rule } = armed;
      if ((rule.mutatingOnly ?? true) && !call.mutating) continue;
      if (!matches(rule, call)) continue;
      if (rule.times !== undefined && armed.lost >= rule.times) continue;
      if (rule.firstAttemptOnly === true) {
        const key = attemptKey(call);
        if (armed.seen.has(key)) continue;
        armed.seen.add(key);
      }
      if (armed.random() >= (rule.probability ?? 1)) continue;
      armed.lost += 1;
      return rule.how;
    }
    return undefined;
  }
}
