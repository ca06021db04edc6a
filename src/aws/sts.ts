// The STS operations tiered calls itself. Role assumption for the cells goes through the SDK's
// credential provider (clients.ts); these are for identity checks and explicit assumption.
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type {
  AssumeRoleCommandInput,
  AssumeRoleCommandOutput,
  GetCallerIdentityCommandOutput,
  STSClient,
} from '@aws-sdk/client-sts';

export interface StsApi {
  assumeRole(input: AssumeRoleCommandInput): Promise<AssumeRoleCommandOutput>;
  getCallerIdentity(): Promise<GetCallerIdentityCommandOutput>;
}

export function stsApi(client: STSClient): StsApi {
  return {
    assumeRole: (input) => client.send(new AssumeRoleCommand(input)),
    getCallerIdentity: () => client.send(new GetCallerIdentityCommand({})),
  };
}
