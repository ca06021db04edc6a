// Service Quotas as local AWS answers it (docs/aws-behaviour.md §18). moto knows GetServiceQuota
// only for the `vpc` service and answers NoSuchResourceException for every other, where AWS
// answers each quota's applied value (its default until an increase is granted). The proxy
// answers the quotas tiered reads from AWS's defaults where moto cannot, and a test (or a
// `tiered local` user) sets applied values per account and region through the control API.
import { ACCOUNT_QUOTAS, QUOTA_DEFINITIONS } from '../../desired/account-quotas.js';
import { jsonBody } from './request-fields.js';
import type { RecognisedRequest, RawRequest } from './types.js';
import type { WireResponse } from './wire-errors.js';

/** An applied value: for one account and region, or (left out) every one. */
export interface AppliedQuotaRule {
  readonly serviceCode: string;
  readonly quotaCode: string;
  readonly value: number;
  readonly account?: string;
  readonly region?: string;
}

const DEFAULTS = new Map(ACCOUNT_QUOTAS.map((q) => [`${QUOTA_DEFINITIONS[q].serviceCode}/${QUOTA_DEFINITIONS[q].quotaCode}`, QUOTA_DEFINITIONS[q]]));

function checked(rules: readonly AppliedQuotaRule[]): readonly AppliedQuotaRule[] {
  for (const r of rules) {
    if (typeof r.serviceCode !== 'string' || typeof r.quotaCode !== 'string' || !(typeof r.value === 'number' && r.value >= 0)) {
      throw new Error(`service quota rule: expected {serviceCode, quotaCode, value >= 0, account?, region?}, got ${JSON.stringify(r)}`);
    }
  }
  return rules;
}

export class AppliedServiceQuotas {
  private rules: readonly AppliedQuotaRule[] = [];

  set(rules: readonly AppliedQuotaRule[]): void {
    this.rules = checked(rules);
  }

  /** The answer to a GetServiceQuota the proxy gives itself, or undefined to ask moto. */
  answer(call: RecognisedRequest, raw: RawRequest, account: string, motoAnswer?: { status: number; body: string }): WireResponse | undefined {
    if (call.service !== 'servicequotas' || call.operation !== 'GetServiceQuota') return undefined;
    const body = jsonBody(raw);
    const text = (v: unknown): string => (typeof v === 'string' ? v : '');
    const serviceCode = text(body['ServiceCode']);
    const quotaCode = text(body['QuotaCode']);
    // The last matching rule wins, so a test can set a default and then one account apart.
    const rule = [...this.rules].reverse().find(
      (r) => r.serviceCode === serviceCode && r.quotaCode === quotaCode && (r.account ?? account) === account && (r.region ?? call.region) === call.region,
    );
    const known = DEFAULTS.get(`${serviceCode}/${quotaCode}`);
    if (rule === undefined && (known === undefined || motoAnswer === undefined || motoAnswer.status < 400)) return undefined;
    const value = rule?.value ?? known?.defaultValue ?? 0;
    const quota = {
      ServiceCode: serviceCode,
      QuotaCode: quotaCode,
      QuotaArn: `arn:aws:servicequotas:${call.region}:${account}:${serviceCode}/${quotaCode}`,
      QuotaName: known?.name ?? quotaCode,
      Value: value,
      Unit: 'None',
      Adjustable: true,
      GlobalQuota: false,
    };
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ Quota: quota }) };
  }
}
