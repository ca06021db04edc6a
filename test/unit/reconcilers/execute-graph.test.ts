import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeGraph, GraphCycleError, type GraphNode } from '../../../src/reconcilers/execute-graph.js';

const node = (id: string, dependsOn: string[] = [], lane = 'elbv2'): GraphNode => ({ id, dependsOn, lane });
const tick = () => new Promise<void>((r) => setImmediate(r));

test('a node starts only after everything it depends on has succeeded', async () => {
  const order: string[] = [];
  await executeGraph([node('rule', ['tg', 'listener']), node('tg'), node('listener', ['lb']), node('lb')], async (n) => {
    order.push(n.id);
    await tick();
  });
  assert.ok(order.indexOf('lb') < order.indexOf('listener'));
  assert.ok(order.indexOf('listener') < order.indexOf('rule'));
  assert.ok(order.indexOf('tg') < order.indexOf('rule'));
});

test('a failure skips its dependents transitively and the rest still runs', async () => {
  const ran: string[] = [];
  const outcomes = await executeGraph(
    [node('a'), node('b', ['a']), node('c', ['b']), node('other')],
    async (n) => {
      ran.push(n.id);
      if (n.id === 'a') throw new Error('boom');
    },
  );
  assert.deepEqual(ran.sort(), ['a', 'other']);
  assert.equal(outcomes.get('a')?.status, 'failed');
  assert.deepEqual(outcomes.get('b'), { status: 'skipped', blockedBy: 'a' });
  assert.deepEqual(outcomes.get('c'), { status: 'skipped', blockedBy: 'a' });
  assert.equal(outcomes.get('other')?.status, 'succeeded');
});

test('no lane ever runs more nodes at once than its bound', async () => {
  let now = 0;
  let peak = 0;
  const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`, [], i % 2 === 0 ? 'route53' : 'ecs'));
  const peakByLane = new Map<string, number>();
  const running = new Map<string, number>();
  await executeGraph(
    nodes,
    async (n) => {
      running.set(n.lane, (running.get(n.lane) ?? 0) + 1);
      now++;
      peak = Math.max(peak, now);
      peakByLane.set(n.lane, Math.max(peakByLane.get(n.lane) ?? 0, running.get(n.lane)!));
      await tick();
      running.set(n.lane, running.get(n.lane)! - 1);
      now--;
    },
    { laneConcurrency: { route53: 1 }, defaultConcurrency: 3 },
  );
  assert.equal(peakByLane.get('route53'), 1);
  assert.equal(peakByLane.get('ecs'), 3);
  assert.equal(peak, 4);
});

test('dependencies on ids outside the graph count as already done', async () => {
  const outcomes = await executeGraph([node('rule', ['tg-that-exists-already'])], async () => {});
  assert.equal(outcomes.get('rule')?.status, 'succeeded');
});

test('a cycle is refused before anything runs', async () => {
  let ran = 0;
  await assert.rejects(
    executeGraph([node('a', ['b']), node('b', ['a'])], async () => {
      ran++;
    }),
    GraphCycleError,
  );
  assert.equal(ran, 0);
});

test('after an abort nothing new starts and unstarted nodes are reported aborted', async () => {
  const controller = new AbortController();
  const outcomes = await executeGraph(
    [node('first'), node('second', ['first'])],
    async (n) => {
      if (n.id === 'first') controller.abort();
    },
    { signal: controller.signal },
  );
  assert.equal(outcomes.get('first')?.status, 'succeeded');
  assert.equal(outcomes.get('second')?.status, 'aborted');
});
