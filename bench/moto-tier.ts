// One local AWS (moto + proxy) shared by the moto-backed scenarios: scenario 3 builds the tier
// from empty (the cold converge), scenario 1 then measures a no-op pass over what it built.
import { performance } from 'node:perf_hooks';
import { createAwsClientFactory, type AwsClientFactory } from '../src/aws/clients.js';
import type { ManifestSet } from '../src/desired/model.js';
import { applyTier } from '../src/engine/apply-tier.js';
import { planTier, type TierPlan } from '../src/engine/plan-tier.js';
import { bootstrapLocalAws } from '../src/local/bootstrap.js';
import { startLocalAws, type LocalAws } from '../src/local/local-aws.js';
import { isMutating } from '../src/local/proxy/operation.js';
import type { ServiceName } from '../src/local/proxy/types.js';
import type { ApplyResult } from '../src/reconcilers/apply-types.js';
import { TEST_CREDENTIALS } from '../test/support/test-clients.js';
import { benchScale } from './bench-scale.js';
import { benchTier, FULL_SCALE_TENANTS, TIER } from './tier-workload.js';

export const INSTANCE_ID = 'tiered';

export interface MotoTier {
  readonly local: LocalAws;
  readonly set: ManifestSet;
  readonly tenants: number;
  readonly scale: number;
  /** A factory as a fresh `tiered` process has it: no cached role credentials. */
  freshFactory(): AwsClientFactory;
  stop(): Promise<void>;
}

let session: Promise<MotoTier> | undefined;
let built = false;

/** Scenario 3 calls this once its cold converge has built the tier. */
export function markBuilt(): void {
  built = true;
}

/** The shared backend with the whole tier built in it: by scenario 3 when it ran first,
 * else here, without rate limits or latency. */
export async function builtMotoTier(): Promise<MotoTier> {
  const tier = await motoTier();
  if (!built) {
    const pass = await runPass(tier, { apply: true });
    if (pass.apply?.converged !== true) throw new Error('bench: building the tier did not converge');
    built = true;
  }
  return tier;
}

/** The shared backend, bootstrapped (VPCs, subnets, security groups, the hosted zone). */
export function motoTier(): Promise<MotoTier> {
  session ??= (async () => {
    const scale = benchScale();
    return startMotoTier(Math.round(FULL_SCALE_TENANTS * scale), scale);
  })();
  return session;
}

/** A backend of its own for a tier of `tenants`, bootstrapped; the caller stops it. */
export async function startMotoTier(tenants: number, scale = tenants / FULL_SCALE_TENANTS, options: { readonly observed?: boolean } = {}): Promise<MotoTier> {
  const local = await startLocalAws();
  process.env.AWS_ENDPOINT_URL = local.endpoint;
  const made: AwsClientFactory[] = [];
  const freshFactory = (): AwsClientFactory => {
    // A factory takes its endpoint from AWS_ENDPOINT_URL when made; another backend (scenario
    // 2's small tier) may have set it since this one started.
    process.env.AWS_ENDPOINT_URL = local.endpoint;
    const f = createAwsClientFactory({ credentials: async () => TEST_CREDENTIALS });
    made.push(f);
    return f;
  };
  const set = benchTier(tenants, options);
  await bootstrapLocalAws(set, freshFactory());
  const stop = async (): Promise<void> => {
    for (const f of made.splice(0)) f.destroy();
    await local.stop();
  };
  return { local, set, tenants, scale, freshFactory, stop };
}

export async function stopMotoTier(): Promise<void> {
  const s = session;
  session = undefined;
  built = false;
  if (s !== undefined) await (await s).stop();
}

export interface Pass {
  readonly plan: TierPlan;
  readonly apply?: ApplyResult;
  readonly wallMs: number;
}

/** One `tiered apply` of the tier (or only the plan): observe, place, compile, diff, apply. */
export async function runPass(tier: MotoTier, options: { readonly apply: boolean }): Promise<Pass> {
  const deps = { factory: tier.freshFactory(), instanceId: INSTANCE_ID };
  const start = performance.now();
  const plan = await planTier(tier.set, TIER, deps);
  if (!plan.ok) throw new Error(`bench: the tier could not be observed: ${JSON.stringify(plan.errors)}`);
  const apply = options.apply ? await applyTier(tier.set, plan.plan, plan.observation.live, deps) : undefined;
  return { plan, ...(apply !== undefined ? { apply } : {}), wallMs: performance.now() - start };
}

/** Calls that reached moto since the counters were reset, per operation; refused ones (rate
 * limits, injected faults) are left out: they are retries, not work. */
export function perOperation(
  tier: MotoTier,
  filter: { readonly mutating?: boolean; readonly service?: ServiceName; readonly notService?: ServiceName } = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of tier.local.proxy.counters()) {
    if (row.outcome === 'rate-limited' || row.outcome === 'fault') continue;
    if (filter.mutating !== undefined && isMutating(row.operation) !== filter.mutating) continue;
    if (filter.service !== undefined && row.service !== filter.service) continue;
    if (filter.notService !== undefined && row.service === filter.notService) continue;
    out[row.operation] = (out[row.operation] ?? 0) + row.count;
  }
  return out;
}
