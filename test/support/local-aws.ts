// The test harness for local AWS: one moto + proxy per test file, reset between tests, SDK v3
// clients pointed at the proxy, and a check that no moto process outlives the file.
import { after, before, beforeEach } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startLocalAws, type LocalAws, type LocalAwsOptions } from '../../src/local/local-aws.js';
import type { MotoServer } from '../../src/local/moto-server.js';
import type { LocalProxy } from '../../src/local/proxy/server.js';
import { destroyClients, startTestClients, type ClientOptions, type TestClients } from './test-clients.js';

export { TEST_CREDENTIALS, TEST_REGION, type AwsCredentialIdentity, type ClientOptions, type TestClients } from './test-clients.js';

export interface TestAws {
  /** The proxy URL (what AWS_ENDPOINT_URL would be). */
  readonly endpoint: string;
  readonly moto: MotoServer;
  /** Counters, call log, faults, rate limits, quotas. */
  readonly proxy: LocalProxy;
  readonly local: LocalAws;
  /** SDK v3 clients for the proxy, in moto's default account unless credentials say otherwise. */
  clients(options?: ClientOptions): TestClients;
  /** Clients in another account, through an STS AssumeRole that passes (and is counted) in the proxy. */
  clientsInAccount(account: string, options?: ClientOptions): Promise<TestClients>;
  /** Fresh backend: moto reset, counters/faults/limits/quotas back to their start. */
  reset(): Promise<void>;
  /** Stops proxy and moto, then fails if moto's process is still alive. */
  stop(): Promise<void>;
}

/** True while a process with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startTestAws(options: LocalAwsOptions = {}): Promise<TestAws> {
  const local = await startLocalAws(options);
  const made: TestClients[] = [];
  const clients = (clientOptions: ClientOptions = {}): TestClients => {
    const set = startTestClients(local.endpoint, clientOptions);
    made.push(set);
    return set;
  };
  return {
    endpoint: local.endpoint,
    moto: local.moto,
    proxy: local.proxy,
    local,
    clients,
    async clientsInAccount(account, clientOptions = {}) {
      const { sts } = clients({ maxAttempts: clientOptions.maxAttempts, region: clientOptions.region });
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/tiered-test`, RoleSessionName: 'tiered-test' }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`AssumeRole into ${account} returned no credentials`);
      return clients({
        ...clientOptions,
        credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken },
      });
    },
    reset: () => local.reset(),
    async stop() {
      for (const set of made.splice(0)) destroyClients(set);
      await local.stop();
      if (processAlive(local.moto.pid)) throw new Error(`moto (pid ${local.moto.pid}) is still running after stop`);
    },
  };
}

/**
 * Registers before/beforeEach/after hooks in the calling test file: one backend for the file,
 * reset before each test, stopped (and checked gone) after. Use the returned handle in tests.
 */
export function withLocalAws(options: LocalAwsOptions = {}): TestAws {
  let started: TestAws | undefined;
  const get = (): TestAws => {
    if (!started) throw new Error('withLocalAws: the backend is not started yet (use it inside tests, not at file load)');
    return started;
  };
  before(async () => {
    started = await startTestAws(options);
  });
  beforeEach(async () => {
    await get().reset();
  });
  after(async () => {
    await started?.stop();
  });
  return {
    get endpoint() {
      return get().endpoint;
    },
    get moto() {
      return get().moto;
    },
    get proxy() {
      return get().proxy;
    },
    get local() {
      return get().local;
    },
    clients: (o) => get().clients(o),
    clientsInAccount: (a, o) => get().clientsInAccount(a, o),
    reset: () => get().reset(),
    stop: () => get().stop(),
  };
}
