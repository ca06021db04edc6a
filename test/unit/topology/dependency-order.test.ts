import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyOrder } from '../../../src/desired/topology/dependency-order.js';

interface Item {
  readonly id: string;
  readonly deps: readonly string[];
}
const order = (items: readonly Item[]): string[] => dependencyOrder(items, (i) => i.id, (i) => i.deps).map((i) => i.id);

test('each item comes after what it depends on; among ready items the smallest id goes first', () => {
  const items: Item[] = [
    { id: 'rule', deps: ['listener', 'tg'] },
    { id: 'tg', deps: [] },
    { id: 'listener', deps: ['alb'] },
    { id: 'alb', deps: [] },
    { id: 'zz', deps: [] },
  ];
  // alb, tg ready; alb releases listener ("listener" < "tg"); rule waits for tg; zz last.
  assert.deepEqual(order(items), ['alb', 'listener', 'tg', 'rule', 'zz']);
});

test('dependencies on ids outside the list, on itself and repeated ones are ignored', () => {
  assert.deepEqual(order([{ id: 'b', deps: ['a', 'gone', 'b', 'a'] }, { id: 'a', deps: [] }]), ['a', 'b']);
});

test('a cycle is an error naming the items stuck in it', () => {
  assert.throws(() => order([{ id: 'a', deps: ['b'] }, { id: 'b', deps: ['a'] }, { id: 'c', deps: [] }]), /dependency cycle among: a, b/);
});

test('60,000 items with 20,000 ready at once: every item once, smallest ready id first, chains in order', () => {
  const items: Item[] = [];
  for (let i = 0; i < 20_000; i++) {
    const n = String(i).padStart(5, '0');
    items.push({ id: `a${n}`, deps: [] }, { id: `b${n}`, deps: [`a${n}`] }, { id: `c${n}`, deps: [`b${n}`] });
  }
  const out = order(items);
  assert.equal(out.length, 60_000);
  assert.deepEqual(out.slice(0, 3), ['a00000', 'a00001', 'a00002']);
  assert.equal(new Set(out).size, 60_000);
  assert.ok(out.indexOf('c19999') > out.indexOf('b19999') && out.indexOf('b19999') > out.indexOf('a19999'));
});
