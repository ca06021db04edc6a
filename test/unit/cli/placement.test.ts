// `tiered placement` as a user runs it: the compiled binary, its exit code and its output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tiered } from '../../support/run-cli.js';

test('placement places every example tenant and exits 0, saying plainly that the placement is hypothetical', () => {
  const run = tiered(['placement', 'manifests/examples', '--offline']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^Hypothetical first placement: where the tenants would go if none were placed yet \(--offline\)\.$/m);
  assert.match(run.stdout, /^12 of 12 tenants placed \(12 new, 0 live\), 0 unschedulable$/m);
  assert.match(run.stdout, /tier-1\/cell-1\/ig-1 +\d+\/100 \(80\)/);
});

test('placement --output json lists a placement per tenant', () => {
  const run = tiered(['placement', 'manifests/examples', '--output', 'json', '--offline']);
  assert.equal(run.code, 0);
  const report = JSON.parse(run.stdout) as { summary: { placed: number }; placements: unknown[] };
  assert.equal(report.summary.placed, 12);
  assert.equal(report.placements.length, 12);
});

test('placement refuses an invalid manifest set with its errors and exits 1', () => {
  const run = tiered(['placement', 'test/fixtures/broken/six-clusters', '--offline']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /six-clusters\/tenant\.yaml:7:13: /);
});

test('placement without a directory prints its usage and exits 1', () => {
  const run = tiered(['placement']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /usage: tiered placement <dir>/);
});

test('placement -o html writes one self-contained page with the placement embedded', () => {
  const run = tiered(['placement', 'manifests/examples', '-o', 'html', '--offline']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^<!doctype html>/);
  assert.doesNotMatch(run.stdout, /<script src=|<link /, 'nothing is loaded from a file or the network');
  const data = /<script type="application\/json" id="tiered-data">([^<]*)<\/script>/.exec(run.stdout)?.[1];
  const snapshot = JSON.parse(data ?? 'null') as { tiers: Record<string, { placement: { fill: { tenants: { used: number } }[] } }>; tenants: Record<string, { clusters: unknown[] }> };
  const placed = Object.values(snapshot.tiers).flatMap((t) => t.placement.fill).reduce((n, f) => n + f.tenants.used, 0);
  assert.equal(placed, 12);
  assert.equal(snapshot.tenants['acme']?.clusters.length, 5);
});

test('placement without AWS configured says its placement is hypothetical, and why', () => {
  const run = tiered(['placement', 'manifests/examples'], { PATH: process.env.PATH, HOME: '/nonexistent' });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Hypothetical first placement: .*: no AWS credentials or endpoint configured\.$/m);
});

test('placement --rebalance of an unknown tier is a clear error (exit 1)', () => {
  const run = tiered(['placement', 'manifests/examples', '--rebalance', 'unknown-tier', '--offline']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^tiered placement: --rebalance: no tier named unknown-tier \(tiers: tier-1, tier-2, tier-3\)$/m);
});
