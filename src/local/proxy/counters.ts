// Counts calls by service, operation, account and outcome, and keeps a bounded log of them.
import { isMutating } from './operation.js';
import type { CallRecord, CounterRow, Outcome, ServiceOrUnknown } from './types.js';

/** Which calls to count; an absent field matches anything. */
export interface CallFilter {
  readonly service?: ServiceOrUnknown;
  readonly operation?: string;
  readonly account?: string;
  readonly outcome?: Outcome;
  readonly mutating?: boolean;
  /** The `tiered-caller/<id>` of the sender's user agent (caller.ts); only the log has it. */
  readonly caller?: string;
}

export function callMatches(filter: CallFilter, call: Omit<CallRecord, 'seq' | 'status' | 'at'>): boolean {
  return (
    (filter.service === undefined || filter.service === call.service) &&
    (filter.operation === undefined || filter.operation === call.operation) &&
    (filter.account === undefined || filter.account === call.account) &&
    (filter.outcome === undefined || filter.outcome === call.outcome) &&
    (filter.mutating === undefined || filter.mutating === call.mutating) &&
    (filter.caller === undefined || filter.caller === call.caller)
  );
}

export class CallCounters {
  private readonly rows = new Map<string, CounterRow>();
  private log: CallRecord[] = [];
  private nextSeq = 1;

  constructor(private readonly logLimit = 10_000) {}

  /** Records a finished call and returns it with its sequence number. */
  record(call: Omit<CallRecord, 'seq' | 'at'>, at: number = Date.now()): CallRecord {
    const entry: CallRecord = { seq: this.nextSeq++, ...call, at };
    const key = [call.service, call.operation, call.account, call.outcome].join('|');
    const row = this.rows.get(key);
    this.rows.set(key, {
      service: call.service,
      operation: call.operation,
      account: call.account,
      outcome: call.outcome,
      count: (row?.count ?? 0) + 1,
    });
    this.log.push(entry);
    // Drop the oldest half at once, so trimming stays cheap.
    if (this.log.length > this.logLimit) this.log = this.log.slice(this.log.length - Math.floor(this.logLimit / 2));
    return entry;
  }

  counters(): readonly CounterRow[] {
    return [...this.rows.values()];
  }

  /** The logged calls, oldest first (the log keeps the latest few thousand). */
  calls(filter: CallFilter = {}): readonly CallRecord[] {
    return this.log.filter((c) => callMatches(filter, c));
  }

  /** Number of calls matching the filter, from the counters (not limited by the log's size). */
  count(filter: CallFilter = {}): number {
    return this.counters()
      .filter((r) => callMatches(filter, { ...r, mutating: isMutating(r.operation) }))
      .reduce((sum, r) => sum + r.count, 0);
  }

  reset(): void {
    this.rows.clear();
    this.log = [];
  }
}

