"""moto 5.2.1 fixes for what the tag-coverage sweep reads, for the local emulator.

Imported by launcher.py after moto. What moto's Resource Groups Tagging API ``GetResources``
serves, per resource type the sweep asks for (always with ``ResourceTypeFilters``: unfiltered,
moto walks every SageMaker collection and fails on the first broken one):

  * ``sagemaker:endpoint``, ``sagemaker:notebook-instance``, ``sagemaker:training-job``,
    ``sagemaker:processing-job``, ``sagemaker:model``, ``sagemaker:pipeline``,
    ``ec2:instance``, ``ec2:volume``: served, only resources with tags (as AWS: a resource
    never tagged is not returned).
  * ``sagemaker:endpoint-config``: moto fails (HTTP 500, ``'tuple' object has no attribute
    'split'``): ``FakeEndpointConfig`` sets ``arn = (endpoint_config_arn,)``, a one-element
    tuple. Fixed here: ``arn`` is the ARN string.
  * ``sagemaker:domain``: moto fails (HTTP 500, ``object of type 'NoneType' has no len()``) as
    soon as a domain created without tags exists: its ``tags`` is ``None``. Fixed here: ``[]``.
  * ``bedrock:*``: not served (moto returns nothing for these types, no error). The sweep reads
    Bedrock tags with Bedrock's own ``ListTagsForResource``, which moto serves for custom models.

Bedrock ``ListCustomModels``: moto writes ``creationTime`` as ``"2026-11-30 02:06:02"``
(``datetime.now()``, no zone), which SDKs reject (the API's timestamps are RFC 3339). Fixed here
by wrapping moto's handler: the same value as ``2026-11-30T02:06:02Z`` (the emulator runs in UTC).
Bedrock inference profiles are not served (provisioned throughputs: emulated_bedrock_throughput.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

from moto.bedrock.responses import BedrockResponse
from moto.sagemaker.models import Domain, FakeEndpointConfig

_endpoint_config_init = FakeEndpointConfig.__init__
_domain_init = Domain.__init__
_list_custom_models = BedrockResponse.list_custom_models
_MOTO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$")


def _endpoint_config_with_arn(self: FakeEndpointConfig, *args: Any, **kwargs: Any) -> None:
    """moto's constructor, then ``arn`` as the string ``endpoint_config_arn`` (not a tuple)."""
    _endpoint_config_init(self, *args, **kwargs)
    self.arn = self.endpoint_config_arn


def _domain_with_tag_list(self: Domain, *args: Any, **kwargs: Any) -> None:
    """moto's constructor, then ``tags`` as a list (``[]`` for a domain created without tags)."""
    _domain_init(self, *args, **kwargs)
    self.tags = self.tags or []


def _rfc3339(value: Any) -> Any:
    match = _MOTO_TIME.match(value) if isinstance(value, str) else None
    return f"{match.group(1)}T{match.group(2)}Z" if match else value


def list_custom_models(self: BedrockResponse) -> str:
    """moto's ListCustomModels with each ``creationTime`` in RFC 3339."""
    body = json.loads(_list_custom_models(self))
    for summary in body.get("modelSummaries") or []:
        summary["creationTime"] = _rfc3339(summary.get("creationTime"))
    return json.dumps(body)


FakeEndpointConfig.__init__ = _endpoint_config_with_arn  # type: ignore[method-assign]
Domain.__init__ = _domain_with_tag_list  # type: ignore[method-assign]
BedrockResponse.list_custom_models = list_custom_models  # type: ignore[method-assign]
