// Rules across documents about accounts: an HTTPS listener's certificate must be in the ALB's
// own account and region; two cells of one tier in one account defeat the point of cells.
import type { ManifestIssue } from './manifest-issue.js';
import type { ResolvedEntries } from './check-references.js';
import { certificateProblem } from './check-fields.js';

export function checkAccounts(set: ResolvedEntries, errors: ManifestIssue[], warnings: ManifestIssue[]): void {
  const accountOf = new Map(set.cells.map((c) => [`${c.spec.tier}/${c.name}`, c.spec.accountId]));
  const regionOf = new Map(set.tiers.map((t) => [t.name, t.spec.region]));
  for (const g of set.infraGroups) {
    if (g.spec.listener.protocol !== 'HTTPS') continue;
    const account = accountOf.get(`${g.spec.tier}/${g.spec.cell}`);
    const region = regionOf.get(g.spec.tier);
    if (account === undefined || region === undefined) continue;
    const problem = certificateProblem(g.spec.listener.certificateArn, account, region);
    if (problem !== undefined) errors.push(g.issue(['spec', 'listener', 'certificateArn'], problem));
  }
  const cellByAccount = new Map<string, string>();
  for (const c of set.cells) {
    const key = `${c.spec.tier}/${c.spec.accountId}`;
    const other = cellByAccount.get(key);
    if (other !== undefined) {
      warnings.push(c.issue(['spec', 'accountId'], `Cells ${other} and ${c.name} of tier ${c.spec.tier} share account ${c.spec.accountId}; a cell is meant to be its own account, so they share its quotas.`));
    } else cellByAccount.set(key, c.name);
  }
}
