// Which AWS account a call belongs to: learnt from the STS AssumeRole answers that pass through.
// Keys the proxy has not seen issued belong to moto's default account, as moto itself decides.

export const MOTO_DEFAULT_ACCOUNT = '123456789012';

export class AccountBook {
  private readonly byAccessKey = new Map<string, string>();

  constructor(readonly defaultAccount: string = process.env.MOTO_ACCOUNT_ID ?? MOTO_DEFAULT_ACCOUNT) {}

  accountOf(accessKeyId: string | undefined): string {
    return (accessKeyId !== undefined && this.byAccessKey.get(accessKeyId)) || this.defaultAccount;
  }

  /**
   * Learns from a successful AssumeRole: the account is the one in the requested role ARN,
   * the key is the AccessKeyId in the answer. Only the key id is kept, never the secret.
   */
  learnFromAssumeRole(roleArn: string | null, responseBody: string): void {
    const account = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn ?? '')?.[1];
    const accessKeyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(responseBody)?.[1];
    if (account && accessKeyId) this.byAccessKey.set(accessKeyId, account);
  }

  /** Forgets learnt keys (moto forgets them on reset too). */
  clear(): void {
    this.byAccessKey.clear();
  }
}
