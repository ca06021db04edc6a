// Property: validation accepts a set exactly when no account holds more ALBs, and no VPC more
// interface endpoints, than its quota (docs/capacity.md §3), and each refusal names the quota.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseManifestSources } from '../../../src/desired/manifests/manifests.js';

const ACCOUNTS = ['111111111111', '222222222222'];

const worldArb = fc.record({
  tiers: fc.array(
    fc.record({
      downstreams: fc.integer({ min: 0, max: 3 }),
      cells: fc.array(fc.record({ account: fc.nat(1), albs: fc.option(fc.integer({ min: 1, max: 5 })), endpoints: fc.option(fc.integer({ min: 1, max: 6 })), groups: fc.array(fc.nat(2), { maxLength: 4 }) }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

function yamlOf(w: World): string {
  const docs: string[] = [];
  w.tiers.forEach((t, i) => {
    const downstreams = Array.from({ length: t.downstreams }, (_, d) => `{name: d${d}, serviceName: com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f6071${d}, port: ${6000 + d}}`);
    docs.push(`apiVersion: tiered.dev/v1alpha1\nkind: Tier\nmetadata: {name: tier-${i}}\nspec:\n  region: us-east-1\n  dns: {zone: example.com, endpoint: tier-${i}.example.com}\n  downstreams: [${downstreams.join(', ')}]\n  workload: {image: app:1}\n`);
    t.cells.forEach((c, n) => {
      const account = ACCOUNTS[c.account]!;
      const quotas = [c.albs === null ? '' : `loadBalancers: ${c.albs}`, c.endpoints === null ? '' : `vpcEndpoints: ${c.endpoints}`].filter((q) => q !== '');
      docs.push(`apiVersion: tiered.dev/v1alpha1\nkind: Cell\nmetadata: {name: cell-${n}}\nspec:\n  tier: tier-${i}\n  accountId: "${account}"\n  roleArn: arn:aws:iam::${account}:role/tiered\n${quotas.length > 0 ? `  quotas: {${quotas.join(', ')}}\n` : ''}`);
      c.groups.forEach((vpc, g) => {
        docs.push(`apiVersion: tiered.dev/v1alpha1\nkind: InfraGroup\nmetadata: {name: ig-${g}}\nspec: {tier: tier-${i}, cell: cell-${n}, vpc: {id: vpc-${c.account}000000${vpc}}, subnets: {name: s}, securityGroups: {name: g}, listener: {protocol: HTTP}}\n`);
      });
    });
  });
  return docs.join('---\n');
}

/** What the quotas allow, worked out apart from the code: the lowest override of an account's cells, or AWS's default. */
function overQuota(w: World): { albs: boolean; endpoints: boolean } {
  let albs = false;
  let endpoints = false;
  ACCOUNTS.forEach((_, a) => {
    const cells = w.tiers.flatMap((t) => t.cells.filter((c) => c.account === a).map((c) => ({ c, downstreams: t.downstreams })));
    if (cells.length === 0) return;
    const albQuota = Math.min(50, ...cells.flatMap(({ c }) => (c.albs === null ? [] : [c.albs])));
    const endpointQuota = Math.min(50, ...cells.flatMap(({ c }) => (c.endpoints === null ? [] : [c.endpoints])));
    const groups = cells.reduce((n, { c }) => n + c.groups.length, 0);
    albs ||= cells.some(({ c }) => c.albs !== null) ? groups > albQuota : groups > 50;
    for (const vpc of [0, 1, 2]) {
      const inVpc = cells.reduce((n, { c, downstreams }) => n + c.groups.filter((v) => v === vpc).length * downstreams, 0);
      endpoints ||= inVpc > endpointQuota;
    }
  });
  return { albs, endpoints };
}

test('a set validates exactly when its accounts hold their infra groups\' ALBs and endpoints', () => {
  fc.assert(
    fc.property(worldArb, (w) => {
      const result = parseManifestSources([{ file: 'm.yaml', text: yamlOf(w) }]);
      const errors = result.ok ? [] : result.errors.map((e) => e.message);
      const over = overQuota(w);
      assert.equal(errors.some((e) => e.includes('L-53DA6B97')), over.albs, errors.join('\n'));
      assert.equal(errors.some((e) => e.includes('L-29B6F2EB')), over.endpoints, errors.join('\n'));
      assert.equal(result.ok, !over.albs && !over.endpoints, errors.join('\n'));
    }),
    { numRuns: 30 },
  );
});
