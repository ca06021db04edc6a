// Credentials for the cells: one assumed-role provider per role ARN, shared by every client that
// acts in that cell, so a pass over a cell costs one AssumeRole however many services it reads.
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { STSClientConfig } from '@aws-sdk/client-sts';
import type { AnyClientPlugin } from './call-observer.js';

/** The session name tiered's assumed-role sessions carry (visible in CloudTrail). */
export const ROLE_SESSION_NAME = 'tiered';
/** Renew assumed credentials this long before they expire. */
export const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;

/** One shared, self-renewing copy of what `provider` returns: concurrent callers wait for the
 * same request, and a new one is made only when the last is close to expiry or failed. */
export function shareCredentials(
  provider: AwsCredentialIdentityProvider,
  marginMs = CREDENTIAL_REFRESH_MARGIN_MS,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const load = (): Promise<AwsCredentialIdentity> => {
    const request = provider().catch((err: unknown) => {
      if (pending === request) pending = undefined;
      throw err;
    });
    pending = request;
    return request;
  };
  const fresh = (c: AwsCredentialIdentity): boolean =>
    c.expiration === undefined || c.expiration.getTime() - now() > marginMs;
  return async () => {
    const current = pending ?? load();
    const credentials = await current;
    if (fresh(credentials)) return credentials;
    return pending === current ? load() : (pending ?? load());
  };
}

export interface RoleCredentialOptions {
  /** The STS client's configuration: region, retries, timeouts, user agent (clients.ts). */
  readonly clientConfig: STSClientConfig;
  /** Middleware of the STS client (fence, counting hooks). */
  readonly clientPlugins: AnyClientPlugin[];
  /** The identity that assumes the role; absent = the SDK's default credential chain. */
  readonly masterCredentials?: AwsCredentialIdentityProvider;
}

/** Credentials of `roleArn`, assumed through STS (whose endpoint, like every client's, comes
 * from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS when set). */
export function assumedRoleCredentials(roleArn: string, options: RoleCredentialOptions): AwsCredentialIdentityProvider {
  return shareCredentials(
    fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME },
      ...(options.masterCredentials === undefined ? {} : { masterCredentials: options.masterCredentials }),
      clientConfig: options.clientConfig,
      clientPlugins: options.clientPlugins,
    }),
  );
}
