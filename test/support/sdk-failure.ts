// The error an SDK call fails with, for asserting on AWS's refusals; a call that succeeds fails the test.
import assert from 'node:assert/strict';

export interface SdkFailure {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export async function sdkFailure(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (error) {
    return error as SdkFailure;
  }
  assert.fail('the call succeeded');
}
