// Fixes of moto's behaviour where it departs from AWS in a way tiered depends on, applied by a
// sitecustomize.py that every Python process started with its directory on PYTHONPATH loads
// (moto_server on PATH and `python3 -m moto.server` alike). The proxy covers what a proxy can
// (quotas, faults); this covers what only moto's own state can: which records a DELETE removes.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const MOTO_FIXES_PY = String.raw`# tiered's fixes of moto, loaded by every Python process started with this directory on PYTHONPATH.
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
`;

/** A directory holding the sitecustomize.py above (content-addressed, so written once). */
export function motoFixesDir(): string {
  const dir = join(tmpdir(), `tiered-moto-fixes-${createHash('sha256').update(MOTO_FIXES_PY).digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'sitecustomize.py'), MOTO_FIXES_PY);
  return dir;
}

/** The environment moto runs in: ours, with the fixes first on PYTHONPATH. */
export function motoEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const path = [motoFixesDir(), env.PYTHONPATH].filter((p) => p !== undefined && p !== '').join(delimiter);
  return { ...env, PYTHONPATH: path };
}
