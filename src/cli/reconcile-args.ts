// The options `tiered plan` and `tiered apply` share: which tiers, which policies, whose
// ownership, and how the plan is printed.
import { parseDirCommand } from './args.js';
import type { TierPlanOptions } from '../engine/plan-tier.js';
import { DEFAULT_INSTANCE_ID } from '../desired/tags.js';
import { moveOptions } from '../engine/moves/move-options.js';

export type PlanFormat = 'text' | 'json' | 'markdown';

export interface ReconcileArgs {
  readonly dir: string;
  readonly output: PlanFormat;
  readonly instanceId: string;
  /** Only these tiers; empty = every tier of the set. */
  readonly tiers: readonly string[];
  readonly planOptions: TierPlanOptions;
  readonly yes: boolean;
  /** Tiers planned side by side. */
  readonly concurrency: number;
  /** Print container environment values instead of masking them. */
  readonly showValues: boolean;
}

const EXTRA = {
  tier: { type: 'string', multiple: true },
  'instance-id': { type: 'string' },
  policy: { type: 'string' },
  'max-delete-percent': { type: 'string' },
  'allow-mass-delete': { type: 'boolean' },
  adopt: { type: 'boolean' },
  concurrency: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'show-values': { type: 'boolean' },
  'retry-move': { type: 'boolean' },
  'move-dns-ttl': { type: 'string' },
} as const;

export const RECONCILE_OPTIONS_HELP = `options:
  --output, -o text|json|markdown   how the plan is printed (default text)
  --tier NAME                       only this tier (repeatable; default every tier)
  --policy sync|upsert-only         override every tier's prune policy (upsert-only never deletes)
  --max-delete-percent N            refuse a tier's plan deleting more than N% of its tenants (default 20)
  --allow-mass-delete               let such a plan through
  --adopt                           take over untagged resources of our identity instead of reporting a conflict
  --instance-id ID                  the tiered.dev/managed-by value this controller owns (default ${DEFAULT_INSTANCE_ID})
  --concurrency N                   tiers planned side by side (default 4)
  --show-values                     print container environment values (masked by default: key and a short hash)
  --retry-move                      retry moves rolled back at the tenant's current revision (docs/moves.md)
  --move-dns-ttl DURATION           how long a move waits at 100 % for clients' answers to expire, besides the bake (default 60s, an ALB alias's TTL)`;

function number(name: string, text: unknown, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text) || n < min || n > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}; found '${typeof text === 'string' ? text : JSON.stringify(text)}'`);
  }
  return n;
}

export type ParsedReconcileArgs = { ok: true; help: boolean; args: ReconcileArgs } | { ok: false; message: string };

export function parseReconcileArgs(argv: readonly string[]): ParsedReconcileArgs {
  const parsed = parseDirCommand(argv, ['text', 'json', 'markdown'] as const, EXTRA);
  if (!parsed.ok) return parsed;
  const v = parsed.values;
  try {
    const policy = v['policy'];
    if (policy !== undefined && policy !== 'sync' && policy !== 'upsert-only') {
      throw new Error(`--policy must be sync or upsert-only; found '${typeof policy === 'string' ? policy : JSON.stringify(policy)}'`);
    }
    const maxDeletePercent = number('max-delete-percent', v['max-delete-percent'], 0, 100);
    const planOptions: TierPlanOptions = {
      ...(policy !== undefined ? { policy } : {}),
      ...(maxDeletePercent !== undefined ? { maxDeletePercent } : {}),
      ...(v['allow-mass-delete'] === true ? { allowMassDelete: true } : {}),
      ...(v['adopt'] === true ? { adopt: true } : {}),
      ...moveOptions(v['retry-move'] === true, v['move-dns-ttl']),
    };
    return {
      ok: true,
      help: parsed.help,
      args: {
        dir: parsed.dir,
        output: parsed.output,
        instanceId: (v['instance-id'] as string | undefined) ?? DEFAULT_INSTANCE_ID,
        tiers: (v['tier'] as string[] | undefined) ?? [],
        planOptions,
        yes: v['yes'] === true,
        concurrency: number('concurrency', v['concurrency'], 1, 64) ?? 4,
        showValues: v['show-values'] === true,
      },
    };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
