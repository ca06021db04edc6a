// The move protocol's state machine (docs/moves.md), exhaustively on plain data: every decision
// from live weights, the destination's move tags, the gate and the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOwnershipTxt } from '../../../src/desired/topology/dns-ownership.js';
import { decideMove, stepOfShare, weightsOf, type DecideInput } from '../../../src/engine/moves/decide.js';
import { gateFromLive } from '../../../src/engine/moves/gate.js';
import { markerTags } from '../../../src/engine/moves/move-marker.js';
import type { MoveCandidate, MoveMarker } from '../../../src/engine/moves/move-types.js';
import { slots } from '../../../src/engine/moves/find-moves.js';
import type { LiveResource } from '../../../src/plan/live-resource.js';

const FROM = { tier: 'tier-2', cell: 'cell-1', infraGroup: 'ig-1' };
const TO = { tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' };
const STEPS = [10, 50, 100];
const T0 = Date.parse('2026-12-01T00:00:00Z');

function res(kind: LiveResource['kind'], at: typeof FROM, spec: LiveResource['spec'] = {}, extra: Partial<LiveResource> = {}): LiveResource {
  const r: LiveResource = {
    kind, ownership: 'ours', key: `${kind}:${at.tier}/${at.cell}/${at.infraGroup}/acme`, owner: { ...at, tenant: 'acme' },
    aws: { name: `${kind}-${at.tier}` }, tags: {}, spec, attrs: {},
  };
  return { ...r, ...extra };
}

function record(at: typeof FROM, weight: number): LiveResource {
  return res('dns-record', at, { weight });
}

function txt(marker: MoveMarker | undefined): LiveResource {
  return res('dns-ownership', TO, { value: formatOwnershipTxt({ 'tiered.dev/managed-by': 'tiered', ...(marker ? markerTags(marker) : {}) }) });
}

function candidate(source: LiveResource[], dest: LiveResource[]): MoveCandidate {
  return { tenant: 'acme', tier: 'tier-1', manifest: { file: 'acme.yaml', line: 3, col: 1 }, from: FROM, to: TO, source, dest };
}

function input(c: MoveCandidate, over: Partial<DecideInput> = {}): DecideInput {
  return {
    candidate: c, migration: { steps: STEPS, bakeSeconds: 60, maxConcurrent: 2 }, now: T0, revision: 'rev-1', retry: false,
    slot: true, made: true, gate: { ok: true }, suspended: false, ttlSeconds: 60, ...over,
  };
}

const since = (s: number) => Math.floor(T0 / 1000) - s;

test('weights of each step and the step live weights stand at', () => {
  assert.deepEqual(STEPS.map((_, i) => weightsOf(STEPS, i + 1)), [{ from: 90, to: 10 }, { from: 50, to: 50 }, { from: 0, to: 100 }]);
  assert.deepEqual(weightsOf(STEPS, 0), { from: 1, to: 0 });
  assert.deepEqual([0, 10, 50, 100, 30].map((s) => stepOfShare(STEPS, s)), [0, 1, 2, 3, 1]);
});

test('a move without a slot waits; with one, it is made, gated, then shifted to step 1', () => {
  const fresh = candidate([record(FROM, 1)], []);
  assert.equal(decideMove(input(fresh, { slot: false, made: false })).report.state, 'waiting');
  assert.equal(decideMove(input(fresh, { slot: false, made: false })).compileIn, 'source');
  const making = decideMove(input(fresh, { made: false, gate: undefined }));
  assert.equal(making.report.state, 'making');
  assert.equal(making.destRecord?.weight, 0);
  const made = candidate([record(FROM, 1)], [record(TO, 0), txt({ from: 'tier-2/cell-1/ig-1', step: 0, since: since(5) })]);
  const gating = decideMove(input(made, { gate: { ok: false, reason: 'service acme not stable' } }));
  assert.equal(gating.report.state, 'gating');
  assert.equal(gating.report.reason, 'service acme not stable');
  const first = decideMove(input(made));
  assert.equal(first.report.state, 'shifting');
  assert.deepEqual([first.sourceWeight, first.destRecord?.weight], [90, 10]);
  assert.equal(first.destRecord?.moveTags?.['tiered.dev/move-step'], '1');
  assert.equal(first.wakeAt, T0 + 60_000);
});

test('a step bakes before the next; a restart keeps the bake (its start is in the TXT) and never goes back', () => {
  const at1 = (s: number) => candidate([record(FROM, 90)], [record(TO, 10), txt({ from: 'tier-2/cell-1/ig-1', step: 1, since: since(s) })]);
  const baking = decideMove(input(at1(30)));
  assert.equal(baking.report.state, 'shifting');
  assert.equal(baking.report.step, 1);
  assert.deepEqual([baking.sourceWeight, baking.destRecord?.weight], [90, 10]);
  assert.equal(baking.wakeAt, T0 + 30_000);
  const next = decideMove(input(at1(61)));
  assert.deepEqual([next.report.step, next.sourceWeight, next.destRecord?.weight], [2, 50, 50]);
  // Unchecked gate (not read this pass): no step.
  assert.equal(decideMove(input(at1(61), { gate: undefined })).report.step, 1);
});

test('at 100 % the source goes after TTL and bake; a release under way finishes whatever the marker says', () => {
  const at3 = (s: number) => candidate([record(FROM, 0)], [record(TO, 100), txt({ from: 'tier-2/cell-1/ig-1', step: 3, since: since(s) })]);
  assert.equal(decideMove(input(at3(90))).report.state, 'shifting');
  const release = decideMove(input(at3(121)));
  assert.equal(release.release, true);
  assert.equal(release.destRecord?.weight, 1);
  const underWay = decideMove(input(candidate([res('ecs-cluster', FROM)], [record(TO, 1), txt(undefined)]), { gate: undefined }));
  assert.equal(underWay.report.state, 'releasing');
  assert.equal(underWay.release, true);
});

test('a gate that fails during a step rolls back in one decision, which holds until a new revision or --retry-move', () => {
  const at2 = candidate([record(FROM, 50)], [record(TO, 50), txt({ from: 'tier-2/cell-1/ig-1', step: 2, since: since(10) })]);
  const back = decideMove(input(at2, { gate: { ok: false, reason: 'alarm acme-latency in ALARM' } }));
  assert.equal(back.report.state, 'rolled-back');
  assert.deepEqual([back.sourceWeight, back.destRecord?.weight], [1, 0]);
  assert.equal(back.destRecord?.moveTags?.['tiered.dev/move-reason'], 'alarm-acme-latency-in-alarm');
  const marker = { from: 'tier-2/cell-1/ig-1', step: 0, since: since(5), rolledBack: { reason: 'alarm', revision: 'rev-1' } };
  const stopped = candidate([record(FROM, 1)], [record(TO, 0), txt(marker)]);
  assert.equal(decideMove(input(stopped)).report.state, 'rolled-back');
  assert.equal(decideMove(input(stopped, { revision: 'rev-2' })).report.state, 'shifting');
  assert.equal(decideMove(input(stopped, { retry: true })).report.state, 'shifting');
});

test('a suspended tenant is reported, never advanced', () => {
  const at1 = candidate([record(FROM, 90)], [record(TO, 10), txt({ from: 'tier-2/cell-1/ig-1', step: 1, since: since(600) })]);
  const held = decideMove(input(at1, { suspended: true }));
  assert.equal(held.report.state, 'held');
  assert.deepEqual([held.sourceWeight, held.destRecord?.weight], [90, 10]);
});

test('the gate from live state: services stable, no alarm in ALARM', () => {
  const service = (running: number, state = 'COMPLETED') =>
    res('ecs-service', TO, {}, { rollout: { state, startedAt: '', reason: '', running, desired: 2 } });
  assert.match((gateFromLive(candidate([], []), 1) as { reason: string }).reason, /0 of 1 services/);
  assert.match((gateFromLive(candidate([], [service(1)]), 1) as { reason: string }).reason, /not stable/);
  assert.match((gateFromLive(candidate([], [service(2, 'IN_PROGRESS')]), 1) as { reason: string }).reason, /IN_PROGRESS/);
  assert.match((gateFromLive(candidate([], [service(2), res('alarm', TO, {}, { alarmState: 'ALARM' })]), 1) as { reason: string }).reason, /in ALARM/);
  assert.equal(gateFromLive(candidate([], [service(2), res('alarm', TO, {}, { alarmState: 'OK' })]), 1), undefined);
});

test('at most maxConcurrent moves of a tier are in flight; the others wait in tenant order', () => {
  const started = (tenant: string) => ({ ...candidate([], [record(TO, 0)]), tenant });
  const waiting = (tenant: string) => ({ ...candidate([], []), tenant });
  assert.deepEqual([...slots([waiting('a'), waiting('b'), waiting('c')], 2)].sort(), ['a', 'b']);
  assert.deepEqual([...slots([waiting('a'), started('b'), started('c')], 2)].sort(), ['b', 'c']);
});
