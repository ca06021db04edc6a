// Local AWS and the process that owns it die together, whichever goes first (issue 13): moto
// killed under `tiered run --local` makes the daemon say so at error level and exit 1; a
// SIGKILLed `tiered local` or `tiered run --local` (no exit hook runs) leaves no moto behind and
// no manifest snapshot directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logsWith, startDaemon } from '../../support/daemon-process.js';
import { processAlive, processGone } from '../../support/local-aws.js';
import { repoPath, REPO_ROOT } from '../../support/paths.js';

const STARTUP_MS = 60_000;

/** Spawns `tiered <args>` with its own TMPDIR and resolves with it and moto's pid once printed. */
async function spawnTiered(args: readonly string[], scratch: string) {
  const child = spawn(process.execPath, [repoPath('dist', 'src', 'cli', 'main.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TMPDIR: scratch },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const motoPid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no moto pid within ${STARTUP_MS} ms:\n${output}`)), STARTUP_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /moto \(?pid (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`tiered exited (${code}) first:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  return { child, motoPid, exited, output: () => output };
}

async function examplesCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiered-local-death-'));
  await cp(repoPath('manifests', 'examples'), dir, { recursive: true });
  return dir;
}

test('SIGKILL of `tiered local` leaves no moto behind', async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'tiered-local-kill-'));
  const tiered = await spawnTiered(['local'], scratch);
  try {
    assert.equal(processAlive(tiered.motoPid), true);
    tiered.child.kill('SIGKILL');
    await tiered.exited;
    assert.ok(await processGone(tiered.motoPid), `moto (pid ${tiered.motoPid}) outlived its SIGKILLed parent`);
  } finally {
    if (processAlive(tiered.motoPid)) process.kill(-tiered.motoPid, 'SIGKILL');
    await rm(scratch, { recursive: true, force: true });
  }
});

test('SIGKILL of `tiered run --local` leaves no moto and no snapshot directory', async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'tiered-run-kill-'));
  const manifests = await examplesCopy();
  const tiered = await spawnTiered(['run', '--local', '--manifests', manifests, '--listen', '127.0.0.1:0'], scratch);
  try {
    // The first revision is loaded (a snapshot exists) once the controller listens.
    const deadline = Date.now() + STARTUP_MS;
    while (!/http listening/.test(tiered.output())) {
      assert.ok(Date.now() < deadline, `tiered run --local did not start:\n${tiered.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ours = async () => (await readdir(scratch)).filter((name) => !name.startsWith('tiered-moto-fixes-'));
    assert.notDeepEqual(await ours(), [], 'the run keeps its scratch directory in TMPDIR');
    tiered.child.kill('SIGKILL');
    await tiered.exited;
    assert.ok(await processGone(tiered.motoPid), `moto (pid ${tiered.motoPid}) outlived its SIGKILLed parent`);
    assert.deepEqual(await ours(), [], 'no snapshot directory is left');
  } finally {
    if (processAlive(tiered.motoPid)) process.kill(-tiered.motoPid, 'SIGKILL');
    await rm(scratch, { recursive: true, force: true });
    await rm(manifests, { recursive: true, force: true });
  }
});

test('moto killed under `tiered run --local`: an error log, then exit 1', async () => {
  const manifests = await examplesCopy();
  const daemon = startDaemon(['--local', '--manifests', manifests]);
  try {
    await daemon.until('the controller started', async () => (await daemon.status()).leases.known);
    const motoPid = Number(/moto pid (\d+)/.exec(daemon.stderr())?.[1]);
    assert.ok(motoPid > 0);
    process.kill(motoPid, 'SIGKILL');
    assert.equal(await daemon.exit(), 1);
    const [line] = logsWith(daemon.logs, 'local AWS (moto) exited: shutting down');
    assert.equal(line?.['level'], 'error');
    assert.match(String(line?.['detail']), new RegExp(`^local AWS \\(moto\\) exited \\(pid ${motoPid}, signal SIGKILL\\)`));
  } finally {
    await daemon.stop('SIGKILL');
    await rm(manifests, { recursive: true, force: true });
  }
});

test('moto killed under `tiered local`: it says so and exits 1', async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'tiered-local-moto-kill-'));
  const tiered = await spawnTiered(['local'], scratch);
  try {
    const code = new Promise<number | null>((resolve) => tiered.child.once('exit', (c) => resolve(c)));
    process.kill(tiered.motoPid, 'SIGKILL');
    assert.equal(await code, 1);
    assert.match(tiered.output(), new RegExp(`moto \\(pid ${tiered.motoPid}\\) exited \\(signal SIGKILL\\); stopping`));
  } finally {
    tiered.child.kill('SIGKILL');
    await rm(scratch, { recursive: true, force: true });
  }
});
