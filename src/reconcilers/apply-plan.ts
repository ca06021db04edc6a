// applyPlan: executes a Plan against AWS. Held actions are reported, never run. The rest run as
// a dependency graph (execute-graph.ts) with a concurrency lane per AWS service; each action is
// dispatched to its kind's reconciler, whose returned attributes (ARNs, DNS names, ids) feed
// the references of the actions that wait for it. DNS actions are batched per hosted zone.
import { awsErrorCode } from '../aws/errors.js';
import type { ResourceKind } from '../desired/topology/resource.js';
import type { Action, Plan } from '../plan/action.js';
import type { LiveState } from '../plan/live-resource.js';
import type { ActionOutcome, ApplyContext, ApplyResult, ActionError } from './apply-types.js';
import { ActionTargets } from './action-targets.js';
import { AttrStore } from './attr-store.js';
import { isPending } from './pending.js';
import { alarmReconciler } from './cloudwatch/alarm.js';
import { scalableTargetReconciler } from './autoscaling/scalable-target.js';
import { scalingPolicyReconciler } from './autoscaling/scaling-policy.js';
import type { Attrs } from './attr-store.js';
import { interfaceEndpointReconciler } from './ec2/interface-endpoint.js';
import { clusterReconciler } from './ecs/cluster.js';
import { serviceReconciler } from './ecs/service.js';
import { taskDefinitionReconciler } from './ecs/task-definition.js';
import { listenerRuleReconciler } from './elbv2/listener-rule.js';
import { listenerReconciler } from './elbv2/listener.js';
import { loadBalancerReconciler } from './elbv2/load-balancer.js';
import { targetGroupReconciler } from './elbv2/target-group.js';
import { executeGraph } from './execute-graph.js';
import { logGroupReconciler } from './logs/log-group.js';
import type { GraphNode, NodeOutcome } from './execute-graph.js';
import { accountLane, DEFAULT_LANE_CONCURRENCY, DNS_QUEUE_CONCURRENCY, laneOf } from './lanes.js';
import type { ActionEnv, Reconciler } from './reconciler.js';
import { DEFAULT_RETRY, retrySettling } from './retry.js';
import type { RetryPolicy } from './retry.js';
import { recordChange } from './route53/records.js';
import { dnsLevels, ZoneBatcher } from './route53/zone-batcher.js';
import { switchUnits } from '../plan/dns-switch.js';

const RECONCILERS: Readonly<Record<Exclude<ResourceKind, 'dns-record' | 'dns-ownership'>, Reconciler>> = {
  'load-balancer': loadBalancerReconciler,
  listener: listenerReconciler,
  'target-group': targetGroupReconciler,
  'listener-rule': listenerRuleReconciler,
  'ecs-cluster': clusterReconciler,
  'task-definition': taskDefinitionReconciler,
  'ecs-service': serviceReconciler,
  'interface-endpoint': interfaceEndpointReconciler,
  'log-group': logGroupReconciler,
  'scalable-target': scalableTargetReconciler,
  'scaling-policy': scalingPolicyReconciler,
  alarm: alarmReconciler,
};

interface ActionNode extends GraphNode {
  readonly action: Action;
}

function isDns(action: Action): boolean {
  return action.kind === 'dns-record' || action.kind === 'dns-ownership';
}

/** What an outcome says about an error: the AWS code when AWS answered, else our own. */
export function describeError(err: unknown): ActionError {
  const code = awsErrorCode(err) ?? (typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined);
  const message = err instanceof Error ? err.message : String(err);
  return code === undefined ? { message } : { code, message };
}

async function runReconciler(action: Action, env: ActionEnv): Promise<Attrs | undefined> {
  const reconciler = RECONCILERS[action.kind as keyof typeof RECONCILERS];
  switch (action.action) {
    case 'create':
      return reconciler.create(env, action.desired);
    case 'update':
      return reconciler.update(env, action);
    case 'adopt':
      return reconciler.adopt(env, action);
    case 'delete':
      await reconciler.delete(env, action);
      return undefined;
  }
}

function outcomeOf(action: Action, node: NodeOutcome | undefined, errors: ReadonlyMap<string, unknown>): ActionOutcome {
  const base = { actionId: action.id, action: action.action, kind: action.kind, key: action.key };
  if (action.hold !== undefined) return { ...base, status: 'held' };
  if (node === undefined || node.status === 'aborted') return { ...base, status: 'aborted' };
  if (node.status === 'skipped') return { ...base, status: 'skipped', blockedBy: node.blockedBy };
  if (node.status === 'failed') {
    const err = errors.get(action.id) ?? node.error;
    if (isPending(err)) return { ...base, status: 'pending', error: describeError(err), retryAfterMs: err.retryAfterMs };
    return { ...base, status: 'failed', error: describeError(err) };
  }
  return { ...base, status: 'succeeded' };
}

export async function applyPlan(plan: Plan, live: LiveState, ctx: ApplyContext): Promise<ApplyResult> {
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...ctx.retry };
  const store = AttrStore.fromLive(live);
  const targets = new ActionTargets(plan.actions, live, ctx.accounts);
  const runnable = plan.actions.filter((a) => a.hold === undefined);
  const lanes = { ...DEFAULT_LANE_CONCURRENCY, ...ctx.laneConcurrency };
  const batcher = new ZoneBatcher({
    retry,
    maxInFlight: lanes.route53,
    beforeMutation: ctx.beforeMutation,
    signal: ctx.signal,
  });
  const units = switchUnits(runnable);
  const levels = dnsLevels(runnable, units);
  for (const a of runnable) {
    if (!isDns(a)) continue;
    try {
      const t = targets.of(a);
      if (t.kind !== 'zone') continue;
      const api = ctx.factory.clients(t.target).route53;
      batcher.expect(a, { zoneId: t.zoneId, api, zoneKey: `${t.target.roleArn ?? ''}|${t.zoneId}` }, levels.get(a.id) ?? 0, units.get(a.id));
    } catch {
      // No zone: the action fails when it runs, with the reason; it holds up no batch.
    }
  }

  const run = async (action: Action, signal: AbortSignal | undefined): Promise<void> => {
    ctx.onProgress?.({ type: 'started', actionId: action.id, kind: action.kind, verb: action.action });
    if (isDns(action)) {
      targets.of(action); // throws the reason when its zone is unknown
      return batcher.submit(action, recordChange(action, store));
    }
    const t = targets.of(action);
    const env: ActionEnv = {
      action,
      clients: ctx.factory.clients(t.target),
      store,
      instanceId: ctx.instanceId,
      mutate: async (call, settlingCodes) => {
        await ctx.beforeMutation?.(action);
        return settlingCodes === undefined ? call() : retrySettling(call, { policy: retry, settlingCodes, signal });
      },
      read: (call) => call(),
    };
    const attrs = await runReconciler(action, env);
    if (attrs !== undefined) store.set(action.key, attrs);
  };

  const errors = new Map<string, unknown>();
  const byId = new Map(runnable.map((a) => [a.id, a]));
  const nodes: ActionNode[] = runnable.map((a) => ({ id: a.id, dependsOn: a.dependsOn, lane: accountLane(laneOf(a.kind), a.owner.cell), action: a }));
  const perAccount = Object.fromEntries(nodes.map((n) => [n.lane, lanes[laneOf(n.action.kind)]]));
  const results = await executeGraph(
    nodes,
    (node, signal) =>
      run(node.action, signal).catch((err: unknown) => {
        errors.set(node.id, err);
        throw err;
      }),
    {
      laneConcurrency: { ...perAccount, route53: DNS_QUEUE_CONCURRENCY },
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onSettled: (id, outcome) => {
        batcher.settled(id);
        const action = byId.get(id);
        if (action !== undefined) ctx.onProgress?.({ type: 'settled', outcome: outcomeOf(action, outcome, errors) });
      },
    },
  );
  // Actions the executor never started (an abort) settle nothing: release their batches.
  for (const a of runnable) if (!results.has(a.id) || results.get(a.id)?.status === 'aborted') batcher.settled(a.id);
  const outcomes = plan.actions.map((a) => outcomeOf(a, results.get(a.id), errors));
  return { outcomes, converged: outcomes.every((o) => o.status === 'succeeded' || o.status === 'held') };
}
