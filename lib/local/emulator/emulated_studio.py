"""SageMaker Studio for the local emulator: what moto 5.2.1 lacks around its domains.

moto has CreateDomain/DescribeDomain/ListDomains/DeleteDomain and tags on domains, but no
UpdateDomain, user profiles, spaces or apps. This module adds them to moto's own
``SageMakerResponse`` (as launcher.py adds StopTrainingJob), so each call is authenticated,
recorded, routed to the caller's account and region, and serialized by moto from botocore's
SageMaker model (the real request and response shapes). State lives on moto's SageMaker
backend, so ``/moto-api/reset`` drops it.

Shapes (SageMaker API Reference: UpdateDomain, Create/Describe/Update/List/DeleteUserProfile,
Create/Describe/Update/List/DeleteSpace, Create/Describe/Delete/ListApps, UserSettings,
SpaceSettings, IdleSettings, SpaceIdleSettings, AppDetails, SpaceDetails, ListTags):
  * ARNs ``domain/<id>``, ``user-profile/<domain>/<name>``, ``space/<domain>/<name>``,
    ``app/<domain>/<profile or space>/<app type, lower case>/<app name>``;
  * List* take ``MaxResults`` (1-100; default 10 here) and ``NextToken``; ListApps filters
    ``DomainIdEquals``, ``UserProfileNameEquals``, ``SpaceNameEquals`` and sorts by
    ``CreationTime`` (``SortOrder`` default Descending), and lists deleted apps with Status
    ``Deleted`` as AWS does;
  * ``ListTags``/``AddTags``/``DeleteTags`` on profile, space and app ARNs; other ARNs go to
    moto's handler (a domain created without tags gets an empty list first: moto keeps None).

Assumptions, stated because no public source settled them:
  * Update* replace each top-level member of ``DefaultUserSettings``/``UserSettings``/
    ``SpaceSettings`` they carry (``JupyterLabAppSettings`` as a whole) and keep the others;
    AWS documents no merge rule, so the sweeps always send a member whole.
  * Status changes are instant: CreateApp is InService at once (AWS: Pending for minutes),
    DeleteApp makes it Deleted at once (AWS: Deleting first). ``studio/apps`` sets any status.
  * Error codes: a missing domain, profile, space or app is ``ResourceNotFound`` "... does not
    exist"; CreateApp of an app that is not Deleted/Failed, or in a space that already runs
    another app, is ``ResourceInUse``; DeleteApp of an app not InService/Failed is a
    ``ValidationException``. The messages are this emulator's, not AWS's text.
  * Domain ids are moto's ``d-<domain name>``, not AWS's 12 random characters.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.sagemaker.exceptions import ResourceInUseException, ResourceNotFound, ValidationError
from moto.sagemaker.models import SageMakerModelBackend, sagemaker_backends
from moto.sagemaker.responses import SageMakerResponse
from moto.sagemaker.utils import arn_formatter

APP_TYPES = ("JupyterServer", "KernelGateway", "DetailedProfiler", "TensorBoard", "CodeEditor", "JupyterLab",
             "RStudioServerPro", "RSessionGateway", "Canvas")
APP_STATUSES = ("Deleted", "Deleting", "Failed", "InService", "Pending")


class Studio:
    """Profiles, spaces and apps of one account and region (kept on moto's backend)."""

    def __init__(self) -> None:
        self.profiles: dict[tuple[str, str], dict[str, Any]] = {}
        self.spaces: dict[tuple[str, str], dict[str, Any]] = {}
        self.apps: dict[tuple[str, str, str, str, str], dict[str, Any]] = {}
        self.tags: dict[str, list[dict[str, str]]] = {}


def _studio(backend: SageMakerModelBackend) -> Studio:
    return backend.__dict__.setdefault("finops_studio", Studio())


def _domain(backend: SageMakerModelBackend, domain_id: str) -> Any:
    if domain_id not in backend.domains:
        raise ResourceNotFound(message=f"Domain {domain_id} does not exist.")
    return backend.domains[domain_id]


def _replace_members(stored: dict[str, Any] | None, given: dict[str, Any] | None) -> dict[str, Any]:
    return {**(stored or {}), **(given or {})}


def _page(self: SageMakerResponse, items: list[Any], key: str) -> dict[str, Any]:
    size = self._get_param("MaxResults") or 10
    if not isinstance(size, int) or not 1 <= size <= 100:
        raise ValidationError(message="MaxResults must be between 1 and 100.")
    offset = 0
    if self._get_param("NextToken"):
        try:
            offset = int(json.loads(base64.b64decode(self._get_param("NextToken")))["o"])
        except (ValueError, KeyError, TypeError):
            raise ValidationError(message="Invalid NextToken.")
    result: dict[str, Any] = {key: items[offset:offset + size]}
    if offset + size < len(items):
        result["NextToken"] = base64.b64encode(json.dumps({"o": offset + size}).encode()).decode()
    return result


# --- Domains -----------------------------------------------------------------------


def update_domain(self: SageMakerResponse) -> ActionResult:
    domain = _domain(self.sagemaker_backend, self._get_param("DomainId"))
    if self._get_param("DefaultUserSettings") is not None:
        domain.default_user_settings = _replace_members(domain.default_user_settings, self._get_param("DefaultUserSettings"))
    if self._get_param("DefaultSpaceSettings") is not None:
        domain.default_space_settings = _replace_members(domain.default_space_settings, self._get_param("DefaultSpaceSettings"))
    domain.last_modified_time = utcnow()
    return ActionResult({"DomainArn": domain.arn})


# --- User profiles and spaces --------------------------------------------------------


def _owner(self: SageMakerResponse, kind: str) -> tuple[Studio, dict[str, Any]]:
    """The profile or space the request names (``kind`` ``user-profile`` or ``space``)."""
    studio = _studio(self.sagemaker_backend)
    domain_id, name = self._get_param("DomainId"), self._get_param("UserProfileName" if kind == "user-profile" else "SpaceName")
    items = studio.profiles if kind == "user-profile" else studio.spaces
    if (domain_id, name) not in items:
        raise ResourceNotFound(message=f"{'User profile' if kind == 'user-profile' else 'Space'} {domain_id}/{name} does not exist.")
    return studio, items[(domain_id, name)]


def _create_owner(self: SageMakerResponse, kind: str) -> dict[str, Any]:
    backend, studio = self.sagemaker_backend, _studio(self.sagemaker_backend)
    domain_id = self._get_param("DomainId")
    _domain(backend, domain_id)
    name = self._get_param("UserProfileName" if kind == "user-profile" else "SpaceName")
    items = studio.profiles if kind == "user-profile" else studio.spaces
    if (domain_id, name) in items:
        raise ResourceInUseException(message=f"{kind} {domain_id}/{name} already exists.")
    now = utcnow()
    arn = arn_formatter(kind, f"{domain_id}/{name}", self.current_account, self.region)
    item = {"DomainId": domain_id, "Status": "InService", "CreationTime": now, "LastModifiedTime": now, "Arn": arn}
    if kind == "user-profile":
        item.update(UserProfileName=name, UserSettings=self._get_param("UserSettings") or {})
    else:
        item.update(SpaceName=name, SpaceSettings=self._get_param("SpaceSettings") or {},
                    OwnershipSettings=self._get_param("OwnershipSettings"), SpaceSharingSettings=self._get_param("SpaceSharingSettings"),
                    SpaceDisplayName=self._get_param("SpaceDisplayName"))
    items[(domain_id, name)] = item
    studio.tags[arn] = list(self._get_param("Tags") or [])
    return item


def create_user_profile(self: SageMakerResponse) -> ActionResult:
    return ActionResult({"UserProfileArn": _create_owner(self, "user-profile")["Arn"]})


def create_space(self: SageMakerResponse) -> ActionResult:
    return ActionResult({"SpaceArn": _create_owner(self, "space")["Arn"]})


def describe_user_profile(self: SageMakerResponse) -> ActionResult:
    _, p = _owner(self, "user-profile")
    return ActionResult({"DomainId": p["DomainId"], "UserProfileArn": p["Arn"], "UserProfileName": p["UserProfileName"],
                         "HomeEfsFileSystemUid": "200001", "Status": p["Status"], "LastModifiedTime": p["LastModifiedTime"],
                         "CreationTime": p["CreationTime"], "UserSettings": p["UserSettings"]})


def describe_space(self: SageMakerResponse) -> ActionResult:
    _, s = _owner(self, "space")
    out = {"DomainId": s["DomainId"], "SpaceArn": s["Arn"], "SpaceName": s["SpaceName"], "HomeEfsFileSystemUid": "200002",
           "Status": s["Status"], "LastModifiedTime": s["LastModifiedTime"], "CreationTime": s["CreationTime"],
           "SpaceSettings": s["SpaceSettings"], "OwnershipSettings": s["OwnershipSettings"],
           "SpaceSharingSettings": s["SpaceSharingSettings"], "SpaceDisplayName": s["SpaceDisplayName"]}
    return ActionResult({k: v for k, v in out.items() if v is not None})


def update_user_profile(self: SageMakerResponse) -> ActionResult:
    _, p = _owner(self, "user-profile")
    p["UserSettings"] = _replace_members(p["UserSettings"], self._get_param("UserSettings"))
    p["LastModifiedTime"] = utcnow()
    return ActionResult({"UserProfileArn": p["Arn"]})


def update_space(self: SageMakerResponse) -> ActionResult:
    _, s = _owner(self, "space")
    s["SpaceSettings"] = _replace_members(s["SpaceSettings"], self._get_param("SpaceSettings"))
    if self._get_param("SpaceDisplayName") is not None:
        s["SpaceDisplayName"] = self._get_param("SpaceDisplayName")
    s["LastModifiedTime"] = utcnow()
    return ActionResult({"SpaceArn": s["Arn"]})


def _listed(items: dict[tuple[str, str], dict[str, Any]], self: SageMakerResponse, contains: str) -> list[dict[str, Any]]:
    domain, part = self._get_param("DomainIdEquals"), self._get_param(contains)
    found = [i for (d, n), i in items.items() if (not domain or d == domain) and (not part or part in n)]
    return sorted(found, key=lambda i: i["CreationTime"], reverse=self._get_param("SortOrder") != "Ascending")


def list_user_profiles(self: SageMakerResponse) -> ActionResult:
    found = _listed(_studio(self.sagemaker_backend).profiles, self, "UserProfileNameContains")
    rows = [{k: p[k] for k in ("DomainId", "UserProfileName", "Status", "CreationTime", "LastModifiedTime")} for p in found]
    return ActionResult(_page(self, rows, "UserProfiles"))


def list_spaces(self: SageMakerResponse) -> ActionResult:
    rows = []
    for s in _listed(_studio(self.sagemaker_backend).spaces, self, "SpaceNameContains"):
        settings, owner, sharing = s["SpaceSettings"] or {}, s["OwnershipSettings"], s["SpaceSharingSettings"]
        row = {k: s[k] for k in ("DomainId", "SpaceName", "Status", "CreationTime", "LastModifiedTime")}
        row["SpaceSettingsSummary"] = {k: settings[k] for k in ("AppType", "RemoteAccess") if k in settings}
        if owner:
            row["OwnershipSettingsSummary"] = {"OwnerUserProfileName": owner.get("OwnerUserProfileName")}
        if sharing:
            row["SpaceSharingSettingsSummary"] = {"SharingType": sharing.get("SharingType")}
        if s["SpaceDisplayName"]:
            row["SpaceDisplayName"] = s["SpaceDisplayName"]
        rows.append(row)
    return ActionResult(_page(self, rows, "Spaces"))


def delete_user_profile(self: SageMakerResponse) -> EmptyResult:
    studio, p = _owner(self, "user-profile")
    del studio.profiles[(p["DomainId"], p["UserProfileName"])]
    return EmptyResult()


def delete_space(self: SageMakerResponse) -> EmptyResult:
    studio, s = _owner(self, "space")
    del studio.spaces[(s["DomainId"], s["SpaceName"])]
    return EmptyResult()


# --- Apps --------------------------------------------------------------------------


def _app_key(self: SageMakerResponse) -> tuple[str, str, str, str, str]:
    """(domain, "user"|"space", owner name, app type, app name) of the request; checks its owner exists."""
    domain_id, profile, space = self._get_param("DomainId"), self._get_param("UserProfileName"), self._get_param("SpaceName")
    app_type, app_name = self._get_param("AppType"), self._get_param("AppName")
    if bool(profile) == bool(space):
        raise ValidationError(message="Specify exactly one of UserProfileName and SpaceName.")
    if app_type not in APP_TYPES:
        raise ValidationError(message=f"Value '{app_type}' at 'appType' failed to satisfy constraint: Member must satisfy enum value set: {list(APP_TYPES)}")
    _domain(self.sagemaker_backend, domain_id)
    _owner(self, "user-profile" if profile else "space")
    return (domain_id, "user" if profile else "space", profile or space, app_type, app_name)


def _app(self: SageMakerResponse) -> dict[str, Any]:
    key = _app_key(self)
    app = _studio(self.sagemaker_backend).apps.get(key)
    if app is None:
        raise ResourceNotFound(message=f"App {key[0]}/{key[2]}/{key[3]}/{key[4]} does not exist.")
    return app


def create_app(self: SageMakerResponse) -> ActionResult:
    key = _app_key(self)
    studio = _studio(self.sagemaker_backend)
    existing = studio.apps.get(key)
    if existing and existing["Status"] not in ("Deleted", "Failed"):
        raise ResourceInUseException(message=f"App {key[3]}/{key[4]} already exists with status {existing['Status']}.")
    if key[1] == "space" and any(k[:3] == key[:3] and k != key and a["Status"] in ("InService", "Pending") for k, a in studio.apps.items()):
        raise ResourceInUseException(message=f"Space {key[2]} already runs an app; a space runs one app at a time.")
    arn = arn_formatter("app", f"{key[0]}/{key[2]}/{key[3].lower()}/{key[4]}", self.current_account, self.region)
    app = {"AppArn": arn, "AppType": key[3], "AppName": key[4], "DomainId": key[0], "Status": "InService", "CreationTime": utcnow(),
           ("UserProfileName" if key[1] == "user" else "SpaceName"): key[2]}
    spec = self._get_param("ResourceSpec")
    if spec:
        app["ResourceSpec"] = spec
    studio.apps[key] = app
    studio.tags[arn] = list(self._get_param("Tags") or [])
    return ActionResult({"AppArn": arn})


def describe_app(self: SageMakerResponse) -> ActionResult:
    return ActionResult(dict(_app(self)))


def delete_app(self: SageMakerResponse) -> EmptyResult:
    app = _app(self)
    if app["Status"] not in ("InService", "Failed"):
        raise ValidationError(message=f"App {app['AppType']}/{app['AppName']} is {app['Status']}; only an InService or Failed app can be deleted.")
    app["Status"] = "Deleted"
    return EmptyResult()


def list_apps(self: SageMakerResponse) -> ActionResult:
    domain, profile, space = self._get_param("DomainIdEquals"), self._get_param("UserProfileNameEquals"), self._get_param("SpaceNameEquals")
    found = [a for a in _studio(self.sagemaker_backend).apps.values()
             if (not domain or a["DomainId"] == domain) and (not profile or a.get("UserProfileName") == profile)
             and (not space or a.get("SpaceName") == space)]
    found.sort(key=lambda a: a["CreationTime"], reverse=self._get_param("SortOrder") != "Ascending")
    fields = ("DomainId", "UserProfileName", "SpaceName", "AppType", "AppName", "Status", "CreationTime", "ResourceSpec")
    return ActionResult(_page(self, [{k: a[k] for k in fields if k in a} for a in found], "Apps"))


# --- Tags: wrap moto's handlers, falling through for ARNs that are not ours ---------


def _tagged(self: SageMakerResponse) -> list[dict[str, str]] | None:
    """The tag list of a profile, space or app ARN (``None``: not ours, moto answers)."""
    arn = self._get_param("ResourceArn") or ""
    resource = arn.split(":", 5)[-1]
    studio = _studio(self.sagemaker_backend)
    if resource.startswith(("user-profile/", "space/", "app/")):
        if arn not in studio.tags:
            raise ResourceNotFound(message=f"Resource {arn} does not exist.")
        return studio.tags[arn]
    if resource.startswith("domain/"):
        domain = self.sagemaker_backend.domains.get(resource.split("/", 1)[1])
        if domain is not None and domain.tags is None:
            domain.tags = []  # moto keeps None for a domain created without tags, and fails on it
    return None


def _wrap_tags() -> None:
    moto_list, moto_add, moto_delete = SageMakerResponse.list_tags, SageMakerResponse.add_tags, SageMakerResponse.delete_tags

    def list_tags(self: SageMakerResponse) -> ActionResult:
        tags = _tagged(self)
        return moto_list(self) if tags is None else ActionResult(_page(self, list(tags), "Tags"))

    def add_tags(self: SageMakerResponse) -> ActionResult:
        tags = _tagged(self)
        if tags is None:
            return moto_add(self)
        for tag in self._get_param("Tags") or []:
            tags[:] = [t for t in tags if t["Key"] != tag["Key"]] + [tag]
        return ActionResult({"Tags": list(tags)})

    def delete_tags(self: SageMakerResponse) -> EmptyResult:
        tags = _tagged(self)
        if tags is None:
            return moto_delete(self)
        keys = set(self._get_param("TagKeys") or [])
        tags[:] = [t for t in tags if t["Key"] not in keys]
        return EmptyResult()

    SageMakerResponse.list_tags, SageMakerResponse.add_tags, SageMakerResponse.delete_tags = list_tags, add_tags, delete_tags  # type: ignore[method-assign]


for _name, _handler in list(globals().items()):
    if _name in ("update_domain", "create_user_profile", "create_space", "describe_user_profile", "describe_space",
                 "update_user_profile", "update_space", "list_user_profiles", "list_spaces", "delete_user_profile",
                 "delete_space", "create_app", "describe_app", "delete_app", "list_apps"):
        setattr(SageMakerResponse, _name, _handler)
_wrap_tags()


# --- Control op --------------------------------------------------------------------


def _naive(value: Any, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{field} must be an ISO-8601 timestamp, got {value!r}")
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def seed_apps(body: dict[str, Any]) -> dict[str, Any]:
    """Control op ``studio/apps``: ``{region?, accountId?, apps: [{domainId, userProfileName? | spaceName?,
    appType, appName, status?, creationTime?, lastUserActivityTimestamp?}]}`` sets the status and times of
    existing apps (AWS's own API cannot backdate an app)."""
    account, region = body.get("accountId") or DEFAULT_ACCOUNT_ID, body.get("region") or "us-east-1"
    studio = _studio(sagemaker_backends[account][region])
    apps = body.get("apps")
    if not isinstance(apps, list):
        raise ValueError("apps must be a list")
    for spec in apps:
        owner = ("user", spec["userProfileName"]) if spec.get("userProfileName") else ("space", spec.get("spaceName"))
        key = (spec.get("domainId"), owner[0], owner[1], spec.get("appType"), spec.get("appName"))
        app = studio.apps.get(key)  # type: ignore[arg-type]
        if app is None:
            raise KeyError(f"app {'/'.join(str(k) for k in key)} not found")
        if spec.get("status") is not None:
            if spec["status"] not in APP_STATUSES:
                raise ValueError(f"status must be one of {', '.join(APP_STATUSES)}")
            app["Status"] = spec["status"]
        if spec.get("creationTime"):
            app["CreationTime"] = _naive(spec["creationTime"], "creationTime")
        if spec.get("lastUserActivityTimestamp"):
            app["LastUserActivityTimestamp"] = _naive(spec["lastUserActivityTimestamp"], "lastUserActivityTimestamp")
    return {"region": region, "updated": len(apps)}


CONTROL_OPERATIONS = {"studio/apps": seed_apps}
