// `tiered placement <dir> [--output text|json]`: where every tenant of a manifest set would be
// placed, and how full each infra group gets: against live AWS when it is configured, else (or
// with --offline) as a hypothetical first placement (placement-source.ts). With `--rebalance
// <tier>` or `--migrate <tenant> --to ...` it prints a plan of moves from that placement
// instead; `--write` pins the moved tenants in their manifest files (write-pins.ts), so the
// moves happen through review like any other change.
import { loadValidSet } from './load-valid-set.js';
import { migrationMoves, rebalanceMoves, type MovePlan } from '../desired/placement/moves.js';
import { renderMovesJson, renderMovesText } from '../desired/placement/moves-render.js';
import { renderPlacementJson, renderPlacementText } from '../desired/placement/placement-render.js';
import type { ManifestSet } from '../desired/model.js';
import type { PlacementResult } from '../desired/placement/placement-types.js';
import { parseDirCommand } from './args.js';
import { offlinePageHtml } from '../status-page/offline-page.js';
import { placementSource } from './placement-source.js';
import { writePins } from './write-pins.js';

const USAGE = [
  'usage: tiered placement <dir> [--output text|json|html] [--offline]   (html: one self-contained page, e.g. > capacity.html)',
  '       tiered placement <dir> --rebalance <tier> [--max-moves N] [--write] [--output text|json] [--offline]',
  '       tiered placement <dir> --migrate <tenant> --to <tier>[/<cell>[/<infraGroup>]] [--write] [--output text|json] [--offline]',
].join('\n');

const OPTIONS_HELP = `options:
  --output, -o text|json|html a table (default), JSON for tools, or one self-contained HTML page
  --offline                   a hypothetical first placement, without reading AWS (default: live
                              placement when AWS is configured)
  --rebalance TIER            moves that even out the fill of TIER's infra groups
  --max-moves N               with --rebalance: at most N moves (default: as many as help)
  --migrate TENANT --to T[/C[/IG]]  the move of one tenant to tier T (cell C, infra group IG)
  --write                     with --rebalance or --migrate: pin the moved tenants in their
                              manifest files (default: print the moves only)
  --help, -h                  this help`;

const MOVE_OPTIONS = {
  rebalance: { type: 'string' },
  'max-moves': { type: 'string' },
  migrate: { type: 'string' },
  to: { type: 'string' },
  write: { type: 'boolean' },
  offline: { type: 'boolean' },
} as const;

/** The plan of moves the options ask for, none when they ask for none, or a usage error. */
function movePlan(values: Record<string, unknown>, set: ManifestSet, result: PlacementResult): MovePlan | string | undefined {
  const { rebalance, migrate, to } = values as { rebalance?: string; migrate?: string; to?: string };
  const maxMoves = values['max-moves'] as string | undefined;
  if (rebalance !== undefined && migrate !== undefined) return '--rebalance and --migrate exclude each other';
  if (rebalance !== undefined) {
    if (to !== undefined) return '--to goes with --migrate';
    if (maxMoves !== undefined && !/^\d+$/.test(maxMoves)) return `--max-moves must be a whole number; found ${maxMoves}`;
    if (!set.tiers.some((t) => t.name === rebalance)) return `--rebalance: no tier named ${rebalance} (tiers: ${set.tiers.map((t) => t.name).join(', ')})`;
    return rebalanceMoves(set, result, rebalance, maxMoves === undefined ? {} : { maxMoves: Number(maxMoves) });
  }
  if (migrate !== undefined) {
    if (maxMoves !== undefined) return '--max-moves goes with --rebalance';
    const [tier, cell, infraGroup, ...rest] = (to ?? '').split('/');
    if (to === undefined || tier === '' || tier === undefined || rest.length > 0 || cell === '' || infraGroup === '') {
      return `--migrate needs --to <tier>[/<cell>[/<infraGroup>]]; found ${to ?? 'none'}`;
    }
    return migrationMoves(set, result, migrate, { tier, cell, infraGroup });
  }
  if (to !== undefined || maxMoves !== undefined) return '--to and --max-moves go with --migrate and --rebalance';
  return undefined;
}

export async function runPlacement(argv: string[]): Promise<number> {
  const args = parseDirCommand(argv, ['text', 'json', 'html'] as const, MOVE_OPTIONS);
  if (!args.ok) {
    console.error(`tiered placement: ${args.message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    console.log(`${USAGE}\n\n${OPTIONS_HELP}`);
    return 0;
  }
  const set = await loadValidSet(args.dir, () => `${args.dir}: invalid: fix the errors above first (tiered validate ${args.dir}).`);
  if (set === undefined) return 1;
  const source = await placementSource(set, args.dir, args.values['offline'] === true);
  for (const line of source.errors) console.error(`tiered placement: could not read live state: ${line}`);
  // stdout carries only the document for json and html (piped into tools or a file).
  if (args.output === 'json' || args.output === 'html') console.error(source.note);
  else console.log(source.note);
  const result = source.result;
  const plan = movePlan(args.values, set, result);
  if (typeof plan === 'string') {
    console.error(`tiered placement: ${plan}\n${USAGE}`);
    return 1;
  }
  if (plan !== undefined) {
    if (args.output === 'html') {
      console.error('tiered placement: --output html draws a placement, not a plan of moves');
      return 1;
    }
    console.log(args.output === 'json' ? renderMovesJson(plan) : renderMovesText(plan));
    if (plan.refused !== undefined) return 2;
    return args.values['write'] === true ? writeMoves(set, plan) : 0;
  }
  if (args.values['write'] === true) {
    console.error(`tiered placement: --write goes with --rebalance and --migrate\n${USAGE}`);
    return 1;
  }
  if (args.output === 'html') process.stdout.write(offlinePageHtml(set, result, args.dir));
  else console.log(args.output === 'json' ? renderPlacementJson(result) : renderPlacementText(result));
  return source.errors.length > 0 ? 1 : result.unschedulable.length > 0 ? 2 : 0;
}

async function writeMoves(set: ManifestSet, plan: MovePlan): Promise<number> {
  const written = await writePins(set, plan.moves);
  if (!written.ok) {
    console.error(`tiered placement: ${written.message}`);
    return 1;
  }
  // stderr: stdout stays the plan alone, so `-o json --write` still pipes into tools.
  for (const file of written.files) console.error(`pinned in ${file}`);
  return 0;
}
