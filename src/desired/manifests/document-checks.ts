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
    return { ok: false, errors: found, kind: knownKind, name };
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
