// A fault of local AWS: ECS services whose deployment the proxy reports as FAILED, the way ECS
// does when the circuit breaker stops a deployment whose tasks keep failing (moto runs no task,
// so none of its deployments can fail). DescribeServices answers are rewritten: the primary
// deployment's rolloutState becomes FAILED with its reason, and the reason leads the service's
// events. Pure.

export interface DeploymentFailure {
  /** The service's name; with `cluster`, only in that cluster. */
  readonly service: string;
  readonly cluster?: string;
  /** Why, as ECS would say it, e.g. "tasks failed to start". */
  readonly reason: string;
}

interface ServiceJson {
  serviceName?: string;
  clusterArn?: string;
  deployments?: { status?: string; rolloutState?: string; rolloutStateReason?: string }[];
  events?: { id?: string; message?: string; createdAt?: unknown }[];
}

function matches(f: DeploymentFailure, s: ServiceJson): boolean {
  return s.serviceName === f.service && (f.cluster === undefined || (s.clusterArn ?? '').endsWith(`:cluster/${f.cluster}`));
}

/** moto's DescribeServices answer with the failures applied (unchanged when none match). */
export function failDeployments(answer: string, failures: readonly DeploymentFailure[]): string {
  if (failures.length === 0) return answer;
  const parsed = JSON.parse(answer) as { services?: ServiceJson[] };
  for (const s of parsed.services ?? []) {
    const failure = failures.find((f) => matches(f, s));
    if (failure === undefined) continue;
    for (const d of s.deployments ?? []) {
      if (d.status !== 'PRIMARY') continue;
      d.rolloutState = 'FAILED';
      d.rolloutStateReason = `ECS deployment circuit breaker: ${failure.reason}`;
    }
    s.events = [{ id: 'tiered-proxy-deployment-failure', message: `(service ${s.serviceName ?? ''}) ${failure.reason}` }, ...(s.events ?? [])];
  }
  return JSON.stringify(parsed);
}
