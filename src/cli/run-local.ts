// `tiered run --local`: local AWS started, bootstrapped from the manifests, with the lease table,
// and this process's AWS clients pointed at it. Loaded only when --local asks for it, so that a
// controller installed without local AWS (the container image) runs without it.
import { createAwsClientFactory, DEFAULT_REGION } from '../aws/clients.js';
import { ensureLeaseTable } from '../controller/leases/lease-table.js';
import { leaseTableClientOf } from '../controller/leases/lease-table-client.js';
import type { RunOptions } from '../controller/run-options.js';
import { formatIssue, loadManifestSet } from '../desired/manifests/manifests.js';
import { startLocalAws } from '../local/local-aws.js';
import type { LocalAws } from '../local/local-aws.js';
import { bootstrap, cellLookLines, DUMMY_CREDENTIALS, exportLines, renderSummary } from './local-env.js';

/** Local AWS as `tiered run` holds it: what to stop, and when it died under the daemon. */
export interface LocalSession {
  readonly local: LocalAws;
  /** Settles with why, once moto exits: its state died with it. */
  readonly exited: Promise<string>;
  /** Prints how to reach local AWS and the status page. */
  printHints(statusUrl: string, region: string): void;
}

/** Starts local AWS for the manifests in `dir`; undefined (after printing why) when they are
 * invalid. moto removes `scratch` (the manifest snapshots) if this process is SIGKILLed. */
export async function startLocalSession(options: RunOptions, dir: string, scratch: string): Promise<LocalSession | undefined> {
  const loaded = await loadManifestSet(dir, options.manifestLimits);
  if (!loaded.ok) {
    for (const issue of loaded.errors) console.error(formatIssue(issue));
    console.error(`tiered run: ${dir} is invalid (${loaded.errors.length} errors); local AWS was not started.`);
    return undefined;
  }
  const local = await startLocalAws({ moto: { scratchDir: scratch } });
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
  return {
    local,
    exited: local.moto.exited.then(
      ({ code, signal }) =>
        `local AWS (moto) exited (pid ${local.moto.pid}, ${signal !== null ? `signal ${signal}` : `code ${code}`}): its resources are gone; tiered run --local stops`,
    ),
    printHints(statusUrl, hintRegion) {
      console.error(`\ntiered run: status at ${statusUrl}/status (metrics at ${statusUrl}/metrics)`);
      console.error(`tiered run: status page at ${statusUrl}/ (open it in a browser)`);
      console.error('Point the AWS CLI at local AWS with:');
      for (const line of exportLines(local.endpoint, hintRegion)) console.error(line);
      for (const line of cellLookLines(loaded.set)) console.error(line);
      console.error('Edit the manifests and watch them converge; Ctrl-C stops everything.\n');
    },
  };
}
