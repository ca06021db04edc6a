// The two-level DNS tree on local AWS (docs/dns-tree.md): a tier growing from 100 infra groups to
// 101 switches its endpoint from one weighted record per infra group to one per cell while the
// endpoint keeps answering (TestDNSAnswer sampled all through the apply), converges at 3 cells x
// 40 infra groups with the endpoint and every tenant name resolving; a small tier switches up and
// back down by its `tree`. And the two Route 53 rules the switch is built around, which moto 5.2.1
// does not keep and the proxy keeps for it (src/local/proxy/route53-record-rules.ts): at most 100
// weighted records of one name and type, and an alias to a record of the same zone only once that
// record exists. One moto for the file; the 120 ALBs are made once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client, TestDNSAnswerCommand,
  type Change, type ListResourceRecordSetsCommandOutput, type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { dnsChecks } from '../../../src/verify/checks.js';
import { applyConverged, assertInSync, planSet, withEngineAws } from '../../support/engine-harness.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

const ENDPOINT = 'tier-1.us-east-1.example.com';
const TENANTS = ['alpha', 'beta', 'gamma'];

/** A tier of cells with `sizes[i]` infra groups each; each cell's groups share one network
 * (fewer VPCs for moto to make), and the tenants are pinned to cell-1's first groups so that
 * shrinking the other cells moves no tenant. */
function tierOf(sizes: readonly number[]): ManifestSet {
  const b = manifestSet().tier('tier-1', { routing: { match: 'host' } });
  sizes.forEach((size, c) => {
    const cell = `cell-${c + 1}`;
    b.cell('tier-1', cell);
    const net = `tier-1-${cell}`;
    for (let i = 1; i <= size; i++) {
      b.infraGroup('tier-1', cell, `ig-${String(i).padStart(2, '0')}`, {
        vpc: { name: net }, subnets: { name: `${net}-private` }, securityGroups: { name: `${net}-tasks` }, dnsWeight: 1,
      });
    }
  });
  TENANTS.forEach((t, i) => b.tenant(t, { placement: { cell: 'cell-1', infraGroup: `ig-0${i + 1}` } }));
  return b.build();
}

async function zoneId(): Promise<string> {
  const { route53 } = aws.clients();
  return (await route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }))).HostedZones![0]!.Id!.replace('/hostedzone/', '');
}

async function answer(zone: string, name: string): Promise<{ code: string; data: readonly string[] }> {
  const { route53 } = aws.clients();
  const out = await route53.send(new TestDNSAnswerCommand({ HostedZoneId: zone, RecordName: name, RecordType: 'A' }));
  return { code: out.ResponseCode ?? '', data: out.RecordData ?? [] };
}

async function recordsNamed(zone: string, name: string): Promise<ResourceRecordSet[]> {
  const { route53 } = aws.clients();
  const out: ResourceRecordSet[] = [];
  let start: string | undefined = name;
  while (start !== undefined) {
    const page: ListResourceRecordSetsCommandOutput = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: start, MaxItems: 300 }));
    out.push(...(page.ResourceRecordSets ?? []));
    start = page.IsTruncated === true && page.NextRecordName !== start ? page.NextRecordName : undefined;
  }
  const unique = new Map(out.map((r) => [`${r.Name}|${r.Type}|${r.SetIdentifier}`, r]));
  return [...unique.values()].filter((r) => r.Name === `${name}.` && r.Type === 'A');
}

/** Applies while asking Route 53 for the endpoint every few milliseconds; the answers seen. */
async function applySampled(set: ManifestSet, zone: string): Promise<{ code: string; data: readonly string[] }[]> {
  const seen: { code: string; data: readonly string[] }[] = [];
  let applying = true;
  const sampler = (async () => {
    while (applying) {
      seen.push(await answer(zone, ENDPOINT));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    await applyConverged(set, factory());
  } finally {
    applying = false;
    await sampler;
  }
  return seen;
}

function assertAnsweredThroughout(seen: readonly { code: string; data: readonly string[] }[], what: string): void {
  assert.ok(seen.length >= 3, `${what}: only ${seen.length} samples`);
  const silent = seen.filter((s) => s.code !== 'NOERROR' || s.data.length === 0 || !/elb/.test(s.data[0] ?? ''));
  assert.deepEqual(silent, [], `${what}: the endpoint stopped answering with an ALB in ${silent.length} of ${seen.length} samples`);
}

test('100 → 101 infra groups switches to the two-level tree, the endpoint answering throughout; 3 cells × 40 converge, and the endpoint and every tenant name resolve', async () => {
  const t0 = Date.now();
  await bootstrapLocalAws(tierOf([40, 40, 40]), factory());
  await applyConverged(tierOf([40, 40, 20]), factory());
  const zone = await zoneId();
  assert.equal((await recordsNamed(zone, ENDPOINT)).length, 100, 'one record per infra group at the endpoint');
  const t1 = Date.now();

  aws.proxy.resetCounters();
  const seen = await applySampled(tierOf([40, 40, 21]), zone);
  assertAnsweredThroughout(seen, '100 → 101');
  const top = await recordsNamed(zone, ENDPOINT);
  assert.deepEqual(top.map((r) => [r.SetIdentifier, r.Weight, r.AliasTarget?.DNSName, r.AliasTarget?.HostedZoneId, r.AliasTarget?.EvaluateTargetHealth]).sort(), [
    ['tiered:cell-1', 40, `cell-1.cells.${ENDPOINT}.`, zone, true],
    ['tiered:cell-2', 40, `cell-2.cells.${ENDPOINT}.`, zone, true],
    ['tiered:cell-3', 21, `cell-3.cells.${ENDPOINT}.`, zone, true],
  ]);
  // Route 53 (here the proxy) refuses a 101st weighted record of a name: the endpoint's 100
  // records went and its 3 came in one batch, after the batches of the cell names' records.
  assert.equal(aws.proxy.count({ operation: 'ChangeResourceRecordSets', outcome: 'error' }), 0, 'no batch refused');
  const t2 = Date.now();

  const full = tierOf([40, 40, 40]);
  await applyConverged(full, factory());
  await assertInSync(full, factory());
  for (const cell of ['cell-1', 'cell-2', 'cell-3']) assert.equal((await recordsNamed(zone, `${cell}.cells.${ENDPOINT}`)).length, 40, cell);
  assert.equal((await recordsNamed(zone, ENDPOINT)).length, 3);
  for (const name of [ENDPOINT, ...TENANTS.map((t) => `${t}.${ENDPOINT}`)]) {
    const a = await answer(zone, name);
    assert.equal(a.code, 'NOERROR', name);
    assert.match(a.data[0] ?? '', /elb/, `${name} answers with an ALB`);
  }
  console.log(`dns-tree timings: 100 infra groups ${t1 - t0} ms, the switch ${t2 - t1} ms, to 120 ${Date.now() - t2} ms`);
});

test('a small tier switches up (tree: cells) and back down (tree: auto), the endpoint answering throughout both', async () => {
  const small = (tree: 'auto' | 'cells') => {
    const set = tierOf([2, 1]);
    return { ...set, tiers: set.tiers.map((t) => ({ ...t, spec: { ...t.spec, dns: { ...t.spec.dns, tree } } })) };
  };
  await bootstrapLocalAws(small('auto'), factory());
  await applyConverged(small('auto'), factory());
  const zone = await zoneId();
  assert.equal((await recordsNamed(zone, ENDPOINT)).length, 3);
  assertAnsweredThroughout(await applySampled(small('cells'), zone), 'up');
  assert.deepEqual((await recordsNamed(zone, ENDPOINT)).map((r) => [r.SetIdentifier, r.Weight]).sort(), [['tiered:cell-1', 2], ['tiered:cell-2', 1]]);
  // `tiered verify` follows the endpoint through the cell names to the ALBs.
  const [planned] = (await planSet(small('cells'), factory())).tiers;
  assert.ok(planned?.ok);
  const checks = await dnsChecks(small('cells').tiers[0]!, planned, factory());
  assert.deepEqual(checks.filter((c) => !c.ok), []);
  assert.deepEqual(checks.map((c) => c.subject).filter((n) => !n.includes('tenant') && !/^(alpha|beta|gamma)\./.test(n)), [`cell-1.cells.${ENDPOINT}`, `cell-2.cells.${ENDPOINT}`, ENDPOINT]);
  assertAnsweredThroughout(await applySampled(small('auto'), zone), 'down');
  assert.deepEqual((await recordsNamed(zone, ENDPOINT)).map((r) => r.SetIdentifier).sort(), ['tiered:cell-1/ig-01', 'tiered:cell-1/ig-02', 'tiered:cell-2/ig-01']);
  for (const cell of ['cell-1', 'cell-2']) assert.equal((await recordsNamed(zone, `${cell}.cells.${ENDPOINT}`)).length, 0, cell);
  assert.equal(aws.proxy.count({ operation: 'ChangeResourceRecordSets', outcome: 'error' }), 0, 'no batch refused');
  await assertInSync(small('auto'), factory());
});

const weighted = (action: 'CREATE' | 'DELETE', name: string, i: number): Change => ({
  Action: action,
  ResourceRecordSet: { Name: name, Type: 'A', SetIdentifier: `s-${i}`, Weight: 1, TTL: 60, ResourceRecords: [{ Value: `192.0.2.${i % 250}` }] },
});

const alias = (name: string, zone: string, target: string): Change => ({
  Action: 'CREATE',
  ResourceRecordSet: { Name: name, Type: 'A', SetIdentifier: 'top', Weight: 1, AliasTarget: { HostedZoneId: zone, DNSName: target, EvaluateTargetHealth: true } },
});

function refusedWith(pattern: RegExp) {
  return (err: Error & { name: string }) => {
    assert.equal(err.name, 'InvalidChangeBatch');
    assert.match(err.message, pattern);
    return true;
  };
}

test('moto takes a 101st weighted record and an alias to nothing; the proxy refuses both as Route 53 does', async () => {
  const direct = new Route53Client({ endpoint: aws.moto.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  try {
    const z = await direct.send(new CreateHostedZoneCommand({ Name: 'kind.example.org', CallerReference: 'kind' }));
    const id = z.HostedZone!.Id!.replace('/hostedzone/', '');
    const many = Array.from({ length: 101 }, (_, i) => weighted('CREATE', 'w.kind.example.org', i));
    await direct.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: id, ChangeBatch: { Changes: [...many, alias('a.kind.example.org', id, 'nothing.kind.example.org')] } }));
  } finally {
    direct.destroy();
  }

  const { route53 } = aws.clients();
  const z = await route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'rules' }));
  const zone = z.HostedZone!.Id!.replace('/hostedzone/', '');
  const send = (changes: Change[]) => route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: changes } }));
  await send(Array.from({ length: 100 }, (_, i) => weighted('CREATE', 'w.example.com', i)));
  await assert.rejects(send([weighted('CREATE', 'w.example.com', 100)]), refusedWith(/w\.example\.com\..*100 weighted records/));
  // One out, one in, in one batch: never more than 100.
  await send([weighted('DELETE', 'w.example.com', 0), weighted('CREATE', 'w.example.com', 100)]);

  await assert.rejects(send([alias('top.example.com', zone, 'w2.example.com')]), refusedWith(/Tried to create an alias that targets w2\.example\.com\., type A in zone .*, but it doesn't exist/));
  // Not even when the same batch makes the target: it must exist before.
  await assert.rejects(send([weighted('CREATE', 'w2.example.com', 1), alias('top.example.com', zone, 'w2.example.com')]), refusedWith(/doesn't exist/));
  await send([alias('top.example.com', zone, 'w.example.com')]);
  const names = ((await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? []).map((r) => r.Name);
  assert.ok(!names.includes('w2.example.com.'), 'nothing of a refused batch was applied');
  assert.equal(aws.proxy.count({ operation: 'ChangeResourceRecordSets', outcome: 'error' }), 3);

  const answer = await route53.send(new TestDNSAnswerCommand({ HostedZoneId: zone, RecordName: 'top.example.com', RecordType: 'A' }));
  assert.equal(answer.ResponseCode, 'NOERROR');
  assert.match(answer.RecordData?.[0] ?? '', /^192\.0\.2\./, 'the alias is followed to its target\'s values');
});
