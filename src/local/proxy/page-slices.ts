// Cuts moto's whole answer to a list call down to the one page AWS would answer, and adds the
// token of the next page (page-sizes.ts decides when). The answer keeps moto's bytes for every
// item it keeps: JSON is re-serialised, XML is cut between the list's top-level members.
import { pageToken, type SlicedList } from './page-sizes.js';

export interface Slice {
  readonly rule: SlicedList;
  readonly offset: number;
  readonly size: number;
}

function nextOffset(slice: Slice, total: number): number | undefined {
  const next = slice.offset + slice.size;
  return next < total ? next : undefined;
}

function sliceJson(body: string, slice: Slice): string {
  const answer = JSON.parse(body) as Record<string, unknown>;
  const all = Array.isArray(answer[slice.rule.list]) ? (answer[slice.rule.list] as unknown[]) : [];
  const next = nextOffset(slice, all.length);
  const { [slice.rule.nextToken]: _mine, ...rest } = answer;
  return JSON.stringify({
    ...rest,
    [slice.rule.list]: all.slice(slice.offset, slice.offset + slice.size),
    ...(next === undefined ? {} : { [slice.rule.nextToken]: pageToken(next) }),
  });
}

/** The spans of the top-level `<member>` elements between `from` and `to`. */
function memberSpans(xml: string, from: number, to: number): [number, number][] {
  const spans: [number, number][] = [];
  const tag = /<(\/?)member>/g;
  tag.lastIndex = from;
  let depth = 0;
  let start = -1;
  for (let m = tag.exec(xml); m !== null && m.index < to; m = tag.exec(xml)) {
    if (m[1] === '') {
      if (depth === 0) start = m.index;
      depth += 1;
    } else {
      depth -= 1;
      if (depth === 0) spans.push([start, m.index + m[0].length]);
    }
  }
  return spans;
}

function sliceXml(body: string, slice: Slice): string {
  const { list, nextToken } = slice.rule;
  const open = body.indexOf(`<${list}>`);
  const close = body.indexOf(`</${list}>`, open);
  if (open < 0 || close < 0) return body;
  const inner = open + list.length + 2;
  const spans = memberSpans(body, inner, close);
  const kept = spans.slice(slice.offset, slice.offset + slice.size).map(([a, b]) => body.slice(a, b));
  const next = nextOffset(slice, spans.length);
  const tail = body.slice(close).replace(new RegExp(`<${nextToken}>[^<]*</${nextToken}>|<${nextToken}\\s*/>`), '');
  const marker = next === undefined ? '' : `<${nextToken}>${pageToken(next)}</${nextToken}>`;
  const end = tail.indexOf('>') + 1;
  return `${body.slice(0, inner)}${kept.join('')}${tail.slice(0, end)}${marker}${tail.slice(end)}`;
}

/** moto's successful answer cut to the page the request asked for. */
export function slicePage(body: string, slice: Slice): string {
  return slice.rule.protocol === 'json' ? sliceJson(body, slice) : sliceXml(body, slice);
}
