// The status page reads /status without trusting its shape (src/status-page/view/page-model.ts):
// tiers → cells → infra groups from the fills, tenants per infra group from the placements,
// parts other features add drawn when present, and anything missing or odd read as absent.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { findTenants, readPageModel } from '../../../src/status-page/view/page-model.js';
import { fillLevel, formatDuration } from '../../../src/status-page/view/format.js';

const usage = (used: number, limit = 100, placeable = 80) => ({ used, limit, placeable });
const STATUS = {
  source: { location: '/m', revision: { revision: 'dir@1', at: '2026-01-01T00:00:00.000Z' }, error: null, validation: { revision: 'dir@2', errors: ['t.yaml:1:1: bad'] } },
  leases: { known: true, held: ['tier-1'] },
  aws: { readable: false, problems: [{ tier: 'tier-1', message: 'cell cell-1: ServiceUnavailable', at: '2026-01-01T00:00:01.000Z' }] },
  awsGone: null,
  inForce: 'dir@1',
  moves: [{ tenant: 'acme', from: 'tier-1/cell-1/ig-1', to: 'tier-1/cell-2/ig-1', step: '2/4' }],
  tiers: {
    'tier-1': {
      lastPass: { at: '2026-01-01T00:00:00.000Z', result: 'applied', durationMs: 1200, revision: 'dir@1' },
      drift: { total: 2, byKind: { 'target-group': 2 } },
      placement: {
        fill: [
          { infraGroup: 'tier-1/cell-2/ig-1', targetGroups: usage(1), rules: usage(1), tenants: usage(1, 20, 16) },
          { infraGroup: 'tier-1/cell-1/ig-1', targetGroups: usage(3), rules: usage(2), tenants: usage(2, 20, 16) },
        ],
        unschedulable: [{ tenant: 'big', reason: 'full', remedy: 'add an InfraGroup' }],
        placements: [
          { tenant: 'acme', infraGroups: ['tier-1/cell-1/ig-1', 'tier-1/cell-2/ig-1'] },
          { tenant: 'hooli', infraGroups: ['tier-1/cell-1/ig-1'] },
        ],
      },
    },
  },
};

test('cells and infra groups come from the fills, sorted, with their tenants', () => {
  const model = readPageModel(STATUS);
  assert.equal(model.mode, 'live');
  const tier = model.tiers[0]!;
  assert.deepEqual(tier.cells.map((c) => [c.key, c.infraGroups.map((ig) => [ig.key, ig.tenants?.used, ig.tenantNames])]), [
    ['tier-1/cell-1', [['tier-1/cell-1/ig-1', 2, ['acme', 'hooli']]]],
    ['tier-1/cell-2', [['tier-1/cell-2/ig-1', 1, ['acme']]]],
  ]);
  assert.deepEqual(tier.drift.byKind, [['target-group', 2]]);
  assert.deepEqual(model.source.validation, { revision: 'dir@2', errors: ['t.yaml:1:1: bad'] });
  assert.equal(model.aws.readable, false);
  assert.deepEqual(model.extras.map((e) => e.title), ['Moves in progress']);
});

test('odd or missing fields read as absent, never as a crash', () => {
  for (const odd of [null, 42, 'x', [], { tiers: 'no' }, { tiers: { t: { placement: { fill: [{ infraGroup: 7 }, null] } } } }]) {
    const model = readPageModel(odd);
    assert.equal(model.aws.readable, true);
    assert.ok(model.tiers.every((t) => t.cells.length === 0));
  }
});

test('search finds tenants by part of the name, the exact one first, unschedulable ones too', () => {
  const model = readPageModel(STATUS);
  assert.deepEqual(findTenants(model, 'OL'), ['hooli']);
  assert.deepEqual(findTenants(model, 'i'), ['big', 'hooli']);
  assert.deepEqual(findTenants(model, ' '), []);
});

test('fill levels: under the headroom line, in the headroom, full', () => {
  assert.equal(fillLevel(usage(80)), 'ok');
  assert.equal(fillLevel(usage(81)), 'headroom');
  assert.equal(fillLevel(usage(100)), 'full');
  assert.equal(formatDuration(1_234), '1.2 s');
});
