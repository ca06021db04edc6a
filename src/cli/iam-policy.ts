// `tiered iam-policy <dir> [--instance-id ID] [--lease-table NAME]`: the least-privilege IAM
// policy of the controller for a manifest set (src/desired/topology/iam-policy.ts), as JSON to
// attach to its task role and to the cell roles. deploy/iam-policy.json is its output for the
// examples.
import { DEFAULT_LEASE_TABLE } from '../controller/run-options.js';
import { DEFAULT_INSTANCE_ID } from '../desired/tags.js';
import { iamPolicyFor, renderIamPolicy } from '../desired/topology/iam-policy.js';
import { parseDirCommand } from './args.js';
import { loadValidSet } from './load-valid-set.js';

const USAGE = `usage: tiered iam-policy <dir> [--instance-id ID] [--lease-table NAME]

The controller's least-privilege IAM policy for these manifests, as JSON.

options:
  --instance-id ID     the tiered.dev/managed-by value the controller owns (default ${DEFAULT_INSTANCE_ID})
  --lease-table NAME   the lease table (default $TIERED_LEASE_TABLE or ${DEFAULT_LEASE_TABLE})`;

export async function runIamPolicy(argv: string[]): Promise<number> {
  const args = parseDirCommand(argv, ['json'] as const, { 'instance-id': { type: 'string' }, 'lease-table': { type: 'string' } });
  if (!args.ok) {
    console.error(`tiered iam-policy: ${args.message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const set = await loadValidSet(args.dir, (count) => `tiered iam-policy: ${args.dir} is invalid (${count} errors).`);
  if (set === undefined) return 1;
  const instanceId = (args.values['instance-id'] as string | undefined) ?? DEFAULT_INSTANCE_ID;
  const leaseTable = (args.values['lease-table'] as string | undefined) ?? process.env['TIERED_LEASE_TABLE'] ?? DEFAULT_LEASE_TABLE;
  process.stdout.write(renderIamPolicy(iamPolicyFor(set, { instanceId, leaseTable })));
  return 0;
}
