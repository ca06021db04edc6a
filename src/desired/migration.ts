// The `migration` fields of Tier and Tenant manifests (docs/moves.md): bake times are written as
// durations (`5m`, `30s`, `1h30m`), held as seconds; steps are percentages that must climb to 100.

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3_600 };

/** Seconds of a duration the schema has checked (`^([0-9]+(ms|s|m|h))+$`). */
export function durationSeconds(text: string): number {
  let seconds = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h)/g)) seconds += Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
  return seconds;
}

/** Why a list of steps cannot drive a move, or undefined when it can: ascending, ending at 100
 * (the tenant leaves its source only once the destination has all its traffic). */
export function stepsProblem(steps: readonly number[]): string | undefined {
  for (let i = 1; i < steps.length; i++) {
    if ((steps[i] as number) <= (steps[i - 1] as number)) return `migration.steps must climb: ${steps[i]} follows ${steps[i - 1]}.`;
  }
  return steps[steps.length - 1] === 100 ? undefined : `migration.steps must end at 100 (the destination's whole share); found [${steps.join(', ')}].`;
}
