// The status page's HTML shell (docs/status.md): served by `tiered run` at `/` with the script
// and stylesheet as files (its Content-Security-Policy allows no inline code), or written by
// `tiered placement -o html` as one self-contained file with both inlined and the placement as
// embedded JSON. Everything put into the markup is escaped for the context it lands in. Pure.

import { DATA_ELEMENT_ID } from './html-ids.js';

export type Embedded = { readonly href: string } | { readonly inline: string };

export interface PageParts {
  readonly title: string;
  readonly script: Embedded;
  readonly style: Embedded;
  /** The snapshot an offline page renders instead of polling /status. */
  readonly data?: unknown;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, escaped for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON that is safe inside `<script type="application/json">`: no `<`, `>` or `&` (so no
 * `</script>` or `<!--` can end or bend the element) and no U+2028/2029; JSON.parse reads the
 * escapes back as the same characters.
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline code or CSS that cannot close its element early: `</script` or `</style` becomes
 * `<\/…`, which means the same inside JS strings, regular expressions and CSS. */
export function inlineSafe(code: string, element: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function statusPageHtml(parts: PageParts): string {
  const style = 'href' in parts.style
    ? `<link rel="stylesheet" href="${escapeHtml(parts.style.href)}">`
    : `<style>${inlineSafe(parts.style.inline, 'style')}</style>`;
  const data = parts.data === undefined ? '' : `<script type="application/json" id="${DATA_ELEMENT_ID}">${jsonForScriptElement(parts.data)}</script>\n`;
  const script = 'href' in parts.script
    ? `<script src="${escapeHtml(parts.script.href)}" defer></script>`
    : `<script>${inlineSafe(parts.script.inline, 'script')}</script>`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    style,
    '</head>',
    '<body>',
    '<noscript>This page needs JavaScript; the same facts are at /status as JSON.</noscript>',
    `${data}${script}`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
