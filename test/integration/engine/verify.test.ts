// Issue 12 acceptance, `tiered verify` (docs/design.md §11.5), the compiled CLI against moto
// through the proxy: the examples converged pass every check with no mutating call; a tenant's
// rule deleted out of band, or made to lose to a catch-all rule at a better priority, fails the
// check naming that tenant, with exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRuleCommand, DeleteRuleCommand, DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, SetRulePrioritiesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, withEngineAws } from '../../support/engine-harness.js';
import { repoPath } from '../../support/paths.js';
import { tieredAsync } from '../../support/run-cli.js';

const { aws, factory } = withEngineAws();
const EXAMPLES = repoPath('manifests', 'examples');

function cliEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, AWS_ENDPOINT_URL: aws.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
}

interface Report {
  readonly ok: boolean;
  readonly checks: readonly { check: string; tier: string; subject: string; ok: boolean; detail: string }[];
}

async function convergedExamples(): Promise<ManifestSet> {
  const loaded = await loadManifestSet(EXAMPLES);
  assert.ok(loaded.ok);
  await bootstrapLocalAws(loaded.set, factory());
  await applyConverged(loaded.set, factory());
  return loaded.set;
}

async function verify(...extra: string[]): Promise<{ code: number | null; report: Report }> {
  const run = await tieredAsync(['verify', EXAMPLES, '-o', 'json', ...extra], cliEnv());
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

/** tier-3's listener (one cell, one infra group) and its rules. */
async function tier3Listener(set: ManifestSet) {
  const cell = set.cells.find((c) => c.spec.tier === 'tier-3')!;
  const { elbv2 } = await aws.clientsInAccount(cell.spec.accountId);
  // tier-2's cell shares the account: its ALB is told apart by name.
  const lb = ((await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).find((l) => l.LoadBalancerName!.startsWith('tier-3-cell-1-ig-1-'))!;
  const listener = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners![0]!;
  const rules = ((await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? []).filter((r) => r.IsDefault !== true);
  return { elbv2, listener, rules };
}

test('the converged examples pass every check, reading only', async () => {
  await convergedExamples();
  aws.proxy.resetCounters();
  const { code, report } = await verify();
  assert.equal(code, 0, JSON.stringify(report.checks.filter((c) => !c.ok), null, 1));
  assert.equal(report.ok, true);
  const kinds = new Set(report.checks.map((c) => c.check));
  assert.deepEqual([...kinds].sort(), ['alarms', 'dns', 'endpoint', 'log-group', 'rule', 'scaling']);
  assert.ok(report.checks.some((c) => c.check === 'dns' && c.subject === 'tier-1.us-east-1.example.com'));
  assert.equal(aws.proxy.count({ mutating: true }), 0);
  assert.ok(aws.proxy.count({ operation: 'TestDNSAnswer' }) > 0);
  const text = await tieredAsync(['verify', EXAMPLES], cliEnv());
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^PASS rule tier-1 \w+ in tier-1\/cell-\d\/ig-\d: matched first by its own rule/m);
});

test('a tenant rule deleted out of band fails verify naming the tenant; so does a catch-all rule at a better priority', async () => {
  const set = await convergedExamples();
  const { elbv2, listener, rules } = await tier3Listener(set);
  const victim = rules.find((r) => r.Priority === '1')!;
  await elbv2.send(new DeleteRuleCommand({ RuleArn: victim.RuleArn }));
  const deleted = await verify('--tier', 'tier-3');
  assert.equal(deleted.code, 1);
  const failed = deleted.report.checks.filter((c) => !c.ok);
  assert.equal(failed.length, 1, JSON.stringify(failed));
  assert.equal(failed[0]!.check, 'rule');
  assert.match(failed[0]!.detail, /no rule matches|not own/);
  const tenant = failed[0]!.subject.split(' ')[0]!;

  // Put the rule back (apply), then make a catch-all rule, not ours, win over every tenant rule.
  await applyConverged(set, factory());
  assert.equal((await verify('--tier', 'tier-3')).code, 0);
  const tgArn = (await tier3Listener(set)).rules[0]?.Actions?.[0]?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn ?? '';
  const catchAll = await elbv2.send(new CreateRuleCommand({
    ListenerArn: listener.ListenerArn, Priority: 1000, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: tgArn }],
  }));
  // The catch-all takes the lowest priority: tiered's first rule moves out of its way.
  const ours = (await tier3Listener(set)).rules.filter((r) => r.RuleArn !== catchAll.Rules![0]!.RuleArn);
  const lowest = Math.min(...ours.map((r) => Number(r.Priority)));
  const first = ours.find((r) => Number(r.Priority) === lowest)!;
  await elbv2.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: first.RuleArn, Priority: 999 }] }));
  await elbv2.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: catchAll.Rules![0]!.RuleArn, Priority: lowest }] }));
  const shadowed = await verify('--tier', 'tier-3');
  assert.equal(shadowed.code, 1);
  const losers = shadowed.report.checks.filter((c) => !c.ok && c.check === 'rule');
  assert.ok(losers.length > 0);
  assert.ok(losers.every((c) => /a rule tiered does not own/.test(c.detail)), JSON.stringify(losers));
  assert.ok(tenant.length > 0);
});
