"""Cost Explorer ``GetCostAndUsage`` and ``GetCostForecast`` for the local emulator.

moto 5.2.1's Cost Explorer replays canned results (``/moto-api/static/ce/cost-and-usage-results``)
and has no forecast. Imported by launcher.py after moto, this module answers both operations
from a seeded table of daily costs, on moto's own ``CostExplorerResponse`` (as
emulated_cloudtrail.py adds LookupEvents), so a call is authenticated, recorded and answered
in AWS JSON 1.1 (``X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage``). When canned
results were queued through moto's API, ``GetCostAndUsage`` falls through to moto's.

Seed with the control op ``costexplorer/seed``; the table lives on moto's Cost Explorer
backend, so ``/moto-api/reset`` drops it with the rest. Which shapes follow the Cost
Explorer API reference, and what the emulator chose where AWS documents nothing, is in
fixtures/cost-explorer/PROVENANCE.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, timedelta
from typing import Any, Callable

from moto.ce.models import ce_backends
from moto.ce.responses import CostExplorerResponse
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.exceptions import JsonRESTError

#: GetCostAndUsage metric names (request and response spelling) and the seeded row field of each.
METRICS = {
    "UnblendedCost": "cost", "AmortizedCost": "amortizedCost", "NetAmortizedCost": "netAmortizedCost",
    "BlendedCost": "blendedCost", "NetUnblendedCost": "netUnblendedCost", "UsageQuantity": "usageQuantity",
    "NormalizedUsageAmount": "usageQuantity",
}
#: GetCostForecast ``Metric`` values and the GetCostAndUsage metric each one forecasts.
FORECAST_METRICS = {
    "UNBLENDED_COST": "UnblendedCost", "AMORTIZED_COST": "AmortizedCost", "NET_AMORTIZED_COST": "NetAmortizedCost",
    "BLENDED_COST": "BlendedCost", "NET_UNBLENDED_COST": "NetUnblendedCost",
}
#: Dimensions the emulator can filter and group on, and how a seeded row answers each.
DIMENSIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "SERVICE": lambda r: r["service"],
    "USAGE_TYPE": lambda r: r["usageType"],
    "INSTANCE_TYPE": lambda r: r["instanceType"],
    "INSTANCE_TYPE_FAMILY": lambda r: r["instanceType"].rsplit(".", 1)[0] if "." in r["instanceType"] else "",
    "REGION": lambda r: r["region"],
    "RECORD_TYPE": lambda r: r["recordType"],
    "LINKED_ACCOUNT": lambda r: r["account"],
}
GROUPABLE = ("SERVICE", "USAGE_TYPE", "INSTANCE_TYPE", "INSTANCE_TYPE_FAMILY", "REGION", "RECORD_TYPE", "LINKED_ACCOUNT")
#: Groups per page before ``NextPageToken`` (AWS documents no page size; see PROVENANCE.md).
DEFAULT_PAGE_SIZE = 500
FAILURES = {
    "not-enabled": ("AccessDeniedException", "User not enabled for cost explorer access"),
    "access-denied": ("AccessDeniedException", "User: arn:aws:sts::{account}:assumed-role/finops-ai-digest/emulator is not authorized "
                      "to perform: ce:{operation} on resource: arn:aws:ce:us-east-1:{account}:/{operation} "
                      "because no identity-based policy allows the ce:{operation} action"),
    "data-unavailable": ("DataUnavailableException", "Data is not available. Please try to adjust the time period. "
                         "If just enabled Cost Explorer, data might not be ingested yet"),
    "throttle": ("LimitExceededException", "Rate limit exceeded"),
}


class CostExplorerError(JsonRESTError):
    """A Cost Explorer error as AWS answers it (HTTP 400, ``__type``)."""

    code = 400


def _state(account: str) -> dict[str, Any]:
    """The seeded table and switches of one account (kept on moto's backend, so reset drops them)."""
    backend = ce_backends[account]["aws"]
    return backend.__dict__.setdefault("finops_cost_explorer", {
        "rows": [], "activated": None, "today": None, "pageSize": DEFAULT_PAGE_SIZE,
        "fail": None, "failRemaining": None, "requests": {"GetCostAndUsage": 0, "GetCostForecast": 0, "failed": 0},
    })


def _day(value: Any, field: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise CostExplorerError("ValidationException", f"{field} must be a date YYYY-MM-DD, got {value!r}")


def _amount(value: float) -> str:
    """An Amount string as Cost Explorer writes it (a decimal, no exponent)."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _tag_value(state: dict[str, Any], row: dict[str, Any], key: str) -> str:
    """A row's value of tag ``key`` as Cost Explorer sees it: empty when absent or not activated."""
    activated = state["activated"]
    if activated is not None and key not in activated:
        return ""
    return row["tags"].get(key, "")


def _matches(state: dict[str, Any], row: dict[str, Any], expression: dict[str, Any]) -> bool:
    """Whether ``row`` passes a Filter ``Expression`` (one operator per object, as AWS requires)."""
    operators = [k for k in ("And", "Or", "Not", "Dimensions", "Tags", "CostCategories") if expression.get(k) is not None]
    if len(operators) != 1:
        raise CostExplorerError("ValidationException", "Expression must have exactly one of And, Or, Not, Dimensions, Tags, CostCategories")
    op = operators[0]
    if op in ("And", "Or"):
        parts = expression[op]
        if not isinstance(parts, list) or not parts:
            raise CostExplorerError("ValidationException", f"{op} must be a non-empty list of expressions")
        results = (_matches(state, row, part) for part in parts)
        return all(results) if op == "And" else any(results)
    if op == "Not":
        return not _matches(state, row, expression["Not"])
    if op == "CostCategories":
        raise CostExplorerError("ValidationException", "the emulator has no cost categories")
    spec = expression[op]
    options = spec.get("MatchOptions") or ["EQUALS"]
    allowed = {"EQUALS", "CASE_SENSITIVE"} if op == "Dimensions" else {"EQUALS", "ABSENT", "CASE_SENSITIVE"}
    if any(o not in allowed for o in options):
        raise CostExplorerError("ValidationException", f"MatchOptions for {op} must be among {', '.join(sorted(allowed))}")
    key, values = spec.get("Key"), spec.get("Values") or []
    if op == "Dimensions":
        if key not in DIMENSIONS:
            raise CostExplorerError("ValidationException", f"Dimension {key} is not supported by the emulator")
        return DIMENSIONS[key](row) in values
    value = _tag_value(state, row, key)
    if "ABSENT" in options:
        return value == ""
    return value != "" and value in values


def _group_keys(state: dict[str, Any], row: dict[str, Any], group_by: list[dict[str, str]]) -> tuple[str, ...]:
    return tuple(f"{g['Key']}${_tag_value(state, row, g['Key'])}" if g["Type"] == "TAG" else DIMENSIONS[g["Key"]](row) for g in group_by)


def _periods(start: date, end: date, granularity: str) -> list[tuple[date, date]]:
    """DAILY: one per day; MONTHLY: calendar months, the first and last clipped to the period."""
    periods = []
    cursor = start
    while cursor < end:
        if granularity == "DAILY":
            nxt = cursor + timedelta(days=1)
        else:
            nxt = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
        periods.append((cursor, min(nxt, end)))
        cursor = min(nxt, end)
    return periods


def _today(state: dict[str, Any]) -> date:
    """The seeded ``today``, else the day after the last seeded day (else the wall clock's)."""
    if state["today"]:
        return state["today"]
    days = [r["date"] for r in state["rows"]]
    return max(days) + timedelta(days=1) if days else date.today()


def _check_failure(state: dict[str, Any], operation: str, account: str) -> None:
    mode = state["fail"]
    if not mode:
        return
    if state["failRemaining"] is not None:
        state["failRemaining"] -= 1
        if state["failRemaining"] <= 0:
            state["fail"], state["failRemaining"] = None, None
    state["requests"]["failed"] += 1
    error_type, message = FAILURES[mode]
    raise CostExplorerError(error_type, message.format(account=account, operation=operation))


def _time_period(params: dict[str, Any]) -> tuple[date, date]:
    period = params.get("TimePeriod") or {}
    if not period.get("Start") or not period.get("End"):
        raise CostExplorerError("ValidationException", "TimePeriod needs Start and End")
    start, end = _day(period["Start"], "Start"), _day(period["End"], "End")
    if start >= end:
        raise CostExplorerError("ValidationException", "Start date (and hour) should be before end date (and hour)")
    return start, end


def _token(query: str, offset: int) -> str:
    return base64.b64encode(json.dumps({"q": query, "o": offset}).encode()).decode()


def get_cost_and_usage(self: CostExplorerResponse) -> str:
    """GetCostAndUsage over the seeded rows; moto's canned answers when some were queued."""
    backend = self.ce_backend
    if backend.cost_usage_results_queue or backend.cost_usage_results:
        return _moto_get_cost_and_usage(self)
    state = _state(self.current_account)
    state["requests"]["GetCostAndUsage"] += 1
    _check_failure(state, "GetCostAndUsage", self.current_account)
    params = json.loads(self.body or "{}")
    start, end = _time_period(params)
    granularity = params.get("Granularity")
    if granularity not in ("DAILY", "MONTHLY"):
        raise CostExplorerError("ValidationException", f"Granularity must be DAILY or MONTHLY in the emulator, got {granularity!r}")
    metrics = params.get("Metrics") or []
    if not metrics or any(m not in METRICS for m in metrics):
        raise CostExplorerError("ValidationException", f"Metrics must be among {', '.join(METRICS)}, got {metrics!r}")
    group_by = params.get("GroupBy") or []
    if len(group_by) > 2:
        raise CostExplorerError("ValidationException", "You can only group by up to two different groups")
    for g in group_by:
        if g.get("Type") not in ("DIMENSION", "TAG") or not g.get("Key") or (g["Type"] == "DIMENSION" and g["Key"] not in GROUPABLE):
            raise CostExplorerError("ValidationException", f"Unsupported GroupBy {g!r}")
    if len({(g["Type"], g["Key"]) for g in group_by}) != len(group_by):
        raise CostExplorerError("ValidationException", "Duplicate GroupBy entries")
    expression = params.get("Filter")

    query = hashlib.sha256(json.dumps({k: v for k, v in params.items() if k != "NextPageToken"}, sort_keys=True).encode()).hexdigest()[:16]
    offset = 0
    if params.get("NextPageToken"):
        try:
            token = json.loads(base64.b64decode(params["NextPageToken"]))
            offset, same = int(token["o"]), token["q"] == query
        except (ValueError, KeyError, TypeError):
            raise CostExplorerError("InvalidNextTokenException", "The pagination token is invalid.")
        if not same:
            raise CostExplorerError("RequestChangedException", "The request changed since the pagination token was issued.")

    rows = [r for r in state["rows"] if start <= r["date"] < end and (expression is None or _matches(state, r, expression))]
    first_open_day = date(_today(state).year, _today(state).month, 1)
    results, used = [], 0
    periods = _periods(start, end, granularity)
    index = offset
    while index < len(periods):
        p_start, p_end = periods[index]
        in_period = [r for r in rows if p_start <= r["date"] < p_end]
        sums: dict[tuple[str, ...], dict[str, float]] = {}
        for r in in_period:
            bucket = sums.setdefault(_group_keys(state, r, group_by), {m: 0.0 for m in metrics})
            for m in metrics:
                bucket[m] += r[METRICS[m]]
        size = max(1, len(sums)) if group_by else 1
        if results and used + size > state["pageSize"]:
            break
        used += size
        unit = lambda m: "N/A" if m in ("UsageQuantity", "NormalizedUsageAmount") else "USD"  # noqa: E731
        result: dict[str, Any] = {"TimePeriod": {"Start": p_start.isoformat(), "End": p_end.isoformat()}}
        if group_by:
            result["Total"] = {}
            result["Groups"] = [
                {"Keys": list(keys), "Metrics": {m: {"Amount": _amount(v[m]), "Unit": unit(m)} for m in metrics}}
                for keys, v in sorted(sums.items())
            ]
        else:
            totals = sums.get((), {m: 0.0 for m in metrics})
            result["Total"] = {m: {"Amount": _amount(totals[m]), "Unit": unit(m)} for m in metrics}
            result["Groups"] = []
        result["Estimated"] = p_end > first_open_day
        results.append(result)
        index += 1
    out: dict[str, Any] = {"ResultsByTime": results, "DimensionValueAttributes": []}
    if group_by:
        out["GroupDefinitions"] = [{"Type": g["Type"], "Key": g["Key"]} for g in group_by]
    if index < len(periods):
        out["NextPageToken"] = _token(query, index)
    return json.dumps(out)


def get_cost_forecast(self: CostExplorerResponse) -> str:
    """GetCostForecast: the month-to-date daily mean (of the filtered metric) x the days asked for."""
    state = _state(self.current_account)
    state["requests"]["GetCostForecast"] += 1
    _check_failure(state, "GetCostForecast", self.current_account)
    params = json.loads(self.body or "{}")
    start, end = _time_period(params)
    today = _today(state)
    if start < today:
        raise CostExplorerError("ValidationException", f"Start date must be equal to or no later than the current date ({today.isoformat()})")
    metric = FORECAST_METRICS.get(params.get("Metric"))
    if metric is None:
        raise CostExplorerError("ValidationException", f"Metric must be among {', '.join(FORECAST_METRICS)}, got {params.get('Metric')!r}")
    granularity = params.get("Granularity")
    if granularity not in ("DAILY", "MONTHLY"):
        raise CostExplorerError("ValidationException", f"Granularity must be DAILY or MONTHLY, got {granularity!r}")
    level = params.get("PredictionIntervalLevel")
    if level is not None and (not isinstance(level, int) or not 51 <= level <= 99):
        raise CostExplorerError("ValidationException", "PredictionIntervalLevel must be between 51 and 99")
    expression = params.get("Filter")

    # Base: the days of today's month before today; on the 1st, the 7 days before it.
    base_start = date(today.year, today.month, 1)
    if base_start >= today:
        base_start = today - timedelta(days=7)
    base = [r for r in state["rows"] if base_start <= r["date"] < today and (expression is None or _matches(state, r, expression))]
    if not base:
        raise CostExplorerError("DataUnavailableException", "Insufficient amount of historical data to generate forecast.")
    mean = sum(r[METRICS[metric]] for r in base) / (today - base_start).days

    def forecast(days: int) -> dict[str, str]:
        value = {"MeanValue": _amount(mean * days)}
        if level is not None:
            value["PredictionIntervalLowerBound"] = _amount(mean * days * 0.9)
            value["PredictionIntervalUpperBound"] = _amount(mean * days * 1.1)
        return value

    periods = _periods(start, end, granularity)
    total_days = (end - start).days
    return json.dumps({
        "Total": {"Amount": _amount(mean * total_days), "Unit": "USD"},
        "ForecastResultsByTime": [
            {"TimePeriod": {"Start": s.isoformat(), "End": e.isoformat()}, **forecast((e - s).days)} for s, e in periods
        ],
    })


_moto_get_cost_and_usage = CostExplorerResponse.get_cost_and_usage
CostExplorerResponse.get_cost_and_usage = get_cost_and_usage  # type: ignore[method-assign]
CostExplorerResponse.get_cost_forecast = get_cost_forecast  # type: ignore[attr-defined]


def _row(spec: dict[str, Any], account: str) -> dict[str, Any]:
    if not isinstance(spec, dict) or not spec.get("date") or not spec.get("service") or not isinstance(spec.get("cost"), (int, float)):
        raise ValueError("every row needs date, service and a numeric cost")
    tags = dict(spec.get("tags") or {})
    if spec.get("team"):
        tags.setdefault("team", spec["team"])
    cost = float(spec["cost"])
    usage_type = spec.get("usageType") or ""
    return {
        "date": date.fromisoformat(spec["date"][:10]),
        "service": spec["service"],
        "tags": {str(k): str(v) for k, v in tags.items() if v not in (None, "")},
        "usageType": usage_type,
        "instanceType": spec.get("instanceType") or (usage_type.split(":", 1)[1] if ":" in usage_type else ""),
        "region": spec.get("region") or "us-east-1",
        "recordType": spec.get("recordType") or "Usage",
        "account": account,
        "cost": cost,
        **{field: float(spec.get(field, cost)) for field in ("amortizedCost", "netAmortizedCost", "blendedCost", "netUnblendedCost")},
        "usageQuantity": float(spec.get("usageQuantity", 0)),
    }


def seed(body: dict[str, Any]) -> dict[str, Any]:
    """Control op ``costexplorer/seed``: ``{rows: [{date, service, cost, team?, tags?, usageType?,
    instanceType?, region?, recordType?, amortizedCost?, netAmortizedCost?, usageQuantity?}],
    activatedTags?: [key] (default: every tag key seeded), today?: YYYY-MM-DD, pageSize?: groups per page,
    append?: bool, accountId?}``. Replaces the table unless ``append``."""
    account = body.get("accountId") or DEFAULT_ACCOUNT_ID
    rows = body.get("rows")
    if not isinstance(rows, list):
        raise ValueError("rows must be a list")
    state = _state(account)
    parsed = [_row(spec, account) for spec in rows]
    state["rows"] = (state["rows"] if body.get("append") else []) + parsed
    activated = body.get("activatedTags")
    if activated is not None and not (isinstance(activated, list) and all(isinstance(k, str) for k in activated)):
        raise ValueError("activatedTags must be a list of tag keys")
    state["activated"] = set(activated) if activated is not None else None
    state["today"] = date.fromisoformat(body["today"]) if body.get("today") else None
    size = body.get("pageSize", DEFAULT_PAGE_SIZE)
    if not isinstance(size, int) or size < 1:
        raise ValueError("pageSize must be a positive integer")
    state["pageSize"] = size
    total = round(sum(r["cost"] for r in state["rows"]), 2)
    return {"rows": len(state["rows"]), "totalCost": total, "today": _today(state).isoformat()}


def fail(body: dict[str, Any]) -> dict[str, Any]:
    """Control op ``costexplorer/fail``: ``{mode: not-enabled|access-denied|data-unavailable|throttle|off, count?}``."""
    mode = body.get("mode", "not-enabled")
    if mode != "off" and mode not in FAILURES:
        raise ValueError(f"mode must be one of {', '.join(FAILURES)}, off")
    count = body.get("count")
    if count is not None and (not isinstance(count, int) or count < 1):
        raise ValueError("count must be a positive integer")
    state = _state(body.get("accountId") or DEFAULT_ACCOUNT_ID)
    state["fail"], state["failRemaining"] = (None, None) if mode == "off" else (mode, count)
    return {"mode": mode, "count": count}


def requests(body: dict[str, Any]) -> dict[str, Any]:
    """Control op ``costexplorer/requests``: Cost Explorer requests since the last reset (failed ones included)."""
    counts = dict(_state(body.get("accountId") or DEFAULT_ACCOUNT_ID)["requests"])
    return {**counts, "total": counts["GetCostAndUsage"] + counts["GetCostForecast"]}


CONTROL_OPERATIONS = {"costexplorer/seed": seed, "costexplorer/fail": fail, "costexplorer/requests": requests}
