// Splits a zone's record changes into as few ChangeResourceRecordSets requests as Route 53
// accepts (docs/aws-behaviour.md §4: at most 1,000 ResourceRecord elements and 32,000 characters of values per
// request, an UPSERT counting twice). Fewer requests matter: Route 53's budget is a handful of
// requests per second per account, shared with every other tool in it.
import type { Change } from '@aws-sdk/client-route-53';

export const MAX_RECORDS_PER_BATCH = 1000;
export const MAX_VALUE_CHARS_PER_BATCH = 32000;

interface Cost {
  readonly records: number;
  readonly chars: number;
}

/** What one change counts against the batch limits. An alias record counts as one element. */
export function changeCost(change: Change): Cost {
  const rrs = change.ResourceRecordSet;
  const values = rrs?.ResourceRecords?.map((r) => r.Value ?? '') ?? [];
  const records = Math.max(1, values.length);
  const chars = values.reduce((n, v) => n + v.length, 0);
  const factor = change.Action === 'UPSERT' ? 2 : 1;
  return { records: records * factor, chars: chars * factor };
}

const DEFAULT_LIMITS: Cost = { records: MAX_RECORDS_PER_BATCH, chars: MAX_VALUE_CHARS_PER_BATCH };

/** Packs changes, in order, into batches within the limits. A single change over the limits
 * is still sent alone: Route 53's own error then names it. */
export function packChangeBatches(changes: readonly Change[], limits: Cost = DEFAULT_LIMITS): Change[][] {
  return packChangeUnits(changes.map((c) => [c]), limits);
}

/** Packs units of changes, in order, into batches within the limits, never splitting a unit:
 * a unit is changes that must be applied together (a tier endpoint's switch between DNS trees,
 * docs/dns-tree.md). A unit over the limits is still sent alone, whole. */
export function packChangeUnits(units: readonly (readonly Change[])[], limits: Cost = DEFAULT_LIMITS): Change[][] {
  const batches: Change[][] = [];
  let current: Change[] = [];
  let used = { records: 0, chars: 0 };
  for (const unit of units) {
    const cost = unit.map(changeCost).reduce((a, b) => ({ records: a.records + b.records, chars: a.chars + b.chars }), { records: 0, chars: 0 });
    const fits = used.records + cost.records <= limits.records && used.chars + cost.chars <= limits.chars;
    if (!fits && current.length > 0) {
      batches.push(current);
      current = [];
      used = { records: 0, chars: 0 };
    }
    current.push(...unit);
    used = { records: used.records + cost.records, chars: used.chars + cost.chars };
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
