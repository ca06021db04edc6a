// ELBv2 describe outputs -> live resource bodies in the desired spec's shape (see
// src/desired/topology/load-balancer.ts, target-groups.ts, listener-rules.ts). Pure.
import type { Action, Listener, LoadBalancer, Rule, RuleCondition, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Spec, SpecValue } from '../desired/topology/resource.js';
import { normaliseAliasTarget } from './dns-name.js';
import { TAG } from '../desired/tags.js';
import type { Tags } from './tagged-index.js';
import type { LiveBody } from './tags.js';

const sorted = (xs: readonly (string | undefined)[]): string[] => xs.filter((x): x is string => x !== undefined).sort();

export function loadBalancerBody(lb: LoadBalancer, tags: Tags, account: string): LiveBody {
  const name = lb.LoadBalancerName ?? '';
  return {
    kind: 'load-balancer',
    account,
    aws: { name, ...(lb.LoadBalancerArn !== undefined ? { arn: lb.LoadBalancerArn } : {}) },
    tags,
    spec: {
      name,
      type: lb.Type ?? '',
      scheme: lb.Scheme ?? '',
      subnets: sorted((lb.AvailabilityZones ?? []).map((z) => z.SubnetId)),
      securityGroups: sorted(lb.SecurityGroups ?? []),
    },
    attrs: {
      ...(lb.LoadBalancerArn !== undefined ? { arn: lb.LoadBalancerArn } : {}),
      ...(lb.DNSName !== undefined ? { dnsName: normaliseAliasTarget(lb.DNSName) } : {}),
      ...(lb.CanonicalHostedZoneId !== undefined ? { canonicalHostedZoneId: lb.CanonicalHostedZoneId } : {}),
    },
  };
}

function defaultActionSpec(action: Action | undefined): SpecValue {
  if (action === undefined) return {};
  const fixed = action.FixedResponseConfig;
  if (action.Type !== 'fixed-response' || fixed === undefined) return { type: action.Type ?? '' };
  return {
    type: 'fixed-response',
    statusCode: fixed.StatusCode ?? '',
    contentType: fixed.ContentType ?? '',
    messageBody: fixed.MessageBody ?? '',
  };
}

export function listenerBody(l: Listener, tags: Tags, account: string): LiveBody {
  const certificateArn = l.Certificates?.find((c) => c.IsDefault !== false)?.CertificateArn ?? l.Certificates?.[0]?.CertificateArn;
  return {
    kind: 'listener',
    account,
    aws: {
      name: String(l.Port ?? ''),
      ...(l.ListenerArn !== undefined ? { arn: l.ListenerArn } : {}),
      ...(l.LoadBalancerArn !== undefined ? { parentArn: l.LoadBalancerArn } : {}),
    },
    tags,
    spec: {
      protocol: l.Protocol ?? '',
      port: l.Port ?? 0,
      ...(certificateArn !== undefined ? { certificateArn } : {}),
      defaultAction: defaultActionSpec(l.DefaultActions?.[0]),
    },
    attrs: l.ListenerArn !== undefined ? { arn: l.ListenerArn } : {},
  };
}

function conditionSpec(conditions: readonly RuleCondition[]): Spec {
  const out: Record<string, SpecValue> = {};
  for (const c of conditions) {
    if (c.Field === 'path-pattern') out['pathPattern'] = [...(c.PathPatternConfig?.Values ?? c.Values ?? [])];
    else if (c.Field === 'host-header') out['hostHeader'] = [...(c.HostHeaderConfig?.Values ?? c.Values ?? [])];
    else if (c.Field === 'http-header') {
      out['httpHeader'] = { name: c.HttpHeaderConfig?.HttpHeaderName ?? '', values: [...(c.HttpHeaderConfig?.Values ?? [])] };
    } else if (c.Field !== undefined) out[c.Field] = [...(c.Values ?? [])];
  }
  return out;
}

function forwardSpec(actions: readonly Action[]): SpecValue {
  const forward = actions.find((a) => a.Type === 'forward');
  if (forward === undefined) return [];
  const groups = forward.ForwardConfig?.TargetGroups;
  if (groups !== undefined && groups.length > 0) {
    return groups.map((g) => ({ targetGroupArn: g.TargetGroupArn ?? '', weight: g.Weight ?? 1 }));
  }
  return forward.TargetGroupArn !== undefined ? [{ targetGroupArn: forward.TargetGroupArn, weight: 1 }] : [];
}

/** Undefined for the listener's default rule (it is the listener's default action). */
export function ruleBody(r: Rule, listenerArn: string, tags: Tags, account: string): LiveBody | undefined {
  if (r.IsDefault === true || r.Priority === 'default') return undefined;
  const priority = Number(r.Priority);
  return {
    kind: 'listener-rule',
    account,
    aws: { name: r.Priority ?? '', parentArn: listenerArn, ...(r.RuleArn !== undefined ? { arn: r.RuleArn } : {}) },
    tags,
    spec: {
      priority,
      conditions: conditionSpec(r.Conditions ?? []),
      forward: forwardSpec(r.Actions ?? []),
    },
    attrs: r.RuleArn !== undefined ? { arn: r.RuleArn } : {},
  };
}

/** The deregistration delay tiered last set, from its tag; absent (drift, so it is set) when
 * the tag is missing or not a number. */
function deregistrationDelaySpec(tags: Tags): { deregistrationDelay?: number } {
  const value = tags[TAG.deregistrationDelay];
  return value !== undefined && /^\d+$/.test(value) ? { deregistrationDelay: Number(value) } : {};
}

export function targetGroupBody(tg: TargetGroup, tags: Tags, account: string): LiveBody {
  const name = tg.TargetGroupName ?? '';
  return {
    kind: 'target-group',
    account,
    aws: { name, ...(tg.TargetGroupArn !== undefined ? { arn: tg.TargetGroupArn } : {}) },
    tags,
    spec: {
      name,
      protocol: tg.Protocol ?? '',
      port: tg.Port ?? 0,
      targetType: tg.TargetType ?? '',
      vpcId: tg.VpcId ?? '',
      healthCheck: { protocol: tg.HealthCheckProtocol ?? '', path: tg.HealthCheckPath ?? '' },
      ...deregistrationDelaySpec(tags),
    },
    attrs: tg.TargetGroupArn !== undefined ? { arn: tg.TargetGroupArn } : {},
  };
}
