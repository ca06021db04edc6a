import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseListenAddress } from '../../../src/controller/http/listen-address.js';

test('listen addresses: IPv4, bracketed IPv6, bare port, port 0', () => {
  assert.deepEqual(parseListenAddress('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListenAddress('[::1]:9090'), { host: '::1', port: 9090 });
  assert.deepEqual(parseListenAddress(':8080'), { host: '0.0.0.0', port: 8080 });
  assert.deepEqual(parseListenAddress('localhost:0'), { host: 'localhost', port: 0 });
});

test('a malformed listen address names the flag and the expected form', () => {
  for (const bad of ['8080', '127.0.0.1', '127.0.0.1:99999', 'a:b', '::1:80']) {
    assert.throws(() => parseListenAddress(bad), /--listen '.*': expected host:port/, bad);
  }
});
