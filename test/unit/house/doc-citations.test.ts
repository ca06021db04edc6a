// The repository explains itself: comments cite docs/design.md and docs/aws-behaviour.md by
// section, never documents outside it. These tests read every source, test and bench file, so a
// citation of a section that does not exist (or of the old working brief) fails here.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoPath } from '../../support/paths.js';

const ROOTS = ['src', 'test', 'bench'].map((d) => repoPath(d));
const DOCS = ['design.md', 'aws-behaviour.md'] as const;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The sections a document defines: `## §3 Title` headings and `§3.1` paragraph openers. */
function sectionsOf(doc: string): ReadonlySet<string> {
  const text = readFileSync(repoPath('docs', doc), 'utf8');
  return new Set([...text.matchAll(/^(?:## )?§(\d+(?:\.\d+)?) /gm)].map((m) => m[1] as string));
}

interface Citation {
  readonly where: string;
  readonly doc: string;
  readonly section: string;
}

/** Every `docs/<doc> §n` (and the `, §m` that follow it) cited in the files under ROOTS. */
function citations(): Citation[] {
  const out: Citation[] = [];
  for (const file of ROOTS.flatMap(tsFiles)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/docs\/(design\.md|aws-behaviour\.md) (§[\d.]+(?:, §[\d.]+)*)/g)) {
        for (const s of (m[2] as string).split(', ')) {
          out.push({ where: `${relative(repoPath(), file)}:${i + 1}`, doc: m[1] as string, section: s.slice(1).replace(/\.$/, '') });
        }
      }
    });
  }
  return out;
}

test('every cited section of docs/design.md and docs/aws-behaviour.md exists', () => {
  const sections = new Map(DOCS.map((d) => [d as string, sectionsOf(d)]));
  const found = citations();
  assert.ok(found.length > 30, `only ${found.length} citations found: the pattern no longer matches the comments`);
  const dangling = found.filter((c) => !sections.get(c.doc)?.has(c.section)).map((c) => `${c.where}: docs/${c.doc} §${c.section}`);
  assert.deepEqual(dangling, []);
});

/** How the working brief was cited before docs/ existed (spelt in pieces, so this file is no hit). */
const BRIEF = new RegExp(['DESIGN', ' §|AWS-', 'FACTS'].join(''));

test('no comment cites the working brief instead of docs/', () => {
  const stale = ROOTS.flatMap(tsFiles).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (BRIEF.test(line) ? [`${relative(repoPath(), file)}:${i + 1}`] : [])),
  );
  assert.deepEqual(stale, []);
});
