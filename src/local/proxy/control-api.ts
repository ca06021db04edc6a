// The proxy's controls over HTTP under /_tiered/ (the SDK never sends that path), so a process
// that did not start the proxy (a test runner, `tiered local` users) can read counters and set
// faults. Control calls are not counted.
import type { ProxyControls } from './controls.js';
import type { DrainingOptions } from './ecs-draining.js';

export const CONTROL_PREFIX = '/_tiered/';

export interface ControlAnswer {
  readonly status: number;
  readonly body: unknown;
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`control API: request body is not JSON: ${body.slice(0, 80)}`);
  }
}

function arrayBody<T>(body: string, what: string): readonly T[] {
  const value = parse(body);
  if (!Array.isArray(value)) throw new Error(`control API: ${what} must be a JSON array`);
  return value as T[];
}

/**
 * GET counters | GET calls | POST counters/reset | PUT faults | DELETE faults |
 * PUT lost-answers | PUT rate-limits | PUT quotas | PUT service-quotas | PUT draining | PUT deployment-failures | PUT target-health | POST reset
 */
export function control(controls: ProxyControls, method: string, path: string, body: string): ControlAnswer {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length).split('?')[0]}`;
  try {
    switch (route) {
      case 'GET counters':
        return { status: 200, body: controls.counters() };
      case 'GET calls':
        return { status: 200, body: controls.calls() };
      case 'POST counters/reset':
        controls.resetCounters();
        return { status: 200, body: { ok: true } };
      case 'PUT faults':
        controls.setFaults(arrayBody(body, 'faults'));
        return { status: 200, body: { ok: true } };
      case 'DELETE faults':
        controls.clearFaults();
        return { status: 200, body: { ok: true } };
      case 'PUT lost-answers':
        controls.setLostAnswers(arrayBody(body, 'lost-answer rules'));
        return { status: 200, body: { ok: true } };
      case 'PUT rate-limits':
        controls.setRateLimits(arrayBody(body, 'rate limits'));
        return { status: 200, body: { ok: true } };
      case 'PUT quotas':
        controls.setQuotas(parse(body) as Record<string, number>);
        return { status: 200, body: { ok: true, quotas: controls.quotas() } };
      case 'PUT service-quotas':
        controls.setServiceQuotas(arrayBody(body, 'service quota rules'));
        return { status: 200, body: { ok: true } };
      case 'PUT draining':
        controls.setDraining(parse(body) as DrainingOptions);
        return { status: 200, body: { ok: true } };
      case 'PUT deployment-failures':
        controls.setDeploymentFailures(arrayBody(body, 'deployment failures'));
        return { status: 200, body: { ok: true } };
      case 'PUT target-health':
        controls.setTargetHealth(arrayBody(body, 'target health faults'));
        return { status: 200, body: { ok: true } };
      case 'POST reset':
        controls.reset();
        return { status: 200, body: { ok: true } };
      default:
        return { status: 404, body: { error: `no control ${route}` } };
    }
  } catch (error) {
    return { status: 400, body: { error: (error as Error).message } };
  }
}
