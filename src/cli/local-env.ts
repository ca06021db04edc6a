// What `tiered local` and `tiered run --local` share: the dummy identity moto accepts, the
// bootstrap of a manifest set's prerequisites, and the lines that point a shell at local AWS.
import { createAwsClientFactory } from '../aws/clients.js';
import type { ManifestSet } from '../desired/model.js';
import { bootstrapLocalAws } from '../local/bootstrap.js';
import type { BootstrapSummary } from '../local/bootstrap.js';
import type { LocalAws } from '../local/local-aws.js';

/** moto's documented dummy credentials: moto accepts any, these are what its docs use. */
export const DUMMY_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export function renderSummary(summary: BootstrapSummary): string[] {
  const lines = summary.accounts.map((a) => {
    const count = (items: readonly { kind: string }[]) => {
      const byKind = new Map<string, number>();
      for (const i of items) byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + 1);
      return [...byKind].map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ') || 'nothing';
    };
    return `  account ${a.account}: created ${count(a.created)}; found ${count(a.found)}`;
  });
  for (const u of summary.unresolvable) lines.push(`  cannot create ${u.where}: ${u.reference} (${u.reason})`);
  return lines;
}

export async function bootstrap(local: LocalAws, set: ManifestSet): Promise<BootstrapSummary> {
  // tiered's client layer finds its endpoint the way it always does: AWS_ENDPOINT_URL.
  process.env.AWS_ENDPOINT_URL = local.endpoint;
  const factory = createAwsClientFactory({ credentials: async () => DUMMY_CREDENTIALS });
  try {
    return await bootstrapLocalAws(set, factory);
  } finally {
    factory.destroy();
  }
}

/** How to look into a cell's account with the AWS CLI (v1 and v2 alike): the ALBs and ECS
 * clusters live there, not in the account the dummy credentials reach. Assume the cell's role
 * as the controller does, then run commands with what it returns. POSIX sh. */
export function cellLookLines(set: ManifestSet): string[] {
  const cell = set.cells[0];
  if (cell === undefined) return [];
  const others = [...new Set(set.cells.slice(1).map((c) => c.spec.roleArn))].filter((r) => r !== cell.spec.roleArn);
  return [
    `To look into a cell's account (its ALBs and ECS clusters), assume its role (cell ${cell.spec.tier}/${cell.name}${others.length > 0 ? `; others: ${others.join(', ')}` : ''}):`,
    `set -- $(aws sts assume-role --role-arn ${cell.spec.roleArn} --role-session-name look --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)`,
    'AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=$2 AWS_SESSION_TOKEN=$3 aws elbv2 describe-load-balancers --query "LoadBalancers[].LoadBalancerName"',
  ];
}

/** What to export in a shell to reach local AWS with the AWS CLI or tiered. */
export function exportLines(endpoint: string, region: string): string[] {
  return [
    `export AWS_ENDPOINT_URL=${endpoint}`,
    `export AWS_REGION=${region}`,
    // The SDKs read AWS_REGION; the AWS CLI v1 (botocore) reads only AWS_DEFAULT_REGION.
    `export AWS_DEFAULT_REGION=${region}`,
    `export AWS_ACCESS_KEY_ID=${DUMMY_CREDENTIALS.accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${DUMMY_CREDENTIALS.secretAccessKey}`,
  ];
}
