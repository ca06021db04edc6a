import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsCredentialIdentity } from '@smithy/types';
import { shareCredentials } from '../../../src/aws/credentials.js';

function counting(expiresAt: (n: number) => number | undefined, fail?: (n: number) => boolean) {
  let calls = 0;
  const provider = async (): Promise<AwsCredentialIdentity> => {
    calls += 1;
    if (fail?.(calls)) throw new Error(`refused ${calls}`);
    const exp = expiresAt(calls);
    return { accessKeyId: `key-${calls}`, secretAccessKey: 's', ...(exp === undefined ? {} : { expiration: new Date(exp) }) };
  };
  return { provider, calls: () => calls };
}

test('concurrent callers share one request for the credentials', async () => {
  const src = counting(() => 10_000_000);
  const shared = shareCredentials(src.provider, 1000, () => 0);
  const all = await Promise.all([shared(), shared(), shared()]);
  assert.equal(src.calls(), 1);
  assert.ok(all.every((c) => c.accessKeyId === 'key-1'));
});

test('credentials close to expiry are renewed once', async () => {
  let now = 0;
  const src = counting((n) => (n === 1 ? 5000 : 100_000));
  const shared = shareCredentials(src.provider, 1000, () => now);
  assert.equal((await shared()).accessKeyId, 'key-1');
  now = 4500; // within the margin of key-1's expiry
  assert.equal((await shared()).accessKeyId, 'key-2');
  assert.equal((await shared()).accessKeyId, 'key-2');
  assert.equal(src.calls(), 2);
});

test('a failed request is not remembered: the next caller asks again', async () => {
  const src = counting(() => undefined, (n) => n === 1);
  const shared = shareCredentials(src.provider, 1000, () => 0);
  await assert.rejects(shared(), /refused 1/);
  assert.equal((await shared()).accessKeyId, 'key-2');
});
