// A short, stable fingerprint of a spec (object keys sorted, so field order never matters).
// Task definitions carry it as a tag: a live revision whose tag equals the desired hash holds
// the desired content, so a no-op pass needs no DescribeTaskDefinition (docs/aws-behaviour.md §9).
import { hash } from 'node:crypto';
import type { SpecValue } from './resource.js';

const HASH_CHARS = 16;

/** The JSON of the value with every object written as its `[key, value]` pairs sorted by key:
 * the text the hashes on live task definitions were made from, so it must never change. Built
 * as one string, not as nested pair arrays handed to JSON.stringify: a pass hashes every task
 * definition (10,000 in bench scenario 4). */
export function stableJson(v: SpecValue): string {
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + stableJson(v[i] as SpecValue);
    return `${out}]`;
  }
  if (typeof v !== 'object') return JSON.stringify(v);
  const keys = Object.keys(v).sort();
  let out = '[';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += `${i > 0 ? ',' : ''}[${JSON.stringify(k)},${stableJson((v as Record<string, SpecValue>)[k] as SpecValue)}]`;
  }
  return `${out}]`;
}

export function specHash(spec: SpecValue): string {
  return hash('sha256', stableJson(spec), 'hex').slice(0, HASH_CHARS);
}
