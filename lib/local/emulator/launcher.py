"""Local AWS emulator: moto's ThreadedMotoServer plus a small control surface.

Started by lib/local/emulator.ts with the interpreter from scripts/ensure-moto.sh.
Binds 127.0.0.1 on a free port, prints one JSON line when ready
(``{"endpoint": "http://127.0.0.1:PORT", "pid": N}``) and runs until stdin reaches
EOF (so a dying parent never leaves it behind) or SIGTERM/SIGINT arrives.

``/_emulator/*`` (JSON in, JSON out) edits moto's in-process backends for state the
AWS API cannot produce (old endpoints, running training jobs, pending snapshots).
Everything else goes to moto, whose request recorder is driven through
``/moto-api/recorder/*`` and writes to a private temp file.

moto 5.2.1 limits that matter to this project:
  * CreateEndpointConfig rejects ml.g5.*, ml.p4d.* and ml.p5.* (use ml.m5.large or ml.g4dn.xlarge).
  * Endpoints are InService and training jobs Completed instantly (see the control ops;
    ``sagemaker/training-job-end`` sets how a job ended: end time, billable seconds).
  * StopTrainingJob is not implemented; this launcher adds it (InProgress/Stopping -> Stopped).
  * SageMaker AddTags appends, so re-tagging a key leaves duplicate keys on the resource.
  * DescribeVolumes never pages (MaxResults/NextToken are ignored).
  * Large PutMetricData bodies are gzipped by the JS SDK; moto's server fails on them
    (HTTP 500, and a hang while recording). This launcher un-gzips request bodies first,
    so ``disableRequestCompression: true`` is no longer required (but harmless).
  * GetMetricData rescans every datapoint per query and per period (minutes for a few
    thousand queries); this launcher indexes the datapoints first, same results.
  * ListMetrics lists a metric with several dimensions once per datapoint; this
    launcher lists each metric once, as CloudWatch does.
  * moto has no Price List Query API; this launcher serves ``AWSPriceListService.GetProducts``
    and ``DescribeServices`` (JSON 1.1) from the product documents in ``fixtures/pricing``
    (values and their sources: fixtures/pricing/PROVENANCE.md); ``pricing/fail`` makes it
    throttle or fail, ``pricing/calls`` counts its calls.
  * GetResources fails on ``sagemaker:endpoint-config`` and ``sagemaker:domain``, and Bedrock
    ListCustomModels answers dates SDKs reject; emulated_tag_coverage.py fixes them (and lists
    what GetResources serves per type).
  * moto has no CloudTrail event history; emulated_cloudtrail.py adds ``LookupEvents`` in the
    real shape, over events seeded with ``cloudtrail/events``.
  * moto's Cost Explorer replays canned results; emulated_cost_explorer.py answers
    ``GetCostAndUsage`` and ``GetCostForecast`` from daily costs seeded with ``costexplorer/seed``
    (``costexplorer/fail`` makes them fail, ``costexplorer/requests`` counts them).
  * moto has no Bedrock inference profiles; emulated_bedrock_profiles.py adds them (create, get,
    list, delete, tags), wrapping moto's tag handlers for other ARNs.
  * Notebook instances: moto makes them InService at once and lets Stop/StartNotebookInstance
    run from any status. This launcher refuses them outside InService (stop) and
    Stopped/Failed (start) with AWS's ValidationException text, and sets LastModifiedTime on
    both, as AWS does on status changes; the status still changes at once (AWS passes
    through Stopping and Pending for minutes). ``sagemaker/notebook-instance`` sets a
    notebook's status and backdates it.
  * moto has no inference components; emulated_inference_components.py adds them in the
    real shapes (Create/Describe/List/UpdateRuntimeConfig/Delete, tags).
  * moto has no Bedrock Provisioned Throughput; emulated_bedrock_throughput.py adds it (list, get,
    create, delete, tags) in the real REST shapes, with control ops for status, times and offered models.
  * moto has Studio domains but no UpdateDomain, user profiles, spaces or apps: emulated_studio.py
    adds them in the real shapes; ``studio/apps`` sets an app's status and backdates it.
  * AssumeRole succeeds for any role ARN, existing or not; emulated_sts.py refuses a role
    that does not exist or does not trust the caller (external id included) with AWS's
    AccessDenied; its control op ``iam/role`` creates a role in any account (member roles).
  * DescribeRegions answers one list for every account; emulated_regions.py gives each
    account its own opt-in status (control op ``ec2/region-opt-in``).
  * emulated_bulk.py adds ``sagemaker/bulk-endpoints``: thousands of endpoints (and their
    Invocations datapoints) in one control request, for organization-sized benches.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Callable
from urllib.parse import unquote

# The recorder reads its settings when moto is imported. Recording itself stays off
# until POST /moto-api/recorder/start-recording, so idle runs write nothing.
_tmpdir = tempfile.mkdtemp(prefix="finops-moto-")
os.environ["MOTO_RECORDER_FILEPATH"] = os.path.join(_tmpdir, "recording.jsonl")

from moto.cloudwatch.models import CloudWatchBackend, Statistics  # noqa: E402
from moto.cloudwatch.models import Dimension as CloudWatchDimension  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.core.responses import EmptyResult  # noqa: E402
from moto.core.utils import utcnow  # noqa: E402
from moto.ec2.models import ec2_backends  # noqa: E402
from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: E402
from moto.moto_server.werkzeug_app import (  # noqa: E402
    DomainDispatcherApplication,
    create_backend_app,
)
from moto.sagemaker.exceptions import ValidationError  # noqa: E402
from moto.sagemaker.models import FakeTrainingJob, SageMakerModelBackend, sagemaker_backends  # noqa: E402
from moto.sagemaker.responses import SageMakerResponse  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402
from werkzeug.wrappers import Request  # noqa: E402

import emulated_cloudtrail  # noqa: E402  (next to this file; patches moto's CloudTrail)
import emulated_cost_explorer  # noqa: E402  (next to this file; patches moto's Cost Explorer)
import emulated_bedrock_profiles  # noqa: E402,F401  (next to this file; adds Bedrock inference profiles)
import emulated_inference_components  # noqa: E402  (adds SageMaker inference components)
import emulated_tag_coverage  # noqa: E402,F401  (next to this file; moto fixes for what tag-coverage reads)
import emulated_bedrock_throughput  # noqa: E402  (adds Bedrock Provisioned Throughput to moto)
import emulated_studio  # noqa: E402  (next to this file; adds Studio profiles, spaces and apps to moto's SageMaker)
import emulated_bulk  # noqa: E402  (bulk seeding of endpoints for benches)
import emulated_regions  # noqa: E402  (per-account opt-in regions in EC2 DescribeRegions)
import emulated_sts  # noqa: E402  (AssumeRole refused for a missing or untrusting role)


class ControlError(Exception):
    """A control-surface failure, answered as ``{"error": message}`` with ``status``."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _stop_training_job(self: SageMakerResponse) -> EmptyResult:
    """SageMaker StopTrainingJob, missing from moto 5.2.1 (errors like AWS does)."""
    name = self._get_param("TrainingJobName")
    job = self.sagemaker_backend.training_jobs.get(name)
    if job is None:
        arn = FakeTrainingJob.arn_formatter(name, self.current_account, self.region)
        raise ValidationError(message=f"Could not find training job '{arn}'.")
    if job.training_job_status not in ("InProgress", "Stopping"):
        raise ValidationError(
            message=f"The request was rejected because the training job is in status {job.training_job_status}."
        )
    job.training_job_status = job.secondary_status = "Stopped"
    job.training_end_time = job.last_modified_time = utcnow()
    return EmptyResult()


# Added to moto's own response class (not intercepted in the dispatcher) so the call is
# authenticated, recorded, routed to the caller's account/region and serialized by moto.
SageMakerResponse.stop_training_job = _stop_training_job  # type: ignore[attr-defined]


def _notebook_transition(backend: SageMakerModelBackend, name: str, allowed: tuple[str, ...], target: str, to: str) -> None:
    """Stop/StartNotebookInstance as AWS gates them: only from ``allowed``, else its ValidationException."""
    notebook = backend.get_notebook_instance(name)  # ValidationError "RecordNotFound", as AWS
    if notebook.status not in allowed:
        raise ValidationError(message=f"Status ({notebook.status}) not in ([{', '.join(allowed)}]). "
                                      f"Unable to transition to ({target}) for Notebook Instance ({notebook.arn})")
    notebook.status = to
    notebook.last_modified_time = utcnow()


SageMakerModelBackend.stop_notebook_instance = (  # type: ignore[method-assign]
    lambda self, name: _notebook_transition(self, name, ("InService",), "Stopping", "Stopped"))
SageMakerModelBackend.start_notebook_instance = (  # type: ignore[method-assign]
    lambda self, name: _notebook_transition(self, name, ("Stopped", "Failed"), "Pending", "InService"))


def _dimension_key(dimensions: Any) -> tuple[tuple[Any, Any], ...]:
    """moto's own dimension match (``sorted(a) == sorted(b)``, with its order-sensitive
    ``Dimension.__lt__``) as a hashable key: equal keys exactly when moto's comparison
    says equal, for dimensions that all have a value."""
    return tuple((d.name, d.value) for d in sorted(dimensions))


_moto_get_metric_data = CloudWatchBackend.get_metric_data


def _get_metric_data(self: CloudWatchBackend, queries: list[dict[str, Any]], start_time: datetime,
                     end_time: datetime, scan_by: str = "TimestampAscending") -> list[dict[str, Any]]:
    """moto's GetMetricData for MetricStat queries, in O(datapoints + queries x matches).

    moto 5.2.1 scans every datapoint of the window once per query and per period, which
    takes minutes for a few thousand queries over two weeks of hourly data (the
    rightsizing benchmark). Same results: the same matching (name and dimensions, or
    namespace and name without dimensions; unit when given), periods from StartTime,
    moto's statistics. Metric math, Insights queries and dimensions without a value go
    to moto's implementation unchanged.
    """
    if any("MetricStat" not in q for q in queries) or any(
        d.get("Value") is None for q in queries for d in q["MetricStat"]["Metric"].get("Dimensions", [])
    ):
        return _moto_get_metric_data(self, queries, start_time, end_time, scan_by)
    start, end = start_time.replace(microsecond=0), end_time.replace(microsecond=0)
    if start >= end:
        return _moto_get_metric_data(self, queries, start_time, end_time, scan_by)  # raises moto's errors
    by_dims: dict[tuple[Any, ...], list[Any]] = {}
    by_namespace: dict[tuple[str, str], list[Any]] = {}
    for md in self.get_all_metrics():
        if start <= md.timestamp < end:
            by_dims.setdefault((md.name, _dimension_key(md.dimensions)), []).append(md)
            by_namespace.setdefault((md.namespace, md.name), []).append(md)
    results = []
    for query in queries:
        stat_query = query["MetricStat"]
        metric = stat_query["Metric"]
        name, stat, unit = metric["MetricName"], stat_query["Stat"], stat_query.get("Unit")
        delta = timedelta(seconds=int(stat_query["Period"]))
        dims = [CloudWatchDimension(name=d["Name"], value=d["Value"]) for d in metric.get("Dimensions", [])]
        matches = by_dims.get((name, _dimension_key(dims)), []) if dims else by_namespace.get((metric["Namespace"], name), [])
        buckets: dict[int, list[Any]] = {}
        for md in matches:
            if not unit or md.unit == unit:
                buckets.setdefault(int((md.timestamp - start) // delta), []).append(md)
        values, timestamps = [], []
        for index in sorted(buckets):
            stats = Statistics([stat], start + index * delta)
            stats.metric_data = buckets[index]
            values.append(stats.get_statistics_for_type(stat))
            timestamps.append(stats.timestamp)
        if scan_by == "TimestampDescending":
            values.reverse()
            timestamps.reverse()
        if query.get("ReturnData", True):
            results.append({"id": query["Id"], "label": query.get("Label") or f"{name} {stat}", "values": values,
                            "timestamps": timestamps, "status_code": "Complete"})
    return results


CloudWatchBackend.get_metric_data = _get_metric_data  # type: ignore[method-assign]


def _get_filtered_metrics(self: CloudWatchBackend, metric_name: str, namespace: str,
                          dimensions: list[dict[str, str]]) -> list[Any]:
    """ListMetrics' selection, one entry per metric as CloudWatch lists them.

    moto 5.2.1 compares every dimension of a metric with every other one when it drops
    repeated datapoints, so a metric with two or more dimensions is listed once per
    datapoint (thousands of pages for two weeks of hourly data), and the check is
    quadratic. Same filters (namespace, name, dimensions); one entry per namespace,
    name and dimension set, in the order the first datapoint put them.
    """
    seen: set[tuple[Any, ...]] = set()
    listed = []
    for md in self.get_all_metrics():
        if (namespace and namespace != md.namespace) or (metric_name and metric_name != md.name):
            continue
        if dimensions and any(CloudWatchDimension(d["Name"], d.get("Value")) not in md.dimensions for d in dimensions):
            continue
        key = (md.namespace, md.name, tuple(sorted((d.name, d.value) for d in md.dimensions)))
        if key not in seen:
            seen.add(key)
            listed.append(md)
    return listed


CloudWatchBackend.get_filtered_metrics = _get_filtered_metrics  # type: ignore[method-assign]


def _time(body: dict[str, Any], key: str) -> datetime | None:
    """Parse an ISO-8601 field into the naive-UTC datetime moto stores."""
    value = body.get(key)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ControlError(f"{key} must be an ISO-8601 timestamp, got {value!r}")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def _required(body: dict[str, Any], key: str) -> Any:
    if body.get(key) in (None, ""):
        raise ControlError(f"missing required field {key!r}")
    return body[key]


def _backend(backends: Any, body: dict[str, Any]) -> Any:
    account, region = body.get("accountId") or DEFAULT_ACCOUNT_ID, body.get("region") or "us-east-1"
    try:
        return backends[account][region]
    except KeyError:
        raise ControlError(f"unknown account/region {account}/{region}")


def _lookup(items: dict[str, Any], key: str, kind: str) -> Any:
    if key not in items:
        raise ControlError(f"{kind} {key!r} not found", 404)
    return items[key]


def endpoint_times(body: dict[str, Any]) -> dict[str, Any]:
    """Backdate a SageMaker endpoint: ``{name, creationTime?, lastModifiedTime?}``."""
    name = _required(body, "name")
    endpoint = _lookup(_backend(sagemaker_backends, body).endpoints, name, "endpoint")
    created, modified = _time(body, "creationTime"), _time(body, "lastModifiedTime")
    if created:
        endpoint.creation_time = created
    if modified or created:
        endpoint.last_modified_time = modified or created
    return {"name": name, "creationTime": endpoint.creation_time.isoformat() + "Z",
            "lastModifiedTime": endpoint.last_modified_time.isoformat() + "Z"}


def endpoint_status(body: dict[str, Any]) -> dict[str, Any]:
    """Set a SageMaker endpoint's EndpointStatus: ``{name, status}``."""
    name, status = _required(body, "name"), _required(body, "status")
    _lookup(_backend(sagemaker_backends, body).endpoints, name, "endpoint").endpoint_status = status
    return {"name": name, "status": status}


def training_job(body: dict[str, Any]) -> dict[str, Any]:
    """Put a training job into a state: ``{name, status, trainingStartTime?, creationTime?}``."""
    name, status = _required(body, "name"), _required(body, "status")
    job = _lookup(_backend(sagemaker_backends, body).training_jobs, name, "training job")
    job.training_job_status = status
    job.secondary_status = {"InProgress": "Training"}.get(status, status)
    if status in ("InProgress", "Stopping"):
        job.training_end_time = None  # running jobs have no end time
    job.creation_time = _time(body, "creationTime") or job.creation_time
    job.training_start_time = _time(body, "trainingStartTime") or job.training_start_time
    job.last_modified_time = utcnow()
    return {"name": name, "status": status}


def volume_create_time(body: dict[str, Any]) -> dict[str, Any]:
    """Backdate an EBS volume: ``{volumeId, createTime}``."""
    volume_id = _required(body, "volumeId")
    volume = _lookup(_backend(ec2_backends, body).volumes, volume_id, "volume")
    _required(body, "createTime")
    volume.create_time = _time(body, "createTime")
    return {"volumeId": volume_id, "createTime": volume.create_time.isoformat() + "Z"}


def snapshot_state(body: dict[str, Any]) -> dict[str, Any]:
    """Set an EBS snapshot's state: ``{snapshotId, state: pending|completed|error}``."""
    snapshot_id, state = _required(body, "snapshotId"), _required(body, "state")
    if state not in ("pending", "completed", "error"):
        raise ControlError("state must be one of pending, completed, error")
    _lookup(_backend(ec2_backends, body).snapshots, snapshot_id, "snapshot").status = state
    return {"snapshotId": snapshot_id, "state": state}


def instance_launch_time(body: dict[str, Any]) -> dict[str, Any]:
    """Backdate an EC2 instance's LaunchTime: ``{instanceId, launchTime}``."""
    instance_id = _required(body, "instanceId")
    _required(body, "launchTime")
    try:
        instance = _backend(ec2_backends, body).get_instance(instance_id)
    except Exception:
        raise ControlError(f"instance {instance_id!r} not found", 404)
    instance.launch_time = _time(body, "launchTime")
    return {"instanceId": instance_id, "launchTime": instance.launch_time.isoformat() + "Z"}


OPERATIONS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "sagemaker/endpoint-times": endpoint_times,
    "sagemaker/endpoint-status": endpoint_status,
    "sagemaker/training-job": training_job,
    "ec2/volume-create-time": volume_create_time,
    "ec2/snapshot-state": snapshot_state,
    "ec2/instance-launch-time": instance_launch_time,
}


def training_job_end(body: dict[str, Any]) -> dict[str, Any]:
    """End a training job as AWS reports it: ``{name, status?, trainingEndTime?,
    billableTimeInSeconds?, trainingTimeInSeconds?, failureReason?}``.

    ``status`` (default ``Completed``) must be Completed, Failed or Stopped. moto sets
    no billable or training time, and StopTrainingJob ends a job at the wall clock; this
    sets what a test's clock needs.
    """
    name = _required(body, "name")
    status = body.get("status") or "Completed"
    if status not in ("Completed", "Failed", "Stopped"):
        raise ControlError("status must be one of Completed, Failed, Stopped")
    job = _lookup(_backend(sagemaker_backends, body).training_jobs, name, "training job")
    job.training_job_status = job.secondary_status = status
    job.training_end_time = _time(body, "trainingEndTime") or job.training_end_time or utcnow()
    job.last_modified_time = job.training_end_time
    for key, attribute in (("billableTimeInSeconds", "billable_time_in_seconds"), ("trainingTimeInSeconds", "training_time_in_seconds")):
        if body.get(key) is not None:
            setattr(job, attribute, int(body[key]))
    if body.get("failureReason"):
        job.failure_reason = str(body["failureReason"])
    return {"name": name, "status": status, "trainingEndTime": job.training_end_time.isoformat() + "Z"}


OPERATIONS["sagemaker/training-job-end"] = training_job_end

NOTEBOOK_STATUSES = ("Pending", "InService", "Stopping", "Stopped", "Failed", "Deleting", "Updating")


def notebook_instance(body: dict[str, Any]) -> dict[str, Any]:
    """Set a notebook instance's status and times: ``{name, status?, creationTime?, lastModifiedTime?}``."""
    name = _required(body, "name")
    notebook = _lookup(_backend(sagemaker_backends, body).notebook_instances, name, "notebook instance")
    status = body.get("status")
    if status is not None:
        if status not in NOTEBOOK_STATUSES:
            raise ControlError(f"status must be one of {', '.join(NOTEBOOK_STATUSES)}")
        notebook.status = status
    created, modified = _time(body, "creationTime"), _time(body, "lastModifiedTime")
    if created:
        notebook.creation_time = created
    if modified or created:
        notebook.last_modified_time = modified or created
    return {"name": name, "status": notebook.status, "creationTime": notebook.creation_time.isoformat() + "Z",
            "lastModifiedTime": notebook.last_modified_time.isoformat() + "Z"}


OPERATIONS["sagemaker/notebook-instance"] = notebook_instance
OPERATIONS.update(emulated_cloudtrail.CONTROL_OPERATIONS)
OPERATIONS.update(emulated_cost_explorer.CONTROL_OPERATIONS)
OPERATIONS.update(emulated_inference_components.CONTROL_OPERATIONS)
OPERATIONS.update(emulated_bedrock_throughput.CONTROL_OPERATIONS)
OPERATIONS.update(emulated_studio.CONTROL_OPERATIONS)
OPERATIONS.update(emulated_regions.CONTROL_OPERATIONS)
OPERATIONS.update(emulated_bulk.CONTROL_OPERATIONS)
OPERATIONS.update(emulated_sts.CONTROL_OPERATIONS)


# --- Price List Query API (moto has none) -------------------------------------------

PRICING_TARGET = "AWSPriceListService."


def _pricing_fixture_dir() -> str:
    """``FINOPS_PRICING_FIXTURES``, else ``fixtures/pricing`` next to this file."""
    if os.environ.get("FINOPS_PRICING_FIXTURES"):
        return os.environ["FINOPS_PRICING_FIXTURES"]
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "pricing")


class PricingState:
    """Product documents by service code, and the failure switch of ``pricing/fail``."""

    def __init__(self) -> None:
        self.products: dict[str, list[dict[str, Any]]] = {}
        self.loaded = False
        self.fail_mode: str | None = None
        self.fail_remaining: int | None = None  # None: until switched off
        self.calls = 0

    def load(self) -> None:
        if self.loaded:
            return
        directory = _pricing_fixture_dir()
        for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
            if name.endswith(".json"):
                with open(os.path.join(directory, name)) as f:
                    data = json.load(f)
                self.products.setdefault(data["serviceCode"], []).extend(data["products"])
        self.loaded = True

    def reset(self) -> None:
        self.fail_mode, self.fail_remaining, self.calls = None, None, 0


PRICING = PricingState()


class PricingError(Exception):
    """A Price List API error: ``{"__type": code, "message": ...}`` with ``status``."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.status = code, status


def _filter_value(doc: dict[str, Any], field: str) -> str | None:
    product = doc.get("product", {})
    if field == "productFamily":
        return product.get("productFamily")
    if field == "sku":
        return product.get("sku")
    if field == "serviceCode":
        return doc.get("serviceCode")
    return product.get("attributes", {}).get(field)


def _matches(doc: dict[str, Any], filters: list[dict[str, Any]]) -> bool:
    for f in filters:
        kind, field, value = f.get("Type", "TERM_MATCH"), f.get("Field"), f.get("Value")
        if not field or value is None:
            raise PricingError("InvalidParameterException", "Filters need Type, Field and Value")
        actual = _filter_value(doc, field)
        if kind in ("TERM_MATCH", "EQUALS"):
            ok = actual == value
        elif kind == "CONTAINS":
            ok = actual is not None and value in actual
        elif kind in ("ANY_OF", "NONE_OF"):
            ok = (actual in value.split(",")) == (kind == "ANY_OF")
        else:
            raise PricingError("InvalidParameterException", f"unsupported filter type {kind}")
        if not ok:
            return False
    return True


def _token(query: str, offset: int) -> str:
    return base64.b64encode(json.dumps({"q": query, "o": offset}).encode()).decode()


def get_products(body: dict[str, Any]) -> dict[str, Any]:
    """GetProducts: ServiceCode, Filters (TERM_MATCH...), FormatVersion aws_v1, MaxResults (1-100), NextToken."""
    service = body.get("ServiceCode")
    if not service:
        raise PricingError("InvalidParameterException", "ServiceCode is required")
    if body.get("FormatVersion", "aws_v1") != "aws_v1":
        raise PricingError("InvalidParameterException", f"unsupported FormatVersion {body.get('FormatVersion')}")
    size = body.get("MaxResults", 100)
    if not isinstance(size, int) or not 1 <= size <= 100:
        raise PricingError("InvalidParameterException", "MaxResults must be between 1 and 100")
    filters = body.get("Filters") or []
    query = hashlib.sha256(json.dumps([service, filters, size], sort_keys=True).encode()).hexdigest()[:16]
    offset = 0
    if body.get("NextToken"):
        try:
            token = json.loads(base64.b64decode(body["NextToken"]))
            offset = int(token["o"])
            if token["q"] != query:
                raise ValueError("token of another query")
        except (ValueError, KeyError, TypeError):
            raise PricingError("InvalidNextTokenException", "The NextToken is invalid for this request")
    found = [d for d in PRICING.products.get(service, []) if _matches(d, filters)]
    page = found[offset:offset + size]
    result: dict[str, Any] = {"FormatVersion": "aws_v1", "PriceList": [json.dumps(d) for d in page]}
    if offset + size < len(found):
        result["NextToken"] = _token(query, offset + size)
    return result


def describe_services(body: dict[str, Any]) -> dict[str, Any]:
    """DescribeServices: the fixture's service codes and the attribute names their products use."""
    wanted = body.get("ServiceCode")
    services = []
    for code, docs in sorted(PRICING.products.items()):
        if wanted and code != wanted:
            continue
        names = sorted({n for d in docs for n in d.get("product", {}).get("attributes", {})})
        services.append({"ServiceCode": code, "AttributeNames": names})
    return {"FormatVersion": "aws_v1", "Services": services}


PRICING_OPERATIONS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "GetProducts": get_products,
    "DescribeServices": describe_services,
}


def pricing_fail(body: dict[str, Any]) -> dict[str, Any]:
    """Make GetProducts fail: ``{mode: throttle|error|off, count?}`` (``count`` calls, default all until off)."""
    mode = body.get("mode", "throttle")
    if mode not in ("throttle", "error", "off"):
        raise ControlError("mode must be one of throttle, error, off")
    count = body.get("count")
    if count is not None and (not isinstance(count, int) or count < 1):
        raise ControlError("count must be a positive integer")
    PRICING.fail_mode = None if mode == "off" else mode
    PRICING.fail_remaining = None if mode == "off" else count
    return {"mode": mode, "count": count}


def pricing_calls(body: dict[str, Any]) -> dict[str, Any]:
    """Price List API calls answered or failed since the last reset: ``{calls}``."""
    return {"calls": PRICING.calls}


OPERATIONS["pricing/fail"] = pricing_fail
OPERATIONS["pricing/calls"] = pricing_calls


def serve_pricing(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Answers one Price List API request (AWS JSON 1.1), recorded like moto's own."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(raw)
    from moto.moto_api import recorder  # the server's recorder (see /moto-api/recorder/*)
    recorder._record_request(Request(environ), raw)
    operation = environ.get("HTTP_X_AMZ_TARGET", "")[len(PRICING_TARGET):]
    PRICING.calls += 1
    status = 200
    try:
        PRICING.load()
        if PRICING.fail_mode and operation == "GetProducts":
            if PRICING.fail_remaining is not None:
                PRICING.fail_remaining -= 1
                if PRICING.fail_remaining <= 0:
                    mode, PRICING.fail_mode, PRICING.fail_remaining = PRICING.fail_mode, None, None
                else:
                    mode = PRICING.fail_mode
            else:
                mode = PRICING.fail_mode
            if mode == "throttle":
                raise PricingError("ThrottlingException", "Rate exceeded", 400)
            raise PricingError("InternalErrorException", "emulated internal error", 500)
        handler = PRICING_OPERATIONS.get(operation)
        if handler is None:
            raise PricingError("UnknownOperationException", f"unknown operation {operation}")
        body = json.loads(raw or b"{}")
        result: Any = handler(body if isinstance(body, dict) else {})
    except PricingError as err:
        status, result = err.status, {"__type": err.code, "message": str(err)}
    except ValueError as err:
        status, result = 400, {"__type": "SerializationException", "message": str(err)}
    data = json.dumps(result).encode()
    start_response(f"{status} {'OK' if status == 200 else 'Error'}",
                   [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(data))),
                    ("x-amzn-RequestId", hashlib.md5(data).hexdigest())])
    return [data]


def _inflate(environ: dict[str, Any]) -> None:
    """Un-gzip a compressed API request body before moto sees it.

    The JS SDK gzips large PutMetricData bodies. moto's server then decompresses twice
    (Flask hook, then BaseResponse: HTTP 500 "Not a gzipped file") and, while recording,
    its recorder re-reads the already consumed socket and hangs the request. S3 is left
    alone: there Content-Encoding is object metadata, not transport compression.
    """
    if environ.get("HTTP_CONTENT_ENCODING", "").strip().lower() != "gzip":
        return
    signed = environ.get("HTTP_AUTHORIZATION", "") + unquote(environ.get("QUERY_STRING", ""))
    if "/s3/aws4_request" in signed:
        return
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if not length and not environ.get("wsgi.input_terminated"):
        return  # no length and not chunked: reading to EOF would block on keep-alive
    stream = environ["wsgi.input"]
    raw = stream.read(length) if length else stream.read()
    try:
        body = gzip.decompress(raw)
    except (OSError, EOFError):
        body = raw  # not actually gzip: pass it on as sent
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_CONTENT_ENCODING", None)
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    environ["wsgi.input_terminated"] = False


class EmulatorApp:
    """WSGI dispatcher: serves ``/_emulator/*`` itself and passes the rest to moto."""

    PREFIX = "/_emulator/"

    def __init__(self, moto_app: Any):
        self.moto_app = moto_app
        # moto's backends are not thread-safe: a failed DynamoDB transaction restores a
        # deep copy of the whole table taken before it started, wiping writes that
        # concurrent requests made meanwhile. Real AWS services serialize conditional
        # writes; serving one request at a time restores that (clients still interleave).
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith(PRICING_TARGET):
            with self.lock:
                return serve_pricing(environ, start_response)
        if path == "/moto-api/reset":
            PRICING.reset()
        if not path.startswith(self.PREFIX):
            _inflate(environ)
            with self.lock:
                return list(self.moto_app(environ, start_response))
        with self.lock:
            status, result = self.control(environ, path[len(self.PREFIX):].strip("/"))
        data = json.dumps(result, default=str).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Error'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def control(self, environ: dict[str, Any], op: str) -> tuple[int, Any]:
        method = environ.get("REQUEST_METHOD", "GET")
        if op == "health":
            return 200, {"ok": True}
        handler = OPERATIONS.get(op)
        if handler is None:
            return 404, {"error": f"unknown emulator operation {op!r}"}
        if method != "POST":
            return 400, {"error": f"{op} expects POST, got {method}"}
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            raw = environ["wsgi.input"].read(length) if length else b""
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ControlError("request body must be a JSON object")
            return 200, handler(body)
        except ControlError as err:
            return err.status, {"error": str(err)}
        except (ValueError, KeyError, TypeError) as err:  # bad JSON, unknown account/region
            return 400, {"error": f"{type(err).__name__}: {err}"}


class QuietHandler(WSGIRequestHandler):
    """No per-request access log lines; errors still reach stderr."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class EmulatorServer(ThreadedMotoServer):
    """ThreadedMotoServer whose WSGI app is wrapped by :class:`EmulatorApp`."""

    def _server_entry(self) -> None:
        app = EmulatorApp(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=QuietHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def main() -> None:
    """Start the server, announce it, and block until stdin EOF or a signal."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def watch_stdin() -> None:
        while sys.stdin.buffer.read1(65536):
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    server = EmulatorServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(json.dumps({"endpoint": f"http://{host}:{port}", "pid": os.getpid()}), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        shutil.rmtree(_tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
