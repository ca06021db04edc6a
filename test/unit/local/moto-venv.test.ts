// moto on a machine without it, with stand-ins (this machine reaches no Python package index):
// a fake python3 on PATH that records the venv and pip commands it is given.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureMoto, VENV_INSTALL_COMMAND } from '../../../src/local/moto-venv.js';
import { repoPath } from '../../support/paths.js';
import { withTempDir } from '../../support/temp-dir.js';

/** python3 as the install sees it: no moto; `-m venv DIR` makes DIR/bin/python (itself);
 * `-m pip install` makes bin/moto_server beside it, or fails as pip does offline. */
const FAKE_PYTHON = `#!/bin/sh
echo "$0 $*" >> "$FAKE_LOG"
case "$1 $2" in
  "-c import moto.server") exit 1 ;;
  "-m venv") /bin/mkdir -p "$3/bin" && /bin/cp "$0" "$3/bin/python" && exit 0 ;;
  "-m pip")
    if [ -n "$FAKE_OFFLINE" ]; then
      echo "ERROR: Could not find a version that satisfies the requirement moto[server]==5.2.1 (from versions: none)" >&2
      exit 1
    fi
    printf '#!/bin/sh\\nexit 0\\n' > "\${0%/*}/moto_server" && /bin/chmod +x "\${0%/*}/moto_server" && exit 0 ;;
esac
exit 2
`;

async function fakePython(dir: string): Promise<NodeJS.ProcessEnv> {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'python3'), FAKE_PYTHON);
  await chmod(join(bin, 'python3'), 0o755);
  return { PATH: bin, FAKE_LOG: join(dir, 'calls.log') };
}

async function calls(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, 'calls.log'), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => l.replaceAll(dir, '<dir>'));
}

test('with python3 but no moto, moto is installed once into .tiered/venv with a progress line, and reused after', async () => {
  await withTempDir(async (dir) => {
    const env = await fakePython(dir);
    const lines: string[] = [];
    const first = await ensureMoto({ env, cwd: dir, progress: (l) => lines.push(l) });
    assert.deepEqual(first, { kind: 'venv', moto: join(dir, '.tiered', 'venv', 'bin', 'moto_server') });
    assert.deepEqual(lines, [
      'tiered: moto is not installed: installing moto 5.2.1 into .tiered/venv (once; needs the Python package index) ...',
      'tiered: moto 5.2.1 installed in .tiered/venv.',
    ]);
    assert.deepEqual(await calls(dir), [
      '<dir>/bin/python3 -c import moto.server',
      '<dir>/bin/python3 -m venv <dir>/.tiered/venv',
      '<dir>/.tiered/venv/bin/python -m pip install --disable-pip-version-check --quiet moto[server]==5.2.1',
    ]);

    const again: string[] = [];
    assert.deepEqual(await ensureMoto({ env, cwd: dir, progress: (l) => again.push(l) }), first);
    assert.deepEqual(again, [], 'no progress: nothing to install');
    assert.equal((await calls(dir)).length, 3, 'the existing venv is used as it is: no python call at all');
  });
});

test('an install that fails offline says so and gives the exact command to run', async () => {
  await withTempDir(async (dir) => {
    const env = { ...(await fakePython(dir)), FAKE_OFFLINE: '1' };
    await assert.rejects(ensureMoto({ env, cwd: dir, progress: () => undefined }), (err: Error) => {
      assert.match(err.message, /^could not install moto 5\.2\.1 into \.tiered\/venv: ERROR: Could not find a version that satisfies the requirement/);
      assert.ok(err.message.includes(`\n  ${VENV_INSTALL_COMMAND}\n`), err.message);
      return true;
    });
    assert.equal(VENV_INSTALL_COMMAND, 'python3 -m venv .tiered/venv && .tiered/venv/bin/python -m pip install "moto[server]==5.2.1"');
  });
});

test('with no python3 at all, the error says to install Python and the exact command', async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(ensureMoto({ env: { PATH: dir }, cwd: dir, progress: () => assert.fail('nothing to install with') }), (err: Error) => {
      assert.match(err.message, /there is no python3 to install it with/);
      assert.ok(err.message.includes(VENV_INSTALL_COMMAND), err.message);
      return true;
    });
  });
});

test('tiered local on such a machine prints the progress line and, offline, the exact command (exit 1)', async () => {
  await withTempDir(async (dir) => {
    const env = { ...(await fakePython(dir)), FAKE_OFFLINE: '1' };
    // The venv belongs to the working directory (npm start runs in the checkout): here, the temp dir.
    const child = spawnSync(process.execPath, [repoPath('dist', 'src', 'cli', 'main.js'), 'local'], { cwd: dir, env, encoding: 'utf8' });
    const run = { code: child.status, stdout: child.stdout, stderr: child.stderr };
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /^tiered: moto is not installed: installing moto 5\.2\.1 into \.tiered\/venv/m);
    assert.ok(run.stderr.includes(VENV_INSTALL_COMMAND), run.stderr);
  });
});
