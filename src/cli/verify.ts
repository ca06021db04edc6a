// `tiered verify <dir>` (the article's Step 6; docs/design.md §11.5): read-only checks of live AWS
// against the manifests, one line per check. Exit 0 when every check passes, 1 when any fails or
// a tier cannot be read. Makes no mutating call.
import { createAwsClientFactory } from '../aws/clients.js';
import { formatIssue, loadManifestSet } from '../desired/manifests/manifests.js';
import { DEFAULT_INSTANCE_ID } from '../desired/tags.js';
import { planTier } from '../engine/plan-tier.js';
import { verifyTier } from '../verify/checks.js';
import type { VerifyCheck } from '../verify/checks.js';
import { parseDirCommand } from './args.js';

const USAGE = `usage: tiered verify <dir> [--output text|json] [--tier NAME] [--instance-id ID]

Read-only checks of every tier against live AWS: DNS answers (Route 53 TestDNSAnswer), each
tenant's listener rule matched first (simulated from DescribeRules), interface endpoints
available, alarms, scaling policies and log groups present. Exit 0 all pass, 1 any fails.

options:
  --output, -o text|json   one line per check (default text), or JSON for tools
  --tier NAME              only this tier (repeatable; default every tier)
  --instance-id ID         the tiered.dev/managed-by value whose resources are checked (default tiered)
  --help, -h               this help`;

export function renderChecks(checks: readonly VerifyCheck[]): string {
  return checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'} ${c.check} ${c.tier} ${c.subject}: ${c.detail}`).join('\n');
}

export async function runVerify(argv: string[]): Promise<number> {
  const parsed = parseDirCommand(argv, ['text', 'json'] as const, { tier: { type: 'string', multiple: true }, 'instance-id': { type: 'string' } });
  if (!parsed.ok) {
    console.error(`tiered verify: ${parsed.message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const loaded = await loadManifestSet(parsed.dir);
  if (!loaded.ok) {
    for (const issue of loaded.errors) console.error(formatIssue(issue));
    console.error(`tiered verify: ${parsed.dir} is invalid (${loaded.errors.length} errors); nothing was read in AWS.`);
    return 1;
  }
  const set = loaded.set;
  const only = (parsed.values['tier'] as string[] | undefined) ?? [];
  const tiers = set.tiers.filter((t) => only.length === 0 || only.includes(t.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const factory = createAwsClientFactory();
  const deps = { factory, instanceId: (parsed.values['instance-id'] as string | undefined) ?? DEFAULT_INSTANCE_ID };
  const checks: VerifyCheck[] = [];
  const errors: string[] = [];
  try {
    for (const tier of tiers) {
      const planned = await planTier(set, tier.name, deps);
      if (!planned.ok) {
        errors.push(...planned.errors.map((e) => `tier ${tier.name}${e.cell !== undefined ? ` cell ${e.cell}` : ''}: ${e.message}`));
        continue;
      }
      checks.push(...(await verifyTier(tier, planned, factory)));
    }
  } finally {
    factory.destroy();
  }
  const ok = errors.length === 0 && checks.every((c) => c.ok);
  if (parsed.output === 'json') console.log(JSON.stringify({ ok, checks, errors }, null, 2));
  else {
    if (checks.length > 0) console.log(renderChecks(checks));
    for (const e of errors) console.error(`tiered verify: ${e}`);
    console.log(`${checks.filter((c) => c.ok).length} of ${checks.length} checks pass${errors.length > 0 ? `; ${errors.length} tier errors` : ''}`);
  }
  return ok ? 0 : 1;
}
