// One document on its own: is it a manifest at all (a mapping with our apiVersion and a known
// kind), does it match its kind's schema, and if so its entry in model shape.
import { API_VERSION, KINDS } from '../model.js';
import type { Kind } from '../model.js';
import type { ManifestIssue } from './manifest-issue.js';
import type { AnyEntry } from './manifest-entry.js';
import type { ParsedDocument } from './parse-documents.js';
import { EXCERPT_CHARS, describeValue, excerpt, pathText } from './schema-messages.js';
import { validateAgainstSchema } from './schema-validation.js';
import type { FieldPath } from './source-position.js';
import { fieldProblems } from './check-fields.js';
import { cellSpec, infraGroupSpec, tenantDraftSpec, tierSpec } from './build-documents.js';

export type DocumentOutcome =
  | { readonly ok: true; readonly entry: AnyEntry }
  | { readonly ok: false; readonly errors: readonly ManifestIssue[]; readonly kind?: Kind; readonly name?: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issuer(doc: ParsedDocument, documentId: string | null) {
  return (path: FieldPath, message: string, target: 'value' | 'key' = 'value'): ManifestIssue => {
    const at = doc.at(path, target);
    return { file: doc.file, line: at.line, col: at.col, document: documentId, path: path.length > 0 ? pathText(path) : null, message };
  };
}

function nameOf(data: Record<string, unknown>): string | undefined {
  const metadata = data.metadata;
  return isRecord(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
}

/** Whether one dotted path is the other or inside it. */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}[`);
}

/** A copy of `data` without the fields at `paths`, so no rule reads a value its schema refused. */
function withoutPaths(data: Record<string, unknown>, paths: readonly FieldPath[]): Record<string, unknown> {
  const copy = structuredClone(data);
  for (const path of paths) {
    let node: unknown = copy;
    for (const seg of path.slice(0, -1)) node = isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[seg] : undefined;
    const last = path[path.length - 1];
    if (last !== undefined && isRecord(node)) delete node[last as string];
  }
  return copy;
}

/** The cross-field rules over a document whose schema failed: they assume its shape, so a part
 * of the wrong shape may throw; what they found before that still counts. */
function crossFieldProblems(kind: Kind, spec: unknown, name: string | undefined): ReturnType<typeof fieldProblems> {
  if (!isRecord(spec)) return [];
  try {
    return fieldProblems(kind, spec, name);
  } catch {
    return [];
  }
}

export function checkDocument(doc: ParsedDocument): DocumentOutcome {
  const data = doc.data;
  if (!isRecord(data)) {
    const issue = issuer(doc, null)([], `Expected a manifest (a mapping with apiVersion, kind, metadata and spec); found ${describeValue(data)}.`);
    return { ok: false, errors: [issue] };
  }
  const name = nameOf(data);
  const kind = data.kind;
  const knownKind = typeof kind === 'string' && (KINDS as readonly string[]).includes(kind) ? (kind as Kind) : undefined;
  // A name that fails its schema may be anything: the document is labelled by an excerpt of it.
  const label = name !== undefined && name.length > EXCERPT_CHARS ? excerpt(name) : name;
  const issue = issuer(doc, knownKind !== undefined && label !== undefined ? `${knownKind}/${label}` : null);
  const errors: ManifestIssue[] = [];
  if (data.apiVersion === undefined) errors.push(issue([], `The document is missing apiVersion; expected ${API_VERSION}.`));
  else if (data.apiVersion !== API_VERSION)
    errors.push(issue(['apiVersion'], `apiVersion must be ${API_VERSION}; found ${describeValue(data.apiVersion)}.`));
  if (kind === undefined) errors.push(issue([], `The document is missing kind; expected one of ${KINDS.join(', ')}.`));
  else if (knownKind === undefined) errors.push(issue(['kind'], `kind must be one of ${KINDS.join(', ')}; found ${describeValue(kind)}.`));
  if (errors.length > 0 || knownKind === undefined) return { ok: false, errors, name };

  const problems = validateAgainstSchema(knownKind, data);
  if (problems.length > 0) {
    const found = problems.map((p) => {
      const at = doc.at(p.pointAt ?? p.path, p.pointAt === undefined ? p.target : 'value');
      return { ...issue(p.path, p.message), line: at.line, col: at.col };
    });
    // Every error of the document in one run: the cross-field rules too, where they read
    // fields the schema accepted (a rule over a field it refused would only repeat it).
    const broken = problems.map((p) => pathText(p.path));
    const more = crossFieldProblems(knownKind, withoutPaths(data, problems.map((p) => p.path)).spec, typeof name === 'string' ? name : undefined).filter(
      (p) => !broken.some((b) => overlaps(pathText(p.path), b)),
    );
    return { ok: false, errors: [...found, ...more.map((p) => issue(p.path, p.message))], kind: knownKind, name };
  }
  const validName = name as string;
  const spec = data.spec as Record<string, unknown>;
  const crossField = fieldProblems(knownKind, spec, validName).map((p) => issue(p.path, p.message));
  if (crossField.length > 0) return { ok: false, errors: crossField, kind: knownKind, name };
  const base = { name: validName, source: { file: doc.file, ...doc.position }, id: `${knownKind}/${validName}`, issue };
  switch (knownKind) {
    case 'Tier':
      return { ok: true, entry: { ...base, kind: 'Tier', spec: tierSpec(validName, spec) } };
    case 'Cell':
      return { ok: true, entry: { ...base, kind: 'Cell', spec: cellSpec(spec) } };
    case 'InfraGroup':
      return { ok: true, entry: { ...base, kind: 'InfraGroup', spec: infraGroupSpec(spec) } };
    case 'Tenant':
      return { ok: true, entry: { ...base, kind: 'Tenant', spec: tenantDraftSpec(spec) } };
  }
}
