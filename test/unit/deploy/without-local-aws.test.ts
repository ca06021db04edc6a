// The container image leaves local AWS out (the Dockerfile's build stage removes it). These tests
// lay out an installation the way the image does, by running the Dockerfile's own removal on a
// copy of the build, and use it: the controller's commands work, and the commands that need local
// AWS refuse with a clear message instead of a stack trace.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoPath } from '../../support/paths.js';

/** The Dockerfile's `RUN rm -rf …` that takes local AWS out of the build. */
function dockerfileRemoval(): string {
  const text = readFileSync(repoPath('Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const line = text.split('\n').find((l) => /^RUN rm -rf .*dist\/src\/local\b/.test(l));
  assert.ok(line, 'the Dockerfile removes dist/src/local');
  return line.slice('RUN '.length);
}

let app = '';

before(() => {
  app = mkdtempSync(join(tmpdir(), 'tiered-image-'));
  cpSync(repoPath('dist', 'src'), join(app, 'dist', 'src'), { recursive: true });
  cpSync(repoPath('dist', 'manifests'), join(app, 'dist', 'manifests'), { recursive: true });
  cpSync(repoPath('package.json'), join(app, 'package.json'));
  symlinkSync(repoPath('node_modules'), join(app, 'node_modules'), 'dir');
  const removal = spawnSync('sh', ['-c', dockerfileRemoval()], { cwd: app, encoding: 'utf8' });
  assert.equal(removal.status, 0, removal.stderr);
});

after(() => rmSync(app, { recursive: true, force: true }));

function tieredInImage(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(app, 'dist', 'src', 'cli', 'main.js'), ...args], { cwd: app, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('the image holds no local AWS code, only the module that says it is missing', () => {
  const listing = spawnSync('find', ['dist/src', '-path', '*local*', '-name', '*.js'], { cwd: app, encoding: 'utf8' }).stdout.trim().split('\n');
  assert.deepEqual(listing, ['dist/src/cli/local-aws-module.js']);
});

test('without local AWS the controller validates manifests and offers its commands', () => {
  const validate = tieredInImage(['validate', repoPath('manifests', 'examples')]);
  assert.equal(validate.code, 0, validate.stderr);
  for (const command of ['run', 'plan', 'apply']) {
    const help = tieredInImage([command, '--help']);
    assert.equal(help.code, 0, `${command} --help: ${help.stderr}`);
  }
});

test('tiered local and tiered run --local say local AWS is not installed, and exit 1', () => {
  for (const args of [['local'], ['run', '--local', '--manifests', repoPath('manifests', 'examples'), '--listen', '127.0.0.1:0']]) {
    const run = tieredInImage(args);
    assert.equal(run.code, 1, args.join(' '));
    assert.match(run.stderr, /local AWS \(moto behind tiered's proxy\) is not part of this installation/);
    assert.doesNotMatch(run.stderr, /ERR_MODULE_NOT_FOUND|at .*\.js:\d+/);
  }
});
