// Rules between the fields of one document that a JSON Schema cannot state clearly: an ARN's
// account against accountId, settings that only mean something together, reserved names.
// Runs on a document that passed its schema (defaults filled), and beside schema errors on the
// document without the refused fields: a rule missing a field it reads finds nothing.
import type { Kind } from '../model.js';
import type { FieldPath } from './source-position.js';
import { excerpt } from './schema-messages.js';
import { stepsProblem } from '../migration.js';

/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   the fields are read from a document its schema has just checked: see `Spec` below. */

export interface FieldProblem {
  readonly path: FieldPath;
  readonly message: string;
}

/** Set by the topology (task-definitions.ts); a manifest that sets one would be overridden. */
export const RESERVED_ENVS: readonly (readonly [string, string])[] = [
  ['TENANT_ID', "the tenant's name"],
  ['TIER_ID', "the tier's name"],
  ['REGION', "the tier's region"],
];

// `any`: the schema has just guaranteed the shape, and typing every raw field twice (schema
// and here) would only add places to drift apart.
type Spec = Record<string, any>;

function arnAccount(arn: string): string | undefined {
  return arn.split(':')[4];
}

function arnRegion(arn: string): string | undefined {
  return arn.split(':')[3];
}

function workloadProblems(workload: Spec | undefined, at: FieldPath, who: string): FieldProblem[] {
  if (workload === undefined) return [];
  const problems: FieldProblem[] = [];
  const env = (workload.environment ?? {}) as Record<string, string>;
  const secrets = (workload.secrets ?? {}) as Record<string, string>;
  const reserved = new Set(RESERVED_ENVS.map(([name]) => name));
  for (const [field, names] of [['environment', env], ['secrets', secrets]] as const) {
    for (const [name, what] of RESERVED_ENVS) {
      if (!Object.hasOwn(names, name)) continue;
      problems.push({
        path: [...at, field, name],
        message: `${name} is reserved: tiered sets it to ${what} in every task, so ${who} must not set it.`,
      });
    }
  }
  for (const name of Object.keys(secrets).sort()) {
    if (!reserved.has(name) && Object.hasOwn(env, name)) {
      problems.push({
        path: [...at, 'secrets', name],
        message: `${name} is both in environment and in secrets; a container variable comes from one of them: remove it from one.`,
      });
    }
  }
  const scaling = workload.autoscaling as { minCapacity: number; maxCapacity: number } | undefined;
  if (scaling !== undefined && scaling.minCapacity > scaling.maxCapacity) {
    problems.push({
      path: [...at, 'autoscaling', 'minCapacity'],
      message: `autoscaling.minCapacity (${scaling.minCapacity}) must not exceed autoscaling.maxCapacity (${scaling.maxCapacity}).`,
    });
  }
  return problems;
}

function migrationProblems(migration: Spec | undefined): FieldProblem[] {
  const steps = migration?.steps as number[] | undefined;
  const problem = steps === undefined ? undefined : stepsProblem(steps);
  return problem === undefined ? [] : [{ path: ['spec', 'migration', 'steps'], message: problem }];
}

/** `name` is unknown when the document's own name was refused: the confirmation waits for it. */
function tierProblems(name: string | undefined, spec: Spec): FieldProblem[] {
  const problems = [...workloadProblems(spec.workload, ['spec', 'workload'], 'a tier'), ...migrationProblems(spec.migration)];
  const confirm = spec.decommission?.confirm as string | undefined;
  if (confirm !== undefined && name !== undefined && confirm !== name) {
    problems.push({
      path: ['spec', 'decommission', 'confirm'],
      message: `decommission.confirm must be the tier's own name, ${excerpt(name)}, to delete the whole tier; found ${excerpt(confirm)}.`,
    });
  }
  if (spec.routing.match !== 'header' && spec.routing.header !== undefined) {
    problems.push({ path: ['spec', 'routing', 'header'], message: `routing.header is only used when routing.match is header; found match ${spec.routing.match}. Remove it or set match: header.` });
  }
  if (typeof spec.routing.header === 'string' && spec.routing.header.toLowerCase() === 'host') {
    problems.push({ path: ['spec', 'routing', 'header'], message: 'routing.header must not be Host; to route by host name use routing.match: host.' });
  }
  const zone = spec.dns?.zone as string;
  const endpoint = spec.dns?.endpoint as string;
  if (typeof zone === 'string' && typeof endpoint === 'string' && !/^Z[A-Z0-9]+$/.test(zone) && endpoint !== zone && !endpoint.endsWith(`.${zone}`)) {
    problems.push({ path: ['spec', 'dns', 'endpoint'], message: `dns.endpoint ${excerpt(endpoint)} is not inside the hosted zone ${excerpt(zone)}.` });
  }
  const seen = new Set<string>();
  (spec.downstreams as { name: string }[]).forEach((d, i) => {
    if (seen.has(d.name)) problems.push({ path: ['spec', 'downstreams', i, 'name'], message: `The downstream name ${excerpt(d.name)} is used twice in this tier.` });
    seen.add(d.name);
  });
  return problems;
}

function cellProblems(spec: Spec): FieldProblem[] {
  // Also run beside schema errors, without the refused fields (document-checks.ts).
  if (typeof spec.roleArn !== 'string' || typeof spec.accountId !== 'string') return [];
  const account = arnAccount(spec.roleArn);
  return account === spec.accountId
    ? []
    : [{ path: ['spec', 'roleArn'], message: `roleArn is in account ${account}, but the cell's accountId is ${spec.accountId}; a cell's role must live in its own account.` }];
}

function infraGroupProblems(spec: Spec): FieldProblem[] {
  const listener = spec.listener as { protocol: string; certificateArn?: string };
  if (listener.protocol === 'HTTP' && listener.certificateArn !== undefined) {
    return [{ path: ['spec', 'listener', 'certificateArn'], message: 'listener.certificateArn is only used with protocol HTTPS; found protocol HTTP. Remove it or use HTTPS.' }];
  }
  return [];
}

function tenantProblems(spec: Spec): FieldProblem[] {
  return [...workloadProblems(spec.workload, ['spec', 'workload'], 'a tenant'), ...migrationProblems(spec.migration)];
}

export function fieldProblems(kind: Kind, spec: Spec, name: string | undefined): FieldProblem[] {
  switch (kind) {
    case 'Tier':
      return tierProblems(name, spec);
    case 'Cell':
      return cellProblems(spec);
    case 'InfraGroup':
      return infraGroupProblems(spec);
    case 'Tenant':
      return tenantProblems(spec);
  }
}

/** An HTTPS listener's certificate must live in the ALB's account and region. */
export function certificateProblem(certificateArn: string, accountId: string, region: string): string | undefined {
  const account = arnAccount(certificateArn);
  const certRegion = arnRegion(certificateArn);
  if (account !== accountId) return `listener.certificateArn is in account ${account}, but the infra group's cell is account ${accountId}; an ALB can only use certificates of its own account.`;
  if (certRegion !== region) return `listener.certificateArn is in region ${certRegion}, but the tier is in ${region}; an ALB can only use certificates of its own region.`;
  return undefined;
}
