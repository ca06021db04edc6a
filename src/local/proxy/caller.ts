// Who sent a request and which attempt of which SDK call it is, from the headers every AWS SDK
// v3 request carries: the user agent (tiered appends `tiered-caller/<id>`, a replica's lease
// holder id: src/aws/clients.ts; and, for a tier pass's calls, `tiered-tier/<tier>`:
// src/aws/attempt-fence.ts), `amz-sdk-invocation-id` (one per logical call, the same on
// each retry) and `amz-sdk-request: attempt=n; max=m`. Tests read them from the call log to
// tell replicas apart and to count the attempts of one call.

export interface CallerFacts {
  readonly caller?: string;
  /** The tier whose pass made the call. */
  readonly tier?: string;
  readonly invocation?: string;
  readonly attempt?: number;
  readonly maxAttempts?: number;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

export function callerFacts(headers: Headers): CallerFacts {
  const agent = header(headers, 'user-agent');
  const caller = /(?:^|\s)tiered-caller\/(\S+)/.exec(agent)?.[1];
  const tier = /(?:^|\s)tiered-tier\/(\S+)/.exec(agent)?.[1];
  const invocation = header(headers, 'amz-sdk-invocation-id');
  const request = /attempt=(\d+);\s*max=(\d+)/.exec(header(headers, 'amz-sdk-request'));
  return {
    ...(caller === undefined ? {} : { caller }),
    ...(tier === undefined ? {} : { tier }),
    ...(invocation === '' ? {} : { invocation }),
    ...(request === null ? {} : { attempt: Number(request[1]), maxAttempts: Number(request[2]) }),
  };
}
