// Route 53 refuses a TXT (or SPF) value holding a character-string longer than 255 characters:
// the whole change batch fails with InvalidChangeBatch, the message naming the value. moto 5.2.1
// stores any length, so the proxy answers for Route 53 (docs/aws-behaviour.md, "Route 53 TXT
// strings"). This reads the request as Route 53 would, independently of how tiered writes it.
import type { WireError } from './wire-errors.js';

/** RFC 1035 §3.3: a character-string is one length octet and at most 255 octets. */
export const CHARACTER_STRING_MAX = 255;

const ENTITIES: Readonly<Record<string, string>> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** The character-strings of a TXT value in zone-file syntax: quoted strings (backslash escapes
 * one character, `\DDD` a decimal octet) or bare words, separated by whitespace. */
export function characterStrings(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  const escaped = (): string => {
    const digits = /^\d{3}/.exec(value.slice(i + 1))?.[0];
    if (digits !== undefined) {
      i += 4;
      return String.fromCharCode(parseInt(digits, 10));
    }
    i += 2;
    return value[i - 1] ?? '';
  };
  while (i < value.length) {
    if (/\s/.test(value[i] as string)) {
      i++;
      continue;
    }
    let s = '';
    if (value[i] === '"') {
      i++;
      while (i < value.length && value[i] !== '"') s += value[i] === '\\' ? escaped() : value[i++];
      i++;
    } else {
      while (i < value.length && !/\s/.test(value[i] as string)) s += value[i] === '\\' ? escaped() : value[i++];
    }
    out.push(s);
  }
  return out;
}

/** The TXT and SPF values of a ChangeResourceRecordSets request body. */
export function txtValues(body: string): string[] {
  const values: string[] = [];
  for (const [, set] of body.matchAll(/<ResourceRecordSet>([\s\S]*?)<\/ResourceRecordSet>/g)) {
    const type = /<Type>([^<]*)<\/Type>/.exec(set ?? '')?.[1];
    if (type !== 'TXT' && type !== 'SPF') continue;
    for (const [, value] of (set ?? '').matchAll(/<Value>([\s\S]*?)<\/Value>/g)) values.push(decodeXml(value ?? ''));
  }
  return values;
}

/** Route 53's refusal of a change batch holding a too-long character-string, in its wording. */
export function txtStringRefusal(body: string): WireError | undefined {
  const bad = txtValues(body).find((v) => characterStrings(v).some((s) => s.length > CHARACTER_STRING_MAX));
  if (bad === undefined) return undefined;
  return {
    status: 400,
    code: 'InvalidChangeBatch',
    message: `[Invalid Resource Record: 'FATAL problem: CharacterStringTooLong (Value is too long) encountered with '${bad}'']`,
  };
}
