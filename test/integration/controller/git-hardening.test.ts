// `--git` as an attacker would use it (issue 13): an option smuggled in as the URL
// (`--upload-pack=<cmd>`), a transport that runs a command (`ext::`), credentials that must not
// leak through logs, /status or the process list. Each attack is first shown to work on plain
// git, then refused by tiered at both layers (the URL check and git's own transport allow-list).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runGit } from '../../../src/controller/sources/git-command.js';
import { credentialSetup } from '../../../src/controller/sources/git-credentials.js';
import { makeGitOrigin, withGitSource } from '../../support/git-origin.js';
import { withTempDir } from '../../support/temp-dir.js';

const TIER = 'kind: Tier\nmetadata: {name: tier-1}\n';

const withSource = withGitSource;

/** A host git config that allows every transport, as a careless (or hostile) host might. */
async function permissiveGitConfig(tmp: string): Promise<NodeJS.ProcessEnv> {
  const file = join(tmp, 'gitconfig');
  await writeFile(file, '[protocol]\n\tallow = always\n[protocol "ext"]\n\tallow = always\n');
  return { GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1' };
}

function plainGit(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): void {
  spawnSync('git', args, { cwd, env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: '0' }, stdio: 'ignore' });
}

test('--upload-pack=<cmd> as the URL runs a command on plain git; tiered refuses it and git never sees it as an option', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    origin.commit({ 'manifests/tier.yaml': TIER });
    const marker = join(tmp, 'pwned');
    const attack = `--upload-pack=touch ${marker}; git-upload-pack`;
    // The attack is real: git fetch without `--` takes the "URL" as an option and runs it.
    plainGit(join(tmp, 'work'), {}, 'fetch', attack, origin.url);
    assert.equal(existsSync(marker), true, 'control: plain git ran the command');
    await rm(marker);

    await withSource(tmp, { url: attack }, async (source) => {
      assert.match(source.status().error?.message ?? '', /^git source: the repository URL must not start with '-'/);
    });
    // And below that check: with `--`, git reads it as a repository path (and refuses that one).
    await mkdir(join(tmp, 'cache2'));
    plainGit(tmp, {}, 'init', '--quiet', '--bare', join(tmp, 'cache2', 'r.git'));
    const raw = runGit(['fetch', '--quiet', '--', attack, 'main'], { gitDir: join(tmp, 'cache2', 'r.git'), timeoutMs: 20_000, signal: new AbortController().signal });
    await assert.rejects(raw, /strange pathname '--upload-pack=.*' blocked/);
    assert.equal(existsSync(marker), false, 'no command ran');
  });
});

test('an ext:: URL runs a command on a permissive host git; tiered refuses it and pins the allowed transports', async () => {
  await withTempDir(async (tmp) => {
    const env = await permissiveGitConfig(tmp);
    const marker = join(tmp, 'pwned-ext');
    const attack = `ext::sh -c touch% ${marker}`;
    plainGit(tmp, env, 'init', '--quiet', '--bare', join(tmp, 'r.git'));
    plainGit(join(tmp, 'r.git'), env, 'fetch', attack, 'main');
    assert.equal(existsSync(marker), true, 'control: plain git with this config ran the command');
    await rm(marker);

    await withSource(tmp, { url: attack, env }, async (source) => {
      assert.equal(source.status().error?.message, 'git source: the ext:: transport is not allowed; use an https://, ssh:// or file:// URL');
    });
    // Below the URL check, git itself refuses: GIT_ALLOW_PROTOCOL beats the host's config.
    const raw = runGit(['fetch', '--quiet', '--', attack, 'main'], { gitDir: join(tmp, 'r.git'), env, timeoutMs: 20_000, signal: new AbortController().signal });
    await assert.rejects(raw, /transport 'ext' not allowed/);
    assert.equal(existsSync(marker), false, 'no command ran');
    // http:// is no allowed transport either, whatever the config says.
    await assert.rejects(
      runGit(['fetch', '--quiet', '--', 'http://127.0.0.1:1/r.git', 'main'], { gitDir: join(tmp, 'r.git'), env, timeoutMs: 20_000, signal: new AbortController().signal }),
      /transport 'http' not allowed/,
    );
  });
});

test("credentials in an https URL go to git's credential helper through the environment, never argv, logs or /status", async () => {
  await withTempDir(async (tmp) => {
    // A `git` on the PATH that records its argv and then runs the real one.
    const bin = join(tmp, 'bin');
    await mkdir(bin);
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    await writeFile(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> ${join(tmp, 'argv.log')}\nexec ${realGit} "$@"\n`);
    await chmod(join(bin, 'git'), 0o755);
    const url = 'https://deploy:p@ss@w0rd-SECRET@127.0.0.1:1/repo.git';
    await withSource(tmp, { url, env: { PATH: `${bin}:${process.env.PATH ?? ''}` }, commandTimeoutMs: 20_000 }, async (source) => {
      const status = JSON.stringify(source.status());
      assert.ok(source.status().error, 'the fetch failed (nothing listens)');
      assert.equal(status.includes('SECRET') || status.includes('w0rd') || status.includes('deploy'), false, status);
      assert.equal(source.status().location, 'https://***@127.0.0.1:1/repo.git#main (manifests/)');
    });
    const argv = await readFile(join(tmp, 'argv.log'), 'utf8');
    assert.match(argv, /fetch --quiet --no-tags --no-write-fetch-head -- https:\/\/127\.0\.0\.1:1\/repo\.git \+main:refs\/tiered\/source/);
    assert.equal(argv.includes('SECRET') || argv.includes('deploy'), false, argv);
  });
});

test('the credential helpers answer git with the env password or the credentials file, and only for get', async () => {
  await withTempDir(async (tmp) => {
    const file = join(tmp, 'git-credentials');
    await writeFile(file, 'https://bot:file-token@git.example.com\n');
    const fill = (setup: ReturnType<typeof credentialSetup>, action = 'fill'): string =>
      spawnSync('git', [...setup.config, 'credential', action], {
        input: 'protocol=https\nhost=git.example.com\n\n',
        env: { ...process.env, ...setup.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
        encoding: 'utf8',
      }).stdout;
    const fromEnv = credentialSetup({ username: 'ci', password: 'env-token' });
    assert.equal(fromEnv.config.join(' ').includes('env-token'), false, 'the secret is not in argv');
    assert.match(fill(fromEnv), /username=ci\npassword=env-token/);
    const fromFile = credentialSetup({ file });
    assert.match(fill(fromFile), /username=bot\npassword=file-token/);
    // A successful fetch makes git "approve" (store) the credential: the file is never rewritten.
    spawnSync('git', [...fromFile.config, 'credential', 'approve'], {
      input: 'protocol=https\nhost=other.example.com\nusername=x\npassword=y\n\n',
      env: { ...process.env, ...fromFile.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
    assert.equal(await readFile(file, 'utf8'), 'https://bot:file-token@git.example.com\n');
    assert.throws(() => credentialSetup({ password: 'a\nprotocol=file' }), /must be one line/);
  });
});
