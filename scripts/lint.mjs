#!/usr/bin/env node
// `npm run lint`: ESLint with typescript-eslint's type-aware rules (tools/lint/eslint.config.mjs).
// The linter is a project of its own under tools/lint (it needs the TypeScript 6 compiler API;
// tiered builds with TypeScript 7), installed from its lockfile on first use.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const eslint = 'tools/lint/node_modules/eslint/bin/eslint.js';

if (!existsSync(eslint)) {
  const install = spawnSync(npm, ['ci', '--prefix', 'tools/lint', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const result = spawnSync(process.execPath, [eslint, '-c', 'tools/lint/eslint.config.mjs', '--max-warnings', '0', 'src', 'test', 'bench', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
