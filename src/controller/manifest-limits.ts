// How big a manifests tree tiered agrees to read (manifest-tree.ts enforces it): from
// `tiered run`'s flags, else the environment (which the one-shot commands read too), else the
// defaults. Pure: the CLI hands in the flag values and the environment.
import { DEFAULT_TREE_LIMITS, type TreeLimits } from '../desired/manifests/manifest-tree.js';

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

function count(name: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw new Error(`${name} must be a whole number of at least 1; found '${text}'`);
  return n;
}

function bytes(name: string, text: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) < 1) throw new Error(`${name} must be a size such as 268435456, 256MiB or 1GiB; found '${text}'`);
  return Number(m[1]) * unit;
}

/** Flags win over TIERED_MAX_MANIFEST_FILES / TIERED_MAX_MANIFEST_BYTES, which win over the defaults. */
export function parseManifestLimits(flags: { readonly files?: string | undefined; readonly bytes?: string | undefined }, env: NodeJS.ProcessEnv): TreeLimits {
  const files = flags.files ?? env['TIERED_MAX_MANIFEST_FILES'];
  const size = flags.bytes ?? env['TIERED_MAX_MANIFEST_BYTES'];
  return {
    maxFiles: files === undefined ? DEFAULT_TREE_LIMITS.maxFiles : count(flags.files !== undefined ? '--max-manifest-files' : 'TIERED_MAX_MANIFEST_FILES', files),
    maxTotalBytes: size === undefined ? DEFAULT_TREE_LIMITS.maxTotalBytes : bytes(flags.bytes !== undefined ? '--max-manifest-bytes' : 'TIERED_MAX_MANIFEST_BYTES', size),
  };
}
