// Route 53 applies a change to its name servers within about a minute: until then GetChange
// answers PENDING. moto answers INSYNC at once, so the wait tiered does before it counts a DNS
// action done never runs locally. With `pendingPolls` set, the proxy answers a change PENDING
// (in ChangeResourceRecordSets' answer and in that many GetChange answers) before INSYNC.
import { pathOf } from './request-fields.js';
import type { RawRequest, RecognisedRequest } from './types.js';

const CHANGE_ID = /<Id>(?:\/change\/)?([^<]+)<\/Id>/;
const INSYNC = /<Status>INSYNC<\/Status>/;

export class PendingChanges {
  /** Change id -> GetChange answers still to be PENDING. */
  private readonly remaining = new Map<string, number>();

  constructor(private pendingPolls = 0) {}

  set(pendingPolls: number): void {
    if (!Number.isInteger(pendingPolls) || pendingPolls < 0) throw new Error(`Route 53 pending polls must be a whole number >= 0, got ${pendingPolls}`);
    this.pendingPolls = pendingPolls;
    this.remaining.clear();
  }

  /** moto's successful answer, with the change PENDING while it should be. */
  answer(call: RecognisedRequest, request: RawRequest, body: string): string {
    if (call.service !== 'route53') return body;
    if (call.operation === 'ChangeResourceRecordSets' && this.pendingPolls > 0) {
      const id = CHANGE_ID.exec(body)?.[1];
      if (id === undefined) return body;
      this.remaining.set(id, this.pendingPolls);
      return body.replace(INSYNC, '<Status>PENDING</Status>');
    }
    if (call.operation === 'GetChange') {
      const id = pathOf(request).split('/').pop() ?? '';
      const left = this.remaining.get(id);
      if (left === undefined) return body;
      if (left <= 1) this.remaining.delete(id);
      else this.remaining.set(id, left - 1);
      return body.replace(INSYNC, '<Status>PENDING</Status>');
    }
    return body;
  }
}
