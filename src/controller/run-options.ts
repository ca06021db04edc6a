// The flags of `tiered run`, parsed into one options object. Pure: the CLI reads argv and the
// environment and hands both in; errors name the flag and what it expects.
import { parseArgs } from 'node:util';
import { DEFAULT_INSTANCE_ID } from '../desired/tags.js';
import type { TierPlanOptions } from '../engine/plan-tier.js';
import type { TreeLimits } from '../desired/manifests/manifest-tree.js';
import { parseDuration } from './duration.js';
import { moveOptions } from '../engine/moves/move-options.js';
import { parseManifestLimits } from './manifest-limits.js';
import type { GitCredentials } from './sources/git-credentials.js';
import { gitUrlProblem } from './sources/git-url.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../aws/clients.js';
import { leaseTiming } from './leases/lease-timing.js';
import { DEFAULT_LISTEN, parseListenAddress } from './http/listen-address.js';
import { parseLogFormat, parseLogLevel } from './log.js';
import type { LogFormat, LogLevel } from './log.js';

export type SourceOption =
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'git'; readonly url: string; readonly ref: string; readonly path: string; readonly intervalMs: number; readonly credentials: GitCredentials };

export interface RunOptions {
  readonly source: SourceOption;
  /** Start local AWS (moto + proxy), bootstrap it from the manifests and point the clients at it. */
  readonly local: boolean;
  readonly resyncMs: number;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly leaderElection: boolean;
  readonly leaseTable: string;
  readonly leaseDurationMs: number;
  /** How long one AWS HTTP attempt may take (connect, send, answer) before the SDK retries. */
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** A pass running longer than this is reported stalled (/status, a warning, /readyz). */
  readonly stallAfterMs: number;
  readonly listen: string;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly shutdownTimeoutMs: number;
  readonly instanceId: string;
  readonly planOptions: TierPlanOptions;
  /** Caps on the manifests tree's file count and total size. */
  readonly manifestLimits: TreeLimits;
}

export const DEFAULT_LEASE_TABLE = 'tiered-leases';

export const RUN_USAGE = `usage: tiered run (--manifests <dir> | --git <url> [--ref main] [--path manifests/] [--interval 60s]) [options]

The long-running controller: keeps every tier of the manifests converged.

source of manifests (one of):
  --manifests DIR            watch a directory (edits and git-sync's symlink swap)
  --git URL                  poll a git repository with the system git
    --ref REF                branch or tag to follow (default main)
    --path DIR               manifests directory inside the repository (default manifests/)
    --interval DURATION      poll period (default 60s)
    --git-credentials-file FILE  https credentials in git-credentials format (https://user:token@host lines), only read;
                             or set TIERED_GIT_USERNAME / TIERED_GIT_PASSWORD; the host's git credential helpers work too
  --max-manifest-files N     refuse a tree of more manifest files (default $TIERED_MAX_MANIFEST_FILES or 50000)
  --max-manifest-bytes SIZE  refuse a tree whose manifest files hold more (default $TIERED_MAX_MANIFEST_BYTES or 256MiB)

options:
  --local                    start local AWS (moto + proxy), bootstrap it from the manifests, run against it
  --resync DURATION          full resync of every tier, jittered ±10% (default 10m)
  --concurrency N            tiers reconciled side by side (default 4)
  --dry-run                  observe and report drift, never change AWS
  --leader-election=BOOL     one writer per tier through a DynamoDB lease table (default true)
  --lease-table NAME         the lease table (default $TIERED_LEASE_TABLE or ${DEFAULT_LEASE_TABLE})
  --lease-duration DURATION  how long an unrenewed lease lasts (default 30s); more than the request
                             timeout plus a safety margin (a fifth of it, at most 3s) and a second
  --request-timeout DURATION one AWS HTTP attempt, sent to answered, before the SDK retries it (default 10s)
  --connect-timeout DURATION opening a connection to AWS (default 3s)
  --stall-after DURATION     a pass running longer is reported stalled: /status, a warning, and
                             /readyz fails when every tier is stalled (default 15m)
  --listen HOST:PORT         /healthz /readyz /metrics /status (default ${DEFAULT_LISTEN}; port 0 picks one)
  --log-level LEVEL          fatal, error, warn, info, debug, trace or silent (default info)
  --log-format json|pretty   (default pretty on a terminal, else json)
  --shutdown-timeout DURATION  on SIGTERM, how long the pass in flight may take to finish (default 30s)
  --instance-id ID           the tiered.dev/managed-by value this controller owns (default ${DEFAULT_INSTANCE_ID})
  --policy sync|upsert-only  override every tier's prune policy
  --max-delete-percent N     refuse a pass deleting more than N% of a tier's tenants (default 20)
  --allow-mass-delete        let such a pass through
  --adopt                    take over untagged resources of our identity
  --move-dns-ttl DURATION    how long a move waits at 100 % for clients' answers to expire, besides the bake (default 60s)`;

const OPTIONS = {
  manifests: { type: 'string' },
  git: { type: 'string' },
  ref: { type: 'string' },
  path: { type: 'string' },
  interval: { type: 'string' },
  'git-credentials-file': { type: 'string' },
  local: { type: 'boolean' },
  resync: { type: 'string' },
  concurrency: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'leader-election': { type: 'string' },
  'lease-table': { type: 'string' },
  'lease-duration': { type: 'string' },
  'request-timeout': { type: 'string' },
  'connect-timeout': { type: 'string' },
  'stall-after': { type: 'string' },
  listen: { type: 'string' },
  'log-level': { type: 'string' },
  'log-format': { type: 'string' },
  'shutdown-timeout': { type: 'string' },
  'instance-id': { type: 'string' },
  policy: { type: 'string' },
  'max-delete-percent': { type: 'string' },
  'allow-mass-delete': { type: 'boolean' },
  adopt: { type: 'boolean' },
  'move-dns-ttl': { type: 'string' },
  'max-manifest-files': { type: 'string' },
  'max-manifest-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`--${flag} must be an integer from ${min} to ${max}; found '${text}'`);
  return n;
}

function duration(flag: string, text: string | undefined, fallback: string, minMs = 0): number {
  const ms = parseDuration(text ?? fallback, `--${flag}`);
  if (ms < minMs) throw new Error(`--${flag} '${text}': at least ${minMs} ms`);
  return ms;
}

function bool(flag: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined) return fallback;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new Error(`--${flag} must be true or false; found '${text}'`);
}

function source(v: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): SourceOption {
  const dir = v['manifests'] as string | undefined;
  const url = v['git'] as string | undefined;
  if ((dir === undefined) === (url === undefined)) throw new Error('give exactly one source: --manifests <dir> or --git <url>');
  const gitOnly = ['ref', 'path', 'interval', 'git-credentials-file'].filter((k) => v[k] !== undefined);
  if (dir !== undefined) {
    if (gitOnly.length > 0) throw new Error(`--${gitOnly[0]} goes with --git, not --manifests`);
    return { kind: 'directory', path: dir };
  }
  const problem = gitUrlProblem(url as string);
  if (problem !== undefined) throw new Error(`--git: ${problem}`);
  const file = v['git-credentials-file'] as string | undefined;
  const password = env['TIERED_GIT_PASSWORD'];
  const username = env['TIERED_GIT_USERNAME'];
  return {
    kind: 'git',
    url: url as string,
    credentials: {
      ...(file !== undefined && { file }),
      ...(password !== undefined && password !== '' && { password, ...(username !== undefined && username !== '' && { username }) }),
    },
    ref: (v['ref'] as string | undefined) ?? 'main',
    path: (v['path'] as string | undefined) ?? 'manifests/',
    intervalMs: duration('interval', v['interval'] as string | undefined, '60s', 1),
  };
}

export type ParsedRunOptions = { readonly ok: true; readonly help: true } | { readonly ok: true; readonly help: false; readonly options: RunOptions } | { readonly ok: false; readonly message: string };

/** `terminal`: standard output is a terminal, where logs default to the pretty format. */
export function parseRunOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}, terminal = false): ParsedRunOptions {
  try {
    // A bare `--leader-election` means true, as for a boolean flag.
    const args = argv.map((a) => (a === '--leader-election' ? '--leader-election=true' : a));
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    if (values.help === true) return { ok: true, help: true };
    if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
    const v = values as Record<string, string | boolean | undefined>;
    const policy = values.policy;
    if (policy !== undefined && policy !== 'sync' && policy !== 'upsert-only') {
      throw new Error(`--policy must be sync or upsert-only; found '${policy}'`);
    }
    const maxDeletePercent = integer('max-delete-percent', values['max-delete-percent'], 0, 100);
    const listen = values.listen ?? DEFAULT_LISTEN;
    parseListenAddress(listen);
    const leaseDurationMs = duration('lease-duration', values['lease-duration'], '30s', 1_000);
    const requestTimeoutMs = duration('request-timeout', values['request-timeout'], `${DEFAULT_REQUEST_TIMEOUT_MS}ms`, 1);
    const leaderElection = bool('leader-election', values['leader-election'], true);
    if (leaderElection) leaseTiming({ durationMs: leaseDurationMs, requestTimeoutMs });
    return {
      ok: true,
      help: false,
      options: {
        source: source(v, env),
        local: values.local === true,
        resyncMs: duration('resync', values.resync, '10m', 1_000),
        concurrency: integer('concurrency', values.concurrency, 1, 64) ?? 4,
        dryRun: values['dry-run'] === true,
        leaderElection,
        leaseTable: values['lease-table'] ?? env['TIERED_LEASE_TABLE'] ?? DEFAULT_LEASE_TABLE,
        leaseDurationMs,
        requestTimeoutMs,
        connectTimeoutMs: duration('connect-timeout', values['connect-timeout'], `${DEFAULT_CONNECT_TIMEOUT_MS}ms`, 1),
        stallAfterMs: duration('stall-after', values['stall-after'], '15m', 1),
        listen,
        logLevel: parseLogLevel(values['log-level'] ?? 'info'),
        logFormat: parseLogFormat(values['log-format'] ?? (terminal ? 'pretty' : 'json')),
        shutdownTimeoutMs: duration('shutdown-timeout', values['shutdown-timeout'], '30s'),
        instanceId: values['instance-id'] ?? DEFAULT_INSTANCE_ID,
        manifestLimits: parseManifestLimits({ files: values['max-manifest-files'], bytes: values['max-manifest-bytes'] }, env),
        planOptions: {
          ...(policy !== undefined ? { policy } : {}),
          ...(maxDeletePercent !== undefined ? { maxDeletePercent } : {}),
          ...(values['allow-mass-delete'] === true ? { allowMassDelete: true } : {}),
          ...(values.adopt === true ? { adopt: true } : {}),
          ...moveOptions(false, values['move-dns-ttl']),
        },
      },
    };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
