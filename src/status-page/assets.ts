// The status page's script and stylesheet as the build left them beside this module
// (scripts/build-status-page.mjs bundles src/status-page/browser into assets/). Read once.
import { readFileSync } from 'node:fs';

export interface StatusPageAssets {
  readonly script: string;
  readonly style: string;
}

let loaded: StatusPageAssets | undefined;

/** Throws, naming the missing file, when the build did not make the assets. */
export function statusPageAssets(): StatusPageAssets {
  if (loaded !== undefined) return loaded;
  const read = (name: string): string => {
    const url = new URL(`./assets/${name}`, import.meta.url);
    try {
      return readFileSync(url, 'utf8');
    } catch (error) {
      throw new Error(`status page asset ${url.pathname} is missing (run \`npm run build\`): ${(error as Error).message}`);
    }
  };
  loaded = { script: read('status-page.js'), style: read('status-page.css') };
  return loaded;
}
