// Reads the quotas AWS applied to each account a tier's cells are in (Service Quotas
// GetServiceQuota), once per account and region for the reader's life: a reader is made per
// pass (or per CLI session), so a pass never re-reads and the next pass sees a granted
// increase (docs/capacity.md §1). A quota the manifests override is not read: the override wins.
// An account that does not let tiered read a quota (AccessDenied) or a quota Service Quotas does
// not know there (NoSuchResource) falls back to AWS's default, with a note; any other failure
// is an observe error, since a quota lower than the default would otherwise be overrun.
import type { AwsClientFactory } from '../aws/clients.js';
import { awsErrorCode } from '../aws/errors.js';
import { ACCOUNT_QUOTAS, accountRegionKey, QUOTA_DEFINITIONS, type AccountQuota, type AccountQuotas, type AppliedQuotas } from '../desired/account-quotas.js';
import type { Cell, ManifestSet } from '../desired/model.js';
import type { ObserveError } from '../live/types.js';

/** Codes that mean "use the default": not allowed to read, or no such quota here. */
const FALLBACK_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'DependencyAccessDeniedException', 'NoSuchResourceException', 'NoSuchResource']);

export interface QuotaFallback {
  readonly accountId: string;
  readonly region: string;
  readonly quota: AccountQuota;
  readonly code: string;
  readonly message: string;
}

export interface AppliedQuotaRead {
  readonly applied: AppliedQuotas;
  readonly errors: readonly ObserveError[];
}

export interface AppliedQuotaReader {
  /** The applied quotas of the accounts `tier`'s cells are in. */
  read(set: ManifestSet, tier: string): Promise<AppliedQuotaRead>;
}

type AccountRead = { readonly values: Partial<AccountQuotas>; readonly errors: readonly ObserveError[] };

export function appliedQuotaReader(factory: AwsClientFactory, onFallback: (note: QuotaFallback) => void = () => {}): AppliedQuotaReader {
  const cache = new Map<string, Promise<AccountRead>>();

  async function readAccount(tier: string, cell: Cell, region: string, overridden: ReadonlySet<AccountQuota>): Promise<AccountRead> {
    const api = factory.clients({ region, roleArn: cell.spec.roleArn }).serviceQuotas;
    const values: Partial<Record<AccountQuota, number>> = {};
    const errors: ObserveError[] = [];
    await Promise.all(
      ACCOUNT_QUOTAS.filter((q) => !overridden.has(q)).map(async (quota) => {
        const { serviceCode, quotaCode } = QUOTA_DEFINITIONS[quota];
        try {
          const value = await api.getServiceQuota(serviceCode, quotaCode);
          if (value !== undefined) values[quota] = value;
        } catch (error) {
          const code = awsErrorCode(error) ?? 'Error';
          const message = (error as Error).message;
          if (FALLBACK_CODES.has(code)) onFallback({ accountId: cell.spec.accountId, region, quota, code, message });
          else errors.push({ tier, cell: cell.name, code, message: `Service Quotas ${serviceCode} ${quotaCode}: ${message}` });
        }
      }),
    );
    return { values, errors };
  }

  return {
    async read(set, tier) {
      const region = set.tiers.find((t) => t.name === tier)?.spec.region;
      if (region === undefined) return { applied: new Map(), errors: [] };
      const regionOf = new Map(set.tiers.map((t) => [t.name, t.spec.region]));
      const accounts = new Map<string, Cell>();
      for (const cell of set.cells) {
        if (cell.spec.tier !== tier) continue;
        const key = accountRegionKey(cell.spec.accountId, region);
        if (!accounts.has(key)) accounts.set(key, cell);
      }
      const applied = new Map<string, Partial<AccountQuotas>>();
      const errors: ObserveError[] = [];
      await Promise.all(
        [...accounts].map(async ([key, cell]) => {
          let pending = cache.get(key);
          if (pending === undefined) {
            // Quotas every sharing cell's manifest sets need no read.
            const sharing = set.cells.filter((c) => c.spec.accountId === cell.spec.accountId && regionOf.get(c.spec.tier) === region);
            const overridden = new Set(ACCOUNT_QUOTAS.filter((q) => sharing.some((c) => c.spec.quotas?.[q] !== undefined)));
            pending = readAccount(tier, cell, region, overridden);
            cache.set(key, pending);
          }
          const read = await pending;
          applied.set(key, read.values);
          errors.push(...read.errors.map((e) => ({ ...e, tier })));
        }),
      );
      return { applied, errors };
    },
  };
}
