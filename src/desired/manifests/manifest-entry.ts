// A document that passed its schema, in model shape, with a way to pin issues to its fields.
// Whole-set checks work on entries; the final ManifestSet drops the locators.
import type { Alarms, Kind, SourceLocation, TierSpec, CellSpec, InfraGroupSpec, TenantSpec, Workload } from '../model.js';
import type { ManifestIssue } from './manifest-issue.js';
import type { FieldPath } from './source-position.js';

/** A tenant before its tier's workload is merged in: only its own overrides. */
export interface TenantDraftSpec extends Omit<TenantSpec, 'workload' | 'alarms'> {
  readonly workload: Partial<Workload>;
  readonly alarms: Partial<Alarms>;
}

export interface Entry<K extends Kind, S> {
  readonly kind: K;
  readonly name: string;
  readonly spec: S;
  readonly source: SourceLocation;
  /** `Kind/name`, as issues name documents. */
  readonly id: string;
  issue(path: FieldPath, message: string, target?: 'value' | 'key'): ManifestIssue;
}

export type TierEntry = Entry<'Tier', TierSpec>;
export type CellEntry = Entry<'Cell', CellSpec>;
export type InfraGroupEntry = Entry<'InfraGroup', InfraGroupSpec>;
export type TenantEntry = Entry<'Tenant', TenantDraftSpec>;
export type AnyEntry = TierEntry | CellEntry | InfraGroupEntry | TenantEntry;

export interface Entries {
  readonly tiers: readonly TierEntry[];
  readonly cells: readonly CellEntry[];
  readonly infraGroups: readonly InfraGroupEntry[];
  readonly tenants: readonly TenantEntry[];
  /** Names of documents that failed their own checks, per kind. References to them are not
   * reported again as dangling: one mistake gives one error. */
  readonly broken: Readonly<Record<Kind, ReadonlySet<string>>>;
}
