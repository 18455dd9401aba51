"""Bedrock inference profiles for the local emulator (moto 5.2.1 has none).

Imported by launcher.py after moto. Added to moto's own ``BedrockResponse`` (as
emulated_cloudtrail.py adds LookupEvents), so calls are authenticated, recorded, routed to
the caller's account and region and answered in AWS's REST-JSON shapes:

  * ``CreateInferenceProfile`` (POST /inference-profiles, HTTP 201): an application inference
    profile copied from a foundation-model ARN of the caller's region (one model) or from a
    system-defined (cross-Region) profile of the fixture (one model per destination Region);
    ``clientRequestToken`` makes a retry return the same profile; a taken name is a
    ConflictException; tags are kept.
  * ``GetInferenceProfile`` (GET /inference-profiles/{id or ARN}) and ``DeleteInferenceProfile``.
  * ``ListInferenceProfiles`` (GET /inference-profiles?type=&maxResults=&nextToken=):
    ``type`` APPLICATION or SYSTEM_DEFINED; absent, both (AWS does not document its default;
    finops-ai always sends it). ``maxResults`` 1-1000, default 1000; ``nextToken`` pages.
  * ``ListTagsForResource`` / ``TagResource`` / ``UntagResource`` for application profile
    ARNs. These WRAP moto's handlers (and whatever another module installed before this one):
    any other ARN falls through to them unchanged.

Shapes: the Bedrock API Reference (CreateInferenceProfile, GetInferenceProfile,
ListInferenceProfiles, InferenceProfileSummary, InferenceProfileModel, Tag), checked against
botocore's bedrock 2023-04-20 service model. System-defined profiles come from
fixtures/bedrock/system-inference-profiles.json (provenance: fixtures/bedrock/PROVENANCE.md).

Limits: no per-account quota (AWS allows 1,000 application profiles per Region), no
``UpdateInferenceProfile`` (AWS has none either), ids are 12 random lower-case characters.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import string
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import unquote

from moto.bedrock.exceptions import BedrockClientError, ResourceNotFoundException, ValidationException
from moto.bedrock.models import bedrock_backends
from moto.bedrock.responses import BedrockResponse

NAME = re.compile(r"^([0-9a-zA-Z][ _-]?)+$")
FOUNDATION_MODEL = re.compile(r"^arn:aws(-[a-z-]+)?:bedrock:([0-9a-z-]+)::foundation-model/([a-zA-Z0-9-:.]+)$")
SYSTEM_PROFILE = re.compile(r"^arn:aws(-[a-z-]+)?:bedrock:([0-9a-z-]+):(\d{12})?:inference-profile/([a-zA-Z0-9-:.]+)$")
APP_PROFILE_ARN = re.compile(r"^arn:aws(-[a-z-]+)?:bedrock:[0-9a-z-]+:\d{12}:application-inference-profile/[a-z0-9]+$")
MAX_RESULTS = 1000
FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "bedrock", "system-inference-profiles.json")


class ConflictException(BedrockClientError):
    def __init__(self, msg: str):
        super().__init__("ConflictException", msg)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _store(response: BedrockResponse) -> dict[str, dict[str, Any]]:
    """The application profiles of the caller's account and region, by id (on moto's backend: reset drops them)."""
    backend = bedrock_backends[response.current_account][response.region]
    return backend.__dict__.setdefault("finops_inference_profiles", {})


def _system_profiles(region: str) -> list[dict[str, Any]]:
    """The fixture's system-defined profiles whose source Region is ``region``, in the API's shape."""
    with open(FIXTURE, encoding="utf-8") as f:
        fixture = json.load(f)
    found = []
    for p in fixture["profiles"]:
        if p["sourceRegion"] != region:
            continue
        found.append({
            "inferenceProfileName": p["inferenceProfileName"],
            "description": p.get("description", ""),
            "createdAt": fixture["createdAt"],
            "updatedAt": fixture["createdAt"],
            "inferenceProfileArn": f"arn:aws:bedrock:{region}::inference-profile/{p['inferenceProfileId']}",
            "models": [{"modelArn": f"arn:aws:bedrock:{r}::foundation-model/{p['modelId']}"} for r in p["destinationRegions"]],
            "inferenceProfileId": p["inferenceProfileId"],
            "status": "ACTIVE",
            "type": "SYSTEM_DEFINED",
        })
    return found


def _summary(profile: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in profile.items() if k not in ("tags", "clientRequestToken")}


def _identifier(response: BedrockResponse) -> str:
    return unquote(response.raw_path.split("/inference-profiles/", 1)[1].split("?", 1)[0])


def _find(response: BedrockResponse, identifier: str) -> dict[str, Any]:
    for profile in _store(response).values():
        if identifier in (profile["inferenceProfileId"], profile["inferenceProfileArn"]):
            return profile
    for profile in _system_profiles(response.region):
        if identifier in (profile["inferenceProfileId"], profile["inferenceProfileArn"]):
            return profile
    raise ResourceNotFoundException(f"Inference profile {identifier} not found.")


def _models_of(response: BedrockResponse, source: str) -> list[dict[str, str]]:
    model = FOUNDATION_MODEL.match(source)
    if model:
        if model.group(2) != response.region:
            raise ValidationException(f"The model {source} is not in the Region of the request ({response.region}).")
        return [{"modelArn": source}]
    system = SYSTEM_PROFILE.match(source)
    if system:
        return _find(response, system.group(4))["models"]
    raise ValidationException(f"modelSource.copyFrom {source!r} is not a foundation model or inference profile ARN.")


def create_inference_profile(self: BedrockResponse) -> tuple[int, dict[str, str], str]:
    params = json.loads(self.body or "{}")
    name = params.get("inferenceProfileName") or ""
    source = (params.get("modelSource") or {}).get("copyFrom") or ""
    token = params.get("clientRequestToken")
    if not 1 <= len(name) <= 64 or not NAME.match(name):
        raise ValidationException(f"inferenceProfileName {name!r} must be 1-64 characters matching ([0-9a-zA-Z][ _-]?)+.")
    store = _store(self)
    for profile in store.values():
        if token and profile.get("clientRequestToken") == token:
            return 201, {"status": 201}, json.dumps({"inferenceProfileArn": profile["inferenceProfileArn"], "status": "ACTIVE"})
        if profile["inferenceProfileName"] == name:
            raise ConflictException(f"An inference profile named {name} already exists.")
    models = _models_of(self, source)
    tags = params.get("tags") or []
    if any(not isinstance(t, dict) or "key" not in t or "value" not in t for t in tags):
        raise ValidationException("tags must be objects with key and value.")
    profile_id = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(12))
    now = _iso(datetime.now(timezone.utc))
    profile = {
        "inferenceProfileName": name,
        "description": params.get("description") or "",
        "createdAt": now,
        "updatedAt": now,
        "inferenceProfileArn": f"arn:aws:bedrock:{self.region}:{self.current_account}:application-inference-profile/{profile_id}",
        "models": models,
        "inferenceProfileId": profile_id,
        "status": "ACTIVE",
        "type": "APPLICATION",
        "tags": [{"key": t["key"], "value": t["value"]} for t in tags],
        "clientRequestToken": token,
    }
    store[profile_id] = profile
    return 201, {"status": 201}, json.dumps({"inferenceProfileArn": profile["inferenceProfileArn"], "status": "ACTIVE"})


def get_inference_profile(self: BedrockResponse) -> str:
    return json.dumps(_summary(_find(self, _identifier(self))))


def delete_inference_profile(self: BedrockResponse) -> str:
    profile = _find(self, _identifier(self))
    if profile["type"] != "APPLICATION":
        raise ValidationException("Only application inference profiles can be deleted.")
    del _store(self)[profile["inferenceProfileId"]]
    return json.dumps({})


def _query(response: BedrockResponse, name: str) -> str | None:
    values = response.querystring.get(name)
    return values[0] if values else None


def list_inference_profiles(self: BedrockResponse) -> str:
    kind = _query(self, "type")
    if kind not in (None, "APPLICATION", "SYSTEM_DEFINED"):
        raise ValidationException(f"type {kind!r} must be APPLICATION or SYSTEM_DEFINED.")
    size = int(_query(self, "maxResults") or MAX_RESULTS)
    if not 1 <= size <= MAX_RESULTS:
        raise ValidationException(f"maxResults must be between 1 and {MAX_RESULTS}.")
    profiles = []
    if kind in (None, "SYSTEM_DEFINED"):
        profiles += _system_profiles(self.region)
    if kind in (None, "APPLICATION"):
        profiles += sorted(_store(self).values(), key=lambda p: (p["createdAt"], p["inferenceProfileId"]))
    offset = 0
    token = _query(self, "nextToken")
    if token:
        try:
            offset = int(json.loads(base64.b64decode(token))["o"])
        except (ValueError, KeyError, TypeError):
            raise ValidationException("Invalid nextToken.")
    result: dict[str, Any] = {"inferenceProfileSummaries": [_summary(p) for p in profiles[offset:offset + size]]}
    if offset + size < len(profiles):
        result["nextToken"] = base64.b64encode(json.dumps({"o": offset + size}).encode()).decode()
    return json.dumps(result)


def _own(response: BedrockResponse) -> tuple[dict[str, Any], str] | None:
    """The application profile the request's ``resourceARN`` names, or ``None`` for any other ARN."""
    arn = json.loads(response.body or "{}").get("resourceARN") or ""
    if not APP_PROFILE_ARN.match(arn):
        return None
    for profile in _store(response).values():
        if profile["inferenceProfileArn"] == arn:
            return profile, arn
    raise ResourceNotFoundException(f"Resource {arn} not found")


def _wrap(name: str, own: Callable[[BedrockResponse, dict[str, Any], dict[str, Any]], str]) -> None:
    """Replaces ``BedrockResponse.<name>`` by one that serves application profiles and falls through otherwise."""
    previous = getattr(BedrockResponse, name)

    def handler(self: BedrockResponse) -> Any:
        found = _own(self)
        if found is None:
            return previous(self)
        return own(self, found[0], json.loads(self.body or "{}"))

    setattr(BedrockResponse, name, handler)


def _list_tags(_self: BedrockResponse, profile: dict[str, Any], _params: dict[str, Any]) -> str:
    return json.dumps({"tags": profile["tags"]})


def _tag(_self: BedrockResponse, profile: dict[str, Any], params: dict[str, Any]) -> str:
    tags = params.get("tags") or []
    merged = {t["key"]: t["value"] for t in profile["tags"]}
    merged.update({t["key"]: t["value"] for t in tags})
    if len(merged) > 50:
        raise BedrockClientError("TooManyTagsException", "Member must have length less than or equal to 50")
    profile["tags"] = [{"key": k, "value": v} for k, v in merged.items()]
    return json.dumps({})


def _untag(_self: BedrockResponse, profile: dict[str, Any], params: dict[str, Any]) -> str:
    keys = set(params.get("tagKeys") or [])
    profile["tags"] = [t for t in profile["tags"] if t["key"] not in keys]
    return json.dumps({})


BedrockResponse.create_inference_profile = create_inference_profile  # type: ignore[attr-defined]
BedrockResponse.get_inference_profile = get_inference_profile  # type: ignore[attr-defined]
BedrockResponse.delete_inference_profile = delete_inference_profile  # type: ignore[attr-defined]
BedrockResponse.list_inference_profiles = list_inference_profiles  # type: ignore[attr-defined]
_wrap("list_tags_for_resource", _list_tags)
_wrap("tag_resource", _tag)
_wrap("untag_resource", _untag)

