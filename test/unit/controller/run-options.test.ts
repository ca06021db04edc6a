import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunOptions } from '../../../src/controller/run-options.js';
import type { RunOptions } from '../../../src/controller/run-options.js';

function options(argv: string[], env: NodeJS.ProcessEnv = {}): RunOptions {
  const parsed = parseRunOptions(argv, env);
  if (!parsed.ok || parsed.help) assert.fail(parsed.ok ? 'help' : parsed.message);
  return parsed.options;
}

function error(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  const parsed = parseRunOptions(argv, env);
  assert.equal(parsed.ok, false);
  return parsed.ok ? '' : parsed.message;
}

test('defaults: leader election on the tiered-leases table, 10 minute resync, 30 s shutdown, 127.0.0.1:8080', () => {
  const o = options(['--manifests', 'm']);
  assert.deepEqual(o.source, { kind: 'directory', path: 'm' });
  assert.equal(o.leaderElection, true);
  assert.equal(o.leaseTable, 'tiered-leases');
  assert.equal(o.resyncMs, 600_000);
  assert.equal(o.shutdownTimeoutMs, 30_000);
  assert.equal(o.listen, '127.0.0.1:8080');
  assert.equal(o.dryRun, false);
});

test('--git takes its ref, path and interval; the lease table may come from TIERED_LEASE_TABLE', () => {
  const o = options(['--git', 'file:///r.git', '--ref', 'prod', '--path', 'm/', '--interval', '5s', '--leader-election=false'], { TIERED_LEASE_TABLE: 'leases' });
  assert.deepEqual(o.source, { kind: 'git', url: 'file:///r.git', ref: 'prod', path: 'm/', intervalMs: 5_000, credentials: {} });
  assert.equal(o.leaderElection, false);
  assert.equal(o.leaseTable, 'leases');
});

test('exactly one source is required, and git-only flags need --git', () => {
  assert.match(error([]), /exactly one source/);
  assert.match(error(['--manifests', 'm', '--git', 'u']), /exactly one source/);
  assert.match(error(['--manifests', 'm', '--ref', 'x']), /--ref goes with --git/);
});

test('bad values name their flag', () => {
  assert.match(error(['--manifests', 'm', '--resync', '10']), /--resync '10'/);
  assert.match(error(['--manifests', 'm', '--leader-election=maybe']), /--leader-election must be true or false/);
  assert.match(error(['--manifests', 'm', '--concurrency', '0']), /--concurrency must be an integer/);
  assert.match(error(['--manifests', 'm', '--listen', 'nowhere']), /--listen 'nowhere'/);
});

test('--git refuses option-like URLs and transports other than https, ssh and file', () => {
  assert.match(error(['--git=--upload-pack=touch /tmp/pwned']), /--git: the repository URL must not start with '-'/);
  assert.match(error(['--git', 'ext::sh -c touch% /tmp/pwned']), /--git: the ext:: transport is not allowed/);
  assert.match(error(['--git', 'http://example.com/r.git']), /--git: the http:\/\/ transport is not allowed/);
  assert.match(error(['--git', 'git://example.com/r.git']), /--git: the git:\/\/ transport is not allowed/);
  for (const url of ['https://example.com/r.git', 'ssh://git@example.com/r.git', 'git@example.com:org/r.git', 'file:///srv/r.git', '/srv/r.git']) {
    assert.equal((options(['--git', url]).source as { url: string }).url, url);
  }
});

test('git credentials come from --git-credentials-file or TIERED_GIT_USERNAME / TIERED_GIT_PASSWORD', () => {
  const o = options(['--git', 'https://example.com/r.git', '--git-credentials-file', '/run/secrets/git'], { TIERED_GIT_USERNAME: 'bot', TIERED_GIT_PASSWORD: 'tok' });
  assert.deepEqual((o.source as { credentials: unknown }).credentials, { file: '/run/secrets/git', username: 'bot', password: 'tok' });
  assert.match(error(['--manifests', 'm', '--git-credentials-file', 'f']), /--git-credentials-file goes with --git/);
});

test('the manifests tree caps come from flags, else the environment, else the defaults', () => {
  assert.deepEqual(options(['--manifests', 'm']).manifestLimits, { maxFiles: 50_000, maxTotalBytes: 256 * 1024 ** 2 });
  assert.deepEqual(options(['--manifests', 'm', '--max-manifest-files', '10', '--max-manifest-bytes', '2MiB']).manifestLimits, { maxFiles: 10, maxTotalBytes: 2 * 1024 ** 2 });
  assert.deepEqual(options(['--manifests', 'm'], { TIERED_MAX_MANIFEST_FILES: '7', TIERED_MAX_MANIFEST_BYTES: '1000' }).manifestLimits, { maxFiles: 7, maxTotalBytes: 1000 });
  assert.match(error(['--manifests', 'm', '--max-manifest-bytes', 'lots']), /--max-manifest-bytes must be a size/);
  assert.match(error(['--manifests', 'm'], { TIERED_MAX_MANIFEST_FILES: '0' }), /TIERED_MAX_MANIFEST_FILES must be a whole number/);
});

test('timeouts: 10 s per AWS request, 3 s to connect, 30 s leases, stalled after 15 minutes', () => {
  const o = options(['--manifests', 'm']);
  assert.equal(o.requestTimeoutMs, 10_000);
  assert.equal(o.connectTimeoutMs, 3_000);
  assert.equal(o.leaseDurationMs, 30_000);
  assert.equal(o.stallAfterMs, 900_000);
  const set = options(['--manifests', 'm', '--request-timeout', '2s', '--connect-timeout', '500ms', '--lease-duration', '6s', '--stall-after', '1m']);
  assert.deepEqual([set.requestTimeoutMs, set.connectTimeoutMs, set.leaseDurationMs, set.stallAfterMs], [2_000, 500, 6_000, 60_000]);
});

test('a lease that cannot outlast a request plus its safety margin is refused, naming both flags', () => {
  assert.match(error(['--manifests', 'm', '--lease-duration', '10s']), /lease duration 10000 ms must exceed the request timeout \(10000 ms\) plus the safety margin \(2000 ms\).*--lease-duration.*--request-timeout/);
  assert.equal(options(['--manifests', 'm', '--lease-duration', '10s', '--leader-election=false']).leaseDurationMs, 10_000);
});

test('logs are pretty on a terminal and JSON elsewhere, unless --log-format says', () => {
  const format = (argv: string[], terminal: boolean) => {
    const parsed = parseRunOptions(['--manifests', 'm', ...argv], {}, terminal);
    assert.ok(parsed.ok && !parsed.help);
    return parsed.options.logFormat;
  };
  assert.equal(format([], true), 'pretty');
  assert.equal(format([], false), 'json');
  assert.equal(format(['--log-format', 'json'], true), 'json');
});
