// The GitOps repository of issue 15 §1, written as an operator keeps one: 3 tiers of 10 cells
// of 10 infra groups, and 10,000 tenants, one file each, in 100 folders. Each tier's Tier is
// tiers/<tier>.yaml, each cell's Cell and its InfraGroups cells/<tier>/<cell>.yaml, each tenant
// tenants/<folder>/<tenant>.yaml. `node dist/bench/gitops-repo.js <dir> [tenants]` writes one.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { mapBounded } from '../src/engine/map-bounded.js';

const API_VERSION = 'tiered.dev/v1alpha1';
export const GITOPS_TIERS = 3;
export const GITOPS_CELLS = 10;
export const GITOPS_INFRA_GROUPS = 10;
export const GITOPS_FOLDERS = 100;

function document(kind: string, name: string, spec: unknown): string {
  return stringify({ apiVersion: API_VERSION, kind, metadata: { name }, spec });
}

export function gitopsTierName(t: number): string {
  return `tier-${t + 1}`;
}

export function gitopsTenantName(i: number): string {
  return `tenant-${String(i).padStart(5, '0')}`;
}

/** A stable 12-digit account id per cell. */
function accountId(tier: number, cell: number): string {
  return String(100_000_000_000 + tier * 1000 + cell);
}

function tierFile(t: number): string {
  const name = gitopsTierName(t);
  return document('Tier', name, {
    region: 'us-east-1',
    dns: { zone: 'example.com', endpoint: `${name}.example.com` },
    routing: { match: 'host' },
    limits: { tenantsPerInfraGroup: 50, headroomPercent: 10 },
    downstreams: [{ name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 }],
    workload: { image: 'public.ecr.aws/example/app:1.0.0', cpu: 512, memory: 1024, port: 8080, desiredCount: 2, healthCheckPath: '/healthz' },
  });
}

function cellFile(t: number, c: number): string {
  const tier = gitopsTierName(t);
  const cell = `cell-${c + 1}`;
  const account = accountId(t, c);
  const docs = [document('Cell', cell, { tier, accountId: account, roleArn: `arn:aws:iam::${account}:role/tiered` })];
  for (let g = 0; g < GITOPS_INFRA_GROUPS; g++) {
    const base = `${tier}-${cell}-ig-${g + 1}`;
    docs.push(
      document('InfraGroup', `ig-${g + 1}`, {
        tier,
        cell,
        vpc: { name: base },
        subnets: { name: `${base}-private` },
        securityGroups: { name: `${base}-tasks` },
        listener: { protocol: 'HTTP' },
      }),
    );
  }
  return docs.join('---\n');
}

/** Tenant i: tiers in turn, one or two clusters, every tenth with its own workload overrides. */
export function gitopsTenantFile(i: number): string {
  const spec: Record<string, unknown> = { tier: gitopsTierName(i % GITOPS_TIERS), clusters: 1 + (i % 2) };
  if (i % 10 === 0) spec.workload = { desiredCount: 3, environment: { FEATURE_FLAGS: 'beta' } };
  return `# Tenant ${gitopsTenantName(i)}: onboarded by the tenant service.\n${document('Tenant', gitopsTenantName(i), spec)}`;
}

export function gitopsTenantPath(dir: string, i: number): string {
  return join(dir, 'tenants', `folder-${String(i % GITOPS_FOLDERS).padStart(2, '0')}`, `${gitopsTenantName(i)}.yaml`);
}

/** Writes the repository under `dir` (created). */
export async function writeGitopsRepo(dir: string, tenants = 10_000): Promise<void> {
  await mkdir(join(dir, 'tiers'), { recursive: true });
  for (let f = 0; f < GITOPS_FOLDERS; f++) await mkdir(join(dir, 'tenants', `folder-${String(f).padStart(2, '0')}`), { recursive: true });
  for (let t = 0; t < GITOPS_TIERS; t++) {
    await writeFile(join(dir, 'tiers', `${gitopsTierName(t)}.yaml`), tierFile(t));
    await mkdir(join(dir, 'cells', gitopsTierName(t)), { recursive: true });
    for (let c = 0; c < GITOPS_CELLS; c++) await writeFile(join(dir, 'cells', gitopsTierName(t), `cell-${c + 1}.yaml`), cellFile(t, c));
  }
  const indexes = Array.from({ length: tenants }, (_, i) => i);
  await mapBounded(indexes, 32, (i) => writeFile(gitopsTenantPath(dir, i), gitopsTenantFile(i)));
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error('usage: node dist/bench/gitops-repo.js <dir> [tenants]');
  await writeGitopsRepo(dir, Number(process.argv[3] ?? 10_000));
}
