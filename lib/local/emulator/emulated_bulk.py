"""Bulk seeding of SageMaker endpoints for the local emulator's benches.

An organization-sized bench (thousands of endpoints over 150 account and region pairs)
would spend minutes seeding through the API (CreateModel, CreateEndpointConfig,
CreateEndpoint, PutMetricData and a backdating control op per endpoint). The control op
``sagemaker/bulk-endpoints`` creates them in one request per account and region, through
moto's own backend methods (the same objects, ARNs, tags and metrics the API calls
create), so what the sweep then reads through the API is unchanged:

``{accountId?, region, now, endpoints: [{name, instanceType, instanceCount?, ageDays,
tags?: {key: value}, invocations?: [{daysAgo, count}]}]}`` -> ``{created: n}``.

Each endpoint gets its own model and config (``<name>-model``, ``<name>-config``), one
``AllTraffic`` variant, ``CreationTime``/``LastModifiedTime`` ``ageDays`` before ``now``,
and one ``AWS/SageMaker`` ``Invocations`` datapoint per entry of ``invocations``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from moto.cloudwatch.models import cloudwatch_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sagemaker.models import sagemaker_backends


def _naive_utc(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def bulk_endpoints(body: dict[str, Any]) -> dict[str, Any]:
    """Create many endpoints in one account and region (see the module docstring)."""
    account, region = body.get("accountId") or DEFAULT_ACCOUNT_ID, body.get("region") or "us-east-1"
    if not body.get("now"):
        raise ValueError("missing required field 'now'")
    now = _naive_utc(str(body["now"]))
    sagemaker = sagemaker_backends[account][region]
    metrics: list[dict[str, Any]] = []
    for e in body.get("endpoints") or []:
        name = e["name"]
        model, config = f"{name}-model", f"{name}-config"
        sagemaker.create_model(model, f"arn:aws:iam::{account}:role/sagemaker-bench",
                               {"Image": f"{account}.dkr.ecr.{region}.amazonaws.com/model:latest"}, None, None, None)
        variant = {"VariantName": "AllTraffic", "ModelName": model, "InstanceType": e["instanceType"],
                   "InitialInstanceCount": int(e.get("instanceCount") or 1), "InitialVariantWeight": 1}
        sagemaker.create_endpoint_config(config, [variant], {}, {}, [], "")
        tags = [{"Key": k, "Value": v} for k, v in (e.get("tags") or {}).items()]
        endpoint = sagemaker.create_endpoint(name, config, tags)
        endpoint.creation_time = endpoint.last_modified_time = now - timedelta(days=float(e["ageDays"]))
        for point in e.get("invocations") or []:
            metrics.append({"MetricName": "Invocations", "Value": float(point["count"]), "Unit": "None",
                            "Timestamp": now - timedelta(days=float(point["daysAgo"])),
                            "Dimensions": [{"Name": "EndpointName", "Value": name}, {"Name": "VariantName", "Value": "AllTraffic"}]})
    if metrics:
        cloudwatch_backends[account][region].put_metric_data("AWS/SageMaker", metrics)
    return {"created": len(body.get("endpoints") or [])}


CONTROL_OPERATIONS = {"sagemaker/bulk-endpoints": bulk_endpoints}
