// `tiered placement <dir> [--output text|json]`: where every tenant of a manifest set would be
// placed, and how full each infra group gets, assuming nothing is placed yet. (`tiered plan`
// places against live AWS state.)
import { formatIssue, loadManifestSet } from '../desired/manifests.js';
import { place } from '../desired/placement.js';
import { renderPlacementJson, renderPlacementText } from '../desired/placement-render.js';
import { parseDirCommand } from './args.js';

const USAGE = 'usage: tiered placement <dir> [--output text|json]';

export async function runPlacement(argv: string[]): Promise<number> {
  const args = parseDirCommand(argv, ['text', 'json'] as const);
  if (!args.ok) {
    console.error(`tiered placement: ${args.message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const loaded = await loadManifestSet(args.dir);
  if (!loaded.ok) {
    for (const issue of loaded.errors) console.error(formatIssue(issue));
    console.error(`${args.dir}: invalid: fix the errors above first (tiered validate ${args.dir}).`);
    return 1;
  }
  const result = place(loaded.set, new Map());
  console.log(args.output === 'json' ? renderPlacementJson(result) : renderPlacementText(result));
  return result.unschedulable.length > 0 ? 2 : 0;
}
