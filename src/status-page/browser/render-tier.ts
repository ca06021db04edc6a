// One tier as a picture: its cells side by side, each with its infra groups as cards; a card
// has a fill bar per limit (target groups, rules, tenants) with the headroom line drawn where
// new placements stop; then the tier's last pass, drift by kind, unschedulable tenants,
// degraded services and errors.
import type { InfraGroupView, TierView, Usage } from '../view/page-model.js';
import { fillLevel, formatAgo, formatDuration, formatUsage } from '../view/format.js';
import { el, time } from './dom.js';

function bar(label: string, usage: Usage | null, spoken = label): HTMLElement {
  if (usage === null) return el('div', { class: 'bar-row' }, el('span', { class: 'bar-label' }, label), el('span', { class: 'muted' }, 'not known'));
  const pct = (n: number) => `${Math.min(100, usage.limit === 0 ? 100 : (n / usage.limit) * 100).toFixed(1)}%`;
  const fill = el('div', { class: `bar-fill level-${fillLevel(usage)}` });
  fill.style.width = pct(usage.used);
  const headroom = el('div', { class: 'bar-headroom', title: `headroom line: new placements stop at ${usage.placeable}` });
  headroom.style.left = pct(usage.placeable);
  return el(
    'div',
    { class: 'bar-row' },
    el('span', { class: 'bar-label', title: spoken }, label),
    el('div', { class: 'bar', role: 'img', 'aria-label': `${spoken}: ${formatUsage(usage)}` }, fill, usage.placeable < usage.limit ? headroom : null),
    el('span', { class: 'bar-text' }, `${usage.used} / ${usage.limit}`),
  );
}

const SHOWN_TENANTS = 24;

function infraGroupCard(ig: InfraGroupView, highlighted: ReadonlySet<string>): HTMLElement {
  const count = ig.tenants?.used ?? ig.tenantNames.length;
  const names = ig.tenantNames.slice(0, SHOWN_TENANTS).join(', ');
  const more = ig.tenantNames.length - SHOWN_TENANTS;
  const hit = highlighted.has(ig.key);
  return el(
    'article',
    { class: `ig${hit ? ' highlight' : ''}`, 'data-ig': ig.key, 'aria-label': `infra group ${ig.key}${hit ? ' (search match)' : ''}` },
    el('h4', {}, ig.name),
    el('p', { class: 'ig-count' }, el('span', { 'data-role': 'tenant-count' }, count), count === 1 ? ' tenant' : ' tenants'),
    bar('TGs', ig.targetGroups, 'Target groups'),
    bar('Rules', ig.rules),
    bar('Tenants', ig.tenants),
    ig.tenantNames.length > 0 ? el('p', { class: 'ig-tenants muted' }, names, more > 0 ? ` … and ${more} more` : '') : null,
  );
}

function lastPass(tier: TierView, now: number): HTMLElement {
  const p = tier.lastPass;
  if (p === null) return el('p', { class: 'muted' }, 'No pass yet.');
  return el(
    'p',
    { class: 'last-pass' },
    'Last pass ',
    el('span', { class: `badge result-${p.result}`, 'data-role': 'pass-result' }, p.result),
    ' at ',
    time(p.at),
    ` (${formatAgo(p.at, now)}), revision `,
    el('code', {}, p.revision ?? '—'),
    `, took ${formatDuration(p.durationMs)}`,
    tier.phase !== null ? `; now ${tier.phase}` : '',
    '.',
    tier.revision !== null && tier.revision !== p.revision ? el('span', {}, ' Applied revision ', el('code', {}, tier.revision), '.') : null,
  );
}

function lease(tier: TierView): HTMLElement | null {
  const l = tier.lease;
  if (l.held === null && l.holder === null) return null;
  const who = l.holder !== null ? `held by ${l.holder}` : l.held ? 'held by this controller' : 'not held by this controller';
  return el('span', { class: 'lease' }, `Lease ${who}`, l.error !== null ? el('span', { class: 'warn' }, ` (last error: ${l.error})`) : null, '. ');
}

function list<T>(title: string, items: readonly T[], item: (t: T) => HTMLElement, role: string): HTMLElement | null {
  if (items.length === 0) return null;
  return el('div', { class: `tier-list ${role}` }, el('h3', {}, `${title} (${items.length})`), el('ul', {}, ...items.map(item)));
}

/** `live`: a controller's tier, with its passes; otherwise an offline placement's. */
export function renderTier(tier: TierView, highlighted: ReadonlySet<string>, now: number, live: boolean): HTMLElement {
  const state = tier.converged === null ? null : tier.converged ? 'converged' : 'not converged';
  const drift = tier.drift.byKind.length === 0
    ? el('span', { class: 'drift' }, 'Drift found by the last pass: none.')
    : el('span', { class: 'drift' }, `Drift found by the last pass: ${tier.drift.total} — `, ...tier.drift.byKind.flatMap(([kind, n]) => [el('span', { class: 'chip' }, `${kind} ${n}`), ' ']));
  return el(
    'section',
    { class: 'tier', 'data-tier': tier.name, 'aria-labelledby': `tier-${tier.name}` },
    el(
      'header',
      { class: 'tier-head' },
      el('h2', { id: `tier-${tier.name}` }, tier.name),
      state !== null ? el('span', { class: `badge ${tier.converged ? 'ok' : 'pending'}` }, state) : null,
    ),
    live ? lastPass(tier, now) : null,
    live ? el('p', {}, lease(tier), tier.lastPass !== null ? drift : null) : null,
    tier.cells.length === 0
      ? el('p', { class: 'muted' }, 'No infra groups known yet (they appear after the first pass).')
      : el(
          'div',
          { class: 'cells' },
          ...tier.cells.map((cell) =>
            el(
              'section',
              { class: 'cell', 'data-cell': cell.key, 'aria-label': `cell ${cell.key}` },
              el('h3', {}, cell.name, el('span', { class: 'muted' }, ` · ${cell.infraGroups.length} infra group${cell.infraGroups.length === 1 ? '' : 's'}`)),
              el('div', { class: 'igs' }, ...cell.infraGroups.map((ig) => infraGroupCard(ig, highlighted))),
            ),
          ),
        ),
    list('Unschedulable tenants', tier.unschedulable, (u) => el('li', { 'data-tenant': u.tenant }, el('strong', {}, u.tenant), `: ${u.reason}`, u.remedy ? ` — ${u.remedy}` : ''), 'unschedulable'),
    list('Degraded services', tier.degraded, (d) => el('li', {}, el('strong', {}, d.tenant), ` ${d.service} ${d.state}: ${d.message}`), 'degraded'),
    list('Errors and notes of the last pass', tier.errors, (e) => el('li', {}, e), 'errors'),
  );
}
