"""The budgets of bench/budgets.py, judged on hand-made results."""

from bench.budgets import evaluate, report


def _pages(overrides=None):
    timings = {
        "directory": 20.0,
        "directory_twin": 12.0,
        "api_firms": 10.0,
        "api_firms_twin": 6.0,
        "directory_deep": 22.0,
        "directory_selective": 20.0,
        "directory_common": 30.0,
        "firm": 10.0,
    }
    searches = {
        label: {"gin_index_used": True, "first_page_equals_full_ranking": True}
        for label in ("selective", "common")
    }
    pages = {}
    for size, factor in (("1000", 1.0), ("10000", 1.2), ("100000", 1.5)):
        pages[size] = {
            "timings": {case: ms * factor for case, ms in timings.items()},
            "queries": {"directory": 2, "api_firms": 2},
            "searches": searches,
        }
    for (size, case), value in (overrides or {}).items():
        pages[size]["timings"][case] = value
    return pages


def _by_name(results):
    return {b["name"]: b for b in evaluate(results)}


def test_results_within_every_budget_meet_them_all():
    budgets = evaluate({"pages": _pages(), "zeal": {"problems": {}}})

    assert budgets and all(b["met"] for b in budgets)


def test_a_slow_api_list_fails_its_twin_budget():
    pages = _pages({("10000", "api_firms"): 6.0 * 1.2 * 2.5})

    budget = _by_name({"pages": pages})["API firm list ÷ its SQL twin"]

    assert budget["figure"] == 2.5
    assert not budget["met"] and budget["hard"]


def test_a_query_count_that_grows_with_the_data_fails():
    pages = _pages()
    pages["100000"]["queries"]["directory"] = 3

    budget = _by_name({"pages": pages})["pages whose query count changes with size"]

    assert budget["cases"] == ["directory"]
    assert not budget["met"]


def test_a_search_without_the_gin_index_fails_at_that_size():
    pages = _pages()
    pages["1000"]["searches"] = {
        "selective": {"gin_index_used": True, "first_page_equals_full_ranking": True},
        "common": {"gin_index_used": False, "first_page_equals_full_ranking": True},
    }

    budgets = _by_name({"pages": pages})

    assert not budgets["search, common term, 1,000 firms: plan uses the GIN index"]["met"]
    assert budgets["search, common term, 10,000 firms: plan uses the GIN index"]["met"]


def test_http_and_mail_misses_are_reported_not_failed():
    results = {
        "pages": _pages(),
        "http": {"ratio": 0.1, "errors": 0},
        "mail": {"ratio": 0.8, "campaign_per_second": 150, "latency_ratio": 1.5},
    }

    budgets = _by_name(results)
    http = budgets["HTTP: directory ÷ baseline requests per second"]
    rate = budgets["mail: campaign mails per second"]

    assert not http["met"] and not http["hard"]
    assert not rate["met"] and not rate["hard"]
    assert budgets["mail: campaign ÷ plain loop"]["met"]
    assert "miss HTTP: directory ÷ baseline requests per second: 0.1×" in report(
        {**results, "budgets": evaluate(results)}
    )
