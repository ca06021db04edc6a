// Schema-valid document data -> model specs. Static defaults were filled by the schema; this
// adds the ones derived from other fields (role names from the tier, listener port from its
// protocol) and merges a tenant's workload overrides into its tier's workload.
import type { Alarms, CellSpec, InfraGroupSpec, ListenerSpec, TierLogs, TierSpec, Workload, ZoneRef } from '../model.js';
import type { TenantDraftSpec } from './manifest-entry.js';
import { durationSeconds } from '../migration.js';
import type { Migration, MigrationOverride } from '../model.js';

type Raw = Record<string, unknown>;

const ZONE_ID = /^Z[A-Z0-9]+$/;

function zoneRef(zone: string): ZoneRef {
  return ZONE_ID.test(zone) ? { id: zone } : { name: zone };
}

export function tierSpec(name: string, spec: Raw): TierSpec {
  const raw = spec as unknown as TierSpec & { dns: { zone: string }; workload: Partial<Workload>; logs: Partial<TierLogs> };
  const workload = raw.workload;
  const migration = spec['migration'] as { steps: number[]; bakeTime: string; maxConcurrent: number };
  return {
    ...raw,
    migration: { steps: migration.steps, bakeSeconds: durationSeconds(migration.bakeTime), maxConcurrent: migration.maxConcurrent } satisfies Migration,
    dns: { ...raw.dns, zone: zoneRef(raw.dns.zone) },
    logs: { ...raw.logs, groupName: raw.logs.groupName ?? `/tiered/${name}` },
    workload: {
      ...(workload),
      taskRoleName: workload.taskRoleName ?? `${name}-task`,
      executionRoleName: workload.executionRoleName ?? `${name}-exec`,
    },
  };
}

export function cellSpec(spec: Raw): CellSpec {
  return spec as unknown as CellSpec;
}

export function infraGroupSpec(spec: Raw): InfraGroupSpec {
  const raw = spec as unknown as InfraGroupSpec & { listener: { protocol: string; port?: number; certificateArn?: string } };
  const { protocol, port, certificateArn } = raw.listener;
  const listener: ListenerSpec =
    protocol === 'HTTPS'
      ? { protocol: 'HTTPS', port: port ?? 443, certificateArn: certificateArn ?? '' }
      : { protocol: 'HTTP', port: port ?? 80 };
  return { ...raw, listener };
}

export function tenantDraftSpec(spec: Raw): TenantDraftSpec {
  const raw = spec as unknown as TenantDraftSpec;
  const own = spec['migration'] as { steps?: number[]; bakeTime?: string } | undefined;
  const { migration: _written, ...rest } = raw;
  const migration: MigrationOverride | undefined =
    own === undefined ? undefined : { ...(own.steps !== undefined ? { steps: own.steps } : {}), ...(own.bakeTime !== undefined ? { bakeSeconds: durationSeconds(own.bakeTime) } : {}) };
  return { ...rest, workload: raw.workload ?? {}, alarms: raw.alarms ?? {}, ...(migration !== undefined ? { migration } : {}) };
}

/** The tier's alarms with the tenant's overrides (fields replace; a tenant without any shares
 * the tier's object). */
export function mergeAlarms(tier: Alarms, overrides: Partial<Alarms>): Alarms {
  return Object.keys(overrides).length === 0 ? tier : { ...tier, ...overrides };
}

/** The tier's workload with the tenant's overrides: fields replace; environment and secrets
 * merge by variable name, where the tenant's entry wins whichever of the two it is in (a
 * tenant may turn the tier's plain variable into a secret, or back). */
export function mergeWorkload(tier: Workload, overrides: Partial<Workload>): Workload {
  // Most tenants override nothing: they share the tier's workload (10,000 tenants held by the
  // daemon between passes).
  if (Object.keys(overrides).length === 0) return tier;
  const environment: Record<string, string> = { ...tier.environment, ...overrides.environment };
  const secrets: Record<string, string> = { ...tier.secrets, ...overrides.secrets };
  for (const name of Object.keys(overrides.environment ?? {})) delete secrets[name];
  for (const name of Object.keys(overrides.secrets ?? {})) delete environment[name];
  return { ...tier, ...overrides, environment, secrets };
}
