// Pins written into manifest text: only the pin (and a migrated tenant's tier) changes; every
// other byte, comment and document stays as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPinEdits, type PinEdit } from '../../../src/desired/manifests/pin-edits.js';

const PIN: PinEdit = { tenant: 'acme', tier: 'tier-1', cell: 'cell-2', infraGroup: 'ig-3' };

function edited(text: string, edits: readonly PinEdit[] = [PIN]): string {
  const result = applyPinEdits(text, edits);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.text;
}

test('a spec without placement gets a block placement after its last key, comments kept', () => {
  const text = [
    '# head comment',
    'apiVersion: tiered.dev/v1alpha1',
    'kind: Tenant',
    'metadata:',
    '  name: acme',
    'spec:',
    '  tier: tier-1   # why tier-1',
    '  workload:',
    '    environment: {A: "1"}',
    '',
    '  # trailing comment',
    '',
  ].join('\n');
  assert.equal(
    edited(text),
    [
      '# head comment',
      'apiVersion: tiered.dev/v1alpha1',
      'kind: Tenant',
      'metadata:',
      '  name: acme',
      'spec:',
      '  tier: tier-1   # why tier-1',
      '  workload:',
      '    environment: {A: "1"}',
      '  placement:',
      '    cell: cell-2',
      '    infraGroup: ig-3',
      '',
      '  # trailing comment',
      '',
    ].join('\n'),
  );
});

test('an existing block placement has its values replaced and missing keys added at its indentation', () => {
  const text = 'kind: Tenant\nmetadata: {name: acme}\nspec:\n    tier: tier-1\n    placement:\n        cell: cell-1 # was here\n';
  assert.equal(
    edited(text),
    'kind: Tenant\nmetadata: {name: acme}\nspec:\n    tier: tier-1\n    placement:\n        cell: cell-2 # was here\n        infraGroup: ig-3\n',
  );
});

test('an empty flow placement becomes a flow pin; a flow spec is extended in place', () => {
  assert.equal(
    edited('kind: Tenant\nmetadata: {name: acme}\nspec:\n  tier: tier-1\n  placement: {}\n'),
    'kind: Tenant\nmetadata: {name: acme}\nspec:\n  tier: tier-1\n  placement: {cell: cell-2, infraGroup: ig-3}\n',
  );
  assert.equal(
    edited('kind: Tenant\nmetadata: {name: acme}\nspec: {tier: tier-1, clusters: 2}\n'),
    'kind: Tenant\nmetadata: {name: acme}\nspec: {tier: tier-1, clusters: 2, placement: {cell: cell-2, infraGroup: ig-3}}\n',
  );
});

test('a tier migration rewrites the tier value (as a plain scalar) and adds the pin', () => {
  const text = 'kind: Tenant\nmetadata: {name: acme}\nspec:\n  tier: "tier-2"\n  clusters: 1\n';
  assert.equal(
    edited(text),
    'kind: Tenant\nmetadata: {name: acme}\nspec:\n  tier: tier-1\n  clusters: 1\n  placement:\n    cell: cell-2\n    infraGroup: ig-3\n',
  );
});

test('only the named tenant of a multi-document file changes; a file without a final newline stays without one', () => {
  const other = 'kind: Tenant\nmetadata: {name: other}\nspec:\n  tier: tier-1\n';
  const text = `${other}---\nkind: Tenant\nmetadata: {name: acme}\nspec:\n  tier: tier-1`;
  assert.equal(edited(text), `${other}---\nkind: Tenant\nmetadata: {name: acme}\nspec:\n  tier: tier-1\n  placement:\n    cell: cell-2\n    infraGroup: ig-3`);
});

test('names YAML would read as something else are quoted', () => {
  const out = edited('kind: Tenant\nmetadata: {name: acme}\nspec:\n  tier: tier-1\n', [{ ...PIN, cell: 'true', infraGroup: '123' }]);
  assert.match(out, /cell: "true"\n {4}infraGroup: "123"\n$/);
});

test('a tenant the file does not define, or a pin no minimal edit can express, is refused', () => {
  const missing = applyPinEdits('kind: Tenant\nmetadata: {name: other}\nspec: {tier: tier-1}\n', [PIN]);
  assert.deepEqual(missing, { ok: false, message: 'no Tenant acme in this file' });
  const anchored = applyPinEdits('kind: Tenant\nmetadata: {name: acme}\nspec:\n  tier: tier-1\n  placement:\n    cell: [a]\n', [PIN]);
  assert.equal(anchored.ok, false);
});
