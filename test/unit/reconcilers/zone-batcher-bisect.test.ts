// A batch Route 53 refuses (InvalidChangeBatch fails the whole batch) is halved until the bad
// change stands alone: about 2·log2(n) more requests for one bad change among n, not n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change, ChangeBatch } from '@aws-sdk/client-route-53';
import type { Route53Api } from '../../../src/aws/route53.js';
import type { Action } from '../../../src/plan/action.js';
import { ZoneBatcher } from '../../../src/reconcilers/route53/zone-batcher.js';

const change = (name: string): Change => ({
  Action: 'CREATE',
  ResourceRecordSet: { Name: `${name}.example.com`, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: `"${name}"` }] },
});

function refusingApi(bad: ReadonlySet<string>): { api: Route53Api; batches: number[] } {
  const batches: number[] = [];
  const api = {
    async changeResourceRecordSets(_zone: string, batch: ChangeBatch) {
      batches.push(batch.Changes?.length ?? 0);
      if (batch.Changes?.some((c) => bad.has(c.ResourceRecordSet?.Name ?? ''))) {
        throw Object.assign(new Error('[Invalid Resource Record: FATAL problem: CharacterStringTooLong (Value is too long)]'), {
          name: 'InvalidChangeBatch', Code: 'InvalidChangeBatch', $metadata: { httpStatusCode: 400 },
        });
      }
      return { Id: 'C1', Status: 'INSYNC' as const, SubmittedAt: new Date() };
    },
  } as unknown as Route53Api;
  return { api, batches };
}

async function submitAll(n: number, bad: ReadonlySet<string>) {
  const { api, batches } = refusingApi(bad);
  const batcher = new ZoneBatcher({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, maxInFlight: 1 });
  const target = { zoneId: 'Z1', api, zoneKey: 'Z1' };
  const actions = Array.from({ length: n }, (_, i) => ({ id: `create:r${i}` }) as Action);
  for (const a of actions) batcher.expect(a, target, 0);
  const settled = await Promise.allSettled(actions.map((a, i) => batcher.submit(a, change(`r${i}`))));
  return { batches, failed: settled.flatMap((s, i) => (s.status === 'rejected' ? [`r${i}`] : [])) };
}

test('one bad change among 64 fails alone after 13 requests (whole batch, then two halves per level), not 65', async () => {
  const { batches, failed } = await submitAll(64, new Set(['r37.example.com']));
  assert.deepEqual(failed, ['r37']);
  assert.equal(batches.length, 1 + 2 * 6);
  assert.equal(batches.reduce((n, b) => n + (b === 1 ? 1 : 0), 0), 2, 'only the last level sends single changes');
});

test('two bad changes at either end fail alone and every good change is applied, each half bisected on its own', async () => {
  const { batches, failed } = await submitAll(10, new Set(['r0.example.com', 'r9.example.com']));
  assert.deepEqual(failed, ['r0', 'r9']);
  assert.deepEqual(batches, [10, 5, 3, 2, 1, 1, 1, 2, 5, 3, 2, 1, 1]);
});
