// Calls the proxy counted, summed per operation: the reads or the writes of a pass.
import { isMutating } from '../../src/local/proxy/operation.js';
import type { ProxyControls } from '../../src/local/proxy/controls.js';

export function callsByOperation(proxy: Pick<ProxyControls, 'counters'>, mutating: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of proxy.counters()) if (isMutating(row.operation) === mutating) out[row.operation] = (out[row.operation] ?? 0) + row.count;
  return out;
}
