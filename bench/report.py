"""Markdown tables of two benchmark runs side by side, for docs/performance.md.

python -m bench.report bench/results/<before>.json bench/results/<after>.json
"""

import argparse
import json
from pathlib import Path


def _figure(budget: dict | None) -> str:
    if budget is None or budget["figure"] is None:
        return "—"
    return f"{budget['figure']:g}{budget['unit']}"


def budget_table(before: dict, after: dict) -> str:
    earlier = {b["name"]: b for b in before.get("budgets", [])}
    lines = ["| budget | limit | before | after | met |", "|---|---|---|---|---|"]
    for b in after["budgets"]:
        sign = "≤" if b["at_most"] else "≥"
        met = "yes" if b["met"] else ("**no**" if b["hard"] else "no (reported)")
        lines.append(
            f"| {b['name']} | {sign} {b['limit']:g}{b['unit']} | "
            f"{_figure(earlier.get(b['name']))} | {_figure(b)} | {met} |"
        )
    return "\n".join(lines)


def timing_table(before: dict, after: dict) -> str:
    sizes = sorted(after["pages"], key=int)
    head = " | ".join(f"{int(s):,} before | {int(s):,} after" for s in sizes)
    lines = [f"| page (ms) | queries | {head} |", "|---" * (2 + 2 * len(sizes)) + "|"]
    for case, _ in after["pages"][sizes[0]]["timings"].items():
        cells = []
        for size in sizes:
            old = before.get("pages", {}).get(size, {}).get("timings", {}).get(case)
            new = after["pages"][size]["timings"][case]
            cells += ["—" if old is None else f"{old:.1f}", f"{new:.1f}"]
        queries = after["pages"][sizes[0]]["queries"].get(case, "")
        lines.append(f"| {case} | {queries} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    before = json.loads(args.before.read_text())
    after = json.loads(args.after.read_text())
    print(budget_table(before, after))
    print()
    print(timing_table(before, after))


if __name__ == "__main__":
    main()
