// Building the page's DOM: text goes in as text nodes (textContent), never as markup, and only
// attributes that cannot run or load anything are set. Nothing the page shows is parsed as HTML.

export type Child = Node | string | number | null | undefined | false;

/** Attribute names an element may get: no event handlers, URLs or inline styles. */
const SAFE_ATTRIBUTE = /^(class|id|role|title|for|type|tabindex|lang|hidden|placeholder|autocomplete|spellcheck|datetime|colspan|scope|(aria|data)-[a-z-]+)$/;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number | boolean | undefined>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (!SAFE_ATTRIBUTE.test(name)) throw new Error(`status page: attribute ${name} is not allowed`);
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces the children of `parent`. */
export function replace(parent: Node, ...children: readonly Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** A `<time>` showing the local time of `iso`, with the ISO text as its title. */
export function time(iso: string): HTMLTimeElement {
  const at = new Date(iso);
  const shown = Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString();
  return el('time', { datetime: iso, title: iso }, shown);
}
