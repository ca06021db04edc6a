// Minimal text edits that pin tenants where a plan of moves sends them (`tiered placement
// --rebalance/--migrate --write`, docs/drain-and-decommission.md §1). A move becomes a reviewed
// commit: the edit touches only the tenant's `spec.placement` (and `spec.tier` for a tier
// migration), leaving every other byte of the file as written: comments, quoting, key order,
// blank lines and the file's other documents. Located through the yaml package's document
// API (node ranges), applied as text splices, and checked by parsing the result again. Pure.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parse, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';

/** Where a moved tenant goes: its tier (changed only by a tier migration) and the pin. */
export interface PinEdit {
  readonly tenant: string;
  readonly tier: string;
  readonly cell: string;
  readonly infraGroup: string;
}

export type PinEditResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

interface Splice {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

/** A plain scalar when it reads back as the same string, else double-quoted. */
function scalarText(value: string): string {
  return parse(value) === value && !value.includes('#') && !value.includes(': ') ? value : JSON.stringify(value);
}

/** A parsed node's [start, value end, node end]; every node of a parsed document has one. */
function rangeOf(node: Node | null | undefined): readonly [number, number, number] | undefined {
  return node?.range ?? undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the line holding `offset` (past its newline, or the end of the text). */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

function flowPin(edit: PinEdit): string {
  return `{cell: ${scalarText(edit.cell)}, infraGroup: ${scalarText(edit.infraGroup)}}`;
}

/** Lines for keys a block map lacks, at the indentation of its first key, after its last pair. */
function appendToBlockMap(text: string, map: YAMLMap, lines: readonly string[]): Splice {
  const first = map.items[0] as Pair<Node, Node | null>;
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null>;
  const keyStart = rangeOf(first.key)?.[0] ?? 0;
  const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
  const end = rangeOf(last.value ?? last.key)?.[1] ?? 0;
  const at = afterLine(text, end);
  const eofWithoutNewline = at === text.length && !text.endsWith('\n');
  const body = lines.map((l) => `${indent}${l}`).join('\n');
  if (eofWithoutNewline) return { at, end: at, text: `\n${body}` };
  return { at, end: at, text: `${body}\n` };
}

function specSplices(text: string, spec: YAMLMap, edit: PinEdit): Splice[] | string {
  const splices: Splice[] = [];
  const tier = pairOf(spec, 'tier');
  const tierRange = rangeOf(tier?.value);
  if (!isScalar(tier?.value) || tierRange === undefined) return 'spec.tier is not a plain value';
  if (tier.value.value !== edit.tier) splices.push({ at: tierRange[0], end: tierRange[1], text: scalarText(edit.tier) });

  const wanted: ReadonlyArray<readonly [string, string]> = [['cell', edit.cell], ['infraGroup', edit.infraGroup]];
  const placement = pairOf(spec, 'placement');
  if (placement === undefined) {
    if (spec.flow) {
      const close = (rangeOf(spec)?.[1] ?? 0) - 1;
      if (text[close] !== '}') return 'spec is a flow map this edit cannot extend';
      const before = text.slice(0, close).trimEnd();
      const comma = before.endsWith('{') ? '' : ',';
      splices.push({ at: before.length, end: before.length, text: `${comma} placement: ${flowPin(edit)}` });
    } else {
      const keyStart = rangeOf(spec.items[0]?.key as Node | undefined)?.[0] ?? 0;
      const step = ' '.repeat(Math.max(2, keyStart - lineStart(text, keyStart)));
      splices.push(appendToBlockMap(text, spec, ['placement:', ...wanted.map(([k, v]) => `${step}${k}: ${scalarText(v)}`)]));
    }
    return splices;
  }
  const value = placement.value;
  if (isMap(value) && !value.flow && value.items.length > 0) {
    const missing: string[] = [];
    for (const [k, v] of wanted) {
      const pair = pairOf(value, k);
      const range = rangeOf(pair?.value);
      if (pair === undefined) missing.push(`${k}: ${scalarText(v)}`);
      else if (!isScalar(pair.value) || range === undefined) return `spec.placement.${k} is not a plain value`;
      else if (pair.value.value !== v) splices.push({ at: range[0], end: range[1], text: scalarText(v) });
    }
    if (missing.length > 0) splices.push(appendToBlockMap(text, value, missing));
    return splices;
  }
  // `placement: {}`, a flow map, or an empty value: one flow map in its place.
  const range = rangeOf(value);
  if (range !== undefined && (range[1] > range[0] || !isScalar(value))) {
    splices.push({ at: range[0], end: range[1], text: flowPin(edit) });
  } else {
    const at = rangeOf(placement.key)?.[1] ?? 0;
    const colon = text.indexOf(':', at);
    splices.push({ at: colon + 1, end: colon + 1, text: ` ${flowPin(edit)}` });
  }
  return splices;
}

function isTenantNamed(doc: Document.Parsed, name: string): boolean {
  return doc.get('kind') === 'Tenant' && doc.getIn(['metadata', 'name']) === name;
}

/**
 * The file's text with the tenants of `edits` pinned. Refuses (changing nothing) a tenant the
 * file does not define, a spec shaped so that no minimal edit exists, or a result that would
 * not read back as exactly the asked change.
 */
export function applyPinEdits(text: string, edits: readonly PinEdit[]): PinEditResult {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { ok: false, message: 'the file holds no YAML documents' };
  const splices: Splice[] = [];
  for (const edit of edits) {
    const doc = docs.find((d) => isTenantNamed(d, edit.tenant));
    if (doc === undefined) return { ok: false, message: `no Tenant ${edit.tenant} in this file` };
    if (doc.errors.length > 0) return { ok: false, message: `Tenant ${edit.tenant}: ${doc.errors[0]?.message ?? 'unparsable'}` };
    const spec = doc.get('spec', true);
    if (!isMap(spec)) return { ok: false, message: `Tenant ${edit.tenant} has no spec map` };
    const found = specSplices(text, spec, edit);
    if (typeof found === 'string') return { ok: false, message: `Tenant ${edit.tenant}: ${found}` };
    splices.push(...found);
  }
  splices.sort((a, b) => b.at - a.at);
  let out = text;
  for (const s of splices) out = out.slice(0, s.at) + s.text + out.slice(s.end);
  const problem = checkEdited(docs, out, edits);
  return problem === undefined ? { ok: true, text: out } : { ok: false, message: problem };
}

/** The edited text must read back as the original documents with only the pins changed. */
function checkEdited(before: readonly Document.Parsed[], after: string, edits: readonly PinEdit[]): string | undefined {
  const reread = parseAllDocuments(after);
  if (!Array.isArray(reread) || reread.length !== before.length) return 'the edit changed the file\'s documents';
  for (const [i, doc] of before.entries()) {
    const expected = doc.toJS() as unknown;
    const edit = edits.find((e) => isTenantNamed(doc, e.tenant));
    if (edit !== undefined) {
      const spec = (expected as { spec: Record<string, unknown> }).spec;
      spec['tier'] = edit.tier;
      spec['placement'] = { ...(spec['placement'] ?? {}), cell: edit.cell, infraGroup: edit.infraGroup };
    }
    const got = reread[i];
    if (got === undefined || got.errors.length > 0 || !isDeepStrictEqual(got.toJS(), expected)) {
      return `the edit of document ${i + 1} would not read back as asked`;
    }
  }
  return undefined;
}
