// `tiered placement <dir> [--output text|json]`: where every tenant of a manifest set would be
// placed, and how full each infra group gets: against live AWS when it is configured, else (or
// with --offline) as a hypothetical first placement (placement-source.ts). With `--rebalance
// <tier>` or `--migrate <tenant> --to ...` it prints a plan of moves from that placement
// instead; the moves are not executed.
import { loadValidSet } from './load-valid-set.js';
import { migrationMoves, rebalanceMoves, type MovePlan } from '../desired/placement/moves.js';
import { renderMovesJson, renderMovesText } from '../desired/placement/moves-render.js';
import { renderPlacementJson, renderPlacementText } from '../desired/placement/placement-render.js';
import type { ManifestSet } from '../desired/model.js';
import type { PlacementResult } from '../desired/placement/placement-types.js';
import { parseDirCommand } from './args.js';
import { placementSource } from './placement-source.js';

const USAGE = [
  'usage: tiered placement <dir> [--output text|json] [--offline]',
  '       tiered placement <dir> --rebalance <tier> [--max-moves N] [--output text|json]',
  '       tiered placement <dir> --migrate <tenant> --to <tier>[/<cell>[/<infraGroup>]] [--output text|json]',
].join('\n');

const OPTIONS_HELP = `options:
  --output, -o text|json      a table (default) or JSON for tools
  --offline                   a hypothetical first placement, without reading AWS (default: live
                              placement when AWS is configured)
  --rebalance TIER            moves that even out the fill of TIER's infra groups
  --max-moves N               with --rebalance: at most N moves (default: as many as help)
  --migrate TENANT --to T[/C[/IG]]  the move of one tenant to tier T (cell C, infra group IG)
  --help, -h                  this help`;

const MOVE_OPTIONS = {
  rebalance: { type: 'string' },
  'max-moves': { type: 'string' },
  migrate: { type: 'string' },
  to: { type: 'string' },
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
  const args = parseDirCommand(argv, ['text', 'json'] as const, MOVE_OPTIONS);
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
  if (args.output === 'json') console.error(source.note);
  else console.log(source.note);
  const result = source.result;
  const plan = movePlan(args.values, set, result);
  if (typeof plan === 'string') {
    console.error(`tiered placement: ${plan}\n${USAGE}`);
    return 1;
  }
  if (plan !== undefined) {
    console.log(args.output === 'json' ? renderMovesJson(plan) : renderMovesText(plan));
    return plan.refused === undefined ? 0 : 2;
  }
  console.log(args.output === 'json' ? renderPlacementJson(result) : renderPlacementText(result));
  return source.errors.length > 0 ? 1 : result.unschedulable.length > 0 ? 2 : 0;
}
