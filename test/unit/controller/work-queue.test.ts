import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from '../../../src/controller/work-queue.js';

test('a key added twice while waiting is taken once, with both reasons', () => {
  const queue = new WorkQueue<string, string>();
  queue.add('tier-1', 'revision');
  queue.add('tier-1', 'resync');
  assert.deepEqual(queue.take(), { key: 'tier-1', reasons: ['revision', 'resync'] });
  assert.equal(queue.take(), undefined);
});

test('keys are taken in the order they were first added', () => {
  const queue = new WorkQueue<string, string>();
  for (const key of ['b', 'a', 'c', 'a']) queue.add(key, 'revision');
  assert.deepEqual([queue.take()?.key, queue.take()?.key, queue.take()?.key], ['b', 'a', 'c']);
});

test('a key added while being processed is not handed out until done, then once', () => {
  const queue = new WorkQueue<string, string>();
  queue.add('tier-1', 'revision');
  queue.take();
  queue.add('tier-1', 'revision');
  queue.add('tier-1', 'resync');
  assert.equal(queue.take(), undefined);
  assert.equal(queue.depth, 0);
  queue.done('tier-1');
  assert.deepEqual(queue.take(), { key: 'tier-1', reasons: ['revision', 'resync'] });
  queue.done('tier-1');
  assert.equal(queue.take(), undefined);
});

test('a key not added again during its pass is gone after done', () => {
  const queue = new WorkQueue<string, string>();
  queue.add('tier-1', 'revision');
  queue.take();
  assert.equal(queue.isProcessing('tier-1'), true);
  queue.done('tier-1');
  assert.equal(queue.isProcessing('tier-1'), false);
  assert.equal(queue.isQueued('tier-1'), false);
  assert.equal(queue.depth, 0);
});
