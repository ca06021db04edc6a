// Child process of the GitOps-repository scenario (gitops.bench.ts), one measurement each, so
// that its peak RSS is its own. Prints one JSON line on stderr, prefixed BENCH (stdout is the
// command's own output).
//   validate <dir>:  `tiered validate <dir>` itself, run in this process.
//   plan-pure <dir>: plan's pure part: load + validate + place + compile + diff of every tier
//                    against a synthetic live state of the same set, built before the clock starts.
//   daemon <dir>:    the daemon's loading: a directory source on <dir> and the manifest cache, as
//                    Daemon.loadRevision uses them; the first revision, then one new tenant file
//                    written, from the write to the revision loaded and its scope known.
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { DirectorySource } from '../src/controller/sources/directory-source.js';
import type { SourceRevision } from '../src/controller/sources/manifest-source.js';
import { revisionChanges } from '../src/controller/revision-tracker.js';
import { ManifestCache } from '../src/desired/manifests/manifest-cache.js';
import { loadManifestSet } from '../src/desired/manifests/manifests.js';
import type { ManifestSet } from '../src/desired/model.js';
import { place } from '../src/desired/placement/placement.js';
import { compileTopology } from '../src/desired/topology/compile.js';
import { NO_HINTS } from '../src/desired/topology/live-hints.js';
import { livePlacement } from '../src/live/live-placement.js';
import { diff } from '../src/plan/diff.js';
import { hintsFromLive } from '../src/plan/hints-from-live.js';
import { liveFrom } from '../test/support/live-fixtures.js';
import { gitopsTenantFile, gitopsTenantPath } from './gitops-repo.js';

export interface GitopsRun {
  readonly mode: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly tenants?: number;
  readonly actions?: number;
  readonly setupRssMb?: number;
  /** daemon: the first revision, from start to loaded. */
  readonly firstLoadMs?: number;
  /** daemon: from the new tenant's write to its revision loaded and scoped. */
  readonly writeToScopedMs?: number;
  readonly scope?: string;
  readonly filesChecked?: number;
}

function report(run: GitopsRun): void {
  process.stderr.write(`BENCH ${JSON.stringify(run)}\n`);
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function loaded(dir: string): Promise<ManifestSet> {
  const result = await loadManifestSet(dir);
  if (!result.ok) throw new Error(`bench: ${dir} does not validate: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result.set;
}

async function validate(dir: string): Promise<void> {
  process.argv = [process.argv[0] as string, 'tiered', 'validate', dir];
  const { runValidate } = await import('../src/cli/validate.js');
  const code = await runValidate([dir]);
  // From the process's start: node, module loading and all, as a user waits for it.
  report({ mode: 'validate', wallMs: performance.now(), cpuMs: cpuMs({ user: 0, system: 0 }), peakRssMb: peakRssMb(), actions: code });
}

async function planPure(dir: string): Promise<void> {
  const before = await loaded(dir);
  const live = liveFrom(compileTopology(before, place(before, new Map()), NO_HINTS));
  const setupRssMb = process.memoryUsage().rss / 2 ** 20;
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const set = await loaded(dir);
  const placement = place(set, livePlacement(live.resources));
  const desired = compileTopology(set, placement, hintsFromLive(live.resources));
  const plan = diff(desired, live);
  report({
    mode: 'plan-pure',
    wallMs: performance.now() - start,
    cpuMs: cpuMs(cpu),
    peakRssMb: peakRssMb(),
    setupRssMb,
    tenants: set.tenants.length,
    actions: plan.actions.length + plan.conflicts.length,
  });
}

function nextRevision(source: DirectorySource): Promise<SourceRevision> {
  return new Promise((resolve, reject) => {
    const stop = source.subscribe((event) => {
      stop();
      if (event.type === 'revision') resolve(event.revision);
      else reject(new Error(event.error.message));
    });
  });
}

async function daemon(dir: string, newTenant: number): Promise<void> {
  const cache = new ManifestCache();
  let filesChecked = 0;
  const load = (revision: SourceRevision): ManifestSet => {
    const { result, counts } = cache.load(revision.dir, revision.files ?? new Map(), revision.contents);
    if (!result.ok) throw new Error(`bench: revision ${revision.revision} is invalid`);
    filesChecked = counts.checked;
    return result.set;
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  // The daemon's defaults: a 250 ms debounce, stamps trusted 2 s after a file's last change.
  const source = new DirectorySource({ path: dir });
  try {
    const first = nextRevision(source);
    await source.start();
    const set = load(await first);
    revisionChanges(undefined, set);
    const firstLoadMs = performance.now() - start;
    const firstCpuMs = cpuMs(cpu);
    const firstRssMb = peakRssMb();
    // A daemon in its steady state: the watcher has made its own first scan.
    await source.watchReady();
    const next = nextRevision(source);
    const writtenAt = performance.now();
    await writeFile(gitopsTenantPath(dir, newTenant), gitopsTenantFile(newTenant));
    const revision = await next;
    const after = load(revision);
    const changes = revisionChanges(set, after);
    const writeToScopedMs = performance.now() - writtenAt;
    const scope = [...changes.tiers].map(([tier, s]) => `${tier}: ${s.kind === 'full' ? 'full' : s.tenants.join(',')}`).join('; ');
    report({
      mode: 'daemon',
      wallMs: firstLoadMs,
      cpuMs: firstCpuMs,
      peakRssMb: firstRssMb,
      tenants: after.tenants.length,
      firstLoadMs,
      writeToScopedMs,
      scope,
      filesChecked,
    });
  } finally {
    await source.stop();
  }
}

const [mode, dir, extra] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: gitops-child.js validate|plan-pure|daemon <dir> [new tenant index]');
if (mode === 'validate') await validate(dir);
else if (mode === 'plan-pure') await planPure(dir);
else if (mode === 'daemon') await daemon(dir, Number(extra));
else throw new Error(`gitops-child: unknown mode ${mode}`);
