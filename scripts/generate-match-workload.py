#!/usr/bin/env python3
"""Writes the matcher workload as files for `xi match`: RULES.yaml and RECORDS.jsonl.

The distribution is the one of Sources/XIWorkloads/MatchWorkload.swift (the benchmarks):
records with kind, segment, country, channel (strings), nps, age_days (ints), amount (double);
rules `kind == K && 1-3 more predicates` (ranges on numbers, `in` lists on strings, equality on channel).

Usage: scripts/generate-match-workload.py --rules 1000 --records 100000 --out /tmp/xi-match
"""
import argparse
import json
import os
import random

KINDS = ["survey", "call", "chat", "email", "complaint", "ivr", "web_session", "branch_visit", "account_change", "payment"]
SEGMENTS = ["mass", "affluent", "gold", "platinum", "private"]
COUNTRIES = ["GB", "IE", "FR", "DE", "ES", "IT", "NL", "BE", "PT", "SE", "NO", "DK", "FI", "PL", "CZ", "AT", "CH", "HU", "RO", "GR"]
CHANNELS = ["phone", "app", "web", "branch", "email", "chat"]


def rule(rng):
    parts = ['kind == "%s"' % rng.choice(KINDS)]
    choices = ["nps", "age_days", "amount", "segment", "country", "channel"]
    rng.shuffle(choices)
    for attribute in choices[: rng.randint(1, 3)]:
        if attribute == "nps":
            parts.append("nps %s %d" % (rng.choice(["<=", ">="]), rng.randint(0, 10)))
        elif attribute == "age_days":
            low = rng.randint(0, 3000)
            if rng.random() < 0.5:
                parts.append("age_days > %d" % low)
            else:
                parts.append("age_days >= %d && age_days < %d" % (low, low + rng.randint(30, 650)))
        elif attribute == "amount":
            parts.append("amount > %d.0" % rng.randint(0, 4900))
        elif attribute == "segment":
            parts.append("segment in [%s]" % ", ".join('"%s"' % s for s in rng.sample(SEGMENTS, rng.randint(1, 2))))
        elif attribute == "country":
            parts.append("country in [%s]" % ", ".join('"%s"' % s for s in rng.sample(COUNTRIES, rng.randint(1, 4))))
        else:
            parts.append('channel == "%s"' % rng.choice(CHANNELS))
    return " && ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default=".")
    arguments = parser.parse_args()
    os.makedirs(arguments.out, exist_ok=True)
    rng = random.Random(arguments.seed)
    rules_path = os.path.join(arguments.out, "rules-%d.yaml" % arguments.rules)
    with open(rules_path, "w") as out:
        for number in range(arguments.rules):
            out.write("- id: r%d\n  when: '%s'\n" % (number + 1, rule(rng)))
    records_path = os.path.join(arguments.out, "records-%d.jsonl" % arguments.records)
    with open(records_path, "w") as out:
        for _ in range(arguments.records):
            record = {
                "kind": rng.choice(KINDS), "segment": rng.choice(SEGMENTS), "country": rng.choice(COUNTRIES),
                "channel": rng.choice(CHANNELS), "nps": rng.randint(0, 10), "age_days": rng.randint(0, 3650),
                "amount": rng.randint(0, 500000) / 100.0,
            }
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
    print(rules_path)
    print(records_path)


if __name__ == "__main__":
    main()
