// Fixes of moto's behaviour where it departs from AWS in a way tiered depends on, applied by a
// sitecustomize.py that every Python process started with its directory on PYTHONPATH loads
// (moto_server on PATH and `python3 -m moto.server` alike). The proxy covers what a proxy can
// (quotas, faults); this covers what only moto's own state can:
// - which records a Route 53 DELETE removes (moto removes every record sharing a SetIdentifier);
// - that concurrent calls do not race inside moto's backends (moto 5.2.1 answers HTTP 500 when
//   one request inserts into a dict another is looping over, e.g. concurrent CreateTargetGroup);
// - that deregistering a scalable target takes its scaling policies, and that a missing target
//   or policy is ObjectNotFoundException;
// - that a new ECS service keeps its deploymentConfiguration and its deployment completes.
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

try:
    from moto.applicationautoscaling import models as _aas
    from moto.core.exceptions import JsonRESTError as _JsonRESTError
except Exception:  # not moto, or another version: change nothing
    _aas = None

if _aas is not None and hasattr(_aas.ApplicationAutoscalingBackend, "deregister_scalable_target"):
    # moto 5.2.1 keeps a deregistered target's scaling policies and answers a missing target or
    # policy with ValidationException. Application Auto Scaling deletes the policies with their
    # target, and answers ObjectNotFoundException (docs/aws-behaviour.md §14).
    class _ObjectNotFound(_JsonRESTError):
        def __init__(self, message):
            super().__init__("ObjectNotFoundException", message)

    _original_deregister = _aas.ApplicationAutoscalingBackend.deregister_scalable_target
    _original_delete_policy = _aas.ApplicationAutoscalingBackend.delete_scaling_policy

    def _deregister_scalable_target(self, namespace, r_id, dimension):
        if not self._scalable_target_exists(r_id, dimension):
            raise _ObjectNotFound(f"No scalable target found for service namespace: {namespace}, resource ID: {r_id}, scalable dimension: {dimension}")
        _original_deregister(self, namespace, r_id, dimension)
        for key in [k for k, p in self.policies.items() if p.resource_id == r_id and p.scalable_dimension == dimension]:
            del self.policies[key]

    def _delete_scaling_policy(self, policy_name, service_namespace, resource_id, scalable_dimension):
        try:
            return _original_delete_policy(self, policy_name, service_namespace, resource_id, scalable_dimension)
        except _aas.AWSValidationException as err:
            raise _ObjectNotFound(err.message) from None

    _aas.ApplicationAutoscalingBackend.deregister_scalable_target = _deregister_scalable_target
    _aas.ApplicationAutoscalingBackend.delete_scaling_policy = _delete_scaling_policy

try:
    from moto.ecs import responses as _ecs_responses
except Exception:  # not moto, or another version: change nothing
    _ecs_responses = None

if _ecs_responses is not None and hasattr(_ecs_responses, "EC2ContainerServiceResponse"):
    # moto 5.2.1 drops CreateService's deploymentConfiguration (UpdateService keeps it), and runs
    # no task: a new service's deployment stays IN_PROGRESS for ever. ECS keeps the
    # configuration, and a healthy service's deployment completes; local AWS starts its tasks at
    # once (a deployment the proxy is told to fail reports FAILED: docs/aws-behaviour.md §14).
    _original_create_service = _ecs_responses.EC2ContainerServiceResponse.create_service

    def _create_service(self):
        result = _original_create_service(self)
        try:
            backend = self.ecs_backend
            cluster = backend._get_cluster(self._get_param("cluster", "default"))
            service = backend.services.get(f"{cluster.name}:{self._get_param('serviceName')}")
        except Exception:
            service = None
        if service is not None:
            configuration = self._get_param("deploymentConfiguration")
            if configuration is not None:
                service.deployment_configuration = configuration
            service.running_count = service.desired_count
            service.pending_count = 0
            for deployment in service.deployments:
                deployment["runningCount"] = service.desired_count
                deployment["pendingCount"] = 0
                deployment["rolloutState"] = "COMPLETED"
                deployment["rolloutStateReason"] = f"ECS deployment {deployment['id']} completed."
        return result

    _ecs_responses.EC2ContainerServiceResponse.create_service = _create_service
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
