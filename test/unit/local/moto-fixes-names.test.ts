// The moto fixes are one Python module whose patches keep the function they replace in a
// module-level name and look it up when called. Two patches binding the same name would make
// the first call the second's original (every CreateService once answered an HTML 500 that way),
// so each name a patch binds at module level is bound once.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MOTO_FIXES_PY } from '../../../src/local/moto-fixes.js';

/** Names bound at the module's top level or inside its top-level `if`/`try` blocks. */
function moduleLevelBindings(python: string): string[] {
  const names: string[] = [];
  for (const line of python.split('\n')) {
    const m = /^(?: {4})?(?:def (\w+)\(|class (\w+)\b|(_\w+) = )/.exec(line);
    if (m) names.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return names;
}

test('every name a moto patch binds at module level is bound once', () => {
  const names = moduleLevelBindings(MOTO_FIXES_PY);
  assert.ok(names.length > 10, 'the check reads the patches');
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  // `_x = None` in an `except` branch only marks a missing module: not a second patch.
  const patches = twice.filter((n) => !new RegExp(`^(?: {4})?${n} = None\\b`, 'm').test(MOTO_FIXES_PY));
  assert.deepEqual(patches, []);
});
