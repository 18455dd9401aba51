"""STS ``AssumeRole`` authorized as AWS does it, for the local emulator.

moto 5.2.1 lets any caller assume any role ARN, existing or not, in any account (its
docstring: "the role does not need to exist"), so a member account without the
FinOpsAiMember role would look reachable. Imported by launcher.py after moto, this wraps
moto's ``STSBackend.assume_role`` and refuses, with AWS's ``AccessDenied`` (HTTP 403,
``User: <caller> is not authorized to perform: sts:AssumeRole on resource: <role arn>``,
the STS API Reference's error for a role that does not exist or does not trust the caller):

  * a role that does not exist in the target account;
  * a role whose trust policy has no ``Allow`` of ``sts:AssumeRole`` for the caller's
    account (principal ``arn:<partition>:iam::<caller>:root``, the bare account id, any ARN
    in that account, or ``*``);
  * a trust policy with a ``sts:ExternalId`` condition (``StringEquals``) that the
    request's ``ExternalId`` does not match.

The control op ``iam/role`` ``{accountId, roleName, trustPolicy}`` creates a role in any
account (seeding the FinOpsAiMember role of many member accounts at once).

Everything else (credentials, the assumed-role identity, routing later calls to the role's
account) stays moto's. Limits: no SCPs, no permission policies evaluated on later calls,
no other condition keys.
"""

from __future__ import annotations

import json
import re
from typing import Any

from moto.core.exceptions import ServiceException
from moto.iam.models import iam_backends
from moto.sts.models import STSBackend

ROLE_ARN = re.compile(r"^arn:([^:]+):iam::(\d{12}):role/(?:.*/)?([^/]+)$")


class AccessDenied(ServiceException):
    """STS's AccessDenied (HTTP 403, as AWS answers an AssumeRole it refuses)."""

    code = "AccessDenied"


def _caller_arn(backend: STSBackend) -> str:
    return f"arn:{backend.partition}:iam::{backend.account_id}:user/moto"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _trusts(document: str, caller: str, partition: str, external_id: str | None) -> bool:
    """Whether a trust policy lets account ``caller`` assume the role (with ``external_id``)."""
    try:
        policy = json.loads(document)
    except (TypeError, ValueError):
        return False
    for statement in _as_list(policy.get("Statement", [])):
        if statement.get("Effect") != "Allow" or "sts:AssumeRole" not in _as_list(statement.get("Action", [])):
            continue
        principals = statement.get("Principal", {})
        aws = _as_list(principals.get("AWS", [])) if isinstance(principals, dict) else _as_list(principals)
        if not any(p == "*" or p == caller or str(p).startswith(f"arn:{partition}:iam::{caller}:") for p in aws):
            continue
        condition = statement.get("Condition", {})
        wanted = [v for op in ("StringEquals", "StringLike") for v in _as_list(condition.get(op, {}).get("sts:ExternalId", []))]
        if wanted and external_id not in wanted:
            continue
        return True
    return False


_moto_assume_role = STSBackend.assume_role


def _assume_role(self: STSBackend, region_name: str, role_session_name: str, role_arn: str, policy: str,
                 duration: int, external_id: str) -> Any:
    match = ROLE_ARN.match(role_arn or "")
    denied = AccessDenied(f"User: {_caller_arn(self)} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")
    if not match:
        raise denied
    partition, account, name = match.groups()
    role = next((r for r in iam_backends[account][partition].roles.values() if r.name == name), None)
    if role is None or not _trusts(role.assume_role_policy_document, self.account_id, partition, external_id):
        raise denied
    return _moto_assume_role(self, region_name, role_session_name, role_arn, policy, duration, external_id)


STSBackend.assume_role = _assume_role  # type: ignore[method-assign]


def member_role(body: dict[str, Any]) -> dict[str, Any]:
    """Create a role in an account: ``{accountId, roleName, trustPolicy}`` (seeding member roles in bulk)."""
    account, name, trust = body.get("accountId"), body.get("roleName"), body.get("trustPolicy")
    if not account or not name or not isinstance(trust, dict):
        raise ValueError("accountId, roleName and trustPolicy (an object) are required")
    iam = iam_backends[account]["aws"]
    role = iam.create_role(role_name=name, assume_role_policy_document=json.dumps(trust), path="/", permissions_boundary=None,
                           description="", tags=[], max_session_duration="3600")
    return {"arn": role.arn}


CONTROL_OPERATIONS = {"iam/role": member_role}
