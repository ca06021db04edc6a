// `/readyz`: the daemon is ready when a source revision is loaded, AWS answers, it knows which
// leases it holds, and not every tier's pass is stalled. Each check says why it fails, so an
// operator reading the 503 body (or the ECS/ALB health check log) knows which one.
import type { StatusStore } from './status-store.js';

export type CheckOutcome = boolean | { readonly ok: boolean; readonly detail?: string };

export interface ReadinessCheck {
  readonly name: string;
  check(): CheckOutcome | Promise<CheckOutcome>;
}

export interface CheckReport {
  readonly ok: boolean;
  readonly detail?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckReport>>;
}

/** Runs every check concurrently; a check that throws or outlasts `timeoutMs` fails. */
export async function evaluateReadiness(checks: readonly ReadinessCheck[], timeoutMs = 2_000): Promise<ReadinessReport> {
  const reports = await Promise.all(checks.map((c) => runCheck(c, timeoutMs)));
  const byName: Record<string, CheckReport> = {};
  checks.forEach((c, i) => (byName[c.name] = reports[i]!));
  return { ready: reports.every((r) => r.ok), checks: byName };
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckReport>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(check.check()).then(toReport), timeout]);
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

function toReport(outcome: CheckOutcome): CheckReport {
  return typeof outcome === 'boolean' ? { ok: outcome } : outcome;
}

/**
 * Remembers a check's outcome for `ttlMs`, so that frequent probes (ECS, a load balancer,
 * Kubernetes-style kubelets) do not become API traffic; one probe at a time runs the check.
 */
export function cachedCheck(
  check: () => CheckOutcome | Promise<CheckOutcome>,
  ttlMs: number,
  now: () => number = Date.now,
): () => Promise<CheckOutcome> {
  let cached: { readonly at: number; readonly outcome: Promise<CheckOutcome> } | undefined;
  return () => {
    if (cached === undefined || now() - cached.at >= ttlMs) {
      const outcome = Promise.resolve()
        .then(check)
        .catch((err: unknown) => ({ ok: false, detail: err instanceof Error ? err.message : String(err) }));
      cached = { at: now(), outcome };
    }
    return cached.outcome;
  };
}

/** What the passes check needs to know of each tier: is its pass stalled, since when. */
export interface TierPassPhase {
  readonly tier: string;
  readonly stalled: boolean;
  readonly startedAt?: number;
}

/** Fails when every tier's pass is stalled: the controller can reconcile nothing. One stalled
 * tier among others that converge is a warning in the log and /status, not unreadiness. */
export function passesCheck(phases: () => readonly TierPassPhase[], now: () => number = Date.now): ReadinessCheck {
  return {
    name: 'passes',
    check() {
      const tiers = phases();
      const stalled = tiers.filter((t) => t.stalled);
      if (tiers.length === 0 || stalled.length < tiers.length) return { ok: true, detail: `${stalled.length} of ${tiers.length} tiers stalled` };
      const since = stalled.map((t) => `${t.tier} for ${Math.round((now() - (t.startedAt ?? now())) / 1000)} s`);
      return { ok: false, detail: `every tier's pass is stalled: ${since.join(', ')}` };
    },
  };
}

/**
 * The daemon's checks. `awsReachable` is the daemon's own probe (e.g. STS GetCallerIdentity
 * wrapped in cachedCheck); `phases`, when given, adds the stalled-passes check.
 */
export function daemonReadinessChecks(
  store: StatusStore,
  awsReachable: () => CheckOutcome | Promise<CheckOutcome>,
  phases?: () => readonly TierPassPhase[],
): ReadinessCheck[] {
  return [
    {
      name: 'source',
      check() {
        const { revision, error } = store.snapshot().source;
        if (revision !== null) return { ok: true, detail: revision.revision };
        return { ok: false, detail: error?.message ?? 'no revision loaded yet' };
      },
    },
    {
      name: 'aws',
      check() {
        const gone = store.snapshot().awsGone;
        return gone === null ? awsReachable() : { ok: false, detail: gone };
      },
    },
    {
      name: 'leases',
      check() {
        const { known, held } = store.snapshot().leases;
        return known ? { ok: true, detail: `${held.length} held` } : { ok: false, detail: 'lease state not known yet' };
      },
    },
    ...(phases === undefined ? [] : [passesCheck(phases)]),
  ];
}
