// `--leader-election=false`: one controller alone, which holds every tier. Same interface as
// the DynamoDB provider, so the daemon's code has no branch for it.

import type { LeaseProvider, LeaseStatus, WriteGuard } from './lease-types.js';

export class AlwaysHeldLeases implements LeaseProvider {
  private tiers: readonly string[] = [];
  // Never aborted: without election nobody can take a tier away.
  private readonly signal = new AbortController().signal;

  async start(): Promise<void> {}

  setTiers(tiers: readonly string[]): void {
    this.tiers = [...new Set(tiers)].sort();
  }

  isHeld(_tier: string): boolean {
    return true;
  }

  held(): readonly string[] {
    return this.tiers;
  }

  writeGuard(tier: string): WriteGuard {
    return { tier, fencingToken: 0, signal: this.signal, assertStillLeader: async () => {}, fence: { check() {} } };
  }

  status(): readonly LeaseStatus[] {
    return this.tiers.map((tier) => ({ tier, held: true }));
  }

  async stop(): Promise<void> {}
}
