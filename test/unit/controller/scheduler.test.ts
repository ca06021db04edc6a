import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from '../../../src/controller/scheduler.js';
import type { PassOutcome, SchedulerOptions, TierPass } from '../../../src/controller/scheduler.js';
import type { ErrorClass } from '../../../src/controller/backoff.js';
import { FakeClock, settle } from '../../support/fake-clock.js';
import { deferred } from '../../support/deferred.js';
import type { Deferred } from '../../support/deferred.js';
import { seededRandom } from '../../support/seeded-random.js';

/** A reconcile function whose passes finish only when the test says, recording overlap. */
class ScriptedPasses {
  readonly started: TierPass[] = [];
  readonly pending = new Map<string, Deferred<void>>();
  private readonly running = new Map<string, number>();
  maxRunning = 0;
  maxRunningOneTier = 0;

  readonly reconcile = async (pass: TierPass): Promise<void> => {
    this.started.push(pass);
    const count = (this.running.get(pass.tier) ?? 0) + 1;
    this.running.set(pass.tier, count);
    this.maxRunningOneTier = Math.max(this.maxRunningOneTier, count);
    this.maxRunning = Math.max(this.maxRunning, this.total());
    const gate = deferred();
    this.pending.set(pass.tier, gate);
    try {
      await gate.promise;
    } finally {
      this.running.set(pass.tier, (this.running.get(pass.tier) ?? 1) - 1);
    }
  };

  async finish(tier: string, error?: unknown): Promise<void> {
    const gate = this.pending.get(tier);
    assert.ok(gate, `no pass of ${tier} is running`);
    this.pending.delete(tier);
    if (error === undefined) gate.resolve();
    else gate.reject(error);
    await settle();
  }

  passesOf(tier: string): number {
    return this.started.filter((pass) => pass.tier === tier).length;
  }

  private total(): number {
    return [...this.running.values()].reduce((a, b) => a + b, 0);
  }
}

class ClassifiedError extends Error {
  constructor(readonly errorClass: ErrorClass) {
    super(`${errorClass} failure`);
  }
}

function setup(overrides: Partial<SchedulerOptions> = {}) {
  const clock = new FakeClock();
  const passes = new ScriptedPasses();
  const outcomes: PassOutcome[] = [];
  const scheduler = new Scheduler({
    reconcile: passes.reconcile,
    classifyError: (error) => (error instanceof ClassifiedError ? error.errorClass : 'transient'),
    allTiers: () => ['tier-1', 'tier-2', 'tier-3'],
    concurrency: 2,
    resyncIntervalMs: 600_000,
    backoff: { baseMs: 1_000, throttlingBaseMs: 5_000, capMs: 300_000, jitter: 0.2 },
    clock,
    random: seededRandom(3),
    onPassFinished: (outcome) => outcomes.push(outcome),
    ...overrides,
  });
  return { clock, passes, outcomes, scheduler };
}

test('a tier enqueued again while its pass runs is never processed twice at once', async () => {
  const { passes, scheduler } = setup();
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  scheduler.enqueue('tier-1', 'revision');
  scheduler.enqueue(['tier-1'], 'resync');
  await settle();
  assert.equal(passes.passesOf('tier-1'), 1);
  await passes.finish('tier-1');
  assert.equal(passes.passesOf('tier-1'), 2);
  assert.equal(passes.maxRunningOneTier, 1);
});

test('repeated requests during a pass coalesce into one more pass carrying their reasons', async () => {
  const { passes, scheduler } = setup();
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  for (let i = 0; i < 5; i += 1) scheduler.enqueue('tier-1', i % 2 ? 'revision' : 'resync');
  await passes.finish('tier-1');
  await passes.finish('tier-1');
  await scheduler.whenIdle();
  assert.equal(passes.passesOf('tier-1'), 2);
  assert.deepEqual(passes.started[1]?.reasons, ['resync', 'revision']);
});

test('distinct tiers run in parallel, never more than the concurrency', async () => {
  const { passes, scheduler } = setup({ concurrency: 2 });
  scheduler.enqueue(['tier-1', 'tier-2', 'tier-3', 'tier-4'], 'revision');
  await settle();
  assert.equal(passes.started.length, 2);
  assert.equal(scheduler.status().depth, 2);
  assert.equal(scheduler.status().inFlight, 2);
  await passes.finish('tier-1');
  assert.deepEqual(passes.started.map((pass) => pass.tier), ['tier-1', 'tier-2', 'tier-3']);
  await passes.finish('tier-2');
  await passes.finish('tier-3');
  await passes.finish('tier-4');
  await scheduler.whenIdle();
  assert.equal(passes.maxRunning, 2);
  assert.equal(passes.started.length, 4);
});

test('failures back off exponentially with bounded jitter and reset after a success', async () => {
  const { clock, passes, scheduler } = setup();
  scheduler.enqueue('tier-1', 'revision');
  for (let failure = 1; failure <= 4; failure += 1) {
    await settle();
    await passes.finish('tier-1', new ClassifiedError('transient'));
    const state = scheduler.status().tiers.find((tier) => tier.tier === 'tier-1');
    assert.equal(state?.phase, 'waiting-retry');
    assert.equal(state?.consecutiveFailures, failure);
    const delay = (state?.nextRetryAt ?? 0) - clock.now();
    const nominal = 1_000 * 2 ** (failure - 1);
    assert.ok(delay >= nominal * 0.8 && delay <= nominal, `retry ${failure} after ${delay} ms`);
    await clock.advance(delay - 1);
    assert.equal(passes.passesOf('tier-1'), failure, 'no retry before its time');
    await clock.advance(1);
    assert.equal(passes.passesOf('tier-1'), failure + 1);
    assert.equal(passes.started.at(-1)?.attempt, failure + 1);
    assert.deepEqual(passes.started.at(-1)?.reasons, ['retry']);
  }
  await passes.finish('tier-1');
  const state = scheduler.status().tiers.find((tier) => tier.tier === 'tier-1');
  assert.equal(state?.consecutiveFailures, 0);
  assert.equal(state?.lastResult, 'succeeded');
  assert.equal(state?.nextRetryAt, undefined);
});

test('a throttled pass waits from the longer throttling base', async () => {
  const { clock, passes, scheduler } = setup();
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  await passes.finish('tier-1', new ClassifiedError('throttling'));
  const state = scheduler.status().tiers[0];
  const delay = (state?.nextRetryAt ?? 0) - clock.now();
  assert.ok(delay >= 4_000 && delay <= 5_000, `throttling retry after ${delay} ms`);
});

test('a terminal error is not retried until the next resync', async () => {
  const { clock, passes, scheduler, outcomes } = setup({ allTiers: () => ['tier-1'] });
  scheduler.start();
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  await passes.finish('tier-1', new ClassifiedError('terminal'));
  assert.equal(outcomes[0]?.errorClass, 'terminal');
  assert.equal(outcomes[0]?.nextRetryAt, undefined);
  await clock.advance(530_000); // past every backoff, before the earliest jittered resync
  assert.equal(passes.passesOf('tier-1'), 1);
  await clock.advance(140_000); // past the latest jittered resync
  assert.equal(passes.passesOf('tier-1'), 2);
  assert.deepEqual(passes.started[1]?.reasons, ['resync']);
});

test('a new revision runs a tier waiting for its retry at once, without a second run later', async () => {
  const { clock, passes, scheduler } = setup();
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  await passes.finish('tier-1', new ClassifiedError('transient'));
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  assert.equal(passes.passesOf('tier-1'), 2);
  await passes.finish('tier-1');
  await clock.advance(10_000);
  assert.equal(passes.passesOf('tier-1'), 2);
});

test('the periodic resync enqueues every tier, jittered around the interval', async () => {
  const { clock, passes, scheduler } = setup({ concurrency: 3 });
  scheduler.start();
  const first = (scheduler.status().nextResyncAt ?? 0) - clock.now();
  assert.ok(first >= 540_000 && first <= 660_000, `first resync in ${first} ms`);
  await clock.advance(first);
  assert.deepEqual(passes.started.map((pass) => pass.tier).sort(), ['tier-1', 'tier-2', 'tier-3']);
  assert.ok(passes.started.every((pass) => pass.reasons.includes('resync')));
  for (const tier of ['tier-1', 'tier-2', 'tier-3']) await passes.finish(tier);
  const second = (scheduler.status().nextResyncAt ?? 0) - clock.now();
  assert.ok(second >= 540_000 && second <= 660_000 && second !== first, `second resync in ${second} ms`);
  await clock.advance(second);
  assert.equal(passes.started.length, 6);
});

test('stop waits for the passes in flight and takes no new work', async () => {
  const { passes, scheduler } = setup({ concurrency: 1 });
  scheduler.enqueue(['tier-1', 'tier-2'], 'revision');
  await settle();
  let stopped: { abandoned: readonly string[] } | undefined;
  const stopping = scheduler.stop(30_000).then((result) => (stopped = result));
  scheduler.enqueue('tier-3', 'revision');
  await settle();
  assert.equal(stopped, undefined, 'still waiting for tier-1');
  await passes.finish('tier-1');
  await stopping;
  assert.deepEqual(stopped, { abandoned: [] });
  assert.deepEqual(passes.started.map((pass) => pass.tier), ['tier-1']);
  assert.equal(passes.started[0]?.signal.aborted, false);
});

test('stop abandons a pass still running at the timeout through its abort signal', async () => {
  const { clock, passes, scheduler } = setup();
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  let stopped: { abandoned: readonly string[] } | undefined;
  const stopping = scheduler.stop(30_000).then((result) => (stopped = result));
  await clock.advance(29_999);
  assert.equal(stopped, undefined);
  await clock.advance(1);
  await stopping;
  assert.deepEqual(stopped, { abandoned: ['tier-1'] });
  assert.equal(passes.started[0]?.signal.aborted, true);
});

test('stop cancels pending retries and the resync', async () => {
  const { clock, passes, scheduler } = setup();
  scheduler.start();
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  await passes.finish('tier-1', new ClassifiedError('transient'));
  assert.equal(clock.pendingDelays().length, 2);
  await scheduler.stop(1_000);
  assert.deepEqual(clock.pendingDelays(), []);
  await clock.advance(3_600_000);
  assert.equal(passes.started.length, 1);
});

test('status shows depth, in-flight and each tier’s last result, attempts and next retry', async () => {
  const { clock, passes, scheduler } = setup({ concurrency: 1 });
  scheduler.enqueue(['tier-1', 'tier-2'], 'revision');
  await settle();
  await passes.finish('tier-1', new Error('AccessDenied'));
  const status = scheduler.status();
  assert.equal(status.depth, 0);
  assert.equal(status.inFlight, 1);
  const [one, two] = status.tiers;
  assert.equal(one?.phase, 'waiting-retry');
  assert.equal(one?.lastResult, 'failed');
  assert.equal(one?.lastError, 'AccessDenied');
  assert.equal(one?.lastErrorClass, 'transient');
  assert.equal(one?.consecutiveFailures, 1);
  assert.ok((one?.nextRetryAt ?? 0) > clock.now());
  assert.equal(two?.phase, 'running');
  assert.equal(two?.passes, 0);
});

test('a reconcile that throws at once counts as a failed pass and is retried', async () => {
  const { scheduler, outcomes } = setup({
    reconcile: () => {
      throw new ClassifiedError('transient');
    },
  });
  scheduler.enqueue('tier-1', 'revision');
  await scheduler.whenIdle();
  assert.equal(outcomes[0]?.result, 'failed');
  assert.equal(scheduler.status().tiers[0]?.phase, 'waiting-retry');
});

test('a pass running past the stall bound is `stalled`, told once, and running again after it ends', async () => {
  const stalled: string[] = [];
  const { clock, passes, scheduler } = setup({ stallAfterMs: 60_000, onStalled: (tier) => stalled.push(tier) });
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  await clock.advance(59_999);
  assert.equal(scheduler.status().tiers[0]?.phase, 'running');
  await clock.advance(1);
  assert.equal(scheduler.status().tiers[0]?.phase, 'stalled');
  await clock.advance(60_000);
  assert.deepEqual(stalled, ['tier-1']);
  await passes.finish('tier-1');
  assert.equal(scheduler.status().tiers[0]?.phase, 'idle');
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  assert.equal(scheduler.status().tiers[0]?.phase, 'running', 'the next pass starts its own clock');
  await passes.finish('tier-1');
  await clock.advance(120_000);
  assert.deepEqual(stalled, ['tier-1'], 'a finished pass never stalls');
});

test('a tier requeued after a pending action runs again after the delay, with no failure counted', async () => {
  const { clock, passes, scheduler } = setup();
  scheduler.enqueue('tier-1', 'revision');
  await settle();
  scheduler.requeueAfter('tier-1', 15_000);
  await passes.finish('tier-1');
  await clock.advance(14_999);
  assert.equal(passes.passesOf('tier-1'), 1);
  await clock.advance(1);
  assert.equal(passes.passesOf('tier-1'), 2);
  assert.deepEqual(passes.started[1]?.reasons, ['retry']);
  assert.equal(passes.started[1]?.attempt, 1, 'not a failed attempt');
  await passes.finish('tier-1');
  assert.equal(scheduler.status().tiers.find((t) => t.tier === 'tier-1')?.lastResult, 'succeeded');
});
