// How plan values print in text and Markdown: short, on one line, unknowns spelled out.
import type { Action, PlanValue } from './action.js';
import { isUnknown } from './resolve.js';
import { isMasked } from './sensitive-values.js';

export function formatValue(v: PlanValue | undefined): string {
  if (v === undefined || v === null) return '(none)';
  if (isUnknown(v)) return '(known after apply)';
  if (isMasked(v)) return `(masked #${v.masked})`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join(', ')}}`;
}

/** The AWS identity an operator recognises: ARN, else id, else name. */
export function awsId(a: Pick<Action, 'aws'>): string {
  return a.aws.arn ?? a.aws.id ?? a.aws.name;
}

export const MARKER: Readonly<Record<Action['action'], string>> = { create: '+', update: '~', delete: '-', adopt: '>' };

export function holdText(a: Action): string {
  if (a.hold === undefined) return '';
  switch (a.hold.reason) {
    case 'suspended':
      return ` [report-only: ${a.hold.scope} suspended]`;
    case 'deletion-guard':
      return ' [report-only: deletion guard]';
    case 'missing-reference':
      return ` [report-only: missing ${a.hold.lookups.join(', ')}]`;
    case 'blocked-by-conflict':
      return ` [report-only: blocked by conflict on ${a.hold.conflict}]`;
    case 'waits-for-held':
      return ` [report-only: waits for ${a.hold.action}]`;
  }
}

export function summaryLine(s: { create: number; update: number; delete: number; adopt: number; conflicts: number; held: number }): string {
  const total = s.create + s.update + s.delete + s.adopt;
  if (total === 0 && s.conflicts === 0) return 'No changes: live state matches the manifests.';
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.adopt} to adopt, ${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'}${s.held > 0 ? ` (${s.held} report-only)` : ''}.`;
}
