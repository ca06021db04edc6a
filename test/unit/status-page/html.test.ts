// The status page's HTML shell (src/status-page/html.ts): whatever text the data holds, it
// cannot end an element early or become markup; embedded JSON reads back unchanged.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { escapeHtml, inlineSafe, jsonForScriptElement, statusPageHtml } from '../../../src/status-page/html.js';
import { DATA_ELEMENT_ID } from '../../../src/status-page/html-ids.js';

const HOSTILE = `</script><script>alert(1)</script><!-- & "quoted" 'single' \u2028\u2029 <img src=x onerror=alert(2)>`;

test('escapeHtml escapes the five characters that start or end markup and attributes', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('JSON for a script element holds no < > & or line separators, and parses back to the same value', () => {
  const value = { message: HOSTILE, nested: [HOSTILE] };
  const text = jsonForScriptElement(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(text), value);
});

test('inline code cannot close its element early', () => {
  assert.equal(inlineSafe('a = "</script>"; b = "</SCRIPT >"; // <!--', 'script'), 'a = "<\\/script>"; b = "<\\/SCRIPT >"; // <\\!--');
  assert.equal(inlineSafe('x::after { content: "</style>" }', 'style'), 'x::after { content: "<\\/style>" }');
});

test('an offline page embeds its data where it cannot escape its element, in one file', () => {
  const html = statusPageHtml({ title: `capacity of ${HOSTILE}`, script: { inline: 'var s = "</script>";' }, style: { inline: 'p{}' }, data: { note: HOSTILE } });
  // Exactly the shell's own elements: the hostile text added none.
  assert.equal(html.match(/<script\b/g)?.length, 2);
  assert.equal(html.match(/<\/script>/g)?.length, 2);
  assert.equal(html.match(/<img\b/g), null);
  assert.match(html, /<title>capacity of &lt;\/script&gt;/);
  const data = new RegExp(`<script type="application/json" id="${DATA_ELEMENT_ID}">([^<]*)</script>`).exec(html)?.[1];
  assert.deepEqual(JSON.parse(data ?? 'null'), { note: HOSTILE });
  assert.doesNotMatch(html, /<script src=|<link /, 'nothing is loaded from anywhere');
});

test('the served page loads its script and stylesheet as files: no inline code for the CSP to allow', () => {
  const html = statusPageHtml({ title: 'tiered status', script: { href: '/status-page.js' }, style: { href: '/status-page.css' } });
  assert.match(html, /<script src="\/status-page\.js" defer><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="\/status-page\.css">/);
  assert.doesNotMatch(html, /<script>|<style>|\sstyle=|\son[a-z]+=/);
});
