import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { GitSource } from '../../../src/controller/sources/git-source.js';
import { makeGitOrigin, withGitSource } from '../../support/git-origin.js';
import { recordEvents } from '../../support/source-events.js';
import { withTempDir } from '../../support/temp-dir.js';

const TIER = 'kind: Tier\nmetadata: {name: tier-1}\n';
const TENANT = (n: string) => `kind: Tenant\nmetadata: {name: ${n}}\n`;

/** A source polled only by refresh(): tests drive every poll themselves. */
const withSource = withGitSource;

test('the initial commit becomes a main@<sha> revision holding the manifests path only', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    const sha = origin.commit({ 'manifests/tier.yaml': TIER, 'README.md': 'docs', 'src/x.yaml': 'not ours' });
    await withSource(tmp, { url: origin.url }, async (source) => {
      const current = source.status().current;
      assert.ok(current, JSON.stringify(source.status().error));
      assert.equal(current.revision, `main@${sha.slice(0, 12)}`);
      assert.equal(current.fullRevision, sha);
      assert.equal(current.changedFiles, undefined);
      assert.deepEqual(await readdir(current.dir), ['tier.yaml']);
      assert.equal(await readFile(join(current.dir, 'tier.yaml'), 'utf8'), TIER);
    });
  });
});

test('a new commit is picked up on the next poll with the files it changed', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    origin.commit({ 'manifests/tier.yaml': TIER, 'manifests/acme.yaml': TENANT('acme') });
    await withSource(tmp, { url: origin.url }, async (source) => {
      const events = recordEvents(source);
      const sha = origin.commit({ 'manifests/acme.yaml': null, 'manifests/t/globex.yaml': TENANT('globex') });
      await source.refresh();
      assert.equal(events.revisions.length, 1);
      const next = events.revisions[0]!;
      assert.equal(next.fullRevision, sha);
      assert.deepEqual(next.changedFiles, ['acme.yaml', 't/globex.yaml']);
      assert.equal(await readFile(join(next.dir, 't/globex.yaml'), 'utf8'), TENANT('globex'));
    });
  });
});

test('a poll with no new commit emits nothing', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    origin.commit({ 'manifests/tier.yaml': TIER });
    await withSource(tmp, { url: origin.url }, async (source) => {
      const events = recordEvents(source);
      await source.refresh();
      assert.deepEqual(events, { revisions: [], errors: [] });
    });
  });
});

test('a commit outside the manifests path is a new revision with no changed files', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    origin.commit({ 'manifests/tier.yaml': TIER });
    await withSource(tmp, { url: origin.url }, async (source) => {
      const events = recordEvents(source);
      const sha = origin.commit({ 'README.md': 'docs' });
      await source.refresh();
      assert.equal(events.revisions[0]?.fullRevision, sha);
      assert.deepEqual(events.revisions[0]?.changedFiles, []);
    });
  });
});

test('an unknown ref is reported as an error and no revision is produced', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    origin.commit({ 'manifests/tier.yaml': TIER });
    await withSource(tmp, { url: origin.url, ref: 'no-such-branch' }, async (source) => {
      const status = source.status();
      assert.equal(status.current, undefined);
      assert.match(status.error?.message ?? '', /git fetch .* no-such-branch: .*couldn't find remote ref no-such-branch/);
    });
  });
});

test('a repository that becomes unreachable is reported and the last good revision stays in force', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    origin.commit({ 'manifests/tier.yaml': TIER });
    await withSource(tmp, { url: origin.url }, async (source) => {
      const good = source.status().current!;
      await rm(join(tmp, 'origin.git'), { recursive: true });
      await source.refresh();
      assert.match(source.status().error?.message ?? '', /does not appear to be a git repository/);
      assert.equal(source.status().current?.revision, good.revision);
      assert.equal(existsSync(good.dir), true, 'the good revision is still loadable');
    });
  });
});

test('a commit without the manifests path is reported', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    const sha = origin.commit({ 'other/tier.yaml': TIER });
    await withSource(tmp, { url: origin.url, path: 'manifests/' }, async (source) => {
      assert.equal(source.status().error?.message, `main@${sha.slice(0, 12)}: no directory 'manifests/' in the repository`);
    });
  });
});

test('credentials in the repository URL never reach the status or the error', async () => {
  await withTempDir(async (tmp) => {
    // Port 1 on loopback: the connection is refused at once. The password holds an unencoded `@`.
    const url = 'https://deploy:s3cret@token@127.0.0.1:1/repo.git';
    await withSource(tmp, { url, commandTimeoutMs: 20_000 }, async (source) => {
      const text = JSON.stringify(source.status());
      assert.ok(source.status().error, 'the fetch failed');
      assert.equal(text.includes('s3cret') || text.includes('token@') || text.includes('deploy'), false, text);
      assert.match(text, /https:\/\/\*\*\*@127\.0\.0\.1:1\/repo\.git/);
    });
  });
});

test('stop removes the cache and every checkout', async () => {
  await withTempDir(async (tmp) => {
    const origin = makeGitOrigin(tmp);
    origin.commit({ 'manifests/tier.yaml': TIER });
    const source = new GitSource({ url: origin.url, intervalMs: 0, workDir: join(tmp, 'cache') });
    await source.start();
    const dir = source.status().current!.dir;
    await source.stop();
    assert.equal(existsSync(dir), false);
    assert.deepEqual(await readdir(join(tmp, 'cache')), []);
  });
});

test('stop kills a git fetch that hangs', async () => {
  await withTempDir(async (tmp) => {
    // A loopback server that accepts the connection and never answers.
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s.resume())); // read, so EOF is seen
    const connected = new Promise<void>((resolve) => server.once('connection', () => resolve()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const source = new GitSource({ url: `https://127.0.0.1:${port}/repo.git`, intervalMs: 0, workDir: join(tmp, 'cache') });
    try {
      const starting = source.start();
      await connected;
      const closed = new Promise<void>((resolve) => sockets[0]!.once('close', () => resolve()));
      await source.stop();
      await starting;
      await closed; // the git child's connection went away with it
      assert.equal(source.status().current, undefined);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

test('a missing git binary is reported as the source error, not thrown', async () => {
  await withTempDir(async (tmp) => {
    await withSource(tmp, { url: 'file:///nowhere', env: { PATH: join(tmp, 'empty-path') } }, async (source) => {
      assert.match(source.status().error?.message ?? '', /^git init: .*ENOENT/);
    });
  });
});

test('a committed symlink out of the checkout (file or directory) is refused by its path; the target never leaks', async () => {
  await withTempDir(async (tmp) => {
    await writeFile(join(tmp, 'host-secret.yaml'), 'password: SECRET-HOST-CONTENT\n');
    const origin = makeGitOrigin(tmp);
    const good = origin.commit({ 'manifests/tier.yaml': TIER });
    await withSource(tmp, { url: origin.url }, async (source) => {
      const events = recordEvents(source);
      origin.commitLinks({ 'manifests/tenants/leak.yaml': join(tmp, 'host-secret.yaml'), 'manifests/etc': tmp });
      await source.refresh();
      assert.equal(events.revisions.length, 0, 'no revision is made of the tree');
      const error = source.status().error?.message ?? '';
      assert.match(error, /\/etc: symbolic link to a path outside the manifests directory; refused/);
      assert.match(error, /\/tenants\/leak\.yaml: symbolic link to a path outside the manifests directory; refused/);
      assert.ok(!error.includes('SECRET') && !error.includes('host-secret'), error);
      assert.equal(source.status().current?.fullRevision, good, 'the last good revision stays in force');
    });
  });
});
