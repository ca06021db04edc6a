// moto starts on a free loopback port, answers, and leaves no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMoto } from '../../../src/local/moto-server.js';
import { processAlive, processGone } from '../../support/local-aws.js';

test('moto starts on 127.0.0.1, resets, and is gone after stop', async () => {
  const moto = await startMoto();
  assert.match(moto.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(processAlive(moto.pid), true);
  await moto.reset();
  await moto.stop();
  assert.equal(processAlive(moto.pid), false);
});

test('a MOTO_SERVER that does not exist fails with what to install', async () => {
  const saved = process.env.MOTO_SERVER;
  process.env.MOTO_SERVER = '/nonexistent/moto_server';
  try {
    await assert.rejects(startMoto({ startTimeoutMs: 2000 }), /pip install "moto\[server\]==5\.2\.1"[\s\S]*\/nonexistent\/moto_server/);
  } finally {
    if (saved === undefined) delete process.env.MOTO_SERVER;
    else process.env.MOTO_SERVER = saved;
  }
});

test('a process that started moto and gets SIGTERM takes moto with it', async () => {
  const script = fileURLToPath(new URL('../../support/moto-child.js', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /moto-pid=(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before starting moto`)));
  });
  assert.equal(processAlive(pid), true);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  assert.equal(await processGone(pid), true, `moto pid ${pid} outlived the process that started it`);
});
