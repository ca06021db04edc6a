// The switch of a tier endpoint between the one-level and the two-level DNS tree, planned
// (docs/dns-tree.md, "The switch"): the endpoint's old records and its new ones are one unit, sent
// in one batch once the new records' targets and claims are in place; the old claims go after;
// cell names' records go only after the endpoint's record that aliases them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change, ChangeBatch } from '@aws-sdk/client-route-53';
import type { Route53Api } from '../../../src/aws/route53.js';
import type { ManifestSet, Tier } from '../../../src/desired/model.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { Action } from '../../../src/plan/action.js';
import { diff } from '../../../src/plan/diff.js';
import { endpointSwitches, switchUnits } from '../../../src/plan/dns-switch.js';
import type { LiveState } from '../../../src/plan/live-resource.js';
import { packChangeUnits } from '../../../src/reconcilers/route53/change-batches.js';
import { dnsLevels, ZoneBatcher } from '../../../src/reconcilers/route53/zone-batcher.js';
import { liveFrom } from '../../support/live-fixtures.js';
import { cell, infraGroup, placeAll, tenant, tier } from '../../support/topology-fixtures.js';

function setOf(tree: 'auto' | 'cells', groups: readonly (readonly [string, string])[] = [['cell-1', 'ig-1'], ['cell-1', 'ig-2'], ['cell-2', 'ig-1']]): ManifestSet {
  const t: Tier = { ...tier(), spec: { ...tier().spec, dns: { ...tier().spec.dns, tree } } };
  return {
    tiers: [t],
    cells: [cell('cell-1'), cell('cell-2', 'tier-1', '222222222222')],
    infraGroups: groups.map(([c, g]) => infraGroup(g, c, 'tier-1', 10)),
    tenants: [tenant('tenant-a')],
  };
}

const compiled = (set: ManifestSet) => compileTopology(set, placeAll(set), NO_HINTS);

/** Live as after a perfect apply of `set`; the zone found, as the tier's DNS discovery finds it. */
function liveOf(set: ManifestSet): LiveState {
  const live = liveFrom(compiled(set));
  return { ...live, lookups: new Map([...live.lookups, ['zone:us-east-1.example.com', 'ZTEST']]) };
}

function plan(from: ManifestSet, to: ManifestSet): readonly Action[] {
  // The references of the new set are found too (its new infra groups' networks).
  const live = liveOf(from);
  const p = diff(compiled(to), { ...live, lookups: new Map([...liveOf(to).lookups, ...live.lookups]) });
  assert.deepEqual(p.notices, []);
  return p.actions;
}

const summary = (actions: readonly Action[]) => actions.filter((a) => a.kind.startsWith('dns')).map((a) => `${a.action} ${a.key}`).sort();
const byKey = (actions: readonly Action[], action: string, key: string) => {
  const a = actions.find((x) => x.action === action && x.key === key);
  assert.ok(a, `no ${action} ${key}`);
  return a;
};

test('one level to two: the endpoint\'s records of the infra groups and of the cells are one unit, at one level above the cell names\' records', () => {
  const actions = plan(setOf('auto'), setOf('cells'));
  assert.deepEqual(summary(actions), [
    'create dnsOwnership:tier-1/cell-1/*', 'create dnsOwnership:tier-1/cell-1/ig-1/@cell', 'create dnsOwnership:tier-1/cell-1/ig-2/@cell',
    'create dnsOwnership:tier-1/cell-2/*', 'create dnsOwnership:tier-1/cell-2/ig-1/@cell',
    'create dnsRecord:tier-1/cell-1/*', 'create dnsRecord:tier-1/cell-1/ig-1/@cell', 'create dnsRecord:tier-1/cell-1/ig-2/@cell',
    'create dnsRecord:tier-1/cell-2/*', 'create dnsRecord:tier-1/cell-2/ig-1/@cell',
    'delete dnsOwnership:tier-1/cell-1/ig-1', 'delete dnsOwnership:tier-1/cell-1/ig-2', 'delete dnsOwnership:tier-1/cell-2/ig-1',
    'delete dnsRecord:tier-1/cell-1/ig-1', 'delete dnsRecord:tier-1/cell-1/ig-2', 'delete dnsRecord:tier-1/cell-2/ig-1',
  ]);
  const [sw] = endpointSwitches(actions);
  assert.deepEqual(sw?.creates.map((a) => a.key).sort(), ['dnsRecord:tier-1/cell-1/*', 'dnsRecord:tier-1/cell-2/*']);
  assert.deepEqual(sw?.deletes.map((a) => a.key).sort(), ['dnsRecord:tier-1/cell-1/ig-1', 'dnsRecord:tier-1/cell-1/ig-2', 'dnsRecord:tier-1/cell-2/ig-1']);
  const units = switchUnits(actions);
  assert.equal(units.size, 5);
  const members = actions.filter((a) => units.has(a.id));
  const ids = new Set(members.map((a) => a.id));
  for (const m of members) assert.deepEqual(m.dependsOn.filter((d) => ids.has(d)), [], `${m.key} waits for no other member`);
  // Every member waits for every cell name's record and every new claim: all or nothing.
  for (const member of ['delete dnsRecord:tier-1/cell-1/ig-1', 'create dnsRecord:tier-1/cell-2/*']) {
    const [action, key] = member.split(' ') as [string, string];
    for (const k of ['dnsRecord:tier-1/cell-2/ig-1/@cell', 'dnsOwnership:tier-1/cell-1/*', 'dnsRecord:tier-1/cell-1/ig-2/@cell']) {
      assert.ok(byKey(actions, action, key).dependsOn.includes(byKey(actions, 'create', k).id), `${member} waits for ${k}`);
    }
  }
  const levels = dnsLevels(actions, units);
  const level = (action: string, key: string) => levels.get(byKey(actions, action, key).id);
  assert.deepEqual(new Set(members.map((m) => levels.get(m.id))), new Set([2]));
  assert.equal(level('create', 'dnsRecord:tier-1/cell-1/ig-1/@cell'), 1);
  assert.equal(level('delete', 'dnsOwnership:tier-1/cell-1/ig-1'), 3, 'the old claims go after the old records');
});

test('two levels to one: the endpoint\'s records swap in one unit, and the cell names\' records go after the cells\' endpoint records', () => {
  const actions = plan(setOf('cells'), setOf('auto'));
  const units = switchUnits(actions);
  const members = actions.filter((a) => units.has(a.id)).map((a) => `${a.action} ${a.key}`).sort();
  assert.deepEqual(members, [
    'create dnsRecord:tier-1/cell-1/ig-1', 'create dnsRecord:tier-1/cell-1/ig-2', 'create dnsRecord:tier-1/cell-2/ig-1',
    'delete dnsRecord:tier-1/cell-1/*', 'delete dnsRecord:tier-1/cell-2/*',
  ]);
  const levels = dnsLevels(actions, units);
  const unitLevel = levels.get(byKey(actions, 'delete', 'dnsRecord:tier-1/cell-1/*').id) as number;
  assert.equal(levels.get(byKey(actions, 'create', 'dnsRecord:tier-1/cell-2/ig-1').id), unitLevel);
  const cellRecord = byKey(actions, 'delete', 'dnsRecord:tier-1/cell-1/ig-2/@cell');
  assert.ok(cellRecord.dependsOn.includes(byKey(actions, 'delete', 'dnsRecord:tier-1/cell-1/*').id));
  assert.ok(!cellRecord.dependsOn.includes(byKey(actions, 'delete', 'dnsRecord:tier-1/cell-2/*').id), 'only its own cell\'s');
  assert.ok((levels.get(cellRecord.id) as number) > unitLevel);
  assert.ok((levels.get(byKey(actions, 'delete', 'dnsOwnership:tier-1/cell-1/*').id) as number) > unitLevel);
});

test('two levels kept: a cell losing its last infra group loses its endpoint record first; a new infra group changes its cell\'s weight; no switch', () => {
  const from = setOf('cells');
  const to = setOf('cells', [['cell-1', 'ig-1'], ['cell-1', 'ig-2'], ['cell-1', 'ig-3']]);
  const actions = plan(from, to);
  assert.deepEqual(switchUnits(actions).size, 0);
  const cellRecord = byKey(actions, 'delete', 'dnsRecord:tier-1/cell-2/ig-1/@cell');
  assert.ok(cellRecord.dependsOn.includes(byKey(actions, 'delete', 'dnsRecord:tier-1/cell-2/*').id));
  const weight = byKey(actions, 'update', 'dnsRecord:tier-1/cell-1/*');
  assert.ok(weight.action === 'update' && weight.changes.some((c) => c.field === 'weight' && c.live === 20 && c.desired === 30));
  assert.ok(weight.dependsOn.includes(byKey(actions, 'create', 'dnsRecord:tier-1/cell-1/ig-3/@cell').id), 'after the new record it weighs');
  // In sync afterwards: nothing to do.
  assert.deepEqual(diff(compiled(to), liveOf(to)).actions, []);
});

const aliasChange = (action: 'CREATE' | 'DELETE', set: string): Change => ({
  Action: action,
  ResourceRecordSet: { Name: 'tier-1.example.com', Type: 'A', SetIdentifier: set, Weight: 1, AliasTarget: { DNSName: 'x.', HostedZoneId: 'Z', EvaluateTargetHealth: true } },
});
const txtChange = (n: number): Change => ({ Action: 'CREATE', ResourceRecordSet: { Name: `t${n}.example.com`, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: `"${n}"` }] } });

test('a unit is never split across batches: it starts a batch of its own when the current one cannot take it whole', () => {
  const limits = { records: 4, chars: 1000 };
  const batches = packChangeUnits([[txtChange(1)], [txtChange(2)], [aliasChange('DELETE', 'a'), aliasChange('DELETE', 'b'), aliasChange('CREATE', 'c')], [txtChange(3)]], limits);
  assert.deepEqual(batches.map((b) => b.length), [2, 4]);
});

test('the batcher sends a unit in one request, deletes first, and does not halve it when Route 53 refuses it', async () => {
  const sent: string[][] = [];
  let refuse = false;
  const api = {
    async changeResourceRecordSets(_zone: string, batch: ChangeBatch) {
      sent.push((batch.Changes ?? []).map((c) => `${c.Action} ${c.ResourceRecordSet?.SetIdentifier ?? c.ResourceRecordSet?.Name}`));
      if (refuse) throw Object.assign(new Error('[limit]'), { name: 'InvalidChangeBatch', Code: 'InvalidChangeBatch', $metadata: { httpStatusCode: 400 } });
      return { Id: 'C1', Status: 'INSYNC' as const, SubmittedAt: new Date() };
    },
  } as unknown as Route53Api;
  const run = async () => {
    const batcher = new ZoneBatcher({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, maxInFlight: 1 });
    const target = { zoneId: 'Z1', api, zoneKey: 'Z1' };
    const items: [Action, Change, string | undefined][] = [
      [{ id: 'create:new' } as Action, aliasChange('CREATE', 'new'), 'switch:tier-1'],
      [{ id: 'create:txt' } as Action, txtChange(1), undefined],
      [{ id: 'delete:old-1' } as Action, aliasChange('DELETE', 'old-1'), 'switch:tier-1'],
      [{ id: 'delete:old-2' } as Action, aliasChange('DELETE', 'old-2'), 'switch:tier-1'],
    ];
    for (const [a, , unit] of items) batcher.expect(a, target, 0, unit);
    return Promise.allSettled(items.map(([a, c]) => batcher.submit(a, c)));
  };
  await run();
  assert.deepEqual(sent, [['DELETE old-1', 'DELETE old-2', 'CREATE new', 'CREATE t1.example.com']]);
  sent.length = 0;
  refuse = true;
  const settled = await run();
  assert.deepEqual(sent.map((b) => b.length), [4, 3, 1], 'the batch, then the unit whole, then the other change alone');
  assert.ok(settled.every((s) => s.status === 'rejected'));
});
