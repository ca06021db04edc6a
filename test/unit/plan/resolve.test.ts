import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpecValue } from '../../../src/desired/topology/resource.js';
import { attrRef } from '../../../src/desired/topology/resource.js';
import { resolveValue } from '../../../src/plan/resolve.js';

const ctx = () => ({ known: new Map([['tg:a', { arn: 'arn:tg:a' }]]), lookups: new Map<string, string>(), missingLookups: new Set<string>() });

test('a value without references resolves to itself, not to a copy', () => {
  const spec: SpecValue = { health: { path: '/' }, ports: [{ port: 80 }] };
  const out = resolveValue(spec, ctx()) as Record<string, unknown>;
  assert.equal(out, spec);
});

test('only the path to a reference is copied; the input is left as it was', () => {
  const health = { path: '/' };
  const spec: SpecValue = { health, forward: [{ weight: 1 }, { targetGroupArn: attrRef('tg:a'), weight: 1 }] };
  const before = structuredClone(spec);
  const out = resolveValue(spec, ctx()) as { health: unknown; forward: unknown[] };
  assert.deepEqual(out, { health: { path: '/' }, forward: [{ weight: 1 }, { targetGroupArn: 'arn:tg:a', weight: 1 }] });
  assert.equal(out.health, health);
  assert.equal(out.forward[0], (spec as { forward: unknown[] }).forward[0]);
  assert.deepEqual(spec, before);
});

test('a reference to a resource not known yet stays unknown after apply', () => {
  assert.deepEqual(resolveValue({ arn: attrRef('tg:b') }, ctx()), { arn: { knownAfterApply: 'tg:b#arn' } });
});
