// Turns manifest sources (file name + text) into plain documents that remember where each of
// their fields was written. Refuses what could exhaust memory or time before anything is
// interpreted: oversized files, too many documents, alias bombs, binary content.
import { Composer, LineCounter, Parser, isScalar } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ManifestIssue } from './manifest-issue.js';
import { escapeInvisible } from './schema-messages.js';
import { positionIn, positionOfOffset } from './source-position.js';
import { parseFast } from './fast-parse.js';
import type { FieldPath, Position } from './source-position.js';

export interface ManifestSource {
  readonly file: string;
  readonly text: string;
}

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DOCUMENTS_PER_FILE = 10_000;
/** yaml counts every alias expansion weighted by its size; legitimate manifests reuse an
 * anchor a handful of times, a "billion laughs" document needs thousands. */
export const MAX_ALIAS_COUNT = 50;

/** One YAML document: its data as plain JS, and where each field of it was written. */
export interface ParsedDocument {
  readonly file: string;
  readonly data: unknown;
  /** Where the document starts (its top-level node). */
  readonly position: Position;
  at(path: FieldPath, target?: 'value' | 'key'): Position;
}

export interface ParsedSources {
  readonly documents: readonly ParsedDocument[];
  readonly errors: readonly ManifestIssue[];
  readonly warnings: readonly ManifestIssue[];
}

function fileIssue(file: string, at: Position, message: string): ManifestIssue {
  return { file, line: at.line, col: at.col, document: null, path: null, message };
}

export function oversizedFileMessage(bytes: number): string {
  const mib = (bytes / (1024 * 1024)).toFixed(1);
  return `The file is ${mib} MiB; a manifest file may be at most 1 MiB. Split it into several files.`;
}

/** A NUL or a replacement character (what undecodable bytes become) means this is no text. */
function binaryOffset(text: string): number {
  const nul = text.indexOf('\u0000');
  const bad = text.indexOf('\uFFFD');
  if (nul === -1) return bad;
  if (bad === -1) return nul;
  return Math.min(nul, bad);
}

const MAX_YAML_MESSAGE_CHARS = 200;

/** yaml's messages end with " at line L, column C" when prettified; we print positions ourselves. */
function yamlMessage(raw: string): string {
  const first = raw.split('\n')[0] ?? raw;
  const plain = first.replace(/ at line \d+, column \d+:?$/, '').trim();
  // yaml quotes tags and anchor names from the source: those are cut and escaped like any value.
  const chars = Array.from(plain);
  if (chars.length > MAX_YAML_MESSAGE_CHARS) return `${escapeInvisible(chars.slice(0, MAX_YAML_MESSAGE_CHARS).join(''))}… (message cut).`;
  const shown = escapeInvisible(plain);
  return /[.!?]$/.test(shown) ? shown : `${shown}.`;
}

function isEmptyDocument(doc: Document.Parsed): boolean {
  const contents = doc.contents as Node | null;
  return contents === null || (isScalar(contents) && contents.value === null);
}

interface Trees {
  readonly docs: readonly Document.Parsed[];
  readonly lines: LineCounter;
  /** Where the first document beyond MAX_DOCUMENTS_PER_FILE starts, if there is one. */
  readonly overflowAt?: number;
}

/** Documents are composed one at a time and counted as they come, so a file of a million
 * `---` lines stops at the first document past the limit instead of building them all. */
function parseTrees(text: string): Trees {
  const lines = new LineCounter();
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const docs: Document.Parsed[] = [];
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text))) {
    if (docs.length === MAX_DOCUMENTS_PER_FILE) return { docs, lines, overflowAt: doc.range[0] };
    docs.push(doc);
  }
  return { docs, lines };
}

/** The file's yaml trees, parsed again only when an issue asks where a field was written (the
 * same text parses to the same trees): holding every document's tree until the whole set is
 * validated would raise the daemon's peak memory for a set of 10,000 tenant files (bench
 * scenario 5), and a valid set never asks. */
function treesOnDemand(text: string): () => Trees {
  let trees: Trees | undefined;
  return () => (trees ??= parseTrees(text));
}

/** The file's documents through fast-parse.ts, or undefined when only `yaml` may read it. */
function parseOneFast(source: ManifestSource): ParsedDocument[] | undefined {
  const { file, text } = source;
  if (text.length > MAX_FILE_BYTES / 4 && Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) return undefined;
  if (binaryOffset(text) !== -1) return undefined;
  const fast = parseFast(text, MAX_DOCUMENTS_PER_FILE);
  if (fast === undefined) return undefined;
  const trees = treesOnDemand(text);
  return fast.map(({ data, position }, index) => ({
    file,
    data,
    position,
    at: (path: FieldPath, target?: 'value' | 'key'): Position => {
      const again = trees();
      return positionIn(again.docs[index]?.contents as Node, again.lines, path, target);
    },
  }));
}

function parseOne(source: ManifestSource, errors: ManifestIssue[], warnings: ManifestIssue[]): ParsedDocument[] {
  const { file, text } = source;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    errors.push(fileIssue(file, { line: 1, col: 1 }, oversizedFileMessage(bytes)));
    return [];
  }
  const binaryAt = binaryOffset(text);
  if (binaryAt !== -1) {
    errors.push(
      fileIssue(file, positionOfOffset(text, binaryAt), 'Expected YAML text, found binary content (a NUL byte or bytes that are not UTF-8).'),
    );
    return [];
  }
  const { docs: all, lines, overflowAt } = parseTrees(text);
  if (overflowAt !== undefined) {
    errors.push(
      fileIssue(file, lines.linePos(overflowAt), `The file holds more than ${MAX_DOCUMENTS_PER_FILE} documents (this one is beyond the limit); a manifest file may hold at most ${MAX_DOCUMENTS_PER_FILE}. Split it into several files.`),
    );
    return [];
  }
  const parsed: ParsedDocument[] = [];
  let empty = 0;
  const trees = treesOnDemand(text);
  for (const [index, doc] of all.entries()) {
    for (const e of doc.errors) errors.push(fileIssue(file, lines.linePos(e.pos[0]), `YAML syntax error: ${yamlMessage(e.message)}`));
    for (const w of doc.warnings) warnings.push(fileIssue(file, lines.linePos(w.pos[0]), `YAML: ${yamlMessage(w.message)}`));
    if (doc.errors.length > 0) continue;
    if (isEmptyDocument(doc)) {
      empty++;
      continue;
    }
    const root = doc.contents as Node;
    const position = positionIn(root, lines, []);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const message = /alias/i.test(reason)
        ? `The document expands too many aliases (more than ${MAX_ALIAS_COUNT}); this looks like an alias bomb and is refused.`
        : `The document cannot be read: ${reason}`;
      errors.push(fileIssue(file, position, message));
      continue;
    }
    const at = (path: FieldPath, target?: 'value' | 'key'): Position => {
      const again = trees();
      return positionIn(again.docs[index]?.contents as Node, again.lines, path, target);
    };
    parsed.push({ file, data, position, at });
  }
  const hadSyntaxErrors = all.some((d) => d.errors.length > 0);
  if (parsed.length === 0 && !hadSyntaxErrors && errors.every((e) => e.file !== file)) {
    const what = all.length === 0 ? 'is empty' : `holds only empty documents (${empty})`;
    errors.push(
      fileIssue(file, { line: 1, col: 1 }, `The file ${what}; expected at least one manifest document. An emptied file would silently drop what it declared: delete the file instead.`),
    );
  }
  return parsed;
}

/** One source's documents. `fast`: through fast-parse.ts when the file is plain enough, with
 * `fast: true` in the answer; otherwise, or when it is not, through `yaml`. */
export function parseSource(source: ManifestSource, fast: boolean): ParsedSources & { readonly fast: boolean } {
  const documents = fast ? parseOneFast(source) : undefined;
  if (documents !== undefined) return { documents, errors: [], warnings: [], fast: true };
  return { ...parseSources([source]), fast: false };
}

/** Parses every source; sources are taken in the order given (the loader sorts them). */
export function parseSources(sources: readonly ManifestSource[]): ParsedSources {
  const errors: ManifestIssue[] = [];
  const warnings: ManifestIssue[] = [];
  const documents = sources.flatMap((s) => parseOne(s, errors, warnings));
  return { documents, errors, warnings };
}
