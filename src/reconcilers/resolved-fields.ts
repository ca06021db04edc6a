// Typed reads of resolved spec fields: a reconciler states what it expects, and a spec that
// does not hold it is a bug in the topology, reported with the field's name.
import type { Resolved } from './attr-store.js';

export type ResolvedSpec = { readonly [k: string]: Resolved };

function fail(field: string, expected: string, v: unknown): never {
  throw new Error(`spec field ${field}: expected ${expected}, got ${JSON.stringify(v)}`);
}

export function str(spec: ResolvedSpec, field: string): string {
  const v = spec[field];
  return typeof v === 'string' ? v : fail(field, 'a string', v);
}

export function optStr(spec: ResolvedSpec, field: string): string | undefined {
  return spec[field] === undefined ? undefined : str(spec, field);
}

export function num(spec: ResolvedSpec, field: string): number {
  const v = spec[field];
  return typeof v === 'number' ? v : fail(field, 'a number', v);
}

export function optNum(spec: ResolvedSpec, field: string): number | undefined {
  return spec[field] === undefined ? undefined : num(spec, field);
}

export function bool(spec: ResolvedSpec, field: string): boolean {
  const v = spec[field];
  return typeof v === 'boolean' ? v : fail(field, 'a boolean', v);
}

export function strs(spec: ResolvedSpec, field: string): string[] {
  const v = spec[field];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(field, 'a list of strings', v);
  return [...(v as string[])];
}

export function obj(spec: ResolvedSpec, field: string): ResolvedSpec {
  const v = spec[field];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as ResolvedSpec) : fail(field, 'an object', v);
}

export function list(spec: ResolvedSpec, field: string): ResolvedSpec[] {
  const v = spec[field];
  if (!Array.isArray(v)) fail(field, 'a list', v);
  return (v as Resolved[]).map((x, i) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as ResolvedSpec) : fail(`${field}[${i}]`, 'an object', x)));
}
