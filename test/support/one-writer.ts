// One writer per tier at every moment, read from local AWS's call log: each mutating call a
// tier's pass makes names its replica (`tiered-caller/<id>`) and its tier (`tiered-tier/<tier>`)
// in its user agent (src/aws/attempt-fence.ts), and the proxy records both with the time the
// request arrived and the time its answer left.
import assert from 'node:assert/strict';
import type { CallRecord } from '../../src/local/proxy/types.js';

/** Per tier, the replicas' mutating calls in order of arrival, cut into runs of one writer:
 * a run must be over (its last answer sent) before the next writer's first call arrives. */
export function assertOneWriterPerTier(calls: readonly CallRecord[], tiers: readonly string[]): Map<string, string[]> {
  const writers = new Map<string, string[]>();
  for (const tier of tiers) {
    const writes = calls.filter((c) => c.tier === tier && c.mutating).sort((a, b) => (a.receivedAt ?? a.at) - (b.receivedAt ?? b.at));
    const runs: { caller: string; first: number; last: number }[] = [];
    for (const c of writes) {
      const run = runs.at(-1);
      if (run !== undefined && run.caller === c.caller) run.last = Math.max(run.last, c.at);
      else runs.push({ caller: c.caller ?? '?', first: c.receivedAt ?? c.at, last: c.at });
    }
    for (let i = 1; i < runs.length; i += 1) {
      assert.ok(runs[i - 1]!.last < runs[i]!.first, `${tier}: ${runs[i]!.caller} wrote at ${runs[i]!.first} while ${runs[i - 1]!.caller} still did (until ${runs[i - 1]!.last})`);
    }
    writers.set(tier, runs.map((r) => r.caller));
  }
  return writers;
}
