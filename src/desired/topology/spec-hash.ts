// A short, stable fingerprint of a spec (object keys sorted, so field order never matters).
// Task definitions carry it as a tag: a live revision whose tag equals the desired hash holds
// the desired content, so a no-op pass needs no DescribeTaskDefinition (issue 6).
import { createHash } from 'node:crypto';
import type { SpecValue } from './resource.js';

const HASH_CHARS = 16;

function stable(v: SpecValue): unknown {
  if (Array.isArray(v)) return v.map((x: SpecValue) => stable(x));
  if (typeof v !== 'object') return v;
  return Object.keys(v)
    .sort()
    .map((k) => [k, stable((v as Record<string, SpecValue>)[k] as SpecValue)]);
}

export function specHash(spec: SpecValue): string {
  return createHash('sha256').update(JSON.stringify(stable(spec))).digest('hex').slice(0, HASH_CHARS);
}
