import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { TiedLiveResource } from '../../../src/plan/live-resource.js';
import { WalkKnown } from '../../../src/plan/walk-known.js';
import { liveFrom } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const set = smallSet([tenant('tenant-a', 1)]);
const live = liveFrom(compileTopology(set, placeAll(set), NO_HINTS));
const ours = new Map(live.resources.flatMap((r) => (r.ownership === 'ours' ? [[r.key, r] as const] : [])));
const tg = [...ours.values()].find((r) => r.kind === 'target-group') as TiedLiveResource;

test('a resource of ours that stays is known by its live attributes', () => {
  assert.deepEqual(new WalkKnown(ours).get(tg.key), tg.attrs);
});

test('a replaced resource of ours is not known: what points at it waits for the new one', () => {
  const known = new WalkKnown(ours);
  known.replace(tg.key);
  assert.equal(known.get(tg.key), undefined);
});

test('an adopted resource is known by its attributes; a key nobody has is not known', () => {
  const known = new WalkKnown(ours);
  known.adopt('loadBalancer:tier-1/cell-1/ig-9', { arn: 'arn:adopted' });
  assert.deepEqual(known.get('loadBalancer:tier-1/cell-1/ig-9'), { arn: 'arn:adopted' });
  assert.equal(known.get('targetGroup:tier-1/cell-1/ig-1/nobody/1'), undefined);
});
