// pino-pretty is for people at a terminal: a JSON-logging controller (the container) never loads
// it. Its own file, so that no other test's pretty logger has loaded it into this process first.
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../../src/controller/log.js';

const loaded = (): boolean => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/pino-pretty/'));
const sink = (): Writable => new Writable({ write: (_chunk, _enc, done) => done() });

test('a JSON logger leaves pino-pretty unloaded; a pretty one loads it on demand', () => {
  createLogger({ format: 'json', destination: sink() }).info('json');
  assert.equal(loaded(), false);
  createLogger({ format: 'pretty', destination: sink() }).info('pretty');
  assert.equal(loaded(), true);
});
