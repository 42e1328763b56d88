#!/usr/bin/env python3
"""Compares two JSON-lines finding files (buf's keys) on (path, line, column, rule).

Usage: compare-findings.py EXPECTED.json ACTUAL.json [--show N]
Prints the share of EXPECTED's findings that ACTUAL reports, the share of ACTUAL's that
EXPECTED does not, per-rule counts of misses and extras, and a few examples of each.
Findings without a path (a deleted file or package) all sit at 1:1, so they are told
apart by the names quoted in their messages ("google/x.proto", "google.x.v1").
"""
import collections
import json
import re
import sys

QUOTED = re.compile(r'"([^"]*)"')


def load(path):
    keys = set()
    lines = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line.startswith("{"):
                continue
            lines += 1
            d = json.loads(line)
            where = d.get("path", "")
            if not where:
                where = "(no file: %s)" % ", ".join(QUOTED.findall(d.get("message", "")))
            keys.add((where, d.get("start_line", 0), d.get("start_column", 0), d["type"]))
    return keys, lines


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    show = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--show" else 5
    (expected, expected_lines), (actual, actual_lines) = load(sys.argv[1]), load(sys.argv[2])
    missed = expected - actual
    extra = actual - expected
    found = len(expected) - len(missed)
    print(f"expected findings: {len(expected)} ({expected_lines} lines)")
    print(f"actual findings:   {len(actual)} ({actual_lines} lines)")
    if expected:
        print(f"agreement: {found}/{len(expected)} = {100.0 * found / len(expected):.3f}% of expected found")
    if actual:
        print(f"extra:     {len(extra)}/{len(actual)} = {100.0 * len(extra) / len(actual):.3f}% of actual not expected")
    for title, items in (("missed", missed), ("extra", extra)):
        by_rule = collections.Counter(item[3] for item in items)
        for rule, count in by_rule.most_common():
            print(f"  {title} {rule}: {count}")
            for item in sorted(i for i in items if i[3] == rule)[:show]:
                print(f"      {item[0]}:{item[1]}:{item[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
