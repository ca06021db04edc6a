// The search box: type a tenant, see its infra group(s) highlighted in the picture and its
// resources listed (clusters, services, target groups, rule priority and condition, DNS name
// and weight). Several matches are offered as buttons; Escape clears.
import { findTenants, type PageModel } from '../view/page-model.js';
import { asText as text } from '../view/format.js';
import { el, replace } from './dom.js';

/** A tenant's resources (`/status/tenants/<name>`, or an offline page's data); null: unknown. */
export type TenantLoader = (tenant: string) => Promise<unknown>;

const MAX_MATCHES = 20;

type Json = Readonly<Record<string, unknown>>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const rows = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);

function table(caption: string, data: readonly Json[], columns: readonly (readonly [string, string])[]): HTMLElement | null {
  if (data.length === 0) return null;
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { 'data-resources': caption },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, ...columns.map(([, head]) => el('th', { scope: 'col' }, head)))),
      el('tbody', {}, ...data.map((r) => el('tr', {}, ...columns.map(([field]) => el('td', {}, text(r[field])))))),
    ),
  );
}

/** Per cluster (the three lists are in cluster order, tenant-summary.ts): its ECS cluster, the
 * service in it and the target group the service registers in, with the infra group. */
function clusters(ecs: readonly Json[], services: readonly Json[], targetGroups: readonly Json[], multi: boolean): HTMLElement | null {
  if (ecs.length === 0 && targetGroups.length === 0) return null;
  const count = Math.max(ecs.length, targetGroups.length);
  return el(
    'div',
    { 'data-resources': 'clusters' },
    el('h4', {}, `Clusters (${count})`),
    el(
      'ol',
      { class: 'clusters' },
      ...Array.from({ length: count }, (_, i) =>
        el(
          'li',
          {},
          el('code', {}, text(ecs[i]?.['name'])),
          multi ? ` in ${text(ecs[i]?.['infraGroup'] ?? targetGroups[i]?.['infraGroup'])}` : '',
          el('br', {}),
          'service ',
          el('code', {}, text(services[i]?.['name'])),
          ', target group ',
          el('code', {}, text(targetGroups[i]?.['name'])),
        ),
      ),
    ),
  );
}

/** Weighted records: name, type, weight and set identifier (and infra group when several). */
function records(dns: readonly Json[], multi: boolean): HTMLElement | null {
  if (dns.length === 0) return null;
  return el(
    'div',
    { 'data-resources': 'dns' },
    el('h4', {}, `DNS records (${dns.length})`),
    el(
      'ul',
      { class: 'records' },
      ...dns.map((d) =>
        el('li', {}, el('code', {}, text(d['name'])), ` ${text(d['type'])}, weight ${text(d['weight'])}, set `, el('code', {}, text(d['setIdentifier'])), multi ? ` in ${text(d['infraGroup'])}` : ''),
      ),
    ),
  );
}

export function renderTenantResources(tenant: string, found: unknown, model: PageModel | null): HTMLElement {
  const unschedulable = model?.tiers.flatMap((t) => t.unschedulable).find((u) => u.tenant === tenant);
  if (found === null || found === undefined) {
    return el(
      'div',
      { class: 'tenant', 'data-tenant': tenant },
      el('h3', {}, tenant),
      unschedulable !== undefined
        ? el('p', { class: 'warn' }, `Unschedulable: ${unschedulable.reason}${unschedulable.remedy ? ` — ${unschedulable.remedy}` : ''}`)
        : el('p', { class: 'muted' }, 'No resources known for this tenant yet (they are listed after a pass that plans it).'),
    );
  }
  const r = obj(found);
  const groups = Array.isArray(r['infraGroups']) ? r['infraGroups'].map(text) : [];
  const multi = groups.length > 1;
  const ig: readonly (readonly [string, string])[] = multi ? [['infraGroup', 'Infra group']] : [];
  return el(
    'div',
    { class: 'tenant', 'data-tenant': tenant },
    el('h3', {}, tenant),
    el('p', {}, `Tier ${text(r['tier'])}; infra group${groups.length === 1 ? '' : 's'} `, el('code', {}, groups.join(', ') || '—'), '.'),
    clusters(rows(r['clusters']), rows(r['services']), rows(r['targetGroups']), multi),
    table('Listener rules', rows(r['rules']), [['priority', 'Priority'], ['condition', 'Condition'], ...ig]),
    records(rows(r['dnsRecords']), multi),
  );
}

export class TenantSearch {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly results: HTMLElement;
  private model: PageModel | null = null;
  private selected: string | null = null;
  private shownMatches = '';
  private shownResources = '';
  /** Tells the picture which infra groups to highlight. */
  onHighlight: (groups: ReadonlySet<string>) => void = () => undefined;

  constructor(private readonly load: TenantLoader) {
    this.input = el('input', { id: 'tenant-search', type: 'search', autocomplete: 'off', spellcheck: 'false', placeholder: 'tenant name', 'aria-describedby': 'tenant-search-help' });
    this.results = el('div', { id: 'search-results', 'aria-live': 'polite' });
    this.element = el(
      'section',
      { class: 'search', role: 'search', 'aria-label': 'Tenant search' },
      el('label', { for: 'tenant-search' }, 'Find a tenant'),
      this.input,
      el('p', { id: 'tenant-search-help', class: 'muted' }, 'Highlights its infra group and lists its resources. Escape clears.'),
      this.results,
    );
    this.input.addEventListener('input', () => this.update(true));
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      this.input.value = '';
      this.update(true);
    });
  }

  /** New data: matches and the selected tenant's resources are refreshed. */
  setModel(model: PageModel): void {
    this.model = model;
    this.update(false);
  }

  /** The infra groups of the selected tenant. */
  highlighted(): ReadonlySet<string> {
    const groups = new Set<string>();
    if (this.selected === null || this.model === null) return groups;
    for (const t of this.model.tiers) {
      for (const c of t.cells) for (const ig of c.infraGroups) if (ig.tenantNames.includes(this.selected)) groups.add(ig.key);
    }
    return groups;
  }

  private select(tenant: string): void {
    this.input.value = tenant;
    this.update(true);
    this.input.focus();
  }

  private update(typed: boolean): void {
    const query = this.input.value;
    const matches = this.model === null ? [] : findTenants(this.model, query);
    const exact = matches.find((m) => m.toLowerCase() === query.trim().toLowerCase());
    const selected = exact ?? (matches.length === 1 ? matches[0]! : null);
    const changed = selected !== this.selected;
    this.selected = selected;
    if (changed || typed) this.onHighlight(this.highlighted());
    if (selected !== null) {
      void this.showResources(selected);
      return;
    }
    this.shownResources = '';
    const key = `${query}\n${matches.join(',')}`;
    if (!typed && key === this.shownMatches) return;
    this.shownMatches = key;
    if (query.trim() === '') replace(this.results);
    else if (matches.length === 0) replace(this.results, el('p', { class: 'muted' }, `No tenant matches “${query.trim()}”.`));
    else {
      replace(
        this.results,
        el('p', {}, `${matches.length} tenant${matches.length === 1 ? '' : 's'} match:`),
        el(
          'ul',
          { class: 'matches' },
          ...matches.slice(0, MAX_MATCHES).map((name) => {
            const button = el('button', { type: 'button' }, name);
            button.addEventListener('click', () => this.select(name));
            return el('li', {}, button);
          }),
        ),
        matches.length > MAX_MATCHES ? el('p', { class: 'muted' }, `… and ${matches.length - MAX_MATCHES} more: type more of the name.`) : null,
      );
    }
  }

  private async showResources(tenant: string): Promise<void> {
    let found: unknown;
    try {
      found = await this.load(tenant);
    } catch (error) {
      replace(this.results, el('p', { class: 'warn' }, `Could not load ${tenant}: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (this.selected !== tenant) return;
    const key = `${tenant}\n${JSON.stringify(found)}`;
    if (key === this.shownResources) return;
    this.shownResources = key;
    this.shownMatches = '';
    replace(this.results, renderTenantResources(tenant, found, this.model));
  }
}
