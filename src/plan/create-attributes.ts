// What a create will make, as `terraform plan` shows it: the attributes a reviewer checks per
// kind (image, cpu/memory, rule condition and priority, DNS weight, …). Container environment
// and secrets show their keys only: a plan lands in CI logs and PR comments, and a value may be
// a password (sensitive-values.ts).
import type { DesiredResource, ResourceKind, SpecValue } from '../desired/topology/resource.js';
import type { PlanValue } from './action.js';

export interface Attribute {
  /** Dotted path in the spec, as in a change. */
  readonly field: string;
  readonly value: PlanValue;
}

/** The fields shown per kind, in this order; absent ones are left out. */
const SHOWN: Readonly<Record<ResourceKind, readonly string[]>> = {
  'load-balancer': ['type', 'scheme'],
  listener: ['protocol', 'port'],
  'interface-endpoint': ['serviceName'],
  'target-group': ['protocol', 'port', 'healthCheck.path', 'deregistrationDelay'],
  'ecs-cluster': [],
  'task-definition': ['container.image', 'cpu', 'memory', 'container.environment', 'container.secrets'],
  'listener-rule': ['priority', 'conditions', 'forward'],
  'ecs-service': ['launchType', 'desiredCount'],
  'dns-record': ['type', 'weight', 'alias.dnsName'],
  'dns-ownership': [],
  'log-group': ['retentionInDays'],
  'scalable-target': ['minCapacity', 'maxCapacity'],
  'scaling-policy': ['metric', 'targetValue'],
  alarm: ['metricName', 'comparisonOperator', 'threshold'],
};

/** Only the names of these maps are shown, never their values. */
const KEYS_ONLY = new Set(['container.environment', 'container.secrets']);

function isRecord(v: unknown): v is Readonly<Record<string, SpecValue>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(spec: SpecValue, path: string): SpecValue | undefined {
  let node: SpecValue | undefined = spec;
  for (const seg of path.split('.')) node = isRecord(node) ? node[seg] : undefined;
  return node;
}

/** A spec value as plan data: a reference is known after apply, a Name-tag lookup says what it
 * looks for. */
function planValue(v: SpecValue): PlanValue {
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) return (v as readonly SpecValue[]).map(planValue);
  const o = v as Readonly<Record<string, SpecValue>>;
  if (typeof o['ref'] === 'string' && typeof o['attr'] === 'string') return { knownAfterApply: `${o['ref']}#${o['attr']}` };
  if (typeof o['lookup'] === 'string' && typeof o['name'] === 'string') return `${o['lookup']} named ${o['name']}`;
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, planValue(x)]));
}

/** A rule's forward list reads best as target group → weight. */
function forwardValue(v: SpecValue): PlanValue {
  if (!Array.isArray(v)) return planValue(v);
  const entries = (v as readonly SpecValue[]).map((f) => {
    const tg = isRecord(f) ? f['targetGroupArn'] : undefined;
    const ref = typeof tg === 'string' ? tg : isRecord(tg) && typeof tg['ref'] === 'string' ? tg['ref'] : JSON.stringify(tg);
    const weight = isRecord(f) ? f['weight'] : undefined;
    return [ref, weight === undefined ? null : planValue(weight)] as const;
  });
  return Object.fromEntries(entries);
}

export function createAttributes(desired: Pick<DesiredResource, 'kind' | 'spec' | 'createWith'>): readonly Attribute[] {
  const spec = { ...desired.createWith, ...desired.spec };
  return SHOWN[desired.kind].flatMap((field): Attribute[] => {
    const v = at(spec, field);
    if (v === undefined) return [];
    if (KEYS_ONLY.has(field)) return isRecord(v) ? [{ field: `${field} (keys)`, value: Object.keys(v).sort() }] : [];
    return [{ field, value: field === 'forward' ? forwardValue(v) : planValue(v) }];
  });
}
