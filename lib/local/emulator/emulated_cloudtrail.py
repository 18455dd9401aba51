"""CloudTrail ``LookupEvents`` for the local emulator (moto 5.2.1 has trails, not event history).

Imported by launcher.py after moto. ``LookupEvents`` is added to moto's own
``CloudTrailResponse`` (as launcher.py adds StopTrainingJob to SageMaker's), so a call is
authenticated, recorded, routed to the caller's account and region, and answered in
AWS JSON 1.1 (``X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents``).
Events come from the control op ``cloudtrail/events``; ``/moto-api/reset`` drops them with
the rest of moto's state (they live on moto's CloudTrail backend).

Shapes (CloudTrail API Reference, LookupEvents, Event, Resource, LookupAttribute; and the
CloudTrail record contents page for the ``CloudTrailEvent`` JSON):
  * request: ``LookupAttributes`` (at most one; keys EventId, EventName, ReadOnly, Username,
    ResourceType, ResourceName, EventSource, AccessKeyId), ``StartTime``/``EndTime``
    (epoch seconds; inclusive), ``EventCategory`` (only ``insight``), ``MaxResults`` (1-50,
    default 50), ``NextToken`` (valid only with the same parameters);
  * response: ``Events`` newest first, each ``EventId``, ``EventName``, ``ReadOnly``,
    ``AccessKeyId``, ``EventTime`` (epoch seconds), ``EventSource``, ``Username``,
    ``Resources`` (``ResourceType``, ``ResourceName``), ``CloudTrailEvent`` (the record as a
    JSON string); ``NextToken`` while more remain;
  * errors: InvalidLookupAttributesException, InvalidTimeRangeException,
    InvalidMaxResultsException, InvalidNextTokenException, InvalidEventCategoryException.

Limits: no 90-day retention (tests run on fixed clocks, far from the wall clock), no rate
limit (AWS allows two lookups per second per account and region), no Insights events.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import datetime, timezone
from typing import Any

from moto.cloudtrail.models import cloudtrail_backends
from moto.cloudtrail.responses import CloudTrailResponse
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.exceptions import JsonRESTError

#: Lookup attribute keys and the event field each one matches.
ATTRIBUTES = {
    "EventId": "EventId", "EventName": "EventName", "ReadOnly": "ReadOnly", "Username": "Username",
    "EventSource": "EventSource", "AccessKeyId": "AccessKeyId", "ResourceType": "ResourceType",
    "ResourceName": "ResourceName",
}
MAX_RESULTS = 50


class LookupError_(JsonRESTError):
    """A LookupEvents validation error, answered as AWS does (HTTP 400, ``__type``)."""

    code = 400

    def __init__(self, error_type: str, message: str):
        super().__init__(error_type, message)


def _events(backend: Any) -> list[dict[str, Any]]:
    """The seeded events of one account and region (kept on moto's backend, so reset drops them)."""
    return backend.__dict__.setdefault("finops_lookup_events", [])


def _epoch(value: Any, field: str) -> datetime | None:
    """An epoch-seconds number (what the SDKs send) or ISO-8601 string as aware UTC."""
    if value is None:
        return None
    try:
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        raise ValueError(f"{field} must be epoch seconds or ISO-8601, got {value!r}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _matches(event: dict[str, Any], key: str, value: str) -> bool:
    if key == "ResourceType":
        return any(r.get("ResourceType") == value for r in event["Resources"])
    if key == "ResourceName":
        return any(r.get("ResourceName") == value for r in event["Resources"])
    return str(event.get(ATTRIBUTES[key])) == value


def _token(query: str, offset: int) -> str:
    return base64.b64encode(json.dumps({"q": query, "o": offset}).encode()).decode()


def lookup_events(self: CloudTrailResponse) -> str:
    """CloudTrail LookupEvents over the events seeded for the caller's account and region."""
    attributes = self._get_param("LookupAttributes") or []
    if not isinstance(attributes, list) or len(attributes) > 1:
        raise LookupError_("InvalidLookupAttributesException", "You can specify at most one lookup attribute.")
    for attribute in attributes:
        if attribute.get("AttributeKey") not in ATTRIBUTES:
            raise LookupError_("InvalidLookupAttributesException", f"Invalid attribute key {attribute.get('AttributeKey')!r}.")
        if not attribute.get("AttributeValue"):
            raise LookupError_("InvalidLookupAttributesException", "The attribute value must not be empty.")
    try:
        start = _epoch(self._get_param("StartTime"), "StartTime")
        end = _epoch(self._get_param("EndTime"), "EndTime")
    except ValueError as err:
        raise LookupError_("InvalidTimeRangeException", str(err))
    if start and end and start > end:
        raise LookupError_("InvalidTimeRangeException", "Start time must not be after end time.")
    category = self._get_param("EventCategory")
    if category not in (None, "insight"):
        raise LookupError_("InvalidEventCategoryException", f"Invalid event category {category!r}.")
    size = self._get_param("MaxResults", MAX_RESULTS)
    if not isinstance(size, int) or not 1 <= size <= MAX_RESULTS:
        raise LookupError_("InvalidMaxResultsException", f"MaxResults must be between 1 and {MAX_RESULTS}.")

    query = hashlib.sha256(json.dumps([attributes, str(start), str(end), category, size], sort_keys=True).encode()).hexdigest()[:16]
    offset = 0
    if self._get_param("NextToken"):
        try:
            token = json.loads(base64.b64decode(self._get_param("NextToken")))
            offset = int(token["o"])
            if token["q"] != query:
                raise ValueError("token of another query")
        except (ValueError, KeyError, TypeError):
            raise LookupError_("InvalidNextTokenException", "Invalid NextToken: pass it with the parameters of the call that returned it.")

    found = [] if category == "insight" else [
        e for e in _events(cloudtrail_backends[self.current_account][self.region])
        if (start is None or e["EventTime"] >= start) and (end is None or e["EventTime"] <= end)
        and all(_matches(e, a["AttributeKey"], a["AttributeValue"]) for a in attributes)
    ]
    found.sort(key=lambda e: e["EventTime"], reverse=True)
    page = found[offset:offset + size]
    result: dict[str, Any] = {"Events": [{**e, "EventTime": e["EventTime"].timestamp()} for e in page]}
    if offset + size < len(found):
        result["NextToken"] = _token(query, offset + size)
    return json.dumps(result)


CloudTrailResponse.lookup_events = lookup_events  # type: ignore[attr-defined]


def _record(spec: dict[str, Any], event_id: str, when: datetime, account: str, region: str) -> dict[str, Any]:
    """A CloudTrail record (the ``CloudTrailEvent`` JSON) for an AWS API call."""
    user = spec.get("username") or "ana@example.com"
    return {
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "AssumedRole",
            "principalId": f"AROAEXAMPLE:{user}",
            "arn": f"arn:aws:sts::{account}:assumed-role/DataScientist/{user}",
            "accountId": account,
            "accessKeyId": spec.get("accessKeyId") or "ASIAEXAMPLE",
        },
        "eventTime": _iso(when),
        "eventSource": spec.get("eventSource") or "sagemaker.amazonaws.com",
        "eventName": spec["eventName"],
        "awsRegion": region,
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "console.amazonaws.com",
        "requestParameters": spec.get("requestParameters"),
        "responseElements": spec.get("responseElements"),
        "requestID": str(uuid.uuid5(uuid.NAMESPACE_URL, event_id)),
        "eventID": event_id,
        "readOnly": bool(spec.get("readOnly", False)),
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": account,
        "eventCategory": "Management",
    }


def seed_events(body: dict[str, Any]) -> dict[str, Any]:
    """Control op ``cloudtrail/events``: ``{region?, accountId?, events: [{eventName, eventTime,
    username?, eventSource?, readOnly?, accessKeyId?, requestParameters?, responseElements?,
    resources?: [{ResourceType, ResourceName}], cloudTrailEvent?}]}``.

    Each event is stored as LookupEvents returns it; ``CloudTrailEvent`` is built in the
    record shape unless ``cloudTrailEvent`` (an object or string) is given as is.
    """
    account, region = body.get("accountId") or DEFAULT_ACCOUNT_ID, body.get("region") or "us-east-1"
    events = body.get("events")
    if not isinstance(events, list):
        raise ValueError("events must be a list")
    store = _events(cloudtrail_backends[account][region])
    for spec in events:
        if not spec.get("eventName") or not spec.get("eventTime"):
            raise ValueError("every event needs eventName and eventTime")
        when = _epoch(spec["eventTime"], "eventTime")
        event_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{account}/{region}/{len(store)}/{spec['eventName']}/{when.isoformat()}"))
        record = spec.get("cloudTrailEvent") or _record(spec, event_id, when, account, region)
        resources = spec.get("resources") or []
        if any(not isinstance(r, dict) or "ResourceName" not in r for r in resources):
            raise ValueError("resources must be objects with ResourceType and ResourceName")
        store.append({
            "EventId": event_id,
            "EventName": spec["eventName"],
            "ReadOnly": "true" if spec.get("readOnly") else "false",
            "AccessKeyId": spec.get("accessKeyId") or "ASIAEXAMPLE",
            "EventTime": when,
            "EventSource": spec.get("eventSource") or "sagemaker.amazonaws.com",
            "Username": spec.get("username") or "ana@example.com",
            "Resources": resources,
            "CloudTrailEvent": record if isinstance(record, str) else json.dumps(record),
        })
    return {"region": region, "stored": len(events), "total": len(store)}


CONTROL_OPERATIONS = {"cloudtrail/events": seed_events}
