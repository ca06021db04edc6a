// The Service Quotas read tiered makes: an account's applied value of one quota
// (docs/capacity.md §1). Applied values differ from AWS's defaults once an increase was granted,
// and can be lower on a new account.
import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';

export interface ServiceQuotasApi {
  /** The applied value, or undefined when the answer carries none. */
  getServiceQuota(serviceCode: string, quotaCode: string): Promise<number | undefined>;
}

export function serviceQuotasApi(client: ServiceQuotasClient): ServiceQuotasApi {
  return {
    getServiceQuota: async (ServiceCode, QuotaCode) => {
      const out = await client.send(new GetServiceQuotaCommand({ ServiceCode, QuotaCode }));
      const value = out.Quota?.Value;
      return typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : undefined;
    },
  };
}
