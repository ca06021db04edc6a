// Application Auto Scaling writes are upserts (RegisterScalableTarget, PutScalingPolicy): create,
// drift, adoption and a create whose answer was lost are one and the same call. Only the first
// carries tags (AWS takes none when a target is updated).
import type { Attrs } from '../attr-store.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { specToSend } from '../reconciler.js';
import type { ResolvedSpec } from '../resolved-fields.js';

export function upsertReconciler(
  put: (env: ActionEnv, spec: ResolvedSpec, tags?: Readonly<Record<string, string>>) => Promise<Attrs>,
  remove: (env: ActionEnv, live: ResolvedSpec) => Promise<void>,
): Reconciler {
  return {
    create: (env, desired) => put(env, specToSend(env.store, desired), desired.tags),
    update: (env, action) => put(env, specToSend(env.store, action.desired)),
    adopt: (env, action) => put(env, specToSend(env.store, action.desired)),
    // A live spec holds resolved values only.
    delete: (env, action) => remove(env, action.live.spec as ResolvedSpec),
  };
}
