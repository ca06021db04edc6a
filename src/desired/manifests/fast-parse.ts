// The common case parsed cheaply (docs/loading.md): a manifest file of plain block YAML, every
// document a mapping. js-yaml builds such a file's data about ten times faster than `yaml`
// builds its trees, and the data is the same: only the YAML 1.2 core schema's scalars are
// resolved, with the core schema's own patterns (what `yaml` does with `version: '1.2'`).
// Anything else (anchors, aliases, tags, directives, explicit keys, merge keys, tabs, CRs, a
// byte-order mark, an empty or non-mapping document, anything js-yaml refuses) returns
// undefined and the caller takes `yaml`'s path, which owns every error and warning message.
// Where each document starts is found from the text; where a field was written is asked of
// `yaml` only when an issue needs it.
import jsyaml from 'js-yaml';

/** `yaml`'s core-schema patterns (YAML 1.2.2 §10.3.2), so a plain scalar means the same here. */
const CORE_SCALARS = [
  new jsyaml.Type('tag:yaml.org,2002:null', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:~|[Nn]ull|NULL)?$/.test(s),
    construct: () => null,
  }),
  new jsyaml.Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
    construct: (s: string) => s[0] === 't' || s[0] === 'T',
  }),
  new jsyaml.Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(s),
    construct: (s: string) => (s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
  }),
  new jsyaml.Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: (s: string) =>
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s) ||
      /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) ||
      /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s),
    construct: (s: string) =>
      s.slice(-3).toLowerCase() === 'nan' ? NaN : /inf$/i.test(s) ? (s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) : parseFloat(s),
  }),
];

const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: CORE_SCALARS });

/** What only `yaml` reads faithfully or reports well: anchors and aliases (alias bombs are
 * counted there), tags, directives, explicit keys, merge keys, flow keys, tabs, CR line ends,
 * a BOM, document end markers, `__proto__`. */
const NOT_PLAIN = /[&*!\t\r\uFEFF]|^%|^\s*\?|<<|^\.\.\.|__proto__|^\s*[[{]/m;

/** A document marker line: `---` alone (trailing blanks or a comment allowed). */
const MARKER = /^---[ ]*(?:#.*)?$/;

/** The line and column (1-based) where each document's content starts, or undefined when a
 * marker carries content or a document after a marker is empty (`yaml` decides those). */
function documentStarts(text: string): { line: number; col: number }[] | undefined {
  const starts: { line: number; col: number }[] = [];
  let seeking = true;
  let afterMarker = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('---')) {
      if (!MARKER.test(line)) return undefined;
      if (afterMarker && seeking) return undefined;
      seeking = true;
      afterMarker = true;
      continue;
    }
    if (!seeking) continue;
    const col = line.search(/\S/);
    if (col === -1 || line[col] === '#') continue;
    starts.push({ line: i + 1, col: col + 1 });
    seeking = false;
  }
  if (afterMarker && seeking) return undefined;
  return starts;
}

export interface FastDocument {
  readonly data: Record<string, unknown>;
  readonly position: { readonly line: number; readonly col: number };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The file's documents, when it is plain block YAML of mappings; undefined otherwise. */
export function parseFast(text: string, maxDocuments: number): FastDocument[] | undefined {
  if (NOT_PLAIN.test(text)) return undefined;
  const starts = documentStarts(text);
  if (starts === undefined || starts.length === 0 || starts.length > maxDocuments) return undefined;
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(text, undefined, { schema: SCHEMA });
  } catch {
    return undefined;
  }
  if (docs.length !== starts.length || !docs.every(isRecord)) return undefined;
  return docs.map((data, i) => ({ data, position: starts[i]! }));
}
