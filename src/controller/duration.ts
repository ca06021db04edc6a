// Durations on the command line: `--interval 60s`, `--resync 10m`, `--shutdown-timeout 30s`,
// `--debounce 250ms`, and compounds like `1h30m`. A bare number is rejected: its unit would be a guess.

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, flag: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed !== text.trim()) {
    throw new Error(`${flag} '${text}': expected a duration such as 250ms, 60s, 10m or 1h30m`);
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]!]!, 0));
}
