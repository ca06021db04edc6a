// Scenario 5's idle window, made to be idle: it opens only once the daemon is converged and
// quiet (no pass running, queued or waiting to retry, no resync due before the window closes,
// and for a settle period the proxy counted no AWS call but the lease table's upkeep), and it is
// checked afterwards. A pass or any AWS call other than the lease table's upkeep inside it makes it invalid:
// the bench then throws, naming what ran and why (from the daemon's log), instead of reporting
// a CPU figure that measured a pass.
import type { LogLine } from '../test/support/daemon-process.js';
import type { BenchDaemon } from './bench-daemon.js';
import { sampleProcess, type ProcessSample } from './bench-daemon.js';
import { TIER } from './tier-workload.js';

/** The parts of /status the window reads beyond the tests' StatusJson. */
interface ScheduleJson {
  readonly converged: boolean;
  readonly scheduler: { readonly depth: number; readonly inFlight: number; readonly nextResyncAt?: number };
  readonly tiers: Readonly<Record<string, { readonly schedule: { readonly phase: string; readonly passes: number; readonly lastStartedAt?: number; readonly nextRetryAt?: number } | null }>>;
}

export interface IdleWindowOptions {
  /** How long the proxy must count nothing but the lease table's upkeep before the window opens. */
  readonly settleMs: number;
  readonly windowMs: number;
  /** Give up waiting for quiet after this long (the figure is then not reported). */
  readonly quietWithinMs: number;
}

export interface IdleWindow {
  readonly start: ProcessSample;
  readonly end: ProcessSample;
  readonly windowMs: number;
  /** From the call to the window's opening. */
  readonly waitedMs: number;
  readonly leaseReads: number;
  readonly leaseWrites: number;
  /** What the daemon did between the call and the window (passes with their reasons, lease
   * changes): why it was not quiet at once. */
  readonly before: readonly string[];
}

/** What the daemon's log says it did: passes, plans, lease changes, revisions. */
const ACTIVITY = new Set(['pass finished', 'pass failed', 'planned', 'lease acquired', 'lease lost', 'lease released', 'revision loaded', 'pass stalled: still running past --stall-after']);

function describe(line: LogLine): string {
  const t = typeof line['time'] === 'string' ? line['time'].slice(11, 23) : '?';
  const pick = ['reasons', 'result', 'outcome', 'attempt', 'duration_ms', 'scope', 'actions', 'drift', 'reason', 'error', 'next_retry_at', 'tiers'];
  const fields = pick.filter((k) => line[k] !== undefined).map((k) => `${k}=${JSON.stringify(line[k])}`);
  return `${t} ${line.msg ?? '?'}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
}

function activity(logs: readonly LogLine[], from: number): string[] {
  return logs.slice(from).filter((l) => ACTIVITY.has(l.msg ?? '')).map(describe);
}

/** AWS calls the proxy counted since its last reset other than the lease table's upkeep (the
 * renewals and heartbeats, UpdateItem; balancing's read of the table, Scan: docs/leases.md),
 * per operation. */
function notRenewals(daemon: BenchDaemon): string[] {
  return daemon.tier.local.proxy
    .counters()
    .filter((r) => !(r.service === 'dynamodb' && (r.operation === 'UpdateItem' || r.operation === 'Scan')))
    .map((r) => `${r.service}:${r.operation} ${r.count}${r.outcome === 'ok' ? '' : ` (${r.outcome})`}`);
}

async function schedule(daemon: BenchDaemon): Promise<ScheduleJson> {
  return JSON.parse((await daemon.process.get('/status')).body) as ScheduleJson;
}

/** Why the daemon is not quiet now (undefined: it is). */
function busy(s: ScheduleJson, windowEndsAt: number): string | undefined {
  const tier = s.tiers[TIER]?.schedule;
  if (s.scheduler.inFlight > 0 || s.scheduler.depth > 0) return `a pass running or queued (in flight ${s.scheduler.inFlight}, queued ${s.scheduler.depth})`;
  if (tier?.phase !== 'idle') return `the tier is ${tier?.phase ?? 'unknown'}${tier?.nextRetryAt !== undefined ? ` until ${new Date(tier.nextRetryAt).toISOString()}` : ''}`;
  if (!s.converged) return 'not converged';
  if (s.scheduler.nextResyncAt !== undefined && s.scheduler.nextResyncAt <= windowEndsAt) return `the resync is due at ${new Date(s.scheduler.nextResyncAt).toISOString()}`;
  return undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function idleWindow(daemon: BenchDaemon, options: IdleWindowOptions): Promise<IdleWindow> {
  const pid = daemon.process.child.pid;
  if (pid === undefined) throw new Error('bench: the daemon has no pid');
  const proxy = daemon.tier.local.proxy;
  const calledAt = Date.now();
  const logsAtCall = daemon.process.logs.length;
  const deadline = calledAt + options.quietWithinMs;
  let lastReason = 'not checked';
  for (;;) {
    if (Date.now() > deadline) {
      throw new Error(`bench: the daemon was not quiet within ${options.quietWithinMs / 1000} s (last: ${lastReason}); its activity meanwhile: ${activity(daemon.process.logs, logsAtCall).join('; ') || 'none logged'}`);
    }
    // The window and its settle period must both end before the next resync.
    const reason = busy(await schedule(daemon), Date.now() + options.settleMs + options.windowMs + 5_000);
    if (reason !== undefined) {
      lastReason = reason;
      await sleep(500);
      continue;
    }
    proxy.resetCounters();
    await sleep(options.settleMs);
    const calls = notRenewals(daemon);
    const after = busy(await schedule(daemon), Date.now() + options.windowMs + 5_000);
    if (calls.length === 0 && after === undefined) break;
    lastReason = after ?? `AWS calls other than the lease table's upkeep while settling: ${calls.join(', ')}`;
  }

  const before = activity(daemon.process.logs, logsAtCall);
  const waitedMs = Date.now() - calledAt;
  const opened = await schedule(daemon);
  const logsAtOpen = daemon.process.logs.length;
  proxy.resetCounters();
  const start = sampleProcess(pid);
  const startedAt = Date.now();
  await sleep(options.windowMs);
  const end = sampleProcess(pid);
  const windowMs = Date.now() - startedAt;
  const closed = await schedule(daemon);

  const leaseReads = proxy.count({ service: 'dynamodb', mutating: false });
  const leaseWrites = proxy.count({ service: 'dynamodb', mutating: true });
  const wrong: string[] = [];
  const was = opened.tiers[TIER]?.schedule;
  const is = closed.tiers[TIER]?.schedule;
  if (is?.passes !== was?.passes || is?.lastStartedAt !== was?.lastStartedAt) {
    wrong.push(`a pass started in it (passes ${was?.passes} -> ${is?.passes}, phase now ${is?.phase})`);
  }
  const calls = notRenewals(daemon);
  if (calls.length > 0) wrong.push(`AWS calls other than the lease table's upkeep: ${calls.join(', ')}`);
  const during = activity(daemon.process.logs, logsAtOpen);
  if (during.length > 0) wrong.push(`the daemon logged: ${during.join('; ')}`);
  if (wrong.length > 0) {
    throw new Error(`bench: the ${windowMs / 1000} s idle window was not idle, so its CPU is not reported: ${wrong.join('; ')}${before.length > 0 ? `; before it: ${before.join('; ')}` : ''}`);
  }
  return { start, end, windowMs, waitedMs, leaseReads, leaseWrites, before };
}
