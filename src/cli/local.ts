// `tiered local [--port N] [--bootstrap <dir>] [--seed N]`: moto behind tiered's counting,
// fault-injecting proxy, in the foreground, optionally with the prerequisites of a manifest set
// created in it. Prints what to export to point the AWS CLI (or tiered) at it; stops everything
// on SIGINT/SIGTERM and exits 0, or exits 1 if moto dies.
import { parseArgs } from 'node:util';
import { formatIssue, loadManifestSet } from '../desired/manifests/manifests.js';
import { manifestLimitsFromEnv } from './manifest-limits-env.js';
import type { ManifestSet } from '../desired/model.js';
import { startLocalAws } from '../local/local-aws.js';
import { DEFAULT_REGION } from '../aws/clients.js';
import { bootstrap, cellLookLines, exportLines, renderSummary } from './local-env.js';
import { awaitSignal } from './signals.js';

const USAGE = `usage: tiered local [--port N] [--bootstrap <manifest-dir>] [--seed N]

Local AWS in the foreground: moto behind tiered's counting, fault-injecting proxy, on 127.0.0.1.
Prints what to export to point the AWS CLI (or tiered) at it; Ctrl-C stops it.

options:
  --port, -p N               the proxy's port (default 0: any free port)
  --bootstrap, -b DIR        first create what the manifests of DIR reference (VPCs, subnets,
                             security groups, hosted zones) in the accounts that hold them
  --seed N                   the seed of injected faults (default random)
  --help, -h                 this help`;

interface LocalArgs {
  readonly port: number;
  readonly seed: number | undefined;
  readonly bootstrap: string | undefined;
}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}; found '${text}'`);
  return n;
}

function parse(argv: string[]): LocalArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      bootstrap: { type: 'string', short: 'b' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
  return {
    port: integer('port', values.port, 0, 65535) ?? 0,
    seed: integer('seed', values.seed, 0, 2 ** 31 - 1),
    bootstrap: values.bootstrap,
  };
}

export async function runLocal(argv: string[]): Promise<number> {
  let args: LocalArgs | 'help';
  try {
    args = parse(argv);
  } catch (err) {
    console.error(`tiered local: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }

  // A broken manifest set is refused before anything starts.
  let set: ManifestSet | undefined;
  if (args.bootstrap !== undefined) {
    const loaded = await loadManifestSet(args.bootstrap, manifestLimitsFromEnv());
    if (!loaded.ok) {
      for (const issue of loaded.errors) console.error(formatIssue(issue));
      console.error(`tiered local: cannot bootstrap from ${args.bootstrap}: ${loaded.errors.length} manifest error(s); nothing was started.`);
      return 1;
    }
    set = loaded.set;
  }

  // A signal during start-up is handled by moto's own exit hook (it kills moto and ends us).
  const local = await startLocalAws({ proxy: { port: args.port, ...(args.seed === undefined ? {} : { seed: args.seed }) } });
  const signalled = awaitSignal();
  try {
    console.log(`tiered local: moto (pid ${local.moto.pid}) behind the proxy at ${local.endpoint}, fault seed ${local.proxy.seed}`);
    if (set !== undefined) {
      const summary = await bootstrap(local, set);
      console.log(`bootstrapped from ${args.bootstrap}:`);
      for (const line of renderSummary(summary)) console.log(line);
    }
    const region = set?.tiers[0]?.spec.region ?? DEFAULT_REGION;
    console.log('\nPoint the AWS CLI or tiered at it with:');
    for (const line of exportLines(local.endpoint, region)) console.log(line);
    if (set !== undefined) for (const line of cellLookLines(set)) console.log(line);
    console.log('\nCtrl-C stops it.');
    // moto dying takes every resource with it: say so and stop, rather than serve a dead proxy.
    const ended = await Promise.race([signalled.signal, local.moto.exited]);
    if (typeof ended !== 'string') {
      console.error(`tiered local: moto (pid ${local.moto.pid}) exited (${ended.signal !== null ? `signal ${ended.signal}` : `code ${ended.code}`}); stopping`);
      return 1;
    }
    console.log(`tiered local: ${ended}, stopping`);
  } finally {
    await local.stop();
    signalled.release();
  }
  return 0;
}
