// The move tags of a destination record's ownership TXT (docs/moves.md, "Crash safety"): read
// back from the TXT value, written as tags the TXT lists after the ownership ones. Values are
// DNS labels, infra group paths, integers and reason codes: never `,`, `=` or `"`.
import { TAG } from '../../desired/tags.js';
import { parseOwnershipTxt } from '../../desired/topology/dns-ownership.js';
import type { LiveResource } from '../../plan/live-resource.js';
import type { MoveMarker } from './move-types.js';

export const ROLLED_BACK = 'rolled-back';

export function markerTags(m: MoveMarker): Readonly<Record<string, string>> {
  const tags: Record<string, string> = { [TAG.moveFrom]: m.from, [TAG.moveStep]: String(m.step), [TAG.moveSince]: String(m.since) };
  if (m.rolledBack !== undefined) {
    tags[TAG.moveState] = ROLLED_BACK;
    tags[TAG.moveReason] = m.rolledBack.reason;
    tags[TAG.moveRevision] = m.rolledBack.revision;
  }
  return tags;
}

/** The marker of a live ownership TXT, or undefined when it carries none (or a broken one). */
export function readMarker(txt: LiveResource | undefined): MoveMarker | undefined {
  const value = txt?.spec['value'];
  if (typeof value !== 'string') return undefined;
  const tags = parseOwnershipTxt(value);
  const from = tags?.[TAG.moveFrom];
  const step = Number(tags?.[TAG.moveStep]);
  const since = Number(tags?.[TAG.moveSince]);
  if (tags === undefined || from === undefined || !Number.isInteger(step) || !Number.isFinite(since)) return undefined;
  const rolledBack =
    tags[TAG.moveState] === ROLLED_BACK ? { reason: tags[TAG.moveReason] ?? 'unknown', revision: tags[TAG.moveRevision] ?? '' } : undefined;
  return { from, step, since, ...(rolledBack !== undefined ? { rolledBack } : {}) };
}

/** A reason as a TXT value may hold it: lowercase words joined by hyphens. */
export function reasonCode(reason: string): string {
  return reason.toLowerCase().replace(/[^a-z0-9/.:_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'unknown';
}
