// `/readyz`: the daemon is ready when a source revision is loaded, AWS answers, and it knows
// which leases it holds. Each check says why it fails, so an operator reading the 503 body (or
// the ECS/ALB health check log) knows which one.
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

/**
 * The daemon's three checks. `awsReachable` is the daemon's own probe (e.g. STS
 * GetCallerIdentity wrapped in cachedCheck).
 */
export function daemonReadinessChecks(
  store: StatusStore,
  awsReachable: () => CheckOutcome | Promise<CheckOutcome>,
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
    { name: 'aws', check: awsReachable },
    {
      name: 'leases',
      check() {
        const { known, held } = store.snapshot().leases;
        return known ? { ok: true, detail: `${held.length} held` } : { ok: false, detail: 'lease state not known yet' };
      },
    },
  ];
}
