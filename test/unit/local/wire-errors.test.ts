import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverError, throttleError, unavailableError, wireError } from '../../../src/local/proxy/wire-errors.js';

test('each service throttles with its own code and status', () => {
  assert.deepEqual(
    (['elbv2', 'route53', 'sts', 'ec2', 'ecs', 'dynamodb', 'tagging'] as const).map((s) => [s, throttleError(s).status, throttleError(s).code]),
    [
      ['elbv2', 400, 'Throttling'],
      ['route53', 400, 'Throttling'],
      ['sts', 400, 'Throttling'],
      ['ec2', 503, 'RequestLimitExceeded'],
      ['ecs', 400, 'ThrottlingException'],
      ['dynamodb', 400, 'ProvisionedThroughputExceededException'],
      ['tagging', 400, 'ThrottledException'],
    ],
  );
});

test('query services answer an ErrorResponse with Type, Code, Message and RequestId', () => {
  const r = wireError('elbv2', throttleError('elbv2'), 'req-1');
  assert.equal(r.status, 400);
  assert.match(r.body, /<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>Throttling<\/Code><Message>Rate exceeded<\/Message><\/Error><RequestId>req-1<\/RequestId><\/ErrorResponse>/);
});

test('a 5xx is a Receiver fault', () => {
  assert.match(wireError('route53', serverError('route53'), 'r').body, /<Type>Receiver<\/Type><Code>InternalFailure<\/Code>/);
});

test('EC2 answers in its Response/Errors shape with RequestID', () => {
  const r = wireError('ec2', unavailableError('ec2'), 'req-2');
  assert.equal(r.status, 503);
  assert.match(r.body, /<Response><Errors><Error><Code>Unavailable<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>req-2<\/RequestID><\/Response>/);
});

test('JSON services put the code in __type and X-Amzn-Errortype', () => {
  const r = wireError('ecs', throttleError('ecs'), 'req-3');
  assert.deepEqual(JSON.parse(r.body), { __type: 'ThrottlingException', message: 'Rate exceeded' });
  assert.equal(r.headers['x-amzn-errortype'], 'ThrottlingException');
});

test('messages are escaped for XML', () => {
  assert.match(wireError('sts', { status: 400, code: 'X', message: 'a < b & c' }, 'r').body, /a &lt; b &amp; c/);
});
