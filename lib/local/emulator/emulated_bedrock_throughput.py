"""Bedrock Provisioned Throughput for the local emulator (moto 5.2.1 has none).

Imported by launcher.py after moto. The operations are added to moto's own ``BedrockResponse``
(as launcher.py adds StopTrainingJob to SageMaker's), so a call is authenticated, recorded, routed
to the caller's account and region, and dispatched by moto from the REST path of botocore's
``bedrock`` 2023-04-20 model (REST-JSON, the shapes ``@aws-sdk/client-bedrock`` serializes):

  * ``GET /provisioned-model-throughputs`` ListProvisionedModelThroughputs: query ``creationTimeAfter``,
    ``creationTimeBefore`` (ISO-8601, exclusive), ``statusEquals``, ``modelArnEquals``, ``nameContains``,
    ``sortBy`` (``CreationTime``), ``sortOrder`` (default ``Descending``), ``maxResults`` (1-1000, default
    1000), ``nextToken`` (valid only with the same filters); answers ``provisionedModelSummaries`` and
    ``nextToken`` while more remain;
  * ``GET /provisioned-model-throughput/{provisionedModelId}`` GetProvisionedModelThroughput (name or ARN);
  * ``POST /provisioned-model-throughput`` CreateProvisionedModelThroughput (HTTP 201): ``modelUnits``
    (>= 1), ``provisionedModelName`` (unique in the region), ``modelId`` (a foundation-model id or ARN the
    region offers), ``commitmentDuration`` (``OneMonth``/``SixMonths``; absent: no commitment), ``tags``
    (at most 200), ``clientRequestToken`` (the same token with the same parameters answers the same ARN;
    with other parameters a ValidationException);
  * ``DELETE /provisioned-model-throughput/{provisionedModelId}``: refused with a ValidationException
    while a commitment is in term (AWS: "You can't delete a Provisioned Throughput by Model Units with
    commitment before the commitment term is complete", prov-thru-delete.html), a ConflictException
    while ``Creating`` or ``Updating``;
  * ListTagsForResource, TagResource, UntagResource (``POST /listTagsForResource`` ...): moto's handlers
    wrapped; a ``provisioned-model`` ARN of this module is answered here, any other ARN goes on to the
    handler that was in place (moto's, or another module's wrapper).

Errors are AWS's codes and HTTP statuses (ResourceNotFoundException 404, ValidationException,
ConflictException and TooManyTagsException 400); their message texts are not AWS's verbatim.
A model that is no longer offered is refused with ValidationException "The provided model identifier
is invalid." (the text Bedrock gives for an unknown model id; whether Create answers exactly this for
a withdrawn model is not confirmed).

Limits: a new throughput is ``InService`` at once (AWS spends minutes ``Creating``); its commitment term
is calendar months from its creation and never renews by itself (AWS renews it automatically at the end
of each term); custom models are not offered; UpdateProvisionedModelThroughput is not emulated.

Control ops (``/_emulator/...``; state lives on moto's Bedrock backend, so ``/moto-api/reset`` drops it):
  * ``bedrock/provisioned-model-throughput`` ``{region?, accountId?, provisionedModelId, status?,
    creationTime?, lastModifiedTime?, commitmentExpirationTime? (null clears), failureMessage?}``;
  * ``bedrock/foundation-models`` ``{region?, accountId?, offered?: [ids], withdraw?: [ids], offer?: [ids]}``.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import json
import re
import secrets
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import unquote

from moto.bedrock.models import bedrock_backends
from moto.bedrock.responses import BedrockResponse
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.exceptions import JsonRESTError
from moto.core.utils import utcnow

#: Foundation models a region offers for Provisioned Throughput until ``bedrock/foundation-models`` says otherwise.
DEFAULT_OFFERED = (
    "amazon.nova-2-lite-v1:0:256k",
    "amazon.nova-micro-v1:0:128k",
    "amazon.nova-lite-v1:0:300k",
    "anthropic.claude-3-haiku-20240307-v1:0:200k",
    "meta.llama3-1-70b-instruct-v1:0:128k",
    "cohere.command-text-v14:7:4k",
)
STATUSES = ("Creating", "InService", "Updating", "Failed")
COMMITMENTS = {"OneMonth": 1, "SixMonths": 6}
MAX_TAGS = 200
PROVISIONED_ARN = ":provisioned-model/"


class BedrockError(JsonRESTError):
    """A Bedrock API error as AWS answers it (``__type``, ``message``, the error's HTTP status)."""

    def __init__(self, error_type: str, message: str, status: int = 400):
        super().__init__(error_type, message)
        self.code = status


def _not_found(identifier: str) -> BedrockError:
    return BedrockError("ResourceNotFoundException", f"Provisioned model {identifier} not found.", 404)


class ControlError(ValueError):
    """A bad control-op request (the launcher answers ValueError with HTTP 400)."""


def _backend(account: str, region: str) -> Any:
    return bedrock_backends[account][region]


def _store(backend: Any) -> dict[str, dict[str, Any]]:
    """Throughputs by ARN, on moto's backend (so a reset drops them)."""
    return backend.__dict__.setdefault("finops_provisioned_models", {})


def _tokens(backend: Any) -> dict[str, tuple[str, str]]:
    """clientRequestToken -> (request fingerprint, ARN)."""
    return backend.__dict__.setdefault("finops_provisioned_tokens", {})


def _offered(backend: Any) -> set[str]:
    return backend.__dict__.setdefault("finops_offered_models", set(DEFAULT_OFFERED))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def _parse_time(value: Any, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise BedrockError("ValidationException", f"{field} must be an ISO-8601 timestamp, got {value!r}.")
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def _summary(pt: dict[str, Any]) -> dict[str, Any]:
    out = {k: pt[k] for k in ("provisionedModelName", "provisionedModelArn", "modelArn", "desiredModelArn", "foundationModelArn",
                              "modelUnits", "desiredModelUnits", "status")}
    if pt["commitmentDuration"]:
        out["commitmentDuration"] = pt["commitmentDuration"]
    if pt["commitmentExpirationTime"]:
        out["commitmentExpirationTime"] = _iso(pt["commitmentExpirationTime"])
    out["creationTime"] = _iso(pt["creationTime"])
    out["lastModifiedTime"] = _iso(pt["lastModifiedTime"])
    return out


def _find(backend: Any, identifier: str) -> dict[str, Any]:
    """A throughput by ARN or name, or ResourceNotFoundException."""
    store = _store(backend)
    if identifier in store:
        return store[identifier]
    for pt in store.values():
        if pt["provisionedModelName"] == identifier:
            return pt
    raise _not_found(identifier)


def _model_id(response: BedrockResponse) -> str:
    """The ``{provisionedModelId}`` label of the request path, decoded (an ARN arrives percent-encoded)."""
    match = response.uri_match
    raw = match.group("provisionedModelId") if match is not None else response.raw_path.rsplit("/", 1)[-1]
    return unquote(raw)


def _validate_name(name: Any) -> str:
    if not isinstance(name, str) or not 1 <= len(name) <= 63 or not re.fullmatch(r"([0-9a-zA-Z][_-]?)+", name):
        raise BedrockError("ValidationException", f"1 validation error detected: Value '{name}' at 'provisionedModelName' failed to satisfy constraint: "
                                                  "Member must satisfy regular expression pattern: ([0-9a-zA-Z][_-]?)+ and have length 1-63.")
    return name


def _foundation_id(model: Any, region: str) -> str:
    """The foundation-model id of ``model`` (an id, or a foundation-model ARN of this region)."""
    if not isinstance(model, str) or not model:
        raise BedrockError("ValidationException", "1 validation error detected: Value at 'modelId' failed to satisfy constraint: Member must not be null.")
    if model.startswith("arn:"):
        parts = model.split(":", 5)
        if len(parts) < 6 or parts[2] != "bedrock" or not parts[5].startswith("foundation-model/") or parts[3] != region:
            raise BedrockError("ValidationException", "The provided model identifier is invalid.")
        return parts[5][len("foundation-model/"):]
    return model


def list_provisioned_model_throughputs(self: BedrockResponse) -> str:
    backend = self.bedrock_backend
    q = {k: v[0] for k, v in self.querystring.items() if v}
    status = q.get("statusEquals")
    if status is not None and status not in STATUSES:
        raise BedrockError("ValidationException", f"Value '{status}' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: {list(STATUSES)}.")
    if q.get("sortBy", "CreationTime") != "CreationTime":
        raise BedrockError("ValidationException", "Value at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [CreationTime].")
    order = q.get("sortOrder", "Descending")
    if order not in ("Ascending", "Descending"):
        raise BedrockError("ValidationException", "Value at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending].")
    try:
        size = int(q.get("maxResults", 1000))
    except ValueError:
        size = 0
    if not 1 <= size <= 1000:
        raise BedrockError("ValidationException", "Value at 'maxResults' failed to satisfy constraint: Member must be between 1 and 1000.")
    after = _parse_time(q["creationTimeAfter"], "creationTimeAfter") if "creationTimeAfter" in q else None
    before = _parse_time(q["creationTimeBefore"], "creationTimeBefore") if "creationTimeBefore" in q else None
    found = [
        pt for pt in _store(backend).values()
        if (status is None or pt["status"] == status)
        and ("modelArnEquals" not in q or pt["modelArn"] == q["modelArnEquals"])
        and ("nameContains" not in q or q["nameContains"] in pt["provisionedModelName"])
        and (after is None or pt["creationTime"] > after)
        and (before is None or pt["creationTime"] < before)
    ]
    found.sort(key=lambda pt: (pt["creationTime"], pt["provisionedModelArn"]), reverse=order == "Descending")
    query = hashlib.sha256(json.dumps(sorted((k, v) for k, v in q.items() if k != "nextToken")).encode()).hexdigest()[:16]
    offset = 0
    if q.get("nextToken"):
        try:
            token = json.loads(base64.b64decode(q["nextToken"]))
            offset = int(token["o"])
            if token["q"] != query:
                raise ValueError("token of another query")
        except (ValueError, KeyError, TypeError):
            raise BedrockError("ValidationException", "Invalid nextToken: pass it with the parameters of the call that returned it.")
    result: dict[str, Any] = {"provisionedModelSummaries": [_summary(pt) for pt in found[offset:offset + size]]}
    if offset + size < len(found):
        result["nextToken"] = base64.b64encode(json.dumps({"q": query, "o": offset + size}).encode()).decode()
    return json.dumps(result)


def get_provisioned_model_throughput(self: BedrockResponse) -> str:
    pt = _find(self.bedrock_backend, _model_id(self))
    out = _summary(pt)
    if pt.get("failureMessage"):
        out["failureMessage"] = pt["failureMessage"]
    return json.dumps(out)


def create_provisioned_model_throughput(self: BedrockResponse) -> tuple[str, dict[str, Any]]:
    backend = self.bedrock_backend
    params = json.loads(self.body or "{}")
    name = _validate_name(params.get("provisionedModelName"))
    units = params.get("modelUnits")
    if not isinstance(units, int) or isinstance(units, bool) or units < 1:
        raise BedrockError("ValidationException", f"1 validation error detected: Value '{units}' at 'modelUnits' failed to satisfy constraint: Member must be greater than or equal to 1.")
    commitment = params.get("commitmentDuration")
    if commitment is not None and commitment not in COMMITMENTS:
        raise BedrockError("ValidationException", f"Value '{commitment}' at 'commitmentDuration' failed to satisfy constraint: Member must satisfy enum value set: [OneMonth, SixMonths].")
    tags = params.get("tags") or []
    if len(tags) > MAX_TAGS:
        raise BedrockError("TooManyTagsException", f"A resource can have at most {MAX_TAGS} tags.")
    model = _foundation_id(params.get("modelId"), self.region)
    token = params.get("clientRequestToken")
    fingerprint = hashlib.sha256(json.dumps([name, units, commitment, model, tags], sort_keys=True).encode()).hexdigest()
    if token and token in _tokens(backend):
        seen, arn = _tokens(backend)[token]
        if seen != fingerprint:
            raise BedrockError("ValidationException", "The clientRequestToken was already used with different parameters.")
        return json.dumps({"provisionedModelArn": arn}), {"status": 201}
    if model not in _offered(backend):
        raise BedrockError("ValidationException", "The provided model identifier is invalid.")
    if any(pt["provisionedModelName"] == name for pt in _store(backend).values()):
        raise BedrockError("ValidationException", f"A Provisioned Throughput named {name} already exists.")
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    arn = f"arn:aws:bedrock:{self.region}:{self.current_account}:provisioned-model/{''.join(secrets.choice(alphabet) for _ in range(12))}"
    model_arn = f"arn:aws:bedrock:{self.region}::foundation-model/{model}"
    now = utcnow().replace(microsecond=0)
    _store(backend)[arn] = {
        "provisionedModelName": name, "provisionedModelArn": arn, "modelArn": model_arn, "desiredModelArn": model_arn,
        "foundationModelArn": model_arn, "modelUnits": units, "desiredModelUnits": units, "status": "InService",
        "commitmentDuration": commitment,
        "commitmentExpirationTime": _add_months(now, COMMITMENTS[commitment]) if commitment else None,
        "creationTime": now, "lastModifiedTime": now, "failureMessage": None,
        "tags": {t["key"]: t["value"] for t in tags},
    }
    if token:
        _tokens(backend)[token] = (fingerprint, arn)
    return json.dumps({"provisionedModelArn": arn}), {"status": 201}


def delete_provisioned_model_throughput(self: BedrockResponse) -> str:
    backend = self.bedrock_backend
    pt = _find(backend, _model_id(self))
    if pt["status"] in ("Creating", "Updating"):
        raise BedrockError("ConflictException", f"Provisioned Throughput {pt['provisionedModelName']} is {pt['status']}; try again once it is InService or Failed.")
    expires = pt["commitmentExpirationTime"]
    if pt["commitmentDuration"] and expires is not None and expires > utcnow():
        raise BedrockError("ValidationException", f"Provisioned Throughput {pt['provisionedModelName']} has a {pt['commitmentDuration']} commitment until "
                                                  f"{_iso(expires)}; it can't be deleted before the commitment term is complete.")
    del _store(backend)[pt["provisionedModelArn"]]
    return json.dumps({})


def _ours(self: BedrockResponse) -> tuple[dict[str, Any], dict[str, Any] | None]:
    params = json.loads(self.body or "{}")
    arn = params.get("resourceARN") or ""
    if PROVISIONED_ARN not in arn:
        return params, None
    return params, _find(self.bedrock_backend, arn)


def _wrap(previous: Callable[[BedrockResponse], Any], ours: Callable[[BedrockResponse, dict[str, Any], dict[str, Any]], Any]) -> Callable[[BedrockResponse], Any]:
    """A tag handler that answers for this module's throughputs and leaves every other ARN to ``previous``."""

    def handler(self: BedrockResponse) -> Any:
        params, pt = _ours(self)
        return previous(self) if pt is None else ours(self, params, pt)

    return handler


def _list_tags(self: BedrockResponse, params: dict[str, Any], pt: dict[str, Any]) -> str:
    return json.dumps({"tags": [{"key": k, "value": v} for k, v in pt["tags"].items()]})


def _tag(self: BedrockResponse, params: dict[str, Any], pt: dict[str, Any]) -> str:
    new = {t["key"]: t["value"] for t in params.get("tags") or []}
    if len({**pt["tags"], **new}) > MAX_TAGS:
        raise BedrockError("TooManyTagsException", f"A resource can have at most {MAX_TAGS} tags.")
    pt["tags"].update(new)
    return json.dumps({})


def _untag(self: BedrockResponse, params: dict[str, Any], pt: dict[str, Any]) -> str:
    for key in params.get("tagKeys") or []:
        pt["tags"].pop(key, None)
    return json.dumps({})


BedrockResponse.list_provisioned_model_throughputs = list_provisioned_model_throughputs  # type: ignore[attr-defined]
BedrockResponse.get_provisioned_model_throughput = get_provisioned_model_throughput  # type: ignore[attr-defined]
BedrockResponse.create_provisioned_model_throughput = create_provisioned_model_throughput  # type: ignore[attr-defined]
BedrockResponse.delete_provisioned_model_throughput = delete_provisioned_model_throughput  # type: ignore[attr-defined]
BedrockResponse.list_tags_for_resource = _wrap(BedrockResponse.list_tags_for_resource, _list_tags)  # type: ignore[method-assign]
BedrockResponse.tag_resource = _wrap(BedrockResponse.tag_resource, _tag)  # type: ignore[method-assign]
BedrockResponse.untag_resource = _wrap(BedrockResponse.untag_resource, _untag)  # type: ignore[method-assign]


def _region_backend(body: dict[str, Any]) -> Any:
    return _backend(body.get("accountId") or DEFAULT_ACCOUNT_ID, body.get("region") or "us-east-1")


def set_throughput(body: dict[str, Any]) -> dict[str, Any]:
    """Control op ``bedrock/provisioned-model-throughput``: status and times of one throughput (see the module doc)."""
    identifier = body.get("provisionedModelId")
    if not identifier:
        raise ControlError("missing required field 'provisionedModelId' (name or ARN)")
    try:
        pt = _find(_region_backend(body), identifier)
    except BedrockError as err:
        raise ControlError(err.message)
    if "status" in body:
        if body["status"] not in STATUSES:
            raise ControlError(f"status must be one of {', '.join(STATUSES)}")
        pt["status"] = body["status"]
    try:
        created = _parse_time(body["creationTime"], "creationTime") if body.get("creationTime") else None
        modified = _parse_time(body["lastModifiedTime"], "lastModifiedTime") if body.get("lastModifiedTime") else None
        expires = body.get("commitmentExpirationTime")
        if expires is not None:
            expires = _parse_time(expires, "commitmentExpirationTime")
    except BedrockError as err:
        raise ControlError(err.message)
    if created:
        pt["creationTime"] = created
    if modified or created:
        pt["lastModifiedTime"] = modified or created
    if "commitmentExpirationTime" in body:
        pt["commitmentExpirationTime"] = expires
    if "failureMessage" in body:
        pt["failureMessage"] = body["failureMessage"]
    return _summary(pt)


def foundation_models(body: dict[str, Any]) -> dict[str, Any]:
    """Control op ``bedrock/foundation-models``: which foundation models the region offers for Provisioned Throughput."""
    offered = _offered(_region_backend(body))
    for key in ("offered", "withdraw", "offer"):
        if key in body and (not isinstance(body[key], list) or not all(isinstance(m, str) for m in body[key])):
            raise ControlError(f"{key} must be a list of model ids")
    if "offered" in body:
        offered.clear()
        offered.update(body["offered"])
    offered.difference_update(body.get("withdraw", []))
    offered.update(body.get("offer", []))
    return {"offered": sorted(offered)}


CONTROL_OPERATIONS = {"bedrock/provisioned-model-throughput": set_throughput, "bedrock/foundation-models": foundation_models}
