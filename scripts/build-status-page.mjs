#!/usr/bin/env node
// The status page's browser script (docs/status.md), once `tsc -p src/status-page/tsconfig.json`
// type-checked it with the DOM library (the controller's tsconfig has none): bundles it with esbuild
// into ONE script, because the same script is served by `tiered run` and inlined into the
// single file `tiered placement -o html` writes; copies the stylesheet beside it.
// Output: dist/src/status-page/assets/status-page.{js,css} (shipped: package.json "files").
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const out = 'dist/src/status-page/assets';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/status-page/browser/main.ts'],
  outfile: `${out}/status-page.js`,
  bundle: true,
  format: 'iife',
  target: 'es2022',
  platform: 'browser',
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync('src/status-page/browser/status-page.css', `${out}/status-page.css`);
