// `tiered run`: builds the controller's parts (source, AWS clients, leases, status, HTTP) from
// the flags, starts the daemon, and on SIGTERM/SIGINT stops it and exits 0, all within
// --shutdown-timeout whatever is in flight. With --local it first starts local AWS, bootstraps
// it from the manifests, creates the lease table there and points this process's AWS clients at
// it; the controller code never knows (it only sees AWS_ENDPOINT_URL, docs/design.md §10). If local AWS
// (moto) dies, its state died with it: the daemon reports it and exits 1 (README, "Local AWS").
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsClientFactory, DEFAULT_REGION } from '../aws/clients.js';
import { Daemon } from '../controller/daemon.js';
import { ControllerMetrics } from '../controller/http/metrics.js';
import { cachedCheck, daemonReadinessChecks, evaluateReadiness } from '../controller/http/readiness.js';
import { startHttpServer } from '../controller/http/server.js';
import { StatusStore } from '../controller/http/status-store.js';
import { AlwaysHeldLeases } from '../controller/leases/always-held-leases.js';
import { defaultHolderId, DynamoLeaseProvider } from '../controller/leases/dynamodb-leases.js';
import { leaseTableClientOf } from '../controller/leases/lease-table-client.js';
import type { LeaseTableClient } from '../controller/leases/lease-table-client.js';
import type { LeaseLossReason, LeaseProvider } from '../controller/leases/lease-types.js';
import { createLogger } from '../controller/log.js';
import type { Logger } from '../controller/log.js';
import { parseRunOptions, RUN_USAGE } from '../controller/run-options.js';
import type { RunOptions } from '../controller/run-options.js';
import { DirectorySource } from '../controller/sources/directory-source.js';
import { GitSource } from '../controller/sources/git-source.js';
import type { ManifestSource } from '../controller/sources/manifest-source.js';
import { loadLocalAwsModule } from './local-aws-module.js';
import type { LocalSession } from './run-local.js';
import { awaitSignal } from './signals.js';

/** Of the shutdown timeout, what is kept for releasing leases and closing HTTP and local AWS
 * once the passes in flight are abandoned. */
const CLOSE_RESERVE_MS = 5_000;
/** /readyz asks AWS who we are at most this often. */
const AWS_PROBE_TTL_MS = 30_000;

function awsRegion(): string {
  return process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
}

function sourceOf(options: RunOptions, scratch: string | undefined): ManifestSource {
  const s = options.source;
  const limits = options.manifestLimits;
  return s.kind === 'directory'
    ? new DirectorySource({ path: s.path, limits, ...(scratch === undefined ? {} : { snapshotParent: scratch }) })
    : new GitSource({ url: s.url, ref: s.ref, path: s.path, intervalMs: s.intervalMs, credentials: s.credentials, limits });
}

function leaseProvider(
  options: RunOptions,
  holder: string,
  client: LeaseTableClient,
  onChange: (tier: string, held: boolean, reason?: LeaseLossReason) => void,
  passRunning: (tier: string) => boolean,
): LeaseProvider {
  // A dry run writes nothing, so it competes for nothing: it never delays the real leader.
  if (!options.leaderElection || options.dryRun) return new AlwaysHeldLeases();
  return new DynamoLeaseProvider({
    client,
    tableName: options.leaseTable,
    holder,
    leaseDurationMs: options.leaseDurationMs,
    requestTimeoutMs: options.requestTimeoutMs,
    onChange,
    // Replicas share the tiers (docs/leases.md, "Sharing the fleet"); a tier given up is
    // released once its pass in flight has finished.
    balance: true,
    passRunning,
  });
}

/** Why the daemon stops: a signal (exit 0) or local AWS gone (exit 1). */
type StopCause = { readonly kind: 'signal'; readonly signal: NodeJS.Signals } | { readonly kind: 'local-aws-exited'; readonly detail: string };

async function serve(options: RunOptions, log: Logger, signal: Promise<NodeJS.Signals>, local: LocalSession | undefined, scratch: string | undefined): Promise<number> {
  const metrics = new ControllerMetrics();
  const store = new StatusStore(metrics);
  // One id names this process as lease holder and as the caller of its AWS calls.
  const holder = defaultHolderId();
  const factory = createAwsClientFactory({
    onCall: (call) => store.recordAwsCall(call.service, call.operation, call.outcome),
    onAttempt: (a) => store.recordAwsAttempt(a.service, a.operation, a.outcome, a.retryOf),
    callerId: holder,
    timeouts: { connectMs: options.connectTimeoutMs, requestMs: options.requestTimeoutMs },
  });
  const region = awsRegion();
  // Set once the daemon exists; the lease provider may call back before that, and finds none.
  // eslint-disable-next-line prefer-const -- a const here would throw in that early callback
  let daemon: Daemon | undefined;
  const leases = leaseProvider(
    options,
    holder,
    leaseTableClientOf(factory.clients({ region }).dynamodb),
    (tier, held, reason) => daemon?.leaseChanged(tier, held, reason),
    (tier) => daemon?.passRunning(tier) ?? false,
  );
  const running = new Daemon({
    source: sourceOf(options, scratch),
    factory,
    leases,
    store,
    log,
    instanceId: options.instanceId,
    concurrency: options.concurrency,
    resyncMs: options.resyncMs,
    dryRun: options.dryRun,
    planOptions: options.planOptions,
    manifestLimits: options.manifestLimits,
    stallAfterMs: options.stallAfterMs,
    readServiceQuotas: true,
  });
  daemon = running;
  const aws = cachedCheck(async () => {
    const who = await factory.clients({ region }).sts.getCallerIdentity();
    return { ok: true, detail: `account ${who.Account ?? 'unknown'}` };
  }, AWS_PROBE_TTL_MS);
  const http = await startHttpServer({
    listen: options.listen,
    status: () => running.status(),
    readiness: () => evaluateReadiness(daemonReadinessChecks(store, aws, () => running.passPhases())),
    metrics: () => metrics.render(),
    tenant: (name) => store.tenantSummary(name),
  });
  log.info({ url: http.url, status_url: `${http.url}/status` }, 'http listening');
  local?.printHints(http.url, region);

  let code = 0;
  const localExit = local === undefined ? new Promise<never>(() => undefined) : local.exited.then((detail): StopCause => ({ kind: 'local-aws-exited', detail }));
  const stopWhen = Promise.race([signal.then((s): StopCause => ({ kind: 'signal', signal: s })), localExit]);
  try {
    const cause = await Promise.race([running.start().then(() => stopWhen), stopWhen]);
    if (cause.kind === 'signal') {
      log.info({ signal: cause.signal, timeout_ms: options.shutdownTimeoutMs }, 'shutting down');
    } else {
      store.setAwsGone(cause.detail);
      log.error({ detail: cause.detail, timeout_ms: options.shutdownTimeoutMs }, 'local AWS (moto) exited: shutting down');
      code = 1;
    }
  } catch (error) {
    log.fatal({ error: error instanceof Error ? error.message : String(error) }, 'controller could not start');
    code = 1;
  }
  await shutDown(options.shutdownTimeoutMs, log, async (passesMs) => {
    await running.stop(passesMs);
    await http.close();
  }, factory);
  return code;
}

/**
 * Everything stops within `timeoutMs` (an orchestrator's stop timeout is the contract): the
 * passes in flight get the timeout less a reserve, then are abandoned; leases are released and
 * HTTP closed in the reserve; the AWS clients' sockets are destroyed, so a call still hanging
 * cannot hold the process. Past the timeout the process exits 1 whatever is left.
 */
async function shutDown(timeoutMs: number, log: Logger, stop: (passesMs: number) => Promise<void>, factory: { destroy(): void }): Promise<void> {
  const hardStop = setTimeout(() => {
    log.error({ timeout_ms: timeoutMs }, 'shutdown did not finish within --shutdown-timeout; exiting');
    process.exit(1);
  }, timeoutMs);
  hardStop.unref();
  const reserve = Math.min(CLOSE_RESERVE_MS, Math.floor(timeoutMs / 4));
  try {
    await stop(timeoutMs - reserve);
  } finally {
    factory.destroy();
  }
}

export async function runRun(argv: string[]): Promise<number> {
  const parsed = parseRunOptions(argv, process.env, process.stdout.isTTY === true);
  if (!parsed.ok) {
    console.error(`tiered run: ${parsed.message}\n\n${RUN_USAGE}`);
    return 1;
  }
  if (parsed.help) {
    console.log(RUN_USAGE);
    return 0;
  }
  const options = parsed.options;
  if (options.local && options.source.kind !== 'directory') {
    console.error('tiered run: --local bootstraps local AWS from a manifest directory: use it with --manifests');
    return 1;
  }
  const log = createLogger({ level: options.logLevel, format: options.logFormat });
  // Registered before local AWS starts: moto's own exit hook then leaves shutdown to us.
  const signalled = awaitSignal();
  let local: LocalSession | undefined;
  // With --local, this process's temporary files live in one directory, which local AWS removes
  // if the process dies without cleaning up.
  const scratch = options.local ? await mkdtemp(join(tmpdir(), 'tiered-run-')) : undefined;
  try {
    if (options.local) {
      // Imported here, not above: local AWS is loaded only when asked for.
      const { startLocalSession } = await loadLocalAwsModule(() => import('./run-local.js'));
      local = await startLocalSession(options, (options.source as { path: string }).path, scratch as string);
      if (local === undefined) return 1;
    }
    const code = await serve(options, log, signalled.signal, local, scratch);
    log.info({ code }, 'stopped');
    return code;
  } finally {
    await local?.local.stop();
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
    signalled.release();
    // An abandoned pass may still wait in an SDK retry's backoff timer: once every part has
    // stopped, nothing it does matters, and it must not keep the process alive.
    setTimeout(() => process.exit(), 0).unref();
  }
}
