// tiered's own AWS client layer (src/aws) pointed at a local backend the way an operator points
// it anywhere: through AWS_ENDPOINT_URL. Each test file runs in its own process, so setting
// the variable here affects only the file that asks for it.
import { createAwsClientFactory } from '../../src/aws/clients.js';
import type { AwsClientFactory, AwsClientOptions } from '../../src/aws/clients.js';
import { TEST_CREDENTIALS } from './test-clients.js';

export function tieredAwsFor(endpoint: string, options: Omit<AwsClientOptions, 'credentials'> = {}): AwsClientFactory {
  process.env.AWS_ENDPOINT_URL = endpoint;
  return createAwsClientFactory({ ...options, credentials: async () => TEST_CREDENTIALS });
}
