import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { diff } from '../../../src/plan/diff.js';
import { renderJson } from '../../../src/plan/render-json.js';
import { renderMarkdown } from '../../../src/plan/render-markdown.js';
import { renderText } from '../../../src/plan/render-text.js';
import { liveFrom, withLive } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const set = smallSet([tenant('tenant-a')]);
const topo = compileTopology(set, placeAll(set), NO_HINTS);
const inSync = liveFrom(topo);
const drifted = withLive(
  withLive(inSync, 'dnsRecord:tier-1/cell-1/ig-1', (r) => ({ ...r, aws: { name: r.aws.name }, spec: { ...r.spec, weight: 10 } })),
  'endpoint:tier-1/cell-1/ig-2/cache',
  () => undefined,
);
const plan = diff(topo, drifted, { placement: { ...placeAll(set), unschedulable: [{ tenant: 'z', tier: 'tier-1', reason: '2 of 2 infra groups are full', remedy: 'add an InfraGroup to tier-1' }] } });

test('text groups by tier, cell and infra group with markers and live -> desired values', () => {
  assert.equal(renderText(plan), [
    'tier tier-1',
    '  cell cell-1',
    '    infra group ig-1',
    '      ~ dns-record tier-1.us-east-1.example.com|A|tiered:cell-1/ig-1 (drifted)',
    '          weight: 10 -> 50',
    '    infra group ig-2',
    '      + interface-endpoint tier-1-cell-1-ig-2-cache (missing)',
    '          serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718"',
    'unschedulable tier-1/z: 2 of 2 infra groups are full (remedy: add an InfraGroup to tier-1)',
    'Plan: 1 to create, 1 to update, 0 to delete, 0 to adopt, 0 conflicts.',
    '',
  ].join('\n'));
});

test('text is coloured only when asked', () => {
  assert.doesNotMatch(renderText(plan), /\u001b\[/);
  assert.match(renderText(plan, { color: true }), /\u001b\[33m {6}~ dns-record/);
});

test('an in-sync plan says so in one line', () => {
  assert.equal(renderText(diff(topo, inSync)), 'No changes: live state matches the manifests.\n');
});

test('JSON carries the documented fields', () => {
  const json = JSON.parse(renderJson(plan));
  assert.deepEqual(Object.keys(json), ['version', 'summary', 'actions', 'conflicts', 'notices', 'unschedulable', 'placement', 'degraded', 'moves', 'errors']);
  assert.deepEqual(json.summary, { create: 1, update: 1, delete: 0, adopt: 0, conflicts: 0, held: 0 });
  assert.deepEqual(json.actions[1], {
    actionId: 'update:dnsRecord:tier-1/cell-1/ig-1', action: 'update', kind: 'dns-record', key: 'dnsRecord:tier-1/cell-1/ig-1',
    tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1', tenant: null, clusterIndex: null,
    id: 'tier-1.us-east-1.example.com|A|tiered:cell-1/ig-1', name: 'tier-1.us-east-1.example.com|A|tiered:cell-1/ig-1',
    reason: 'drifted', changes: [{ field: 'weight', live: 10, desired: 50 }], replace: false, dependsOn: [], reportOnly: null, attributes: null,
  });
  assert.deepEqual(json.placement, [{ tenant: 'tenant-a', tier: 'tier-1', infraGroups: ['tier-1/cell-1/ig-1'], origin: 'new' }]);
  assert.equal(json.unschedulable[0].remedy, 'add an InfraGroup to tier-1');
});

test('Markdown has a summary table and a collapsible diff block per tier', () => {
  const md = renderMarkdown(plan);
  assert.match(md, /\| tier-1 \| 1 \| 1 \| 0 \| 0 \| 0 \| 0 \|/);
  assert.match(md, /<details><summary>tier-1: Plan: 1 to create/);
  assert.match(md, /```diff\ntier tier-1\n[\s\S]*\n~ {5}dns-record [^\n]*\n {10}weight: 10 -> 50\n[\s\S]*\n\+ {5}interface-endpoint/);
  assert.match(md, /- `tier-1\/z`: 2 of 2 infra groups are full/);
});

test('text names the cluster of per-cluster resources, so a tenant of several clusters reads apart', () => {
  const multi = smallSet([tenant('acme', 3)]);
  const created = diff(compileTopology(multi, placeAll(multi), NO_HINTS), { resources: [], lookups: inSync.lookups });
  const services = renderText(created).split('\n').filter((l) => l.includes('+ ecs-service'));
  assert.deepEqual(services.map((l) => l.trim()), ['+ ecs-service acme #1 (missing)', '+ ecs-service acme #2 (missing)', '+ ecs-service acme #3 (missing)']);
});

const suspendedSet = smallSet([tenant('tenant-a'), { ...tenant('tyrell'), spec: { ...tenant('tyrell').spec, suspend: true } }]);
const suspendedTopo = compileTopology(suspendedSet, placeAll(suspendedSet), NO_HINTS);
const onlyHeld = diff(suspendedTopo, { resources: liveFrom(suspendedTopo).resources.filter((r) => !('owner' in r) || r.owner.tenant !== 'tyrell'), lookups: inSync.lookups });

test('report-only actions are not changes: not counted, not + lines, and the summary says why they wait', () => {
  const held = onlyHeld.actions.filter((a) => a.hold !== undefined).length;
  assert.ok(held > 0);
  assert.deepEqual(onlyHeld.summary, { create: 0, update: 0, delete: 0, adopt: 0, conflicts: 0, held });
  const text = renderText(onlyHeld);
  assert.doesNotMatch(text, /^\s*\+/m);
  assert.match(text, /^ {8}# held create ecs-cluster /m);
  assert.match(text, new RegExp(`^No changes\\. ${held} held: tenant tyrell is suspended\\.$`, 'm'));
  assert.doesNotMatch(renderMarkdown(onlyHeld), /^\+/m);
  assert.equal(JSON.parse(renderJson(onlyHeld)).summary.create, 0);
});

test('a plan with unread live state says what could not be read, never "No changes"', () => {
  const unread = { ...diff(topo, inSync), errors: [{ tier: 'tier-2', cell: 'cell-1', code: 'AccessDenied', message: 'not authorized' }] };
  const text = renderText(unread);
  assert.doesNotMatch(text, /No changes/);
  assert.match(text, /^! could not read live state: tier tier-2 cell cell-1: AccessDenied: not authorized$/m);
  assert.match(text, /^Plan incomplete: live state of tier tier-2 could not be read/m);
  assert.deepEqual(JSON.parse(renderJson(unread)).errors, unread.errors);
  const md = renderMarkdown(unread);
  assert.doesNotMatch(md, /No changes/);
  assert.match(md, /- tier tier-2 cell cell-1: AccessDenied: not authorized/);
});

test('a create shows what it will make: image, cpu/memory, environment keys (never values), rule condition and priority, DNS weight', () => {
  const secretive = smallSet([tenant('acme', 2, { environment: { DB_PASSWORD: 'hunter2', LOG_LEVEL: 'debug' } })]);
  const created = diff(compileTopology(secretive, placeAll(secretive), NO_HINTS), { resources: [], lookups: inSync.lookups });
  const text = renderText(created);
  assert.doesNotMatch(text, /hunter2/);
  const block = (head: RegExp) => {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => head.test(l));
    assert.ok(i >= 0, `${head} in\n${text}`);
    const out: string[] = [];
    for (let j = i + 1; j < lines.length && /^ {12}\S/.test(lines[j]!); j++) out.push(lines[j]!.trim());
    return out;
  };
  const td = block(/\+ task-definition /);
  assert.ok(td.some((l) => /^container\.image: "/.test(l)), td.join('\n'));
  assert.ok(td.includes('cpu: 256') || td.some((l) => /^cpu: \d+$/.test(l)), td.join('\n'));
  assert.ok(td.some((l) => /^memory: \d+$/.test(l)), td.join('\n'));
  const envKeys = td.find((l) => l.startsWith('container.environment (keys): '));
  assert.ok(envKeys?.includes('"DB_PASSWORD"') && envKeys.includes('"TENANT_ID"'), td.join('\n'));
  const rule = block(/\+ listener-rule /);
  assert.ok(rule.some((l) => /^priority: \d+$/.test(l)), rule.join('\n'));
  assert.ok(rule.some((l) => l.startsWith('conditions: {')), rule.join('\n'));
  assert.ok(rule.some((l) => l.startsWith('forward: {targetGroup:tier-1/cell-1/ig-1/acme/1: 1, targetGroup:tier-1/cell-1/ig-1/acme/2: 1}')), rule.join('\n'));
  const dns = block(/\+ dns-record acme\./);
  assert.ok(dns.some((l) => /^weight: \d+$/.test(l)), dns.join('\n'));
  const json = JSON.parse(renderJson(created)) as { actions: { kind: string; attributes: Record<string, unknown> | null }[] };
  const tdJson = json.actions.find((a) => a.kind === 'task-definition')!;
  assert.ok(Array.isArray(tdJson.attributes?.['container.environment (keys)']));
  assert.doesNotMatch(JSON.stringify(json), /hunter2/);
});
