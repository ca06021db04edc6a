// The command-line options of moves, shared by `tiered plan`/`apply` and `tiered run`.
import { durationSeconds } from '../../desired/migration.js';
import type { MoveOptions } from './run-moves.js';

/** `--retry-move` and `--move-dns-ttl` as the engine takes them (docs/moves.md). */
export function moveOptions(retryMove: boolean, ttl: unknown): { readonly moves?: MoveOptions } {
  if (ttl !== undefined && (typeof ttl !== 'string' || !/^(\d+(ms|s|m|h))+$/.test(ttl))) {
    throw new Error(`--move-dns-ttl must be a duration such as 0s, 60s or 5m; found '${JSON.stringify(ttl)}'`);
  }
  const ttlSeconds = ttl === undefined ? undefined : durationSeconds(ttl);
  if (!retryMove && ttlSeconds === undefined) return {};
  return { moves: { ...(retryMove ? { retryMove: true } : {}), ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) } };
}

