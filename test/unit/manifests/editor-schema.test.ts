// The schema editors use for files that mix kinds (manifest.schema.json) must be valid draft-07,
// resolve its per-kind references relatively, and accept every example document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { repoPath } from '../../support/paths.js';

function schema(name: string): object {
  return JSON.parse(readFileSync(repoPath('manifests', 'schemas', name), 'utf8')) as object;
}

function exampleDocuments(dir: string): unknown[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? exampleDocuments(join(dir, e.name))
      : parseAllDocuments(readFileSync(join(dir, e.name), 'utf8')).map((d) => d.toJS()),
  );
}

test('manifest.schema.json accepts every example document and rejects an unknown kind', () => {
  const ajv = new Ajv({ allErrors: true, strictRequired: false });
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  for (const kind of ['tier', 'cell', 'infragroup', 'tenant']) ajv.addSchema(schema(`${kind}.schema.json`), `${kind}.schema.json`);
  const validate = ajv.compile(schema('manifest.schema.json'));
  const documents = exampleDocuments(repoPath('manifests', 'examples'));
  assert.equal(documents.length, 25);
  for (const doc of documents) assert.equal(validate(doc), true, JSON.stringify(validate.errors));
  assert.equal(validate({ kind: 'Service' }), false);
});
