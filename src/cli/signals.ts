// Waiting for SIGINT/SIGTERM in a long-running command (`tiered local`, `tiered run`).

/** Resolves on the first SIGINT/SIGTERM. The listeners stay until `release`: while they are
 * there, moto's own exit hook (moto-server.ts) leaves the decision to end the process to us. */
export function awaitSignal(): { readonly signal: Promise<NodeJS.Signals>; release(): void } {
  let on: (signal: NodeJS.Signals) => void = () => undefined;
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    on = resolve;
  });
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    signal,
    release() {
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
    },
  };
}
