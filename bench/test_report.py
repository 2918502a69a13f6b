"""docs/benchmarks.md keeps the latest run per benchmark; the runs it replaces go to the CSV."""

import csv

from report import compact, host_probe_ms, record

OLD = """## Gateway — 2026-11-29 19:44 UTC — x86_64, 2 cores

| what | figure |
|------|--------|
| p50 added | 3.6 ms |
"""
OTHER = """## Spine mechanics — 2026-11-29 19:41 UTC — x86_64, 2 cores

| what | figure |
|------|--------|
| relay | 2,559 rows/s |
"""
NEW = """
## Gateway — 2026-12-04 16:00 UTC — x86_64, 2 cores

Load 1.2 at start.

| what | figure |
|------|--------|
| p50 added | 0.9 ms |
"""


def test_a_new_run_replaces_its_benchmark_and_the_old_one_goes_to_the_csv(tmp_path):
    page, history = tmp_path / "benchmarks.md", tmp_path / "history.csv"
    page.write_text("# Benchmarks\n\n" + OLD + "\n" + OTHER, encoding="utf-8")
    record(NEW, page, history, probe=51.4)
    text = page.read_text(encoding="utf-8")
    assert "0.9 ms" in text and "3.6 ms" not in text and "2,559 rows/s" in text
    assert text.count("## Gateway") == 1
    rows = list(csv.DictReader(history.open(encoding="utf-8")))
    assert rows == [
        {
            "benchmark": "Gateway",
            "date": "2026-11-29 19:44 UTC",
            "machine": "x86_64, 2 cores",
            "what": "p50 added",
            "figure": "3.6 ms",
        }
    ]


def test_each_section_says_how_fast_the_host_was_under_its_heading(tmp_path):
    page, history = tmp_path / "benchmarks.md", tmp_path / "history.csv"
    record(NEW, page, history, probe=51.4)
    lines = page.read_text(encoding="utf-8").split("\n## ", 1)[1].splitlines()
    assert lines[0].startswith("Gateway — 2026-12-04")
    assert (
        lines[2] == "Host speed probe: 51 ms for a fixed Python loop (best of 5; lower is faster)."
    )
    assert lines[4] == "Load 1.2 at start."
    assert 0 < host_probe_ms() < 10_000


def test_compact_keeps_the_newest_of_each_title_in_page_order(tmp_path):
    page, history = tmp_path / "benchmarks.md", tmp_path / "history.csv"
    page.write_text("# Benchmarks\n\n" + OLD + "\n" + OTHER + NEW, encoding="utf-8")
    compact(page, history)
    text = page.read_text(encoding="utf-8")
    assert text.index("## Spine") < text.index("## Gateway — 2026-12-04")
    assert "3.6 ms" not in text
    assert [r["figure"] for r in csv.DictReader(history.open(encoding="utf-8"))] == ["3.6 ms"]


def test_the_project_page_has_each_benchmark_once():
    # A merge of two branches that both re-ran a benchmark keeps both sections without a
    # conflict; the page must say one figure per benchmark (the latest), not two.
    from report import PAGE, _read, _title

    _head, sections = _read(PAGE)
    titles = [_title(section) for section in sections]
    assert sorted(t for t in set(titles) if titles.count(t) > 1) == []
    assert "<<<<<<<" not in PAGE.read_text(encoding="utf-8")


def _wrk_round(rps: float, total: int, refused: int) -> dict:
    return {
        "rps": rps,
        "total": total,
        "non_2xx": refused,
        "p50_ms": 30.0,
        "p99_ms": 50.0,
        "p50_ms_1conn": 1.0,
        "busiest_process_connections": 32,
        "cpu_ms_per_request": {"registry": 0.7, "gateway": 0.4},
        "cpu_ms_per_request_1conn": {"registry": 0.7, "gateway": 0.4},
    }


def test_the_gateway_tables_count_every_answer_not_2xx_of_all_rounds():
    import gateway_bench

    gateway = gateway_bench._median(
        [_wrk_round(100.0, 1000, 0), _wrk_round(120.0, 1200, 3), _wrk_round(110.0, 1100, 0)]
    )
    # The figures are a round's median; a refusal in one round is not a median's to hide.
    assert gateway["rps"] == 110.0
    assert (gateway["non_2xx"], gateway["total"]) == (3, 3300)
    direct = gateway_bench._median([_wrk_round(100.0, 1000, 0)])
    lines = gateway_bench._light_report({"direct_light": direct, "gateway_light": gateway})
    row = next(line for line in lines if line.startswith("| gateway, warm decision cache"))
    assert "| 3 of 3,300 |" in row


def _paced(round_: dict, rate: float, rps: float, p99: float, refused: int = 0) -> dict:
    paced = {"rate": rate, "rps": rps, "p50_ms": 2.0, "p99_ms": p99}
    return {**round_, "paced": paced, "paced_non_2xx": refused, "paced_total": int(rps * 10)}


def test_the_light_table_gives_the_p99_a_proxy_adds_at_a_fixed_rate():
    import gateway_bench

    direct = gateway_bench._median(
        [_paced(_wrk_round(1000.0, 10000, 0), 600.0, 598.0, p) for p in (4.0, 5.0, 9.0)]
    )
    gateway = gateway_bench._median(
        [
            _paced(_wrk_round(900.0, 9000, 0), 600.0, 597.0, 7.5, refused=2),
            _paced(_wrk_round(900.0, 9000, 0), 600.0, 400.0, 8.0),
            _paced(_wrk_round(900.0, 9000, 0), 600.0, 599.0, 30.0),
        ]
    )
    nginx_round = _wrk_round(1000.0, 10000, 0)
    for cpu in ("cpu_ms_per_request", "cpu_ms_per_request_1conn"):
        nginx_round[cpu] = {"registry": 0.7, "nginx": 0.05}
    nginx = gateway_bench._median([_paced(nginx_round, 600.0, 600.0, 6.0)])
    lines = gateway_bench._light_report(
        {"direct_light": direct, "nginx_light": nginx, "gateway_light": gateway}
    )
    targets = next(line for line in lines if line.startswith("Targets:"))
    # The medians of the rounds: 8.0 through the gateway, 6.0 through nginx, 5.0 straight.
    assert "at a fixed rate (paced, below) **3.00 ms** (nginx 1.00 ms)" in targets
    row = next(line for line in lines if line.startswith("| gateway, warm decision cache"))
    # Paced refusals count among every answer of every round.
    assert row.endswith("| 2 of 42,960 | 597 | 2.00 ms | 8.00 ms |")
    assert any("median 600 req/s" in line for line in lines)


def test_a_paced_run_that_could_not_keep_its_rate_says_so():
    import gateway_bench

    cells = gateway_bench._paced_cells(_paced(_wrk_round(900.0, 9000, 0), 600.0, 450.0, 8.0))
    assert cells.startswith("450 (rate not held)")
    # Far above the rate: wrk was not paced at all.
    cells = gateway_bench._paced_cells(_paced(_wrk_round(900.0, 9000, 0), 600.0, 890.0, 80.0))
    assert cells.startswith("890 (rate not held)")
    assert gateway_bench._paced_cells(_paced(_wrk_round(900.0, 9000, 0), 600.0, 590.0, 8.0)) == (
        "590 | 2.00 ms | 8.00 ms"
    )


def test_a_page_from_many_name_slices_is_summarised_as_one_slice_times_their_number():
    from search_plans import collapsed

    nodes = ["Limit", "Sort", "Append"]
    for k in (1, 2, 3):
        nodes += [
            f"Subquery Scan on anon_{k + 1}",
            "Limit",
            "Bitmap Heap Scan on persons",
            f"Bitmap Index Scan using ix_persons_search_slice_{k}",
        ]
    assert collapsed(nodes) == [
        "Limit",
        "Sort",
        "Append",
        "(Subquery Scan on anon_k → Limit → Bitmap Heap Scan on persons → "
        "Bitmap Index Scan using ix_persons_search_slice_k) ×3",
    ]
    assert collapsed(["Limit", "Index Scan using persons_pkey on persons"]) == [
        "Limit",
        "Index Scan using persons_pkey on persons",
    ]


def test_the_search_table_gives_both_figures_when_the_register_was_also_cut_into_slices():
    from registry_search import _table

    plain = {"label": "free text: last name part", "p50_ms": 69.2, "p95_ms": 81.04}
    assert _table([plain])[2] == "| free text: last name part | 69.2 ms | 81.0 ms |"
    sliced = {**plain, "cut_seconds": 41.2, "sliced": {"p50_ms": 20.06, "p95_ms": 24.5}}
    rows = _table([sliced])
    assert "41 s" in rows[0]
    assert rows[-1] == "| free text: last name part | 69.2 ms | 81.0 ms | 20.1 ms | 24.5 ms |"
