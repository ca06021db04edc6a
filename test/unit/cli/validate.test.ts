// `tiered validate` as a user runs it: the compiled binary, its exit code and its output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commands } from '../../../src/cli/commands.js';
import { tiered as runTiered } from '../../support/run-cli.js';

const tiered = (...args: string[]) => runTiered(args);

test('validate exits 0 on the examples and prints a summary', () => {
  const run = tiered('validate', 'manifests/examples');
  assert.equal(run.code, 0);
  assert.equal(run.stdout.trim(), 'manifests/examples: valid: 3 tiers, 4 cells, 6 infra groups, 12 tenants.');
});

test('validate exits 1 on a broken set and prints file:line:col: message relative to the working directory', () => {
  const run = tiered('validate', 'test/fixtures/broken/errors-in-several-files');
  assert.equal(run.code, 1);
  assert.deepEqual(run.stderr.trim().split('\n'), [
    'test/fixtures/broken/errors-in-several-files/a.yaml:7:13: spec.clusters must be at least 1; found 0.',
    'test/fixtures/broken/errors-in-several-files/b.yaml:7:12: spec.suspend must be true or false; found the string "yes".',
    'test/fixtures/broken/errors-in-several-files: invalid: 2 errors, 0 warnings.',
  ]);
});

test('validate --output json reports validity, errors with their fields, warnings and counts', () => {
  const run = tiered('validate', 'test/fixtures/broken/six-clusters', '--output', 'json');
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(report, {
    valid: false,
    errors: [
      {
        file: 'test/fixtures/broken/six-clusters/tenant.yaml',
        line: 7,
        col: 13,
        document: 'Tenant/tenant-a',
        path: 'spec.clusters',
        message:
          'Tenant "tenant-a" asks for 6 clusters, but one listener rule of tier tier-1 forwards to at most 5 target groups (limits.targetGroupsPerRule); ask for at most 5.',
      },
    ],
    warnings: [],
    counts: { tiers: 1, cells: 1, infraGroups: 1, tenants: 1 },
  });
});

test('validate --output json on a valid set counts every kind', () => {
  const run = tiered('validate', 'manifests/examples', '-o', 'json');
  assert.equal(run.code, 0);
  const report = JSON.parse(run.stdout) as { valid: boolean; counts: unknown };
  assert.equal(report.valid, true);
  assert.deepEqual(report.counts, { tiers: 3, cells: 4, infraGroups: 6, tenants: 12 });
});

test('validate without a directory, or with an unknown output format, is a usage error', () => {
  assert.equal(tiered('validate').code, 1);
  const bad = tiered('validate', 'manifests/examples', '--output', 'yaml');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--output must be text or json; found yaml/);
});

test('validate says a missing path does not exist', () => {
  const run = tiered('validate', 'no/such/dir');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^no\/such\/dir: no\/such\/dir does not exist\.$/m);
});

test('validate accepts files as well as directories: the set they make together', () => {
  const run = tiered('validate', 'manifests/examples/tiers/tier-1.yaml', 'manifests/examples/tenants/acme.yaml', '-o', 'json');
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual((JSON.parse(run.stdout) as { counts: unknown }).counts, { tiers: 1, cells: 2, infraGroups: 4, tenants: 1 });
});


test('--version prints the package version; usage errors go to stderr with exit 1', () => {
  const version = tiered('--version');
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^tiered \d+\.\d+\.\d+\n$/);
  const unknown = tiered('frobnicate');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  const badOption = tiered('plan', 'manifests/examples', '--frob');
  assert.equal(badOption.code, 1);
  assert.equal(badOption.stdout, '');
  assert.match(badOption.stderr, /Unknown option '--frob'/);
});

test('every command has a full --help: its options, with their defaults', async (t) => {
  // In this process: one load of the AWS SDK instead of one per command.
  const printed: string[] = [];
  t.mock.method(console, 'log', (text: string) => printed.push(text));
  for (const [command, { run }] of Object.entries(commands)) {
    printed.length = 0;
    assert.equal(await run(['--help']), 0, command);
    const help = printed.join('\n');
    assert.match(help, new RegExp(`^usage: tiered ${command} `), command);
    assert.match(help, /\n {2}--\S/, `${command} lists its options`);
    assert.match(help, /--output|--port|--instance-id|--manifests/, command);
  }
});
