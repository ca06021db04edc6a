// The one-shot commands (validate, plan, apply, placement, local) take the manifests tree's caps
// from the environment: TIERED_MAX_MANIFEST_FILES and TIERED_MAX_MANIFEST_BYTES.
import { parseManifestLimits } from '../controller/manifest-limits.js';
import type { TreeLimits } from '../desired/manifests/manifest-tree.js';

export function manifestLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): TreeLimits {
  return parseManifestLimits({}, env);
}
