// The gate of a move (docs/moves.md, "Gate"): the destination is ready when each of its ECS
// services is stable (the primary deployment COMPLETED, running = desired), each of its target
// groups has healthy targets (DescribeTargetHealth: one read per target group, made only for
// moves whose destination is made), and none of the tenant's alarms there is in ALARM.
import type { Elbv2Api } from '../../aws/elbv2.js';
import type { LiveResource } from '../../plan/live-resource.js';
import type { GateResult, MoveCandidate } from './move-types.js';

/** What live state alone says of the gate; `undefined` when it holds so far and the targets
 * remain to be read. Pure. */
export function gateFromLive(c: MoveCandidate, clusters: number): GateResult | undefined {
  const services = c.dest.filter((r) => r.kind === 'ecs-service');
  if (services.length < clusters) return { ok: false, reason: `${services.length} of ${clusters} services in the destination` };
  for (const s of services) {
    const r = s.rollout;
    if (r === undefined || r.state !== 'COMPLETED' || r.running !== r.desired) {
      return { ok: false, reason: `service ${s.aws.name} not stable (${r?.state ?? 'no deployment'}, ${r?.running ?? 0} of ${r?.desired ?? 0} running)` };
    }
  }
  const alarm = c.dest.find((r) => r.kind === 'alarm' && r.alarmState === 'ALARM');
  if (alarm !== undefined) return { ok: false, reason: `alarm ${alarm.aws.name} in ALARM` };
  return undefined;
}

function targetGroups(c: MoveCandidate): LiveResource[] {
  return c.dest.filter((r) => r.kind === 'target-group' && r.aws.arn !== undefined);
}

/** The gate: live state first, then the target groups' health, read in the destination's cell. */
export async function checkGate(c: MoveCandidate, clusters: number, elbv2: Elbv2Api): Promise<GateResult> {
  const fromLive = gateFromLive(c, clusters);
  if (fromLive !== undefined) return fromLive;
  for (const tg of targetGroups(c)) {
    const targets = await elbv2.describeTargetHealth(tg.aws.arn as string);
    const healthy = targets.filter((t) => t.TargetHealth?.State === 'healthy').length;
    if (healthy === 0) {
      const states = [...new Set(targets.map((t) => t.TargetHealth?.State ?? 'unknown'))].join(', ') || 'no targets';
      return { ok: false, reason: `target group ${tg.aws.name} has no healthy target (${states})` };
    }
  }
  return { ok: true };
}
