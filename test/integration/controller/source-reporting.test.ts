import { strict as assert } from 'node:assert';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { reportSourceTo } from '../../../src/controller/http/source-reporting.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import { DirectorySource } from '../../../src/controller/sources/directory-source.js';
import { withTempDir } from '../../support/temp-dir.js';

test('a source mirrored into the store shows its revision, then its error beside the kept revision', async () => {
  await withTempDir(async (tmp) => {
    const m = join(tmp, 'm');
    await mkdir(m);
    await writeFile(join(m, 'tier.yaml'), 'kind: Tier\n');
    // Only the explicit refresh below may scan: a watcher scan in the middle of the removal would
    // publish the emptied directory as a revision before the directory itself is gone.
    const source = new DirectorySource({ path: m, debounceMs: 600_000 });
    const store = new StatusStore();
    try {
      await source.start();
      reportSourceTo(source, store);
      const loaded = store.snapshot().source;
      assert.equal(loaded.location, m);
      assert.equal(loaded.revision?.revision, source.status().current?.revision);
      assert.equal(loaded.error, null);
      await rm(m, { recursive: true });
      await source.refresh();
      const failed = store.snapshot().source;
      assert.match(failed.error?.message ?? '', /not found/);
      assert.equal(failed.revision?.revision, loaded.revision?.revision);
    } finally {
      await source.stop();
    }
  });
});
