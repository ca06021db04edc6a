// Target health of local AWS. On AWS, an ECS service behind a target group registers its tasks
// there, and DescribeTargetHealth answers them healthy once they pass the health check. moto
// runs no task, so it registers none and answers every target group empty, which no gate could
// pass (docs/moves.md, "Gate"). The proxy answers such an empty answer as AWS would for a
// service whose task is up: one healthy target. Faults make a target group's targets unhealthy,
// as a failing health check would. Pure.

export interface TargetHealthFault {
  /** A part of the target group's ARN (its name, say): every target group it matches. */
  readonly targetGroup: string;
  readonly state: 'unhealthy' | 'draining' | 'unused' | 'initial';
  /** ELB's reason code, e.g. Target.FailedHealthChecks. */
  readonly reason?: string;
}

const LIST = /<TargetHealthDescriptions>([\s\S]*?)<\/TargetHealthDescriptions>|<TargetHealthDescriptions\/>/;

function oneHealthyTarget(port: string): string {
  return `<member><Target><Id>10.0.0.10</Id><Port>${port}</Port></Target><HealthCheckPort>${port}</HealthCheckPort><TargetHealth><State>healthy</State></TargetHealth></member>`;
}

/** moto's DescribeTargetHealth answer for `targetGroupArn`, as AWS would give it. */
export function targetHealthAnswer(answer: string, targetGroupArn: string, faults: readonly TargetHealthFault[], port = '8080'): string {
  const m = LIST.exec(answer);
  if (m === null) return answer;
  const members = m[1] ?? '';
  let list = members.includes('<member>') ? members : oneHealthyTarget(port);
  const fault = faults.find((f) => targetGroupArn.includes(f.targetGroup));
  if (fault !== undefined) {
    const reason = fault.reason !== undefined ? `<Reason>${fault.reason}</Reason>` : '';
    list = list.replace(/<TargetHealth>[\s\S]*?<\/TargetHealth>/g, `<TargetHealth><State>${fault.state}</State>${reason}</TargetHealth>`);
  }
  return answer.replace(m[0], `<TargetHealthDescriptions>${list}</TargetHealthDescriptions>`);
}
