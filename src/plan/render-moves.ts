// Moves as the plan shows them (docs/moves.md, "Surfaces"): one line per move,
//   move acme  tier-2/cell-1/ig-1 -> tier-1/cell-2/ig-1  step 2/3 (50 %)  next in 3m12s
// and in the JSON document a `moves` array (docs/plan-json.md). The clock only words "next in".
import type { Plan } from './action.js';
import type { MoveReport, MoveState } from './move-report.js';

/** States in which a move still has steps to take: `tiered plan` exits 2 while one is. */
const PENDING: ReadonlySet<MoveState> = new Set(['waiting', 'making', 'gating', 'shifting', 'releasing']);

export function movePending(plan: Plan): boolean {
  return (plan.moves ?? []).some((m) => PENDING.has(m.state));
}

/** `3m12s`, `45s`, `1h2m`: how long until `at`, from `now`. */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h${m}m`;
  return m > 0 ? `${m}m${String(rest).padStart(2, '0')}s` : `${rest}s`;
}

function progress(m: MoveReport, now: number): string {
  const share = m.weights.from + m.weights.to === 0 ? 0 : Math.round((100 * m.weights.to) / (m.weights.from + m.weights.to));
  const step = `step ${m.step}/${m.steps.length} (${share} %)`;
  const next = m.nextAt !== undefined ? `  next in ${durationText(Date.parse(m.nextAt) - now)}` : '';
  switch (m.state) {
    case 'shifting':
      return `${step}${next}`;
    case 'refused':
      return `refused: ${m.reason ?? ''} (${m.manifest.file}:${m.manifest.line})`;
    case 'rolled-back':
      return `${step}  rolled back: ${m.reason ?? ''}; retried on a new revision of the tenant or with --retry-move`;
    default:
      return `${step}  ${m.state}${m.reason !== undefined ? `: ${m.reason}` : ''}`;
  }
}

export function moveLine(m: MoveReport, now: number): string {
  const to = m.to === '' ? '?' : m.to;
  return `move ${m.tenant}  ${m.from} -> ${to}  ${progress(m, now)}`;
}

export function moveLines(plan: Plan, now: number = Date.now()): string[] {
  return (plan.moves ?? []).map((m) => moveLine(m, now));
}

/** The moves as the JSON plan carries them. */
export function movesJson(plan: Plan): readonly MoveReport[] {
  return plan.moves ?? [];
}
