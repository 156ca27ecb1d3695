#!/usr/bin/env python3
"""Generates a workspace with N goal files for timing `xi validate`.

Usage: scripts/generate-goals.py OUT_DIR [COUNT]   (COUNT defaults to 1000)

OUT_DIR gets xi.yaml and Goals/signals.yaml copied from the bundled example, COUNT goal files
(each with KPIs, four signal selectors with conditions, priority rules) and one audience
subscribing to all of them. Deterministic: the same COUNT gives the same files.
"""
import os
import random
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIGNALS = ["detractor", "negative_sentiment", "complaint", "repeat_contact", "switching_intent",
           "competitor_mention", "avoidable_contact", "unresolved_contact", "long_hold", "fee_complaint",
           "digital_failure", "journey_abandoned", "vulnerability_disclosed", "spend_drop"]
OBJECTIVES = ["retention", "share_of_wallet", "acquisition", "cost_to_serve", "consumer_duty"]
TIERS = ["standard", "gold", "platinum"]


def goal(index: int, rng: random.Random) -> str:
    selectors = rng.sample(SIGNALS, 4)
    lines = [
        "# yaml-language-server: $schema=../schema/goal.schema.json",
        f"goal: generated_{index:05d}",
        f"name: Generated goal number {index}",
        f"objective: {rng.choice(OBJECTIVES)}",
        "owner: cx-programme@bank.example",
        "description: A generated goal for load timing.",
        "kpis:",
        f'  - {{ metric: churn_rate, window: 90d, target: "< {rng.randint(2, 9)}%" }}',
        f'  - {{ metric: nps, window: 30d, target: ">= {rng.randint(10, 60)}" }}',
        "signals:",
    ]
    for number, signal in enumerate(selectors):
        when = f', when: "strength >= 0.{rng.randint(1, 9)} && profile.tier != \'{rng.choice(TIERS)}\'"' if number % 2 == 0 else ""
        lines.append(f"  - {{ signal: {signal}{when}, weight: {rng.randint(1, 5)} }}")
    lines += [
        f"window: {rng.choice(['7d', '14d', '30d', '90d'])}",
        f"threshold: {rng.randint(3, 12)}",
        "priority:",
        f"  critical: \"score >= {rng.randint(12, 20)} || (score >= 6 && profile.tier == 'platinum')\"",
        f"  high: \"score >= {rng.randint(8, 11)} || counts['{selectors[0]}'] > 1\"",
        "  medium: \"score >= 6 && profile.segment in ['affluent', 'business']\"",
        "recommend: Call the customer within 48 hours.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(42)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "Goals"))
    os.makedirs(os.path.join(out, "Audiences"))
    shutil.copy(os.path.join(ROOT, "xi.yaml"), os.path.join(out, "xi.yaml"))
    shutil.copy(os.path.join(ROOT, "Goals", "signals.yaml"), os.path.join(out, "Goals", "signals.yaml"))
    os.makedirs(os.path.join(out, "schema"), exist_ok=True)
    for index in range(count):
        with open(os.path.join(out, "Goals", f"goal-{index:05d}.yaml"), "w") as file:
            file.write(goal(index, rng))
    ids = ", ".join(f"generated_{index:05d}" for index in range(count))
    with open(os.path.join(out, "Audiences", "everyone.yaml"), "w") as file:
        file.write(f"audience: everyone\nsubscriptions:\n  - goal: [{ids}]\n"
                   "    when: \"priority in ['high', 'critical']\"\n    action: { kind: file }\n")
    print(f"wrote {count} goals to {out}")


if __name__ == "__main__":
    main()
