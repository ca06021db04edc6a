// Where `tiered placement` starts from: live AWS when it is configured (as `tiered plan` does:
// tenants stay where they run, new ones are placed around them), else — or with `--offline` —
// a hypothetical first placement, as if nothing were placed yet, said plainly.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ManifestSet } from '../desired/model.js';
import { place } from '../desired/placement/placement.js';
import type { PlacementResult } from '../desired/placement/placement-types.js';
import { DEFAULT_INSTANCE_ID } from '../desired/tags.js';

export interface PlacementSource {
  readonly result: PlacementResult;
  readonly live: boolean;
  /** What the placement is, in one plain sentence for the reader. */
  readonly note: string;
  /** Live state that could not be read (the placement is then hypothetical). */
  readonly errors: readonly string[];
}

const HYPOTHETICAL = 'Hypothetical first placement: where the tenants would go if none were placed yet';

/** Whether any AWS identity or endpoint is configured: without one, reading live state would
 * only try the instance metadata endpoint and fail. */
export function awsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  const keys = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'];
  if (keys.some((k) => (env[k] ?? '') !== '')) return true;
  const files = [env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(homedir(), '.aws', 'credentials'), env['AWS_CONFIG_FILE'] ?? join(homedir(), '.aws', 'config')];
  return files.some((f) => existsSync(f));
}

export async function placementSource(set: ManifestSet, dir: string, offline: boolean): Promise<PlacementSource> {
  const hypothetical = place(set, new Map());
  if (offline) return { result: hypothetical, live: false, note: `${HYPOTHETICAL} (--offline).`, errors: [] };
  if (!awsConfigured()) return { result: hypothetical, live: false, note: `${HYPOTHETICAL}: no AWS credentials or endpoint configured.`, errors: [] };
  // Lazy: the AWS SDK takes seconds to load, and --offline never needs it.
  const { openPlanSession, tierErrorLines } = await import('./plan-session.js');
  const opened = await openPlanSession('placement', { dir, output: 'text', instanceId: DEFAULT_INSTANCE_ID, tiers: [], planOptions: {}, yes: false, concurrency: 4, showValues: false });
  if (!opened.ok) return { result: hypothetical, live: false, note: `${HYPOTHETICAL}: live state could not be read.`, errors: ['the manifests could not be planned'] };
  const { session } = opened;
  try {
    const errors = tierErrorLines(session.tiers);
    if (errors.length > 0) return { result: hypothetical, live: false, note: `${HYPOTHETICAL}: live state could not be read.`, errors };
    const tiers = session.tiers.flatMap((t) => (t.ok ? [t.placement] : []));
    return {
      result: { placements: tiers.flatMap((p) => p.placements), unschedulable: tiers.flatMap((p) => p.unschedulable), fill: tiers.flatMap((p) => p.fill) },
      live: true,
      note: 'Live placement: tenants stay where they run in AWS; new tenants are placed around them.',
      errors: [],
    };
  } finally {
    session.factory.destroy();
  }
}
