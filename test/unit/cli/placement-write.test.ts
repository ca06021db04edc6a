// `tiered placement --rebalance <tier> --write` on a copy of a fixture tree: the moved tenants'
// files get pins, every other file stays byte for byte as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runPlacement } from '../../../src/cli/placement.js';
import { repoPath } from '../../support/paths.js';
import { withTempDir } from '../../support/temp-dir.js';

const FIXTURE = repoPath('test', 'fixtures', 'rebalance');

/** `tiered placement …` in this process (the binary's own path is tested in placement.test.ts),
 * with what it prints captured. */
async function tiered(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...xs: unknown[]) => out.push(`${xs.join(' ')}\n`);
  console.error = (...xs: unknown[]) => err.push(`${xs.join(' ')}\n`);
  try {
    const code = await runPlacement([...argv.slice(1), '--offline']); // never a live read from a unit test
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path));
  }
  return files;
}

test('placement --rebalance --write pins the moved tenant and leaves every other file byte-identical', async () => {
  await withTempDir(async (dir) => {
    await cp(FIXTURE, dir, { recursive: true });
    const before = await snapshot(dir);
    const run = await tiered(['placement', dir, '--rebalance', 'tier-x', '--write']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /alpha: tier-x\/cell-1\/ig-1 -> tier-x\/cell-1\/ig-2/);
    assert.match(run.stderr, /pinned in .*alpha\.yaml/);
    const after = await snapshot(dir);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file added or removed');
    const changed = [...before].filter(([file, bytes]) => !bytes.equals(after.get(file) as Buffer)).map(([f]) => f);
    assert.deepEqual(changed, [join('tenants', 'alpha.yaml')]);
    const original = (before.get(join('tenants', 'alpha.yaml')) as Buffer).toString('utf8');
    assert.equal(
      (after.get(join('tenants', 'alpha.yaml')) as Buffer).toString('utf8'),
      original.replace('  clusters: 1\n', '  clusters: 1\n  placement:\n    cell: cell-1\n    infraGroup: ig-2\n'),
    );
    // The written set is valid and the pin holds.
    const again = await tiered(['placement', dir, '--output', 'json']);
    assert.equal(again.code, 0, again.stderr);
    const placed = JSON.parse(again.stdout) as { placements: { tenant: string; infraGroups: { infraGroup: string }[] }[] };
    assert.equal(placed.placements.find((p) => p.tenant === 'alpha')?.infraGroups[0]?.infraGroup, 'ig-2');
  });
});

test('placement without --write, or with --write alone, changes no file; --migrate --write pins the one tenant', async () => {
  await withTempDir(async (dir) => {
    await cp(FIXTURE, dir, { recursive: true });
    const before = await snapshot(dir);
    assert.equal((await tiered(['placement', dir, '--rebalance', 'tier-x'])).code, 0);
    const alone = await tiered(['placement', dir, '--write']);
    assert.equal(alone.code, 1);
    assert.match(alone.stderr, /--write goes with --rebalance and --migrate/);
    assert.deepEqual(await snapshot(dir), before);

    const migrate = await tiered(['placement', dir, '--migrate', 'charlie', '--to', 'tier-x/cell-1/ig-2', '--write']);
    assert.equal(migrate.code, 0, migrate.stderr);
    const after = await snapshot(dir);
    const changed = [...before].filter(([file, bytes]) => !bytes.equals(after.get(file) as Buffer)).map(([f]) => f);
    assert.deepEqual(changed, [join('tenants', 'charlie.yaml')]);
    assert.equal(
      (after.get(join('tenants', 'charlie.yaml')) as Buffer).toString('utf8'),
      (before.get(join('tenants', 'charlie.yaml')) as Buffer).toString('utf8') + '  placement:\n    cell: cell-1\n    infraGroup: ig-2\n',
    );
  });
});
