// `tiered plan <dir>`: the drift report. Exit 0 in sync, 2 changes pending, 1 error (docs/design.md §9.1).
import { RECONCILE_OPTIONS_HELP, parseReconcileArgs } from './reconcile-args.js';
import { hasChanges, openPlanSession, renderPlan, tierErrorLines } from './plan-session.js';

const USAGE = `usage: tiered plan <dir> [options]\n\nExit 0 in sync, 2 changes pending, 1 error.\n\n${RECONCILE_OPTIONS_HELP}`;

export async function runPlan(argv: string[]): Promise<number> {
  const parsed = parseReconcileArgs(argv);
  if (!parsed.ok) {
    console.error(`tiered plan: ${parsed.message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const opened = await openPlanSession('plan', parsed.args);
  if (!opened.ok) return opened.code;
  const { session } = opened;
  try {
    console.log(renderPlan(session.plan, parsed.args.output, process.stdout.isTTY === true, parsed.args.showValues));
    const errors = tierErrorLines(session.tiers);
    for (const line of errors) console.error(`tiered plan: ${line}`);
    if (errors.length > 0) return 1;
    return hasChanges(session.plan) ? 2 : 0;
  } finally {
    session.factory.destroy();
  }
}
