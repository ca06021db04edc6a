// The status page (docs/status.md). Live: polls /status every POLL_MS and redraws, with a
// visible "last updated". Offline (`tiered placement -o html`): draws the snapshot embedded in
// the file once. Everything shown is built as DOM text (dom.ts), never parsed as HTML.
import { DATA_ELEMENT_ID } from '../html-ids.js';
import { readPageModel, type PageModel } from '../view/page-model.js';
import { formatAgo } from '../view/format.js';
import { el, replace, time } from './dom.js';
import { renderExtras } from './render-extras.js';
import { renderBanners, renderFacts, type FetchTrouble } from './render-summary.js';
import { renderTier } from './render-tier.js';
import { TenantSearch, type TenantLoader } from './search.js';

const POLL_MS = 2_000;

const banners = el('div', { class: 'banners' });
const facts = el('div', {});
const picture = el('div', { class: 'tiers' });
const extras = el('div', { class: 'extras' });
const updated = el('p', { class: 'updated', 'aria-live': 'off', 'data-role': 'last-updated' });

let model: PageModel | null = null;
let trouble: FetchTrouble | null = null;
let fetchedAt: string | null = null;
let highlighted: ReadonlySet<string> = new Set();

function drawPicture(): void {
  if (model === null) return;
  const now = Date.now();
  replace(facts, renderFacts(model, now));
  const live = model.mode === 'live';
  replace(picture, ...(model.tiers.length === 0 ? [el('p', { class: 'muted' }, 'No tiers yet.')] : model.tiers.map((t) => renderTier(t, highlighted, now, live))));
  replace(extras, ...renderExtras(model.extras));
}

let shownBanners = '';

/** Banners are alerts: redrawn only when what they say changes, so a screen reader announces
 * each once, not at every poll. */
function drawBanners(): void {
  const aws = model?.aws.problems.map((p) => `${p.tier}: ${p.message}`);
  const key = JSON.stringify([trouble?.message, model?.awsGone, model?.aws.readable, aws, model?.source.validation, model?.source.error, model?.inForce]);
  if (key === shownBanners) return;
  shownBanners = key;
  replace(banners, ...renderBanners(model, trouble));
}

function draw(): void {
  drawBanners();
  drawPicture();
}

function drawUpdated(): void {
  if (fetchedAt === null) replace(updated, 'Waiting for the controller…');
  else replace(updated, 'Last updated ', time(fetchedAt), ` (${formatAgo(fetchedAt, Date.now())}; refreshes every ${POLL_MS / 1_000} s)`);
}

/** `offline`: the snapshot embedded in the file; undefined: poll the controller. */
function start(offline: unknown): void {
  const load: TenantLoader = offline !== undefined
    ? async (tenant) => {
        const tenants = (offline as { tenants?: Record<string, unknown> }).tenants ?? {};
        return Object.hasOwn(tenants, tenant) ? tenants[tenant] : null;
      }
    : async (tenant) => {
        const response = await fetch(`/status/tenants/${encodeURIComponent(tenant)}`, { cache: 'no-store' });
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return (await response.json()) as unknown;
      };
  const search = new TenantSearch(load);
  search.onHighlight = (groups) => {
    highlighted = groups;
    drawPicture();
  };
  const title = offline !== undefined ? 'capacity (offline placement)' : 'status';
  const main = el(
    'main',
    {},
    el('header', { class: 'top' }, el('h1', {}, 'tiered ', el('span', { class: 'muted' }, title)), offline === undefined ? updated : null),
    banners,
    // The search comes first: the first stop of Tab, and on a phone above the picture.
    el('div', { class: 'layout' }, el('aside', { class: 'side' }, search.element), el('div', { class: 'content' }, facts, picture, extras)),
  );
  document.body.appendChild(main);

  const accept = (json: unknown) => {
    model = readPageModel(json);
    search.setModel(model);
    highlighted = search.highlighted();
    draw();
  };
  if (offline !== undefined) {
    accept(offline);
    return;
  }
  drawUpdated();
  const poll = async () => {
    try {
      const response = await fetch('/status', { cache: 'no-store' });
      if (!response.ok) throw new Error(`GET /status answered HTTP ${response.status}`);
      const json = (await response.json()) as unknown;
      trouble = null;
      fetchedAt = new Date().toISOString();
      accept(json);
    } catch (error) {
      trouble = { message: error instanceof Error ? error.message : String(error), shownFrom: fetchedAt };
      drawBanners();
    }
    drawUpdated();
    setTimeout(() => void poll(), POLL_MS);
  };
  void poll();
  setInterval(drawUpdated, 1_000);
}

const embedded = document.getElementById(DATA_ELEMENT_ID);
start(embedded?.textContent ? (JSON.parse(embedded.textContent) as unknown) : undefined);
