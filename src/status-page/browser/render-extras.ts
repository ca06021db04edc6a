// Parts of /status that other features add (moves in progress, alarms in ALARM, capacity),
// drawn from whatever shape they have: an array of flat objects as a table, an object as a
// list of its fields, anything else as text. All of it as text nodes.
import { asText as cell } from '../view/format.js';
import { el } from './dom.js';

const MAX_ROWS = 200;


function table(rows: readonly Readonly<Record<string, unknown>>[]): HTMLElement {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const shown = rows.slice(0, MAX_ROWS);
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)))),
      el('tbody', {}, ...shown.map((r) => el('tr', {}, ...columns.map((c) => el('td', {}, cell(r[c])))))),
    ),
    rows.length > shown.length ? el('p', { class: 'muted' }, `… and ${rows.length - shown.length} more`) : null,
  );
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function renderValue(value: unknown): HTMLElement {
  if (Array.isArray(value)) {
    if (value.length === 0) return el('p', { class: 'muted' }, 'none');
    if (value.every(isRecord)) return table(value);
    return el('ul', {}, ...value.slice(0, MAX_ROWS).map((v) => el('li', {}, cell(v))));
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return el('p', { class: 'muted' }, 'none');
    return el('dl', { class: 'extra-fields' }, ...entries.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, isRecord(v) || Array.isArray(v) ? renderValue(v) : cell(v))]));
  }
  return el('p', {}, cell(value));
}

export function renderExtras(extras: readonly { readonly title: string; readonly value: unknown }[]): HTMLElement[] {
  return extras.map(({ title, value }) =>
    el('section', { class: 'extra', 'data-extra': title, 'aria-label': title }, el('h2', {}, title), renderValue(value)),
  );
}
