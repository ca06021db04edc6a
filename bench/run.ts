// `npm run bench`: runs every bench module, prints each figure, and rewrites bench/RESULTS.md.
// To add a benchmark, write a module exporting a BenchModule and list it in MODULES.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchModule } from './figure.js';
import { coldConvergeBench } from './cold-converge.bench.js';
import { stopMotoTier } from './moto-tier.js';
import { noOpPassBench } from './no-op-pass.bench.js';
import { noOpObservedBench } from './no-op-observed.bench.js';
import { onboardingBench } from './onboarding.bench.js';
import { footprintBench } from './daemon-footprint.bench.js';
import { stopKeptDaemon } from './bench-daemon.js';
import { placementBench } from './placement.bench.js';
import { pureCoreBench } from './pure-core.bench.js';
import { gitopsBench } from './gitops.bench.js';
import { renderResults, type Machine, type Section } from './results-md.js';

/** Scenario 3 builds the tier scenarios 1 and 2 then use; scenario 5 measures the daemon
 * scenario 2 leaves running: keep them in this order. */
const MODULES: readonly BenchModule[] = [coldConvergeBench, noOpPassBench, onboardingBench, footprintBench, pureCoreBench, placementBench, noOpObservedBench, gitopsBench];

/** `--only onboarding,footprint`: the modules whose title contains one of the words (case-blind);
 * RESULTS.md is then left alone, since it would hold only part of the suite. */
function selected(argv: readonly string[]): { readonly modules: readonly BenchModule[]; readonly all: boolean } {
  const i = argv.indexOf('--only');
  if (i < 0) return { modules: MODULES, all: true };
  const words = (argv[i + 1] ?? '').toLowerCase().split(',').filter((w) => w !== '');
  const modules = MODULES.filter((m) => words.some((w) => m.title.toLowerCase().includes(w)));
  if (modules.length === 0) throw new Error(`--only ${argv[i + 1] ?? ''}: no bench module's title matches`);
  return { modules, all: false };
}

/** Source tree path: this file runs compiled from dist/bench/. */
const RESULTS_PATH = fileURLToPath(new URL('../../bench/RESULTS.md', import.meta.url));
/** Hand-written: the floors' derivation and why a target is missed, appended to RESULTS.md. */
const NOTES_PATH = fileURLToPath(new URL('../../bench/results-notes.md', import.meta.url));

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return dirty === '' ? head : `${head} (with uncommitted changes)`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function machine(): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    node: process.version,
    platform: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    commit: gitCommit(),
  };
}

async function main(): Promise<number> {
  const sections: Section[] = [];
  let allMet = true;
  const { modules, all } = selected(process.argv);
  for (const module of modules) {
    console.log(`# ${module.title}`);
    let figures;
    try {
      figures = await module.run();
    } catch (error) {
      // A scenario that cannot be measured honestly fails loudly, and the others still report.
      const failed = error instanceof Error ? error.message : String(error);
      console.log(`FAILED   ${module.title}: ${failed}`);
      sections.push({ title: module.title, figures: [], failed });
      allMet = false;
      continue;
    }
    for (const f of figures) {
      console.log(`${f.met ? 'met    ' : 'NOT MET'}  ${f.name}: ${f.value} ${f.unit} (target ${f.target})${f.note ? `  ${f.note}` : ''}`);
      allMet &&= f.met;
    }
    sections.push({ title: module.title, figures });
  }
  if (all) {
    writeFileSync(RESULTS_PATH, renderResults(machine(), sections, readFileSync(NOTES_PATH, 'utf8')));
    console.log(`wrote ${RESULTS_PATH}`);
  } else {
    console.log(`--only: ${RESULTS_PATH} left as it was`);
  }
  return allMet ? 0 : 1;
}

main()
  .finally(async () => {
    await stopKeptDaemon();
    await stopMotoTier();
  })
  .then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
