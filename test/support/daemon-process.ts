// `tiered run` as a subprocess, as an operator runs it: its JSON log lines collected, its HTTP
// surfaces found from the `http listening` line, bounded waits (poll with a deadline, never a
// timing assertion), and a stop that reports the exit code.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetStatus } from '../../src/controller/leases/lease-types.js';
import { repoPath, REPO_ROOT } from './paths.js';

export type LogLine = Readonly<Record<string, unknown>> & { readonly msg?: string };

export interface DaemonProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every JSON line printed so far. */
  readonly logs: LogLine[];
  stderr(): string;
  /** Resolves with the base URL once the HTTP server listens. */
  url(): Promise<string>;
  get(path: string): Promise<{ readonly status: number; readonly body: string }>;
  /** GET /status as JSON. */
  status(): Promise<StatusJson>;
  /** Polls `check` until it returns a value other than undefined/false, or fails at the deadline. */
  until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process exits by itself. */
  exit(): Promise<number | null>;
}

/** The parts of /status the tests read. */
export interface StatusJson {
  readonly converged: boolean;
  readonly inForce: string | null;
  readonly source: {
    readonly revision: { readonly revision: string; readonly fullRevision: string } | null;
    readonly error: { readonly message: string } | null;
    readonly validation: { readonly revision: string; readonly errors: readonly string[] } | null;
  };
  readonly leases: { readonly known: boolean; readonly held: readonly string[] };
  /** Who holds which tier, from the lease table (null without leader election). */
  readonly fleet?: FleetStatus | null;
  readonly tiers: Readonly<
    Record<string, { readonly converged: boolean; readonly revision: string | null; readonly lastPass: { readonly result: string; readonly revision: string | null } | null; readonly errors: readonly string[] }>
  >;
}

export const CONVERGE_TIMEOUT_MS = 90_000;

export function startDaemon(args: readonly string[], env: NodeJS.ProcessEnv = {}): DaemonProcess {
  // The daemon's temporary files (manifest snapshots) go to a directory of its own, removed when
  // it exits: a SIGKILLed daemon cannot clean up after itself.
  const scratch = mkdtempSync(join(tmpdir(), 'tiered-daemon-test-'));
  const child = spawn(process.execPath, [repoPath('dist', 'src', 'cli', 'main.js'), 'run', '--listen', '127.0.0.1:0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TMPDIR: scratch, ...env },
    stdio: 'pipe',
  });
  child.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
  const logs: LogLine[] = [];
  let pending = '';
  let stderr = '';
  let onListening: ((url: string) => void) | undefined;
  const listening = new Promise<string>((resolve, reject) => {
    onListening = resolve;
    child.once('exit', (code) => reject(new Error(`tiered run exited (${code}) before listening:\n${stderr}`)));
  });
  listening.catch(() => undefined);
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const parsed = JSON.parse(line) as LogLine;
      logs.push(parsed);
      if (parsed.msg === 'http listening') onListening?.(parsed['url'] as string);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const get = async (path: string) => {
    const response = await fetch(`${await listening}${path}`);
    return { status: response.status, body: await response.text() };
  };
  const self: DaemonProcess = {
    child,
    logs,
    stderr: () => stderr,
    url: () => listening,
    get,
    async status() {
      return JSON.parse((await get('/status')).body) as StatusJson;
    },
    async until(what, check, timeoutMs = CONVERGE_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`tiered run exited (${child.exitCode}) while waiting for ${what}:\n${stderr}`);
        const value = await check();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exit: () => exited,
  };
  return self;
}

/** Log lines with this message (and, optionally, these fields). */
export function logsWith(logs: readonly LogLine[], msg: string, fields: Readonly<Record<string, unknown>> = {}): LogLine[] {
  return logs.filter((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v));
}

/** The environment that points a `tiered run` subprocess at a test backend. */
export function backendEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIATIEREDTEST000001',
    AWS_SECRET_ACCESS_KEY: 'tiered-test-secret',
  };
}

/** A tenant manifest, as a file in a manifests directory holds it. */
export function tenantYaml(name: string, tier: string, clusters: number): string {
  return `apiVersion: tiered.dev/v1alpha1\nkind: Tenant\nmetadata:\n  name: ${name}\nspec:\n  tier: ${tier}\n  clusters: ${clusters}\n`;
}
