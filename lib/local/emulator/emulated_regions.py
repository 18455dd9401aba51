"""EC2 ``DescribeRegions`` with each account's own opt-in status, for the local emulator.

In AWS, the commercial regions launched before 20 March 2019 are enabled in every account
(``OptInStatus`` ``opt-in-not-required``); a later one is ``not-opted-in`` until the account
enables it (then ``opted-in``). moto 5.2.1 answers one fixed list for every account (and
marks af-south-1, ap-southeast-3 and eu-south-1, which are opt-in regions, as not
requiring it). Imported by launcher.py, this wraps moto's ``describe_regions`` so that:

  * the 17 default regions (and every region of the other partitions) are
    ``opt-in-not-required``; every other commercial region is ``not-opted-in``;
  * the control op ``ec2/region-opt-in`` ``{accountId, region, status: opted-in|not-opted-in}``
    sets one account's status of one opt-in region (kept on that account's us-east-1 EC2
    backend, so ``/moto-api/reset`` drops it).

The response is moto's (``RegionName``, ``Endpoint``, ``OptInStatus``); like
``AllRegions=true``, disabled regions are listed with their status (callers here always
ask with ``AllRegions`` and ``RegionNames``).
"""

from __future__ import annotations

from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ec2.models import ec2_backends
from moto.ec2.models.availability_zones_and_regions import Region, RegionsAndZonesBackend

#: Enabled in every account (AWS Account Management guide, "Enable or disable AWS Regions").
DEFAULT_REGIONS = {
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2",
    "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-southeast-1", "ap-southeast-2",
}
STATUSES = ("opted-in", "not-opted-in")


def _opt_ins(account: str) -> dict[str, str]:
    backend = ec2_backends[account]["us-east-1"]
    if not hasattr(backend, "finops_region_opt_in"):
        backend.finops_region_opt_in = {}
    return backend.finops_region_opt_in


_moto_describe_regions = RegionsAndZonesBackend.describe_regions


def _describe_regions(self: Any, region_names: list[str] | None = None) -> list[Region]:
    opted = _opt_ins(self.account_id)
    regions = []
    for region in _moto_describe_regions(self, region_names):
        commercial = region.endpoint.endswith(".amazonaws.com") and not region.name.startswith("us-gov-")
        status = "opt-in-not-required" if region.name in DEFAULT_REGIONS or not commercial else opted.get(region.name, "not-opted-in")
        regions.append(Region(region.name, region.endpoint, status))
    return regions


RegionsAndZonesBackend.describe_regions = _describe_regions  # type: ignore[method-assign]


def region_opt_in(body: dict[str, Any]) -> dict[str, Any]:
    """Set one account's opt-in status of one region: ``{accountId?, region, status}``."""
    account, region, status = body.get("accountId") or DEFAULT_ACCOUNT_ID, body.get("region"), body.get("status")
    if not region or region in DEFAULT_REGIONS:
        raise ValueError(f"region must be an opt-in region, got {region!r}")
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    _opt_ins(account)[region] = status
    return {"accountId": account, "region": region, "status": status}


CONTROL_OPERATIONS = {"ec2/region-opt-in": region_opt_in}
