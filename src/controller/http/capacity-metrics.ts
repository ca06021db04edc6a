// The tiered_capacity_* gauges (docs/capacity.md §4.1): each tier's room for more tenants and
// advice, and each cell's use of its account's quotas and of its share. A tier's label sets are
// replaced as a whole on every update, so a removed cell or a changed advice leaves no stale
// series behind.
import { Gauge, type Registry } from 'prom-client';
import { ACCOUNT_QUOTAS, TENANT_QUOTAS } from '../../desired/account-quotas.js';
import type { TierCapacity } from '../../desired/placement/capacity-report.js';

const LEVERS = ['none', 'infra-group', 'cell'] as const;

export class CapacityGauges {
  private readonly more: Gauge<'tier'>;
  private readonly cellMore: Gauge<'tier' | 'cell'>;
  private readonly used: Gauge<'tier' | 'cell' | 'quota'>;
  private readonly limit: Gauge<'tier' | 'cell' | 'quota'>;
  private readonly shareUsed: Gauge<'tier' | 'cell' | 'quota'>;
  private readonly sharePlaceable: Gauge<'tier' | 'cell' | 'quota'>;
  private readonly advice: Gauge<'tier' | 'lever'>;
  /** The cells each tier's series were last set for. */
  private readonly cells = new Map<string, readonly string[]>();

  constructor(registers: Registry[]) {
    const gauge = <L extends string>(name: string, help: string, labelNames: L[]) => new Gauge<L>({ name, help, labelNames, registers });
    this.more = gauge('tiered_capacity_more_tenants', 'More tenants of the tier\'s typical size that placement would still take.', ['tier']);
    this.cellMore = gauge('tiered_capacity_cell_more_tenants', 'More tenants of the tier\'s typical size placement would put in the cell.', ['tier', 'cell']);
    this.used = gauge('tiered_capacity_quota_used', 'Use of an account quota in the cell\'s account (every cell sharing the account counts).', ['tier', 'cell', 'quota']);
    this.limit = gauge('tiered_capacity_quota_limit', 'An account quota of the cell\'s account: the manifest\'s override, the applied value or AWS\'s default.', ['tier', 'cell', 'quota']);
    this.shareUsed = gauge('tiered_capacity_share_used', 'What the cell\'s tenants use of its share of an account quota.', ['tier', 'cell', 'quota']);
    this.sharePlaceable = gauge('tiered_capacity_share_placeable', 'What new tenants may fill of the cell\'s share of an account quota (the share less the tier\'s headroom).', ['tier', 'cell', 'quota']);
    this.advice = gauge('tiered_capacity_advice', 'The lever the capacity advisor names for the tier: 1 for the advised one (none, infra-group or cell).', ['tier', 'lever']);
  }

  set(tier: string, capacity: TierCapacity): void {
    this.forget(tier);
    this.more.set({ tier }, capacity.moreTenants);
    for (const lever of LEVERS) this.advice.set({ tier, lever }, capacity.advice.lever === lever ? 1 : 0);
    for (const c of capacity.cells) {
      this.cellMore.set({ tier, cell: c.cell }, c.moreTenants);
      for (const quota of ACCOUNT_QUOTAS) {
        this.used.set({ tier, cell: c.cell, quota }, c.account[quota].used);
        this.limit.set({ tier, cell: c.cell, quota }, c.account[quota].limit);
      }
      for (const quota of TENANT_QUOTAS) {
        this.shareUsed.set({ tier, cell: c.cell, quota }, c.share[quota].used);
        this.sharePlaceable.set({ tier, cell: c.cell, quota }, c.share[quota].placeable);
      }
    }
    this.cells.set(tier, capacity.cells.map((c) => c.cell));
  }

  forget(tier: string): void {
    this.more.remove({ tier });
    for (const lever of LEVERS) this.advice.remove({ tier, lever });
    for (const cell of this.cells.get(tier) ?? []) {
      this.cellMore.remove({ tier, cell });
      for (const quota of ACCOUNT_QUOTAS) {
        this.used.remove({ tier, cell, quota });
        this.limit.remove({ tier, cell, quota });
      }
      for (const quota of TENANT_QUOTAS) {
        this.shareUsed.remove({ tier, cell, quota });
        this.sharePlaceable.remove({ tier, cell, quota });
      }
    }
    this.cells.delete(tier);
  }
}
