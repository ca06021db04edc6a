// The applied-quota reader's error paths (docs/capacity.md §1): a quota tiered may not read, or
// that Service Quotas does not know in the region, falls back to AWS's default with a note; any
// other failure is an observe error naming the cell, so the pass does not place against a guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsClientFactory, AwsClients } from '../../../src/aws/clients.js';
import { appliedQuotaReader, type QuotaFallback } from '../../../src/engine/applied-quotas.js';
import { manifestSet } from '../../support/manifest-builder.js';

function awsError(name: string): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: 400 } });
}

function factoryAnswering(answer: (quotaCode: string) => number | Error): { factory: AwsClientFactory; calls: string[] } {
  const calls: string[] = [];
  const serviceQuotas = {
    getServiceQuota: async (serviceCode: string, quotaCode: string) => {
      calls.push(`${serviceCode}/${quotaCode}`);
      const a = answer(quotaCode);
      if (a instanceof Error) throw a;
      return a;
    },
  };
  const factory = { clients: () => ({ serviceQuotas }) as unknown as AwsClients, destroy: () => {} };
  return { factory, calls };
}

const SET = manifestSet()
  .tier('tier-1')
  .cell('tier-1', 'cell-1', { accountId: '111111111111' })
  .cell('tier-1', 'cell-2', { accountId: '111111111111' })
  .build();

test('AccessDenied and NoSuchResource fall back to the default with a note', async () => {
  const { factory } = factoryAnswering((code) => (code === 'L-DF5E4CA3' ? awsError('AccessDeniedException') : code === 'L-21C621EB' ? awsError('NoSuchResourceException') : 7));
  const notes: QuotaFallback[] = [];
  const read = await appliedQuotaReader(factory, (n) => notes.push(n)).read(SET, 'tier-1');
  assert.deepEqual(read.errors, []);
  assert.deepEqual(notes.map((n) => [n.quota, n.code]).sort(), [['ecsClusters', 'NoSuchResourceException'], ['networkInterfaces', 'AccessDeniedException']]);
  assert.deepEqual(read.applied.get('111111111111/us-east-1'), { loadBalancers: 7, targetGroups: 7, vpcEndpoints: 7, listenersPerLoadBalancer: 7 });
});

test('any other failure is an observe error of the cell; cells sharing an account are read once', async () => {
  const { factory, calls } = factoryAnswering((code) => (code === 'L-53DA6B97' ? awsError('TooManyRequestsException') : 9));
  const read = await appliedQuotaReader(factory).read(SET, 'tier-1');
  assert.equal(calls.length, 6);
  assert.deepEqual(read.errors.map((e) => [e.tier, e.cell, e.code]), [['tier-1', 'cell-1', 'TooManyRequestsException']]);
  assert.match(read.errors[0]!.message, /Service Quotas elasticloadbalancing L-53DA6B97/);
});
