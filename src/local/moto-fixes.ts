// Fixes of moto's behaviour where it departs from AWS in a way tiered depends on, applied by a
// sitecustomize.py that every Python process started with its directory on PYTHONPATH loads
// (moto_server on PATH and `python3 -m moto.server` alike). The proxy covers what a proxy can
// (quotas, faults); this covers what only moto's own state can:
// - which records a Route 53 DELETE removes (moto removes every record sharing a SetIdentifier);
// - which Route 53 CREATEs are refused: one of a record that exists (name, type, SetIdentifier),
//   never one of a record deleted before (moto looks in its change journal, then refuses when
//   any record sorts after it);
// - the idempotent creates AWS documents and moto lacks, so a retry after a lost answer finds what
//   AWS would: CreateLoadBalancer with the same name and settings answers the existing ALB,
//   CreateListener on a taken port answers that listener (same settings) or DuplicateListener,
//   CreateVpcEndpoint with a ClientToken already used answers that endpoint, CreateService of a
//   name taken is refused unless its clientToken made the service;
// - that concurrent calls do not race inside moto's backends (moto 5.2.1 answers HTTP 500 when
//   one request inserts into a dict another is looping over, e.g. concurrent CreateTargetGroup);
// - that deregistering a scalable target takes its scaling policies, and that a missing target
//   or policy is ObjectNotFoundException;
// - that a new ECS service keeps its deploymentConfiguration and its deployment completes.
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

if _route53 is not None and hasattr(_route53.Route53Backend, "change_resource_record_sets") and hasattr(_route53, "ChangeList"):
    # moto 5.2.1 refuses a CREATE whose identical change is in the zone's journal when any record
    # sorts at or after it (so a record deleted and created again is refused), and accepts a
    # CREATE of a record that exists with other values. Route 53 refuses a CREATE exactly when a
    # record with its name, type and SetIdentifier exists at that point of the batch.
    from moto.route53.exceptions import ResourceRecordAlreadyExists as _AlreadyExists

    class _Journal(_route53.ChangeList):
        def __contains__(self, item):
            return False

    def _record_key(name, _type, set_identifier):
        return ((name or "").rstrip(".").lower(), _type, set_identifier)

    _journalled_change = _route53.Route53Backend.change_resource_record_sets

    def _change_checking_creates(self, the_zone_id, change_list):
        zone = self.get_hosted_zone(the_zone_id)
        if type(zone.rr_changes) is _route53.ChangeList:
            zone.rr_changes.__class__ = _Journal
        existing = {_record_key(r.name, r.type, r.set_identifier) for r in zone.rrsets}
        for change in change_list:
            record = change.get("ResourceRecordSet", {})
            key = _record_key(record.get("Name"), record.get("Type"), record.get("SetIdentifier"))
            if change.get("Action") == "CREATE":
                if key in existing:
                    raise _AlreadyExists(name=record.get("Name"), _type=record.get("Type"))
                existing.add(key)
            elif change.get("Action") == "UPSERT":
                existing.add(key)
            elif change.get("Action") == "DELETE":
                existing.discard(key)
        return _journalled_change(self, the_zone_id, change_list)

    _route53.Route53Backend.change_resource_record_sets = _change_checking_creates

try:
    from moto.elbv2 import models as _elbv2
    from moto.elbv2.exceptions import DuplicateLoadBalancerName as _DuplicateLoadBalancerName
except Exception:  # not moto, or another version: change nothing
    _elbv2 = None

if _elbv2 is not None and hasattr(_elbv2.ELBv2Backend, "create_load_balancer"):
    # ELBv2 documents CreateLoadBalancer as idempotent: a create with the name and settings of an
    # existing load balancer answers that one; the same name with other settings is
    # DuplicateLoadBalancerName. moto 5.2.1 makes a second load balancer of the same name.
    _original_create_load_balancer = _elbv2.ELBv2Backend.create_load_balancer

    def _create_load_balancer(self, name, security_groups, subnet_ids, subnet_mappings=None, scheme="internet-facing", loadbalancer_type=None, *args, **kwargs):
        for lb in list(self.load_balancers.values()):
            if lb.name != name:
                continue
            same = (
                lb.scheme == scheme
                and lb.type == (loadbalancer_type or "application")
                and sorted(s.id for s in lb.subnets) == sorted(subnet_ids or [m["SubnetId"] for m in subnet_mappings or []])
                and sorted(lb.security_groups or []) == sorted(security_groups or [])
            )
            if not same:
                raise _DuplicateLoadBalancerName()
            return lb
        return _original_create_load_balancer(self, name, security_groups, subnet_ids, subnet_mappings, scheme, loadbalancer_type, *args, **kwargs)

    _elbv2.ELBv2Backend.create_load_balancer = _create_load_balancer

if _elbv2 is not None and hasattr(_elbv2.ELBv2Backend, "create_listener"):
    # One listener per port of a load balancer. ELBv2 answers a create with the port and settings
    # of an existing listener with that listener (documented idempotent), and refuses other
    # settings on a taken port (DuplicateListener). moto 5.2.1 looks the port up among its
    # listeners' ARNs, never finds it, and makes a second listener on the port.
    from moto.elbv2.exceptions import DuplicateListenerError as _DuplicateListener

    _original_create_listener = _elbv2.ELBv2Backend.create_listener

    def _create_listener(self, load_balancer_arn, protocol, port, ssl_policy, certificate, actions, *args, **kwargs):
        balancer = self.load_balancers.get(load_balancer_arn)
        for listener in list(balancer.listeners.values()) if balancer is not None else []:
            if str(listener.port) != str(port):
                continue
            same_actions = [a.data for a in listener.default_actions] == list(actions or [])
            if listener.protocol != (protocol or "").upper() or listener.certificate != certificate or not same_actions:
                raise _DuplicateListener()
            return listener
        return _original_create_listener(self, load_balancer_arn, protocol, port, ssl_policy, certificate, actions, *args, **kwargs)

    _elbv2.ELBv2Backend.create_listener = _create_listener

try:
    from moto.ec2.models import vpcs as _vpcs
except Exception:  # not moto, or another version: change nothing
    _vpcs = None

if _vpcs is not None and hasattr(_vpcs, "VPCBackend") and hasattr(_vpcs.VPCBackend, "create_vpc_endpoint"):
    # EC2 makes CreateVpcEndpoint idempotent by ClientToken: a retry with the token of an
    # endpoint already made answers that endpoint. moto 5.2.1 stores the token and makes another.
    _original_create_vpc_endpoint = _vpcs.VPCBackend.create_vpc_endpoint

    def _create_vpc_endpoint(self, *args, **kwargs):
        token = kwargs.get("client_token")
        if token:
            for endpoint in list(self.vpc_end_points.values()):
                if getattr(endpoint, "client_token", None) == token and getattr(endpoint, "state", "") != "deleted":
                    return endpoint
        return _original_create_vpc_endpoint(self, *args, **kwargs)

    _vpcs.VPCBackend.create_vpc_endpoint = _create_vpc_endpoint

try:
    from moto.ecs import models as _ecs
    from moto.ecs import responses as _ecs_responses
    from moto.ecs.exceptions import InvalidParameterException as _EcsInvalidParameter
except Exception:  # not moto, or another version: change nothing
    _ecs = None

if _ecs is not None and hasattr(_ecs.EC2ContainerServiceBackend, "create_service") and hasattr(_ecs_responses, "EC2ContainerServiceResponse"):
    # ECS refuses CreateService for a name an ACTIVE or DRAINING service of the cluster holds
    # ("Creation of service was not idempotent."), unless the clientToken is the one that made
    # it, which answers that service. moto 5.2.1 ignores the token and replaces the service.
    # The token reaches the backend beside the call (one call at a time: see below).
    _original_create_service_response = _ecs_responses.EC2ContainerServiceResponse.create_service

    def _create_service_response(self):
        self.ecs_backend._tiered_client_token = self._get_param("clientToken")
        try:
            return _original_create_service_response(self)
        finally:
            self.ecs_backend._tiered_client_token = None

    _original_create_service = _ecs.EC2ContainerServiceBackend.create_service

    def _create_service(self, cluster_str, service_name, *args, **kwargs):
        token = getattr(self, "_tiered_client_token", None)
        cluster = self._get_cluster(cluster_str)
        existing = self.services.get(f"{cluster.name}:{service_name}")
        if existing is not None and getattr(existing, "status", "ACTIVE") != "INACTIVE":
            if token and getattr(existing, "_tiered_client_token", None) == token:
                return existing
            raise _EcsInvalidParameter("Creation of service was not idempotent.")
        service = _original_create_service(self, cluster_str, service_name, *args, **kwargs)
        service._tiered_client_token = token
        return service

    _ecs_responses.EC2ContainerServiceResponse.create_service = _create_service_response
    _ecs.EC2ContainerServiceBackend.create_service = _create_service

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
    _create_service_keeping_token = _ecs_responses.EC2ContainerServiceResponse.create_service

    # Names of their own: the clientToken fix above looks its originals up by name at call time.
    def _create_service_completing_deployment(self):
        result = _create_service_keeping_token(self)
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

    _ecs_responses.EC2ContainerServiceResponse.create_service = _create_service_completing_deployment
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
