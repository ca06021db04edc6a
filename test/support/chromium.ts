// Debian's Chromium driven by playwright-core for the status page tests: the system browser
// only (nothing is ever downloaded), headless, every background service that would reach the
// network off, and a fresh profile in a temporary directory removed on close. Chromium missing
// is a failure that says how to install it (.ci/run installs it on CI), never a silent skip.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env['TIERED_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(executable = CHROMIUM, viewport = { width: 1280, height: 800 }): Promise<Browser> {
  if (!existsSync(executable)) {
    throw new Error(`Chromium not found at ${executable}: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set TIERED_CHROMIUM`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'tiered-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: executable,
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_FLAGS,
      viewport,
      timeout: 30_000,
    });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
