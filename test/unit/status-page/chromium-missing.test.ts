// The browser test never skips silently: without Chromium it fails, saying how to install it.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { launchChromium } from '../../support/chromium.js';

test('launching a Chromium that is not there fails with the command that installs it', async () => {
  await assert.rejects(launchChromium('/nonexistent/chromium'), {
    message: "Chromium not found at /nonexistent/chromium: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set TIERED_CHROMIUM",
  });
});
