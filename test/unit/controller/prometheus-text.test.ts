// The test parser must be strict, or "the metrics parse" would prove nothing.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parsePrometheusText } from '../../support/prometheus-text.js';

const ok = '# HELP up Up.\n# TYPE up gauge\nup{job="a"} 1\n';

test('the test parser accepts well-formed text', () => {
  assert.equal(parsePrometheusText(ok).get('up')?.samples[0]?.value, 1);
});

test('the test parser rejects samples without TYPE, bad values, duplicate series and bad labels', () => {
  for (const bad of [
    'up 1\n',
    '# TYPE up gauge\nup one\n',
    '# TYPE up gauge\nup{a="1"} 1\nup{a="1"} 2\n',
    '# TYPE up gauge\nup{a=1} 1\n',
    '# TYPE up gauge\nup{1a="x"} 1\n',
    '# TYPE up gauge\nup 1',
    '# TYPE up gauge\n# TYPE up gauge\nup 1\n',
  ]) {
    assert.throws(() => parsePrometheusText(bad), Error, JSON.stringify(bad));
  }
});
