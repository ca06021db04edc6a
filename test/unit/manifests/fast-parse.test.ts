// The fast parser (fast-parse.ts) must read every file it accepts exactly as `yaml` does: the
// same data and the same position of each document's start. Checked on every manifest the
// repository holds (examples, the broken corpus, the bench's GitOps repository) and on texts
// made to find the edges of what it accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Composer, LineCounter, Parser } from 'yaml';
import type { Node } from 'yaml';
import { parseFast } from '../../../src/desired/manifests/fast-parse.js';
import { gitopsTenantFile } from '../../../bench/gitops-repo.js';
import { repoPath } from '../../support/paths.js';

/** What the `yaml` path makes of a text: each document's data and start, or undefined on any error. */
function bySlowPath(text: string): { data: unknown; position: { line: number; col: number } }[] | undefined {
  const lines = new LineCounter();
  const docs = [...new Composer({ prettyErrors: false, uniqueKeys: true, version: '1.2' }).compose(new Parser(lines.addNewLine).parse(text))];
  if (docs.some((d) => d.errors.length > 0 || d.warnings.length > 0)) return undefined;
  return docs.map((d) => ({ data: d.toJS({ maxAliasCount: 50 }) as unknown, position: lines.linePos((d.contents as Node).range![0]) }));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function assertSameAsYaml(text: string, label: string): boolean {
  const fast = parseFast(text, 10_000);
  if (fast === undefined) return false;
  assert.deepEqual(fast, bySlowPath(text), label);
  return true;
}

test('every manifest file of the repository the fast parser accepts reads as yaml reads it', () => {
  const files = [...yamlFiles(repoPath('manifests/examples')), ...yamlFiles(repoPath('test/fixtures'))];
  let accepted = 0;
  for (const file of files) if (assertSameAsYaml(readFileSync(file, 'utf8'), file)) accepted++;
  // Most are plain: the fast path is the common one, not a curiosity.
  assert.ok(accepted > files.length / 2, `${accepted} of ${files.length} accepted`);
});

test("the bench's tenant files are all accepted and read as yaml reads them", () => {
  for (let i = 0; i < 20; i++) assert.equal(assertSameAsYaml(gitopsTenantFile(i), `tenant ${i}`), true);
});

const SCALARS = [
  '0', '-0', '+12', '007', '0o17', '0o8', '0x1F', '0xg', '0b101', '1_000', '1.', '.5', '-.5', '1e3', '1.5E-2', '1e', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'nan',
  'true', 'True', 'TRUE', 'tRue', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', 'Null', 'NULL', '~', 'nULL', '', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '"quoted 1"', "'single ''q'''", '"esc \\t \\u00e9 \\n"', 'a b  c', 'http://x/y?z=1', 'a: b', '12:30', '1,000', '- x', '=', '<< x',
];

test('every core-schema scalar form reads as yaml reads it, or is left to yaml', () => {
  for (const scalar of SCALARS) {
    const text = `apiVersion: v\nkind: Tenant\nvalue: ${scalar}\nlist: [${scalar === '' ? '1' : scalar}, 2]\n`;
    assertSameAsYaml(text, JSON.stringify(scalar));
  }
});

test('document starts: comments, markers, indentation and several documents', () => {
  const texts = [
    '# head\n\n  # indented comment\na: 1\n',
    '---\na: 1\n',
    '--- # first\n# c\n\n   b: 2\n   c: 3\n',
    'a: 1\n---\nb: 2\n---   \n\n# c\nc: 3\n',
    'a: |\n  x\n  ---\n  y\nb: >-\n  folded\n  text\n\n  para\n',
    'a: "multi\n  line"\nb: plain\n  continued\n',
    'a:\n  - x: 1\n    y: [1, {z: 2}]\n  - 3\n',
    'a: {b: 1, c: [d, e]}\n',
  ];
  for (const text of texts) assert.equal(assertSameAsYaml(text, JSON.stringify(text)), true, JSON.stringify(text));
});

test('what only yaml reads well is left to it', () => {
  const texts = [
    'a: &x 1\nb: *x\n', 'a: !!str 1\n', '%YAML 1.1\n---\na: 1\n', '? a\n: 1\n', 'a:\n  <<: {b: 1}\n', 'a:\t1\n', 'a: 1\r\nb: 2\r\n', '\uFEFFa: 1\n',
    'a: 1\n...\n', '__proto__: {a: 1}\n', '{a: 1}\n', '[a]: 1\n', 'a: 1\na: 2\n', '- a\n', 'just a string\n', '', '# only a comment\n', '---\n', 'a: 1\n---\n',
    'a: 1\n--- \n# only a comment\n', '--- {a: 1}\n', 'a: 1\u0000\n', 'a: [1\n', "a: 'unclosed\n",
  ];
  for (const text of texts) assert.equal(parseFast(text, 10_000), undefined, JSON.stringify(text));
});

test('a file with more documents than allowed is left to yaml (which reports it)', () => {
  assert.equal(parseFast('a: 1\n---\nb: 2\n---\nc: 3\n', 2), undefined);
  assert.equal(parseFast('a: 1\n---\nb: 2\n', 2)?.length, 2);
});
