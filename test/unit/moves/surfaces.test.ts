// Moves as the plan, the daemon's wake-up and local AWS's target health show them (docs/moves.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moveWakeMs } from '../../../src/controller/tier-pass.js';
import { targetHealthAnswer } from '../../../src/local/proxy/target-health.js';
import type { MoveReport } from '../../../src/plan/move-report.js';
import { durationText, moveLine, movePending } from '../../../src/plan/render-moves.js';
import { planToJson } from '../../../src/plan/render-json.js';
import { summarise } from '../../../src/plan/summary.js';
import type { Plan } from '../../../src/plan/action.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const MOVE: MoveReport = {
  tenant: 'acme', tier: 'tier-1', from: 'tier-2/cell-1/ig-1', to: 'tier-1/cell-2/ig-1', state: 'shifting', step: 2, steps: [10, 50, 100],
  weights: { from: 50, to: 50 }, since: '2026-11-30T23:58:00.000Z', nextAt: new Date(NOW + 192_000).toISOString(), manifest: { file: 'tenants/acme.yaml', line: 1, col: 1 },
};

function plan(moves: readonly MoveReport[]): Plan {
  return { actions: [], conflicts: [], notices: [], placement: [], unschedulable: [], summary: summarise([], []), moves };
}

test('the plan line of a move, as the issue writes it', () => {
  assert.equal(moveLine(MOVE, NOW), 'move acme  tier-2/cell-1/ig-1 -> tier-1/cell-2/ig-1  step 2/3 (50 %)  next in 3m12s');
  assert.equal(durationText(45_000), '45s');
  assert.equal(durationText(3_720_000), '1h2m');
  const refused: MoveReport = { ...MOVE, state: 'refused', to: '', step: 0, weights: { from: 0, to: 0 }, reason: '2 of 2 infra groups of cell-2 are full; add an InfraGroup' };
  assert.equal(moveLine(refused, NOW), 'move acme  tier-2/cell-1/ig-1 -> ?  refused: 2 of 2 infra groups of cell-2 are full; add an InfraGroup (tenants/acme.yaml:1)');
  assert.match(moveLine({ ...MOVE, state: 'rolled-back', step: 0, weights: { from: 1, to: 0 }, reason: 'alarm x in ALARM' }, NOW), /rolled back: alarm x in ALARM; retried on a new revision/);
});

test('a pending move makes the plan exit 2; rolled back, refused and held ones do not; JSON carries them', () => {
  assert.equal(movePending(plan([MOVE])), true);
  assert.equal(movePending(plan([{ ...MOVE, state: 'rolled-back' }, { ...MOVE, state: 'refused' }, { ...MOVE, state: 'held' }])), false);
  assert.deepEqual(planToJson(plan([MOVE])).moves, [MOVE]);
});

test('the daemon passes a tier again when its next step can go, or soon while AWS works', () => {
  assert.equal(moveWakeMs([MOVE], NOW), 192_000);
  const { nextAt: _next, ...making } = MOVE;
  assert.equal(moveWakeMs([{ ...making, state: 'making' }], NOW), 5_000);
  assert.equal(moveWakeMs([{ ...MOVE, state: 'rolled-back' }], NOW), undefined);
});

test('local AWS answers an empty DescribeTargetHealth with one healthy target; a fault makes it unhealthy', () => {
  const empty = '<DescribeTargetHealthResponse><DescribeTargetHealthResult><TargetHealthDescriptions/></DescribeTargetHealthResult></DescribeTargetHealthResponse>';
  const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/acme-1-abc/0123';
  assert.match(targetHealthAnswer(empty, arn, []), /<State>healthy<\/State>/);
  const sick = targetHealthAnswer(empty, arn, [{ targetGroup: 'targetgroup/acme-1-', state: 'unhealthy', reason: 'Target.FailedHealthChecks' }]);
  assert.match(sick, /<State>unhealthy<\/State><Reason>Target.FailedHealthChecks<\/Reason>/);
  assert.doesNotMatch(targetHealthAnswer(empty, arn.replace('acme', 'other'), [{ targetGroup: 'targetgroup/acme-1-', state: 'unhealthy' }]), /unhealthy/);
});
