// `tiered apply <dir> [--yes]`: shows the plan, asks (on a terminal) or requires --yes (without
// one), executes it tier by tier, prints each action as it settles and a final summary.
// Exit 0 when every tier converged, 2 when nothing failed but some action is pending (ECS tasks
// still draining: apply again later), 1 otherwise.
import { createInterface } from 'node:readline/promises';
import { applyTier } from '../engine/apply-tier.js';
import type { TierPlan } from '../engine/plan-tier.js';
import type { Action } from '../plan/action.js';
import { actionLabel, ownerPath } from '../plan/format-value.js';
import type { ActionOutcome, ApplyResult } from '../reconcilers/apply-types.js';
import { RECONCILE_OPTIONS_HELP, parseReconcileArgs } from './reconcile-args.js';
import { hasChanges, openPlanSession, renderPlan, tierErrorLines } from './plan-session.js';
import type { PlanSession } from './plan-session.js';

const USAGE = `usage: tiered apply <dir> [--yes] [options]

Shows the plan, then applies it: on a terminal after asking, otherwise only with --yes.
Exit 0 when every tier converged; 2 when nothing failed but some change waits for AWS (an ECS
cluster whose tasks still drain: apply again after the deregistration delay); 1 otherwise.

  --yes, -y                         apply without asking
${RECONCILE_OPTIONS_HELP}`;

const MARK: Readonly<Record<ActionOutcome['status'], string>> = {
  succeeded: 'ok',
  failed: 'FAILED',
  pending: 'pending',
  skipped: 'skipped',
  held: 'held',
  aborted: 'aborted',
};

/** One settled action, named as the plan names it (plus where it belongs, as the plan's
 * grouping says there). */
function outcomeLine(o: ActionOutcome, action: Action | undefined): string {
  const why = o.error !== undefined ? `: ${o.error.code !== undefined ? `${o.error.code}: ` : ''}${o.error.message}` : o.blockedBy !== undefined ? ` (after ${o.blockedBy} failed)` : '';
  const name = action !== undefined ? `${actionLabel(action)} [${ownerPath(action.owner)}]` : `${o.kind} ${o.key}`;
  return `  ${MARK[o.status].padEnd(7)} ${o.action} ${name}${why}`;
}

async function confirm(count: number): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`Apply ${count} change${count === 1 ? '' : 's'}? Only 'yes' applies: `);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}

async function applyAll(session: PlanSession, instanceId: string): Promise<Map<string, ApplyResult>> {
  const results = new Map<string, ApplyResult>();
  const deps = { factory: session.factory, instanceId };
  for (const t of session.tiers) {
    if (!t.ok || t.plan.actions.length === 0) continue;
    console.log(`applying ${t.tier}:`);
    const byId = new Map(t.plan.actions.map((a) => [a.id, a]));
    const result = await applyTier(session.set, t.plan, t.observation.live, deps, {
      onProgress: (e) => {
        if (e.type === 'settled' && e.outcome.status !== 'held') console.log(outcomeLine(e.outcome, byId.get(e.outcome.actionId)));
      },
    });
    results.set(t.tier, result);
  }
  return results;
}

function summaryLines(tiers: readonly TierPlan[], results: ReadonlyMap<string, ApplyResult>): { lines: string[]; converged: boolean; pending: boolean } {
  let converged = true;
  let failed = false;
  const lines = tiers.map((t) => {
    if (!t.ok) {
      converged = false;
      failed = true;
      return `${t.tier}: not applied: live state could not be read`;
    }
    const r = results.get(t.tier);
    if (r === undefined) return `${t.tier}: in sync`;
    const count = (s: ActionOutcome['status']) => r.outcomes.filter((o) => o.status === s).length;
    if (!r.converged) converged = false;
    if (count('failed') + count('skipped') + count('aborted') > 0) failed = true;
    const held = count('held');
    const pending = count('pending');
    return `${t.tier}: ${r.converged ? 'converged' : 'NOT converged'}: ${count('succeeded')} succeeded, ${count('failed')} failed, ${count('skipped')} skipped${pending > 0 ? `, ${pending} pending (AWS still settling: apply again)` : ''}${held > 0 ? `, ${held} held (report-only)` : ''}`;
  });
  return { lines, converged, pending: !converged && !failed };
}

export async function runApply(argv: string[]): Promise<number> {
  const parsed = parseReconcileArgs(argv);
  if (!parsed.ok) {
    console.error(`tiered apply: ${parsed.message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const args = parsed.args;
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!args.yes && !interactive) {
    console.error('tiered apply: not on a terminal: pass --yes to apply without confirmation (or run tiered plan to only look).');
    return 1;
  }
  const opened = await openPlanSession('apply', args);
  if (!opened.ok) return opened.code;
  const { session } = opened;
  try {
    console.log(renderPlan(session.plan, args.output, process.stdout.isTTY === true, args.showValues));
    const errors = tierErrorLines(session.tiers);
    for (const line of errors) console.error(`tiered apply: ${line}`);
    if (hasChanges(session.plan)) {
      const s = session.plan.summary;
      if (!args.yes && !(await confirm(s.create + s.update + s.delete + s.adopt))) {
        console.error('tiered apply: not confirmed; nothing changed.');
        return 1;
      }
    }
    const results = await applyAll(session, args.instanceId);
    const { lines, converged, pending } = summaryLines(session.tiers, results);
    for (const line of lines) console.log(line);
    return converged ? 0 : pending ? 2 : 1;
  } finally {
    session.factory.destroy();
  }
}
