"""The performance budgets of the portal, checked against a benchmark's results.

Every budget is a ratio or a count (the machines are small and noisy); a
figure is the median of the interleaved rounds. ``hard`` budgets fail the
run; the HTTP and mail budgets are reported, and docs/performance.md
explains any miss.
"""

BASE = "10000"
SMALL, LARGE = "1000", "100000"


def _budget(name, figure, limit, *, at_most=True, hard=True, unit="×"):
    met = figure is not None and (figure <= limit if at_most else figure >= limit)
    return {
        "name": name,
        "figure": None if figure is None else round(figure, 3),
        "limit": limit,
        "at_most": at_most,
        "unit": unit,
        "met": met,
        "hard": hard,
    }


def _ratio(pages, size, top, bottom):
    try:
        timings = pages[size]["timings"]
        return timings[top] / timings[bottom]
    except (KeyError, ZeroDivisionError):
        return None


def _growth(pages, case):
    try:
        return pages[LARGE]["timings"][case] / pages[SMALL]["timings"][case]
    except (KeyError, ZeroDivisionError):
        return None


def _page_budgets(pages) -> list[dict]:
    budgets = [
        _budget("directory ÷ its SQL twin", _ratio(pages, BASE, "directory", "directory_twin"), 2),
        _budget(
            "API firm list ÷ its SQL twin", _ratio(pages, BASE, "api_firms", "api_firms_twin"), 2
        ),
        _budget(
            "directory: deep page ÷ first page",
            _ratio(pages, BASE, "directory_deep", "directory"),
            1.5,
        ),
        _budget(
            "search, selective term: 100,000 ÷ 1,000 firms",
            _growth(pages, "directory_selective"),
            2,
        ),
        _budget(
            "search, common word: 100,000 ÷ 1,000 firms", _growth(pages, "directory_common"), 3
        ),
        _budget("directory: 100,000 ÷ 1,000 firms", _growth(pages, "directory"), 2),
        _budget("firm page: 100,000 ÷ 1,000 firms", _growth(pages, "firm"), 2),
    ]
    # Queries per page: the same count at every size.
    counts = {size: result["queries"] for size, result in pages.items()}
    varying = sorted(
        case
        for case in next(iter(counts.values()))
        if len({per_size.get(case) for per_size in counts.values()}) > 1
    )
    budgets.append(_budget("pages whose query count changes with size", len(varying), 0, unit=""))
    budgets[-1]["cases"] = varying
    for size, result in sorted(pages.items(), key=lambda item: int(item[0])):
        for label, check in result["searches"].items():
            budgets.append(
                _budget(
                    f"search, {label} term, {int(size):,} firms: plan uses the GIN index",
                    int(check["gin_index_used"]),
                    1,
                    at_most=False,
                    unit="",
                )
            )
            budgets.append(
                _budget(
                    f"search, {label} term, {int(size):,} firms: first page = full ts_rank order",
                    int(check["first_page_equals_full_ranking"]),
                    1,
                    at_most=False,
                    unit="",
                )
            )
    return budgets


def _http_budgets(http) -> list[dict]:
    return [
        _budget(
            "HTTP: directory ÷ baseline requests per second",
            http.get("ratio"),
            0.30,
            at_most=False,
            hard=False,
        ),
        _budget("HTTP: errors", http.get("errors"), 0, hard=False, unit=""),
    ]


def _mail_budgets(mail) -> list[dict]:
    return [
        _budget("mail: campaign ÷ plain loop", mail.get("ratio"), 0.7, at_most=False, hard=False),
        _budget(
            "mail: campaign mails per second",
            mail.get("campaign_per_second"),
            200,
            at_most=False,
            hard=False,
            unit="/s",
        ),
        _budget(
            "mail: directory latency while sending ÷ idle (aim)",
            mail.get("latency_ratio"),
            2,
            hard=False,
        ),
    ]


def evaluate(results: dict) -> list[dict]:
    budgets = _page_budgets(results["pages"]) if results.get("pages") else []
    if "zeal" in results:
        problems = results["zeal"]["problems"]
        budgets.append(_budget("django-zeal problems at 10,000 firms", len(problems), 0, unit=""))
    if "http" in results:
        budgets += _http_budgets(results["http"])
    if "mail" in results:
        budgets += _mail_budgets(results["mail"])
    return budgets


def report(results: dict) -> str:
    lines = ["", "Budgets:"]
    for b in results["budgets"]:
        sign = "≤" if b["at_most"] else "≥"
        figure = "—" if b["figure"] is None else f"{b['figure']:g}{b['unit']}"
        status = "ok  " if b["met"] else ("FAIL" if b["hard"] else "miss")
        lines.append(f"  {status} {b['name']}: {figure} ({sign} {b['limit']:g}{b['unit']})")
    pages = results.get("pages", {})
    if pages:
        sizes = sorted(pages, key=int)
        lines += ["", "Median milliseconds per page:"]
        lines.append("  " + "case".ljust(24) + "".join(f"{int(s):>12,}" for s in sizes))
        for case in pages[sizes[0]]["timings"]:
            row = "".join(f"{pages[s]['timings'].get(case, float('nan')):>12.1f}" for s in sizes)
            lines.append("  " + case.ljust(24) + row)
    return "\n".join(lines)
