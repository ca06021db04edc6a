import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { hintsFromLive } from '../../../src/plan/hints-from-live.js';
import type { LiveResource } from '../../../src/plan/live-resource.js';
import { arnOf, liveFrom } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

test('live rules give our priorities by rule key and foreign ones as taken, per infra group', () => {
  const set = smallSet([tenant('a'), tenant('b')]);
  const live = liveFrom(compileTopology(set, placeAll(set), NO_HINTS));
  const foreign: LiveResource = {
    kind: 'listener-rule', ownership: 'foreign', account: '111111111111',
    aws: { name: '7', arn: 'arn:foreign:rule', parentArn: arnOf('listener:tier-1/cell-1/ig-1') }, tags: {}, spec: { priority: 7 }, attrs: {},
  };
  const hints = hintsFromLive([...live.resources, foreign]);
  assert.deepEqual([...hints.priorities.keys()], ['tier-1/cell-1/ig-1']);
  const ig1 = hints.priorities.get('tier-1/cell-1/ig-1');
  assert.deepEqual([...(ig1?.ours ?? [])], [['listenerRule:tier-1/cell-1/ig-1/a', 1], ['listenerRule:tier-1/cell-1/ig-1/b', 2]]);
  assert.deepEqual(ig1?.taken, [7]);
});
