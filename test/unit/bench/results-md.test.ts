// bench/RESULTS.md: a scenario that threw is written FAILED with its reason and no figure table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderResults } from '../../../bench/results-md.js';

const MACHINE = { cpu: 'cpu', cores: 2, node: 'v20', platform: 'linux', date: 'd', commit: 'c' };

test('a section that failed shows why and no figure; the others keep their tables', () => {
  const md = renderResults(MACHINE, [
    { title: 'A', figures: [{ name: 'a.x', value: 1, unit: 'ms', target: '< 2 ms', met: true }] },
    { title: 'B', figures: [], failed: 'bench: the 20 s idle window was not idle' },
  ]);
  assert.ok(md.includes('## A\n\n| figure | value | target | met | note |\n|---|---|---|---|---|\n| a.x | 1 ms | < 2 ms | met |  |\n'));
  assert.ok(md.endsWith('## B\n\n**FAILED, no figure reported:** bench: the 20 s idle window was not idle\n'));
});
