// src/desired is three wings and a hall (src/desired/README.md): manifests and placement stand on
// the hall alone, topology may also use placement's types. These tests read the imports of every
// source file, so a wrong-way import fails here before it tangles the wings.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { repoPath } from '../../support/paths.js';

const SRC = repoPath('src');
const DESIRED = join(SRC, 'desired');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The files a source file imports, as paths under src/ (relative specifiers only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((s) => relative(SRC, resolve(dirname(file), s)));
}

/** The part of src/ a path belongs to: a wing of src/desired, the hall, or a top-level folder. */
function areaOf(pathUnderSrc: string): string {
  const parts = pathUnderSrc.split('/');
  if (parts[0] !== 'desired') return parts[0] ?? '';
  return parts.length > 2 ? `desired/${parts[1]}` : 'desired (hall)';
}

const MAY_IMPORT: Record<string, readonly string[]> = {
  'desired/manifests': ['desired/manifests', 'desired (hall)'],
  'desired/placement': ['desired/placement', 'desired (hall)'],
  'desired/topology': ['desired/topology', 'desired/placement', 'desired (hall)'],
  'desired (hall)': ['desired (hall)'],
};

function wrongWay(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(DESIRED)) {
    const from = areaOf(relative(SRC, file));
    const allowed = MAY_IMPORT[from] ?? [];
    for (const target of importsOf(file)) {
      if (!target.startsWith('desired/')) {
        if (!target.startsWith('..')) found.push(`${relative(SRC, file)} -> ${target} (src/desired depends on no other part of src/)`);
        continue;
      }
      const to = areaOf(target);
      if (!allowed.includes(to)) found.push(`${relative(SRC, file)} -> ${target} (${from} may not import ${to})`);
    }
  }
  return found;
}

test('no file of src/desired imports against the direction of its wings', () => {
  assert.deepEqual(wrongWay(), []);
});

test('the wing check sees the imports it judges', () => {
  // Guards the check itself: topology's files do import the hall, so an empty list above means
  // "none wrong", not "none read".
  const topologyImports = sourceFiles(join(DESIRED, 'topology')).flatMap(importsOf);
  assert.ok(topologyImports.some((t) => areaOf(t) === 'desired (hall)'));
  assert.equal(areaOf('desired/manifests/manifests.ts'), 'desired/manifests');
  assert.equal(areaOf('desired/model.ts'), 'desired (hall)');
});

test('only the CLI imports local AWS', () => {
  const offenders = sourceFiles(SRC)
    .filter((f) => !relative(SRC, f).startsWith('local/') && !relative(SRC, f).startsWith('cli/'))
    .flatMap((f) => importsOf(f).filter((t) => t.startsWith('local/')).map((t) => `${relative(SRC, f)} -> ${t}`));
  assert.deepEqual(offenders, []);
});
