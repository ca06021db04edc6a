import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerFacts } from '../../../src/local/proxy/caller.js';

test('the caller, the SDK invocation and the attempt come from the headers the SDK sends', () => {
  assert.deepEqual(
    callerFacts({
      'user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.20.2 api/ecs#3.1164.0 m/E,N tiered-caller/vm-4242-1a2b3c4d',
      'amz-sdk-invocation-id': '6f1c0b9e-6a51-4bd2-9a8e-2d8c1c1b9f00',
      'amz-sdk-request': 'attempt=3; max=5',
    }),
    { caller: 'vm-4242-1a2b3c4d', invocation: '6f1c0b9e-6a51-4bd2-9a8e-2d8c1c1b9f00', attempt: 3, maxAttempts: 5 },
  );
});

test('a request from elsewhere (the AWS CLI, curl) has none of them', () => {
  assert.deepEqual(callerFacts({ 'user-agent': 'curl/8.5.0' }), {});
});

test('a tier pass\'s call also names its tier', () => {
  assert.deepEqual(
    callerFacts({ 'user-agent': 'aws-sdk-js/3.1169.0 api/ecs#3.1164.0 tiered-caller/vm-4242-1a2b3c4d tiered-tier/tier-07' }),
    { caller: 'vm-4242-1a2b3c4d', tier: 'tier-07' },
  );
});
