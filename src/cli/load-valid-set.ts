// Loading the manifest set a command works on: every error printed with its file:line:col, then
// the command's own closing line; undefined when the set is invalid.
import { formatIssue, loadManifestSet } from '../desired/manifests/manifests.js';
import type { ManifestSet } from '../desired/model.js';
import { manifestLimitsFromEnv } from './manifest-limits-env.js';

export async function loadValidSet(dir: string, invalid: (errorCount: number) => string): Promise<ManifestSet | undefined> {
  const loaded = await loadManifestSet(dir, manifestLimitsFromEnv());
  if (loaded.ok) return loaded.set;
  for (const issue of loaded.errors) console.error(formatIssue(issue));
  console.error(invalid(loaded.errors.length));
  return undefined;
}
