// How the status page words times and sizes. Pure.

/** `1.2 s`, `850 ms`, `2 min 5 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** How long ago `iso` was, from `now` (epoch ms): `just now`, `12 s ago`, `3 min ago`, `2 h ago`. */
export function formatAgo(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const s = Math.max(0, Math.round((now - at) / 1_000));
  if (s < 2) return 'just now';
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3_600)} h ago`;
}

/** A fill in words, e.g. `12 of 100 (80 placeable)`. */
export function formatUsage(u: { readonly used: number; readonly limit: number; readonly placeable: number }): string {
  return `${u.used} of ${u.limit}${u.placeable < u.limit ? ` (${u.placeable} placeable; the rest is headroom)` : ''}`;
}

/** `ok` below the headroom line, `headroom` inside the headroom, `full` at the limit. */
export function fillLevel(u: { readonly used: number; readonly limit: number; readonly placeable: number }): 'ok' | 'headroom' | 'full' {
  if (u.used >= u.limit) return 'full';
  return u.used > u.placeable ? 'headroom' : 'ok';
}

/** Any JSON value as text: strings as they are, numbers and booleans printed, the rest as JSON. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
