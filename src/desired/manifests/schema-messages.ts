// Rewrites ajv's errors as plain sentences that say what was expected and what was found, and
// says which node each one is about (the field, its key, or the mapping missing a field).
import type { ErrorObject } from 'ajv';
import type { FieldPath } from './source-position.js';

export interface SchemaProblem {
  readonly path: FieldPath;
  /** `key`: point at the field's key (an unknown or badly named field). */
  readonly target: 'value' | 'key';
  /** For a missing field: the path of the mapping that lacks it, where the issue points. */
  readonly pointAt?: FieldPath;
  readonly message: string;
}

export function pathText(path: FieldPath): string {
  return path.reduce<string>((text, seg) => (typeof seg === 'number' ? `${text}[${seg}]` : text === '' ? seg : `${text}.${seg}`), '');
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** At most this many characters of a value are quoted back in a message. */
export const EXCERPT_CHARS = 80;

/**
 * A value quoted for a message: escaped (control and invisible formatting characters such as
 * bidi overrides become \uXXXX, so a message cannot rewrite a terminal or a PR comment) and cut
 * to its first EXCERPT_CHARS characters with its full length, so whatever a manifest holds
 * (or a file a symlink pointed at) is never echoed whole into logs or /status.
 */
export function excerpt(text: string): string {
  const chars = Array.from(text);
  const head = chars.length > EXCERPT_CHARS ? chars.slice(0, EXCERPT_CHARS).join('') : text;
  const quoted = escapeInvisible(JSON.stringify(head));
  return chars.length > EXCERPT_CHARS ? `${quoted}… (${chars.length} characters)` : quoted;
}

/** Control and invisible formatting characters (bidi overrides, zero widths) as \uXXXX. */
export function escapeInvisible(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${excerpt(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function subject(path: FieldPath): string {
  return path.length === 0 ? 'The document' : pathText(path);
}

function propertyNames(schema: unknown): string {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return Object.keys(props).join(', ');
}

/** One sentence per ajv error; null for errors that only repeat another one (`if`). */
export function schemaProblem(e: ErrorObject): SchemaProblem | null {
  const path = pointerToPath(e.instancePath);
  const at = subject(path);
  const params = e.params as Record<string, unknown>;
  const parent = e.parentSchema;
  switch (e.keyword) {
    case 'if':
    case 'propertyNames':
      return null;
    case 'required': {
      const missing = String(params.missingProperty);
      return { path: [...path, missing], pointAt: path, target: 'value', message: `${at} is missing the required field ${missing}.` };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      return {
        path: [...path, extra],
        target: 'key',
        message: `${at} has an unknown field ${excerpt(extra)}; expected one of: ${propertyNames(parent)}.`,
      };
    }
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
      const hint = params.type === 'string' && typeof e.data === 'number' ? ' Quote it to keep it a string.' : '';
      return { path, target: 'value', message: `${at} must be ${expected}; found ${describeValue(e.data)}.${hint}` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v)).join(', ');
      return { path, target: 'value', message: `${at} must be one of ${allowed}; found ${describeValue(e.data)}.` };
    }
    case 'const':
      return { path, target: 'value', message: `${at} must be ${JSON.stringify(params.allowedValue)}; found ${describeValue(e.data)}.` };
    case 'minimum':
    case 'maximum': {
      const bound = e.keyword === 'minimum' ? 'at least' : 'at most';
      return { path, target: 'value', message: `${at} must be ${bound} ${String(params.limit)}; found ${String(e.data)}.` };
    }
    case 'minLength':
      return { path, target: 'value', message: `${at} must not be empty.` };
    case 'maxLength':
      return { path, target: 'value', message: `${at} must be at most ${String(params.limit)} characters; found ${String(e.data).length}.` };
    case 'pattern': {
      const expected = typeof parent?.patternErrorMessage === 'string' ? parent.patternErrorMessage : `text matching ${String(params.pattern)}`;
      if (typeof params.propertyName === 'string') {
        const name = params.propertyName;
        return { path: [...path, name], target: 'key', message: `${at} has a field named ${excerpt(name)}; a name here must be ${expected}.` };
      }
      return { path, target: 'value', message: `${at} must be ${expected}; found ${describeValue(e.data)}.` };
    }
    case 'minProperties':
    case 'maxProperties': {
      const count = Object.keys(e.data as object).length;
      return { path, target: 'value', message: `${at} must give exactly one of ${propertyNames(parent).replace(/, (?=[^,]*$)/, ' or ')}; found ${count} fields.` };
    }
    case 'minItems':
      return { path, target: 'value', message: `${at} must list at least ${String(params.limit)} items; found ${(e.data as unknown[]).length}.` };
    case 'uniqueItems': {
      const items = e.data as unknown[];
      return { path: [...path, Number(params.i)], target: 'value', message: `${at} lists ${describeValue(items[Number(params.i)])} twice.` };
    }
    default:
      return { path, target: 'value', message: `${at} ${e.message ?? 'is invalid'}.` };
  }
}
