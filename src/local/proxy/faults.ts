// Decides, per call, which injected faults fire. Each rule draws from its own seeded stream, so
// a test's decisions replay for a seed no matter what other traffic passes.
import { deriveSeed, seededRandom, type Random } from './random.js';
import { matches, type FaultKind, type FaultRule, type ServiceOrUnknown } from './types.js';

const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'unavailable', 'prior-request-not-complete', 'latency', 'access-denied'];

export interface FaultDecision {
  /** Milliseconds to wait before answering (sum of the latency rules that fired). */
  readonly delayMs: number;
  /** The first error rule that fired, if any. */
  readonly error: FaultRule | undefined;
}

interface ArmedRule {
  readonly rule: FaultRule;
  readonly random: Random;
  fired: number;
}

export class FaultPlan {
  private armed: ArmedRule[] = [];

  constructor(private readonly seed: number) {}

  set(rules: readonly FaultRule[]): void {
    for (const rule of rules) {
      if (!FAULT_KINDS.includes(rule.kind)) throw new Error(`fault rule ${JSON.stringify(rule)}: kind must be one of ${FAULT_KINDS.join(', ')}`);
      const p = rule.probability ?? 1;
      if (!(p >= 0 && p <= 1)) throw new Error(`fault rule ${JSON.stringify(rule)}: probability must be within 0..1`);
    }
    this.armed = rules.map((rule, i) => ({ rule, random: seededRandom(deriveSeed(this.seed, i)), fired: 0 }));
  }

  rules(): readonly FaultRule[] {
    return this.armed.map((a) => a.rule);
  }

  decide(call: { readonly service: ServiceOrUnknown; readonly operation: string; readonly account: string }): FaultDecision {
    let delayMs = 0;
    let error: FaultRule | undefined;
    for (const armed of this.armed) {
      const { rule } = armed;
      if (!matches(rule, call)) continue;
      if (rule.times !== undefined && armed.fired >= rule.times) continue;
      if (rule.kind !== 'latency' && error !== undefined) continue;
      if (armed.random() >= (rule.probability ?? 1)) continue;
      armed.fired += 1;
      if (rule.kind === 'latency') delayMs += (rule.latencyMs ?? 0) + Math.floor(armed.random() * (rule.jitterMs ?? 0));
      else error = rule;
    }
    return { delayMs, error };
  }
}
