// ECS draining, as AWS does it and moto does not (docs/aws-behaviour.md §17): a
// deleted service stays DRAINING while its tasks drain from its target groups, for their
// deregistration delay (`deregistration_delay.timeout_seconds`, 300 s by default); meanwhile
// DeleteCluster is refused with ClusterContainsServicesException (then, while the stopped tasks
// are still being cleaned up, ClusterContainsTasksException) and CreateService of the same name
// with "still Draining". moto marks the service INACTIVE and deletes the cluster at once.
// Off unless enabled; the drain of each service takes its target groups' delay, scaled, plus a
// seeded share of jitter, so a test replays exactly for a seed.
import { DescribeTargetGroupAttributesCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Random } from './random.js';
import type { Clock } from './rate-limit.js';
import type { WireError } from './wire-errors.js';

export interface DrainingOptions {
  readonly enabled: boolean;
  /** Proxy seconds per second of deregistration delay (default 1; tests shrink the wait). */
  readonly timeScale?: number;
  /** Up to this share of the drain is added at random, from the seeded stream (default 0.1). */
  readonly jitter?: number;
  /** Seconds (scaled too) the stopped tasks outlive the service (default 0). */
  readonly taskStopSeconds?: number;
}

export const DRAINING_OFF: DrainingOptions = { enabled: false };

/** The attribute that sets how long a deregistering target drains. */
const DELAY_ATTRIBUTE = 'deregistration_delay.timeout_seconds';
/** ELBv2's default deregistration delay, for a target group whose attribute cannot be read. */
const AWS_DEFAULT_DELAY_SECONDS = 300;

interface Drain {
  readonly service: string;
  /** Until then the service is DRAINING. */
  readonly serviceUntil: number;
  /** Until then its tasks still count against the cluster. */
  readonly tasksUntil: number;
}

interface Caller {
  readonly account: string;
  readonly region: string;
  readonly accessKeyId: string | undefined;
}

function clusterName(ref: unknown): string {
  return typeof ref === 'string' ? (ref.split('/').pop() ?? ref) : 'default';
}

export function validDraining(options: DrainingOptions): DrainingOptions {
  for (const [name, value] of Object.entries({ timeScale: options.timeScale, jitter: options.jitter, taskStopSeconds: options.taskStopSeconds })) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new Error(`draining ${name}: expected a non-negative number, got ${String(value)}`);
    }
  }
  if ((options.jitter ?? 0) > 1) throw new Error(`draining jitter: expected 0..1, got ${String(options.jitter)}`);
  return options;
}

export class EcsDraining {
  private options: DrainingOptions = DRAINING_OFF;
  private readonly drains = new Map<string, Drain[]>();

  constructor(
    private readonly motoUrl: string,
    private readonly clock: Clock,
    private random: Random,
  ) {}

  /** New options; drains under way are forgotten. */
  set(options: DrainingOptions, random: Random): void {
    this.options = validDraining(options);
    this.random = random;
    this.drains.clear();
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  private key(caller: Caller, cluster: string): string {
    return `${caller.account}|${caller.region}|${cluster}`;
  }

  private live(caller: Caller, cluster: string): Drain[] {
    const key = this.key(caller, cluster);
    const now = this.clock();
    const left = (this.drains.get(key) ?? []).filter((d) => d.tasksUntil > now);
    if (left.length > 0) this.drains.set(key, left);
    else this.drains.delete(key);
    return left;
  }

  /** Whether `service` of `cluster` is DRAINING now. */
  isDraining(caller: Caller, cluster: string, service: string): boolean {
    const now = this.clock();
    return this.live(caller, clusterName(cluster)).some((d) => d.service === service && d.serviceUntil > now);
  }

  /** DeleteCluster's refusal while anything of the cluster drains. */
  deleteClusterRefusal(caller: Caller, cluster: unknown): WireError | undefined {
    const drains = this.live(caller, clusterName(cluster));
    if (drains.length === 0) return undefined;
    if (drains.some((d) => d.serviceUntil > this.clock())) {
      return { status: 400, code: 'ClusterContainsServicesException', message: 'The Cluster cannot be deleted while Services are active.' };
    }
    return { status: 400, code: 'ClusterContainsTasksException', message: 'The Cluster cannot be deleted while Tasks are active.' };
  }

  /** CreateService's refusal while the service of that name drains. */
  createServiceRefusal(caller: Caller, cluster: unknown, service: unknown): WireError | undefined {
    if (typeof service !== 'string' || !this.isDraining(caller, clusterName(cluster), service)) return undefined;
    return { status: 400, code: 'InvalidParameterException', message: 'Unable to Start a service that is still Draining.' };
  }

  /** After moto deleted a service: it drains for its target groups' longest delay. */
  async deleted(caller: Caller, answer: string): Promise<void> {
    const service = (JSON.parse(answer) as { service?: { serviceName?: string; clusterArn?: string; loadBalancers?: { targetGroupArn?: string }[] } }).service;
    if (service?.serviceName === undefined) return;
    const delays = await Promise.all((service.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [this.delayOf(caller, lb.targetGroupArn)] : [])));
    if (delays.length === 0) return;
    const scale = (this.options.timeScale ?? 1) * 1000;
    const drainMs = Math.max(...delays) * scale * (1 + (this.options.jitter ?? 0.1) * this.random());
    const serviceUntil = this.clock() + drainMs;
    const key = this.key(caller, clusterName(service.clusterArn));
    const drain = { service: service.serviceName, serviceUntil, tasksUntil: serviceUntil + (this.options.taskStopSeconds ?? 0) * scale };
    this.drains.set(key, [...(this.drains.get(key) ?? []).filter((d) => d.service !== drain.service), drain]);
  }

  /** DescribeServices as AWS answers it: a service deleted moments ago is DRAINING, not INACTIVE. */
  describeAnswer(caller: Caller, cluster: unknown, answer: string): string {
    const drains = this.live(caller, clusterName(cluster));
    const now = this.clock();
    const draining = new Set(drains.filter((d) => d.serviceUntil > now).map((d) => d.service));
    if (draining.size === 0) return answer;
    const body = JSON.parse(answer) as { services?: { serviceName?: string; status?: string }[] };
    for (const s of body.services ?? []) if (s.status === 'INACTIVE' && draining.has(s.serviceName ?? '')) s.status = 'DRAINING';
    return JSON.stringify(body);
  }

  private async delayOf(caller: Caller, targetGroupArn: string): Promise<number> {
    const client = new ElasticLoadBalancingV2Client({
      endpoint: this.motoUrl,
      region: caller.region,
      // moto does not verify signatures; the key id alone selects the caller's account.
      credentials: { accessKeyId: caller.accessKeyId ?? 'proxy-draining', secretAccessKey: 'unused-by-moto' },
      maxAttempts: 1,
    });
    try {
      const out = await client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }));
      const value = out.Attributes?.find((a) => a.Key === DELAY_ATTRIBUTE)?.Value;
      return value !== undefined && /^\d+$/.test(value) ? Number(value) : AWS_DEFAULT_DELAY_SECONDS;
    } catch {
      // The target group went first (or never was): its targets drain no longer.
      return 0;
    } finally {
      client.destroy();
    }
  }
}
