// Fixes of moto's behaviour where it departs from AWS in a way tiered depends on, applied by a
// sitecustomize.py that every Python process started with its directory on PYTHONPATH loads
// (moto_server on PATH and `python3 -m moto.server` alike). The proxy covers what a proxy can
// (quotas, faults); this covers what only moto's own state can:
// - which records a Route 53 DELETE removes (moto removes every record sharing a SetIdentifier);
// - that concurrent calls do not race inside moto's backends (moto 5.2.1 answers HTTP 500 when
//   one request inserts into a dict another is looping over, e.g. concurrent CreateTargetGroup).
// It also makes moto die with the process that started it: a SIGKILLed parent runs no exit hook,
// but the pipe on moto's stdin closes, and a watchdog thread then removes the parent's scratch
// directory and kills moto's process group (moto-server.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const MOTO_FIXES_PY = String.raw`# tiered's fixes of moto, loaded by every Python process started with this directory on PYTHONPATH.
import os as _os

# Popped, so that nothing moto starts inherits the watch.
if _os.environ.pop("TIERED_WATCH_PARENT_STDIN", None) == "1":
    import shutil as _shutil
    import signal as _signal
    import sys as _sys
    import threading as _watch_threading

    _scratch = _os.environ.pop("TIERED_PARENT_SCRATCH", "")

    def _watch_parent():
        # The parent holds the only write end of this pipe: EOF means it is gone, however it died.
        try:
            while _sys.stdin.buffer.read(4096):
                pass
        except Exception:
            pass
        if _scratch:
            _shutil.rmtree(_scratch, ignore_errors=True)
        try:
            _os.killpg(_os.getpgid(0), _signal.SIGKILL)
        finally:
            _os._exit(1)

    _watch_threading.Thread(target=_watch_parent, name="tiered-parent-watch", daemon=True).start()

try:
    from moto.route53 import models as _route53
except Exception:  # not moto, or another version: change nothing
    _route53 = None

if _route53 is not None and hasattr(_route53, "FakeZone") and hasattr(_route53.FakeZone, "delete_rrset_by_id"):
    # moto 5.2.1 deletes a weighted record by SetIdentifier alone: every record of the zone with
    # that SetIdentifier goes, whatever its name and type. Route 53 deletes the one record with
    # the name, type and SetIdentifier of the change. The change loop calls delete_rrset_by_id
    # once per such DELETE, in order; the records it means are queued here first.
    _original_change = _route53.Route53Backend.change_resource_record_sets

    def _change_resource_record_sets(self, the_zone_id, change_list):
        zone = self.get_hosted_zone(the_zone_id)
        zone._tiered_deletes = [
            c["ResourceRecordSet"] for c in change_list
            if c.get("Action") == "DELETE" and "SetIdentifier" in c.get("ResourceRecordSet", {})
        ]
        try:
            return _original_change(self, the_zone_id, change_list)
        finally:
            zone._tiered_deletes = []

    def _delete_rrset_by_id(self, set_identifier):
        pending = getattr(self, "_tiered_deletes", [])
        record = pending.pop(0) if pending else None
        if record is None or record.get("SetIdentifier") != set_identifier:
            self.rrsets = [r for r in self.rrsets if r.set_identifier != set_identifier]
            return
        name = record["Name"] if record["Name"].endswith(".") else record["Name"] + "."
        self.rrsets = [
            r for r in self.rrsets
            if not (r.set_identifier == set_identifier and r.name == name and r.type == record["Type"])
        ]

    _route53.Route53Backend.change_resource_record_sets = _change_resource_record_sets
    _route53.FakeZone.delete_rrset_by_id = _delete_rrset_by_id

try:
    import threading as _threading
    from moto.core import responses as _responses
except Exception:  # not moto, or another version: change nothing
    _responses = None

if _responses is not None and hasattr(_responses, "BaseResponse") and hasattr(_responses.BaseResponse, "call_action"):
    # moto_server answers each request on its own thread, and its backends loop over their plain
    # dicts in Python while another thread inserts into them: CreateTargetGroup's duplicate-name
    # scan over every target group, ListServices' scan over every service, and more. The loser
    # raises "OrderedDict mutated during iteration" (or "dictionary changed size ...") and moto
    # answers an HTML 500, which AWS never does. One request at a time through the backends makes
    # each API call atomic, as it is in AWS, for every service at once (the Tagging API reads the
    # ELBv2 and ECS backends, so per-service locks would not do). It costs no throughput worth
    # having: the GIL already runs one thread's Python at a time, and request parsing and the
    # proxy's modelled latency stay outside the lock. Re-entrant, because DynamoDB's handler
    # overrides call_action and calls this one.
    _one_call_at_a_time = _threading.RLock()
    _original_call_action = _responses.BaseResponse.call_action

    def _call_action(self):
        with _one_call_at_a_time:
            return _original_call_action(self)

    _responses.BaseResponse.call_action = _call_action
`;

/** A directory holding the sitecustomize.py above (content-addressed, so written once). */
export function motoFixesDir(): string {
  const dir = join(tmpdir(), `tiered-moto-fixes-${createHash('sha256').update(MOTO_FIXES_PY).digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'sitecustomize.py'), MOTO_FIXES_PY);
  return dir;
}

/** The environment moto runs in: ours, with the fixes first on PYTHONPATH, watching its stdin
 * for its parent's death, and removing `scratch` (a directory of the parent's) when it sees it. */
export function motoEnv(env: NodeJS.ProcessEnv = process.env, scratch?: string): NodeJS.ProcessEnv {
  const path = [motoFixesDir(), env.PYTHONPATH].filter((p) => p !== undefined && p !== '').join(delimiter);
  return { ...env, PYTHONPATH: path, TIERED_WATCH_PARENT_STDIN: '1', ...(scratch === undefined ? {} : { TIERED_PARENT_SCRATCH: scratch }) };
}
