"""SageMaker inference components for the local emulator (moto 5.2.1 has none).

Imported by launcher.py after moto. Each operation is added to moto's own
``SageMakerResponse`` (as launcher.py adds StopTrainingJob), so a call is authenticated,
recorded, routed to the caller's account and region, and serialized by moto from
botocore's SageMaker model (AWS JSON 1.1, ``X-Amz-Target: SageMaker.<Operation>``).
Components live on moto's SageMaker backend, so ``/moto-api/reset`` drops them.

Shapes (SageMaker API Reference: CreateInferenceComponent, DescribeInferenceComponent,
ListInferenceComponents, UpdateInferenceComponentRuntimeConfig, DeleteInferenceComponent,
InferenceComponentSummary, InferenceComponentRuntimeConfigSummary):
  * CreateInferenceComponent: ``InferenceComponentName``, ``EndpointName``, ``VariantName``,
    ``Specification`` (``ModelName`` | ``Container`` | ``BaseInferenceComponentName``,
    ``StartupParameters``, ``ComputeResourceRequirements``: ``NumberOfCpuCoresRequired``,
    ``NumberOfAcceleratorDevicesRequired``, ``MinMemoryRequiredInMb``, ``MaxMemoryRequiredInMb``),
    ``RuntimeConfig.CopyCount``, ``Tags`` -> ``InferenceComponentArn``;
  * DescribeInferenceComponent -> name, ARN, endpoint name and ARN, variant, ``Specification``,
    ``RuntimeConfig`` (``DesiredCopyCount``, ``CurrentCopyCount``), times, status;
  * ListInferenceComponents: filters ``EndpointNameEquals``, ``VariantNameEquals``,
    ``StatusEquals``, ``NameContains``, ``Creation/LastModifiedTimeBefore/After``; ``SortBy``
    (Name | CreationTime | Status, default CreationTime), ``SortOrder`` (default Descending),
    ``MaxResults`` (1-100, default 10), ``NextToken`` -> ``InferenceComponents`` (summaries);
  * UpdateInferenceComponentRuntimeConfig: ``DesiredRuntimeConfig.CopyCount`` (>= 0: copies
    can be scaled to zero) -> ``InferenceComponentArn``;
  * DeleteInferenceComponent; AddTags / ListTags / DeleteTags on ``inference-component/`` ARNs.
  * A missing component is a ValidationException ``Could not find inference component "<arn>".``

moto's CreateEndpointConfig requires a ``ModelName`` on every production variant; this module
lets a variant without one through (as AWS does for a config with ``ExecutionRoleArn``, the
kind inference components are deployed on); variants with a model are still checked by moto.

Limits: a component is InService at once and an update takes effect at once (AWS passes
through Creating/Updating for minutes; ``sagemaker/inference-component`` sets a status and
backdates a component); no placement on instances, no capacity checks, no
Application Auto Scaling; ``Specifications`` (several instance types) is not modelled.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import SageMakerModelBackend, sagemaker_backends
from moto.sagemaker.responses import SageMakerResponse
from moto.sagemaker.utils import arn_formatter

STATUSES = ("InService", "Creating", "Updating", "Failed", "Deleting")
SORT_KEYS = {"Name": "name", "CreationTime": "creation_time", "Status": "status"}


class FakeInferenceComponent:
    """One inference component as SageMaker keeps it."""

    def __init__(self, backend: SageMakerModelBackend, name: str, endpoint: Any, variant: str,
                 specification: dict[str, Any], copies: int, tags: list[dict[str, str]]):
        self.name = name
        self.arn = arn_formatter("inference-component", name, backend.account_id, backend.region_name)
        self.endpoint_name = endpoint.endpoint_name
        self.endpoint_arn = endpoint.arn
        self.variant_name = variant
        self.specification = specification
        self.desired_copy_count = self.current_copy_count = copies
        self.status = "InService"
        self.creation_time = self.last_modified_time = utcnow()
        self.tags = list(tags)  # moto's AddTags/ListTags/DeleteTags edit this list

    def summary(self) -> dict[str, Any]:
        return {
            "CreationTime": self.creation_time,
            "InferenceComponentArn": self.arn,
            "InferenceComponentName": self.name,
            "EndpointArn": self.endpoint_arn,
            "EndpointName": self.endpoint_name,
            "VariantName": self.variant_name,
            "InferenceComponentStatus": self.status,
            "LastModifiedTime": self.last_modified_time,
        }

    def describe(self) -> dict[str, Any]:
        return {
            "InferenceComponentName": self.name,
            "InferenceComponentArn": self.arn,
            "EndpointName": self.endpoint_name,
            "EndpointArn": self.endpoint_arn,
            "VariantName": self.variant_name,
            "Specification": self.specification,
            "RuntimeConfig": {"DesiredCopyCount": self.desired_copy_count, "CurrentCopyCount": self.current_copy_count},
            "CreationTime": self.creation_time,
            "LastModifiedTime": self.last_modified_time,
            "InferenceComponentStatus": self.status,
        }


def _components(backend: SageMakerModelBackend) -> dict[str, FakeInferenceComponent]:
    """The components of one account and region (kept on moto's backend, so reset drops them)."""
    return backend.__dict__.setdefault("finops_inference_components", {})


def _get(backend: SageMakerModelBackend, name: str) -> FakeInferenceComponent:
    component = _components(backend).get(name)
    if component is None:
        arn = arn_formatter("inference-component", name, backend.account_id, backend.region_name)
        raise ValidationError(message=f'Could not find inference component "{arn}".')
    return component


def _copy_count(value: Any, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationError(message=f"Value '{value}' at '{field}' failed to satisfy constraint: Member must have value greater than or equal to 0")
    return value


def create_inference_component(self: SageMakerResponse) -> ActionResult:
    backend = self.sagemaker_backend
    name = self._get_param("InferenceComponentName")
    if not name:
        raise ValidationError(message="1 validation error detected: Value null at 'inferenceComponentName' failed to satisfy constraint: Member must not be null")
    if name in _components(backend):
        arn = arn_formatter("inference-component", name, backend.account_id, backend.region_name)
        raise ValidationError(message=f'Cannot create already existing inference component "{arn}".')
    endpoint = backend.endpoints.get(self._get_param("EndpointName") or "")
    if endpoint is None:
        arn = arn_formatter("endpoint", self._get_param("EndpointName") or "", backend.account_id, backend.region_name)
        raise ValidationError(message=f"Could not find endpoint '{arn}'.")
    variants = {v["VariantName"]: v for v in backend.endpoint_configs[endpoint.endpoint_config_name].production_variants}
    variant = self._get_param("VariantName") or (next(iter(variants)) if len(variants) == 1 else None)
    if variant not in variants:
        raise ValidationError(message=f"Variant {variant!r} not found in endpoint {endpoint.endpoint_name!r}.")
    if "InstanceType" not in variants[variant]:
        raise ValidationError(message=f"Inference components need an instance-based variant; {variant!r} is serverless.")
    specification = self._get_param("Specification") or {}
    if not any(specification.get(k) for k in ("ModelName", "Container", "BaseInferenceComponentName")):
        raise ValidationError(message="Specification must contain ModelName, Container or BaseInferenceComponentName.")
    if not specification.get("BaseInferenceComponentName") and not specification.get("ComputeResourceRequirements", {}).get("MinMemoryRequiredInMb"):
        raise ValidationError(message="Specification.ComputeResourceRequirements.MinMemoryRequiredInMb is required.")
    copies = _copy_count((self._get_param("RuntimeConfig") or {}).get("CopyCount"), "runtimeConfig.copyCount")
    component = FakeInferenceComponent(backend, name, endpoint, variant, specification, copies, self._get_param("Tags") or [])
    _components(backend)[name] = component
    return ActionResult({"InferenceComponentArn": component.arn})


def describe_inference_component(self: SageMakerResponse) -> ActionResult:
    return ActionResult(_get(self.sagemaker_backend, self._get_param("InferenceComponentName")).describe())


def _time_param(self: SageMakerResponse, key: str) -> datetime | None:
    value = self._get_param(key)
    if value is None:
        return None
    moment = datetime.fromtimestamp(float(value), tz=timezone.utc) if isinstance(value, (int, float)) else datetime.fromisoformat(str(value))
    return moment.astimezone(timezone.utc).replace(tzinfo=None)  # moto keeps naive UTC


def list_inference_components(self: SageMakerResponse) -> ActionResult:
    p = self._get_param
    size = p("MaxResults") or 10
    if not isinstance(size, int) or not 1 <= size <= 100:
        raise ValidationError(message="MaxResults must be between 1 and 100.")
    bounds = {k: _time_param(self, k) for k in ("CreationTimeBefore", "CreationTimeAfter", "LastModifiedTimeBefore", "LastModifiedTimeAfter")}
    found = [
        c for c in _components(self.sagemaker_backend).values()
        if (not p("EndpointNameEquals") or c.endpoint_name == p("EndpointNameEquals"))
        and (not p("VariantNameEquals") or c.variant_name == p("VariantNameEquals"))
        and (not p("StatusEquals") or c.status == p("StatusEquals"))
        and (not p("NameContains") or p("NameContains") in c.name)
        and (not bounds["CreationTimeBefore"] or c.creation_time < bounds["CreationTimeBefore"])
        and (not bounds["CreationTimeAfter"] or c.creation_time > bounds["CreationTimeAfter"])
        and (not bounds["LastModifiedTimeBefore"] or c.last_modified_time < bounds["LastModifiedTimeBefore"])
        and (not bounds["LastModifiedTimeAfter"] or c.last_modified_time > bounds["LastModifiedTimeAfter"])
    ]
    sort_by = SORT_KEYS.get(p("SortBy") or "CreationTime")
    if sort_by is None:
        raise ValidationError(message=f"SortBy must be one of {', '.join(SORT_KEYS)}.")
    found.sort(key=lambda c: (getattr(c, sort_by), c.name), reverse=(p("SortOrder") or "Descending") == "Descending")
    offset = 0
    if p("NextToken"):
        try:
            offset = int(json.loads(base64.b64decode(p("NextToken")))["o"])
        except (ValueError, KeyError, TypeError):
            raise ValidationError(message="Invalid pagination token.")
    result: dict[str, Any] = {"InferenceComponents": [c.summary() for c in found[offset:offset + size]]}
    if offset + size < len(found):
        result["NextToken"] = base64.b64encode(json.dumps({"o": offset + size}).encode()).decode()
    return ActionResult(result)


def update_inference_component_runtime_config(self: SageMakerResponse) -> ActionResult:
    component = _get(self.sagemaker_backend, self._get_param("InferenceComponentName"))
    copies = _copy_count((self._get_param("DesiredRuntimeConfig") or {}).get("CopyCount"), "desiredRuntimeConfig.copyCount")
    if component.status != "InService":
        raise ValidationError(message=f'Inference component "{component.arn}" cannot be updated while it is in status {component.status}.')
    component.desired_copy_count = component.current_copy_count = copies
    component.last_modified_time = utcnow()
    return ActionResult({"InferenceComponentArn": component.arn})


def delete_inference_component(self: SageMakerResponse) -> EmptyResult:
    backend = self.sagemaker_backend
    component = _get(backend, self._get_param("InferenceComponentName"))
    del _components(backend)[component.name]
    return EmptyResult()


for _operation in (create_inference_component, describe_inference_component, list_inference_components,
                   update_inference_component_runtime_config, delete_inference_component):
    setattr(SageMakerResponse, _operation.__name__, _operation)

_moto_resource_from_arn = SageMakerModelBackend._get_resource_from_arn


def _resource_from_arn(self: SageMakerModelBackend, arn: str) -> Any:
    """Components for moto's AddTags/ListTags/DeleteTags; every other ARN falls through to moto."""
    kind, _, name = arn.split(":")[-1].partition("/")
    if kind == "inference-component":
        return _get(self, name)
    return _moto_resource_from_arn(self, arn)


SageMakerModelBackend._get_resource_from_arn = _resource_from_arn  # type: ignore[method-assign]

_moto_validate_variants = SageMakerModelBackend.validate_production_variants


def _validate_variants(self: SageMakerModelBackend, production_variants: list[dict[str, Any]]) -> None:
    """moto requires a ModelName on every variant; a variant for inference components has none
    (AWS then requires the config's ExecutionRoleArn). Variants with a model go to moto's check."""
    _moto_validate_variants(self, [v for v in production_variants if "ModelName" in v])


SageMakerModelBackend.validate_production_variants = _validate_variants  # type: ignore[method-assign]


def _naive_utc(body: dict[str, Any], key: str) -> datetime | None:
    value = body.get(key)
    if value is None:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def inference_component(body: dict[str, Any]) -> dict[str, Any]:
    """Control op ``sagemaker/inference-component``: ``{name, region?, accountId?, status?,
    currentCopyCount?, creationTime?, lastModifiedTime?}`` sets what the API cannot (a
    component Updating, copies still starting, or one created weeks ago)."""
    account, region = body.get("accountId") or DEFAULT_ACCOUNT_ID, body.get("region") or "us-east-1"
    name = body.get("name")
    if not name:
        raise ValueError("missing required field 'name'")
    components = _components(sagemaker_backends[account][region])
    if name not in components:
        raise ValueError(f"inference component {name!r} not found")
    component = components[name]
    status = body.get("status")
    if status is not None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        component.status = status
    if body.get("currentCopyCount") is not None:
        component.current_copy_count = int(body["currentCopyCount"])
    created, modified = _naive_utc(body, "creationTime"), _naive_utc(body, "lastModifiedTime")
    if created:
        component.creation_time = created
    if modified or created:
        component.last_modified_time = modified or created
    return {"name": name, "status": component.status, "creationTime": component.creation_time.isoformat() + "Z",
            "lastModifiedTime": component.last_modified_time.isoformat() + "Z"}


CONTROL_OPERATIONS = {"sagemaker/inference-component": inference_component}
