// Finds where a field of a parsed YAML document was written, so that every issue can point at
// the offending node: the value when it exists, its key for an unknown field, and otherwise the
// nearest enclosing node that does exist (the parent of a missing field).
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { LineCounter, Node } from 'yaml';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export type FieldPath = readonly (string | number)[];

function start(node: { range?: readonly number[] | null } | null | undefined): number | undefined {
  return node?.range?.[0];
}

/** Offset of `path` in `root`: `target: 'key'` points at the key of the last segment. */
function offsetOf(root: Node | null, path: FieldPath, target: 'value' | 'key'): number | undefined {
  let node: unknown = root;
  let best = start(root);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return best;
      const keyStart = start(pair.key as Node);
      if (last && target === 'key') return keyStart ?? best;
      const valueStart = start(pair.value as Node | null);
      // `key:` with nothing after it has no value node: point at the key.
      node = pair.value;
      best = valueStart ?? keyStart ?? best;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return best;
      node = item;
      best = start(item) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

export function positionIn(
  root: Node | null,
  lines: LineCounter,
  path: FieldPath,
  target: 'value' | 'key' = 'value',
): Position {
  const offset = offsetOf(root, path, target);
  return offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset);
}

/** Line and column of a character offset in a text (1-based), without a LineCounter. */
export function positionOfOffset(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
