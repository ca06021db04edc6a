// Local AWS = moto behind the counting, fault-injecting proxy. Clients talk to `endpoint` only.
import { startMoto, type MotoOptions, type MotoServer } from './moto-server.js';
import { startProxy, type LocalProxy, type ProxyOptions } from './proxy/server.js';

export interface LocalAwsOptions {
  readonly moto?: MotoOptions;
  /** Proxy options other than the target, which is moto. */
  readonly proxy?: Omit<ProxyOptions, 'target'>;
}

export interface LocalAws {
  /** The proxy's URL: what AWS_ENDPOINT_URL should be. */
  readonly endpoint: string;
  readonly moto: MotoServer;
  readonly proxy: LocalProxy;
  /** moto forgets everything; counters, faults, rate limits and quotas return to their start. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const moto = await startMoto(options.moto);
  let proxy: LocalProxy;
  try {
    proxy = await startProxy({ ...options.proxy, target: moto.url });
  } catch (error) {
    await moto.stop();
    throw error;
  }
  return {
    endpoint: proxy.url,
    moto,
    proxy,
    async reset() {
      await moto.reset();
      proxy.reset();
    },
    async stop() {
      await proxy.stop().finally(() => moto.stop());
    },
  };
}
