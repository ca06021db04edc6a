// A DB_PASSWORD change must not land in a PR comment (issue 13): every plan format shows
// environment changes by key with the values masked by a short keyed hash, unless
// --show-values; ECS secrets print as their ARNs, which are no secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderPlan } from '../../../src/cli/plan-session.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { Spec } from '../../../src/desired/topology/resource.js';
import { diff } from '../../../src/plan/diff.js';
import { maskSensitiveValues } from '../../../src/plan/sensitive-values.js';
import { renderJson } from '../../../src/plan/render-json.js';
import { liveFrom, withLive } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:tenant-a/db-AbCdEf';
const set = smallSet([tenant('tenant-a', 1, { environment: { DB_PASSWORD: 'new-Pa55word', LOG_LEVEL: 'info', SHARED: 'same' }, secrets: { API_KEY: SECRET_ARN } })]);
const topo = compileTopology(set, placeAll(set), NO_HINTS);
const taskDefinition = topo.resources.find((r) => r.kind === 'task-definition')!;
const taskKey = taskDefinition.key;
// What tiered sets in every task besides TENANT_ID, the same live as desired.
const { TIER_ID, REGION } = (taskDefinition.spec['container'] as Spec)['environment'] as { TIER_ID: string; REGION: string };
// Live: the old password, a removed variable, an added one whose value equals one kept, and no secrets yet.
const live = withLive(liveFrom(topo), taskKey, (r) => {
  const container = r.spec['container'] as Spec;
  const { secrets: _none, ...withoutSecrets } = container as Record<string, unknown>;
  return {
    ...r,
    spec: { ...r.spec, container: { ...withoutSecrets, environment: { DB_PASSWORD: 'old-Pa55word', LOG_LEVEL: 'info', OLD: 'same', TENANT_ID: 'tenant-a', TIER_ID, REGION } } },
  };
});
const plan = diff(topo, live);

test('the plan holds the DB_PASSWORD change (what is masked is real)', () => {
  const update = plan.actions.find((a) => a.kind === 'task-definition');
  assert.ok(update && update.action === 'update');
  assert.deepEqual(
    update.changes.map((c) => c.field),
    ['container.environment.DB_PASSWORD', 'container.environment.OLD', 'container.environment.SHARED', 'container.secrets'],
  );
});

for (const format of ['text', 'markdown', 'json'] as const) {
  test(`${format}: environment changes by key, values masked, a short hash telling changed from same; secrets as ARNs`, () => {
    const out = renderPlan(plan, format, false);
    assert.ok(!out.includes('Pa55word'), out);
    assert.ok(!out.includes('"same"') && !out.includes(': same'), out);
    assert.ok(out.includes('DB_PASSWORD'), out);
    assert.ok(out.includes(SECRET_ARN), 'the secret ARN is shown');
    const hashes = [...out.matchAll(/(?:masked #|"masked": ")([0-9a-f]{8})/g)].map((m) => m[1]);
    // DB_PASSWORD live and desired, OLD live, SHARED desired: OLD's and SHARED's are the same value.
    assert.equal(hashes.length, 4, out);
    assert.notEqual(hashes[0], hashes[1], 'a changed value gets a different hash');
    assert.equal(hashes[2], hashes[3], 'an equal value gets the same hash');
  });
}

test('text shows the masked change on one line per key', () => {
  const text = renderPlan(maskSensitiveValues(plan, Buffer.from('fixed key')), 'text', false, true);
  const lines = text.split('\n').filter((l) => l.includes('container.'));
  assert.deepEqual(lines.map((l) => l.trim().replace(/#[0-9a-f]{8}/g, '#h')), [
    'container.environment.DB_PASSWORD: (masked #h) -> (masked #h)',
    'container.environment.OLD: (masked #h) -> (none)',
    'container.environment.SHARED: (none) -> (masked #h)',
    `container.secrets: (none) -> {API_KEY: "${SECRET_ARN}"}`,
  ]);
});

test('JSON masks as {"masked": "<8 hex>"}; the hash is keyed, so it is stable for a key and differs across keys', () => {
  const change = (key: string) => {
    const json = JSON.parse(renderJson(maskSensitiveValues(plan, Buffer.from(key))));
    return json.actions.find((a: { kind: string }) => a.kind === 'task-definition').changes[0];
  };
  assert.match(change('k1').desired.masked, /^[0-9a-f]{8}$/);
  assert.deepEqual(change('k1'), change('k1'));
  assert.notDeepEqual(change('k1'), change('k2'));
});

test('--show-values prints the values in every format', () => {
  for (const format of ['text', 'markdown', 'json'] as const) {
    const out = renderPlan(plan, format, false, true);
    assert.ok(out.includes('old-Pa55word') && out.includes('new-Pa55word'), format);
  }
});

test('a whole environment missing on one side is masked value by value', () => {
  const bare = withLive(liveFrom(topo), taskKey, (r) => ({ ...r, spec: { ...r.spec, container: { ...(r.spec['container'] as Record<string, unknown>), environment: undefined } as unknown as Spec } }));
  const out = renderPlan(diff(topo, bare), 'json', false);
  assert.ok(!out.includes('Pa55word') && !out.includes('"info"'), out);
});
