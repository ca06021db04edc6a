// The top of the page: banners for what needs an operator now (AWS unreadable, the newest
// revision invalid, the source or the controller unreachable), then the facts of the whole
// controller: source revision, revision in force, leases held, and counts.
import type { PageModel } from '../view/page-model.js';
import { formatAgo } from '../view/format.js';
import { el, time } from './dom.js';

/** The page's own trouble: /status itself could not be fetched. */
export interface FetchTrouble {
  readonly message: string;
  /** When the data shown was last fetched, if ever. */
  readonly shownFrom: string | null;
}

function banner(kind: string, title: string, ...body: (HTMLElement | string | null)[]): HTMLElement {
  return el('div', { class: 'banner', role: 'alert', 'data-banner': kind }, el('strong', {}, title), ...body);
}

const items = (lines: readonly string[]) => el('ul', {}, ...lines.map((l) => el('li', {}, l)));

export function renderBanners(model: PageModel | null, trouble: FetchTrouble | null): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (trouble !== null) {
    out.push(banner('controller', 'Cannot reach the controller.', ` ${trouble.message}`, trouble.shownFrom === null ? null : el('span', {}, ' Showing what it said at ', time(trouble.shownFrom), '.')));
  }
  if (model === null) return out;
  if (model.awsGone !== null) out.push(banner('aws', 'AWS is gone.', ` ${model.awsGone}`));
  else if (!model.aws.readable) {
    out.push(
      banner(
        'aws',
        'The controller cannot read AWS.',
        ' Nothing is applied while live state cannot be read; the picture below is from the last pass that could.',
        items(model.aws.problems.map((p) => `${p.tier !== null ? `${p.tier}: ` : ''}${p.message}${p.at ? ` (${p.at})` : ''}`)),
      ),
    );
  }
  const v = model.source.validation;
  if (v !== null) {
    out.push(
      banner(
        'invalid',
        `The newest revision ${v.revision} is invalid: not applied.`,
        model.inForce !== null ? ` Revision ${model.inForce} stays in force.` : ' No revision is in force.',
        items(v.errors),
      ),
    );
  }
  if (model.source.error !== null) out.push(banner('source', 'The manifest source failed.', ` ${model.source.error} The last good revision stays in force.`));
  return out;
}

function counts(model: PageModel): string {
  let cells = 0;
  let groups = 0;
  let tenants = 0;
  let unschedulable = 0;
  for (const t of model.tiers) {
    cells += t.cells.length;
    unschedulable += t.unschedulable.length;
    for (const c of t.cells) {
      groups += c.infraGroups.length;
      for (const ig of c.infraGroups) tenants += ig.tenants?.used ?? ig.tenantNames.length;
    }
  }
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return [plural(model.tiers.length, 'tier'), plural(cells, 'cell'), plural(groups, 'infra group'), `${plural(tenants, 'tenant')} placed`, `${unschedulable} unschedulable`].join(' · ');
}

export function renderFacts(model: PageModel, now: number): HTMLElement {
  const fact = (term: string, ...value: (HTMLElement | string | null)[]) => [el('dt', {}, term), el('dd', {}, ...value)];
  const facts: HTMLElement[] = [];
  if (model.offline !== null) {
    facts.push(
      ...fact('Manifests', el('code', {}, model.offline.dir)),
      ...fact('Generated', time(model.offline.generatedAt)),
      ...fact('Placement', model.offline.note),
    );
  } else {
    facts.push(
      ...fact('Source', el('code', {}, model.source.location ?? '—')),
      ...fact(
        'Source revision',
        el('code', { 'data-role': 'source-revision' }, model.source.revision ?? '—'),
        model.source.revisionAt !== null ? ` loaded ${formatAgo(model.source.revisionAt, now)}` : '',
      ),
      ...fact('In force', el('code', {}, model.inForce ?? '—'), model.converged === null ? '' : model.converged ? ' · converged' : ' · not converged'),
      ...fact('Controller', model.instanceId ?? '—', model.dryRun ? ' (dry run: reports drift, applies nothing)' : ''),
      ...fact('Leases held', !model.leases.known ? 'not known yet' : model.leases.held.length === 0 ? 'none' : model.leases.held.join(', ')),
    );
  }
  facts.push(...fact('Fleet', el('span', { 'data-role': 'counts' }, counts(model))));
  return el('dl', { class: 'facts' }, ...facts);
}
