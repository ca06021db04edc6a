// `tiered run`: builds the controller's parts (source, AWS clients, leases, status, HTTP) from
// the flags, starts the daemon, and on SIGTERM/SIGINT stops it within --shutdown-timeout and
// exits 0. With --local it first starts local AWS, bootstraps it from the manifests, creates
// the lease table there and points this process's AWS clients at it; the controller code never
// knows (it only sees AWS_ENDPOINT_URL, docs/design.md §10).
import { createAwsClientFactory } from '../aws/clients.js';
import { Daemon } from '../controller/daemon.js';
import { ControllerMetrics } from '../controller/http/metrics.js';
import { cachedCheck, daemonReadinessChecks, evaluateReadiness } from '../controller/http/readiness.js';
import { startHttpServer } from '../controller/http/server.js';
import { StatusStore } from '../controller/http/status-store.js';
import { AlwaysHeldLeases } from '../controller/leases/always-held-leases.js';
import { defaultHolderId, DynamoLeaseProvider } from '../controller/leases/dynamodb-leases.js';
import { leaseTableClientOf } from '../controller/leases/lease-table-client.js';
import { ensureLeaseTable } from '../controller/leases/lease-table.js';
import type { LeaseTableClient } from '../controller/leases/lease-table-client.js';
import type { LeaseLossReason, LeaseProvider } from '../controller/leases/lease-types.js';
import { createLogger } from '../controller/log.js';
import type { Logger } from '../controller/log.js';
import { parseRunOptions, RUN_USAGE } from '../controller/run-options.js';
import type { RunOptions } from '../controller/run-options.js';
import { DirectorySource } from '../controller/sources/directory-source.js';
import { GitSource } from '../controller/sources/git-source.js';
import type { ManifestSource } from '../controller/sources/manifest-source.js';
import { formatIssue, loadManifestSet } from '../desired/manifests/manifests.js';
import { startLocalAws } from '../local/local-aws.js';
import type { LocalAws } from '../local/local-aws.js';
import { bootstrap, DEFAULT_REGION, DUMMY_CREDENTIALS, exportLines, renderSummary } from './local-env.js';
import { awaitSignal } from './signals.js';

/** After the shutdown timeout, this much longer for leases, HTTP and local AWS to close. */
const CLOSE_GRACE_MS = 15_000;
/** /readyz asks AWS who we are at most this often. */
const AWS_PROBE_TTL_MS = 30_000;

function awsRegion(): string {
  return process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
}

function sourceOf(options: RunOptions): ManifestSource {
  const s = options.source;
  const limits = options.manifestLimits;
  return s.kind === 'directory'
    ? new DirectorySource({ path: s.path, limits })
    : new GitSource({ url: s.url, ref: s.ref, path: s.path, intervalMs: s.intervalMs, credentials: s.credentials, limits });
}

/** Local AWS for `--local`: started, bootstrapped from the manifests, with the lease table,
 * and this process pointed at it. Undefined (after printing why) when the manifests are invalid. */
async function startLocal(options: RunOptions, dir: string): Promise<LocalAws | undefined> {
  const loaded = await loadManifestSet(dir, options.manifestLimits);
  if (!loaded.ok) {
    for (const issue of loaded.errors) console.error(formatIssue(issue));
    console.error(`tiered run: ${dir} is invalid (${loaded.errors.length} errors); local AWS was not started.`);
    return undefined;
  }
  const local = await startLocalAws();
  const region = loaded.set.tiers[0]?.spec.region ?? DEFAULT_REGION;
  process.env.AWS_ENDPOINT_URL = local.endpoint;
  process.env.AWS_REGION = region;
  process.env.AWS_ACCESS_KEY_ID = DUMMY_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DUMMY_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  try {
    const summary = await bootstrap(local, loaded.set);
    console.error(`tiered run: local AWS (moto pid ${local.moto.pid}) at ${local.endpoint}, bootstrapped from ${dir}:`);
    for (const line of renderSummary(summary)) console.error(line);
    if (options.leaderElection && !options.dryRun) {
      const factory = createAwsClientFactory();
      try {
        await ensureLeaseTable(leaseTableClientOf(factory.clients({ region }).dynamodb), options.leaseTable, { pollMs: 100 });
      } finally {
        factory.destroy();
      }
    }
  } catch (error) {
    await local.stop();
    throw error;
  }
  return local;
}

function leaseProvider(
  options: RunOptions,
  client: LeaseTableClient,
  onChange: (tier: string, held: boolean, reason?: LeaseLossReason) => void,
): LeaseProvider {
  // A dry run writes nothing, so it competes for nothing: it never delays the real leader.
  if (!options.leaderElection || options.dryRun) return new AlwaysHeldLeases();
  return new DynamoLeaseProvider({
    client,
    tableName: options.leaseTable,
    holder: defaultHolderId(),
    leaseDurationMs: options.leaseDurationMs,
    onChange,
  });
}

async function serve(options: RunOptions, log: Logger, signal: Promise<NodeJS.Signals>, local: LocalAws | undefined): Promise<number> {
  const metrics = new ControllerMetrics();
  const store = new StatusStore(metrics);
  const factory = createAwsClientFactory({ onCall: (call) => store.recordAwsCall(call.service, call.operation, call.outcome) });
  const region = awsRegion();
  // Set once the daemon exists; the lease provider may call back before that, and finds none.
  // eslint-disable-next-line prefer-const -- a const here would throw in that early callback
  let daemon: Daemon | undefined;
  const leases = leaseProvider(options, leaseTableClientOf(factory.clients({ region }).dynamodb), (tier, held, reason) =>
    daemon?.leaseChanged(tier, held, reason),
  );
  const running = new Daemon({
    source: sourceOf(options),
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
  });
  daemon = running;
  const aws = cachedCheck(async () => {
    const who = await factory.clients({ region }).sts.getCallerIdentity();
    return { ok: true, detail: `account ${who.Account ?? 'unknown'}` };
  }, AWS_PROBE_TTL_MS);
  const http = await startHttpServer({
    listen: options.listen,
    status: () => running.status(),
    readiness: () => evaluateReadiness(daemonReadinessChecks(store, aws)),
    metrics: () => metrics.render(),
  });
  log.info({ url: http.url, status_url: `${http.url}/status` }, 'http listening');
  if (local !== undefined) {
    console.error(`\ntiered run: status at ${http.url}/status (metrics at ${http.url}/metrics)`);
    console.error('Point the AWS CLI at local AWS with:');
    for (const line of exportLines(local.endpoint, region)) console.error(line);
    console.error('Edit the manifests and watch them converge; Ctrl-C stops everything.\n');
  }

  let code = 0;
  try {
    await running.start();
    const received = await signal;
    log.info({ signal: received, timeout_ms: options.shutdownTimeoutMs }, 'shutting down');
  } catch (error) {
    log.fatal({ error: error instanceof Error ? error.message : String(error) }, 'controller could not start');
    code = 1;
  }
  // Nothing may keep an orchestrator waiting past its own stop timeout.
  const hardStop = setTimeout(() => {
    log.error('shutdown did not finish in time; exiting');
    process.exit(1);
  }, options.shutdownTimeoutMs + CLOSE_GRACE_MS);
  hardStop.unref();
  await running.stop(options.shutdownTimeoutMs);
  await http.close();
  factory.destroy();
  clearTimeout(hardStop);
  return code;
}

export async function runRun(argv: string[]): Promise<number> {
  const parsed = parseRunOptions(argv, process.env);
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
  let local: LocalAws | undefined;
  try {
    if (options.local) {
      local = await startLocal(options, (options.source as { path: string }).path);
      if (local === undefined) return 1;
    }
    const code = await serve(options, log, signalled.signal, local);
    log.info({ code }, 'stopped');
    return code;
  } finally {
    await local?.stop();
    signalled.release();
  }
}
