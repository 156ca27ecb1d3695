#!/usr/bin/env python3
"""Writes the bundled example's data (Examples/data/) or a large benchmark set, deterministically.

    scripts/generate-examples.py                       # Examples/data/: the files xi.yaml reads
    scripts/generate-examples.py --scale 1000000 --out /tmp/xi-bench
                                                       # 1,000,000 events as JSON lines
                                                       # (contacts.jsonl + surveys.jsonl) for benchmarks

The example is a retail bank with about 400 customers over 60 days (2026-01-05 .. 2026-03-05):
surveys.csv, contacts.jsonl, complaints.csv, accounts.csv and web-sessions.jsonl, with the fields,
subject, time, text and id columns xi.yaml declares. Most customers are quiet; scripted stories make
every goal in Goals/ fire (see Examples/README.md). contacts.jsonl holds five deliberately malformed
lines so the dead-letter path shows in the example run.
"""
import argparse
import csv
import json
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone

START = datetime(2026, 1, 5, tzinfo=timezone.utc)
DAYS = 60
PRODUCTS = ["current_account", "savings", "credit_card", "mortgage", "personal_loan"]
CHANNELS = ["phone", "chat", "branch", "app", "web"]
FIRST = ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Freya", "Leo", "Grace", "Oscar",
         "Lily", "Harry", "Ella", "Jack", "Sophia", "Theo", "Ivy", "Charlie", "Priya", "Mohammed", "Zara", "Kwame"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright", "Khan",
        "Evans", "Thomas", "Roberts", "Walker", "Okafor", "Murphy", "Hughes", "Edwards", "Green"]
AGENTS = [f"A-{n:02d}" for n in range(1, 31)]
JOURNEYS = ["account_opening", "card_replacement", "loan_application", "address_change", "payment_setup"]

POSITIVE = ["Quick and helpful, thank you.", "The agent sorted it first time, great service.",
            "Easy to use app, really happy.", "Friendly staff in the branch.", "", "", ""]
NEUTRAL = ["It was fine.", "Took a while but got there.", "", "", "OK."]
NEGATIVE = ["Terrible service, I waited forty minutes and nobody helped.",
            "Awful. Third time I have called about the same problem and it is still not fixed.",
            "Very disappointed, the fees are unfair and nobody explains them.",
            "Rude agent, useless answers, I am furious.",
            "Frustrating and slow, I am thinking of moving to Monzo."]
VULNERABLE_TEXT = ["My husband died last month and I am struggling with the bereavement paperwork.",
                   "I have been in hospital for weeks and could not manage my payments.",
                   "I lost my job in January and I can't pay the loan this month.",
                   "I am a carer for my mother and I find the letters very hard to understand."]
ROUTINE_REASONS = ["balance_enquiry", "card_status", "password_reset", "payment_query", "statement_copy",
                   "product_enquiry", "address_change", "explain_charges"]


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Example:
    def __init__(self, seed):
        self.random = random.Random(seed)
        self.surveys, self.contacts, self.complaints, self.accounts, self.sessions = [], [], [], [], []
        self.counter = {"survey": 0, "contact": 0, "complaint": 0, "session": 0}

    def at(self, day, hour=None):
        r = self.random
        hour = r.randint(8, 19) if hour is None else hour
        return START + timedelta(days=day, hours=hour, minutes=r.randint(0, 59), seconds=r.randint(0, 59))

    def next_id(self, kind, prefix):
        self.counter[kind] += 1
        return f"{prefix}-{self.counter[kind]:05d}"

    def survey(self, customer, day, nps, comment="", survey="relationship", agent="", channel=None, ces=None, product=None):
        r = self.random
        csat = max(1, min(5, round(nps / 2)))
        self.surveys.append({
            "response_id": self.next_id("survey", "S"), "customer_id": customer["id"], "agent_id": agent,
            "submitted_at": iso(self.at(day)), "survey": survey, "nps": nps, "csat": csat,
            "ces": ces if ces is not None else (r.randint(1, 3) if nps >= 7 else r.randint(3, 5)),
            "channel": channel or r.choice(CHANNELS), "product": product or customer["products"][0], "comment": comment})

    def contact(self, customer, day, reason, transcript="", resolved=True, hold=None, transfers=0, channel="phone", agent=None, product=None):
        r = self.random
        self.contacts.append({
            "contact_id": self.next_id("contact", "K"), "customer_id": customer["id"],
            "agent_id": agent or r.choice(AGENTS), "started_at": iso(self.at(day)), "channel": channel,
            "reason": reason, "duration_seconds": r.randint(120, 1500),
            "hold_seconds": hold if hold is not None else r.randint(0, 180), "transfers": transfers,
            "resolved": resolved, "product": product or r.choice(customer["products"]), "transcript": transcript})

    def complaint(self, customer, day, category, summary, severity="medium", regulatory=False, days_open=None, product=None, redress=0.0):
        r = self.random
        self.complaints.append({
            "complaint_id": self.next_id("complaint", "CMP"), "customer_id": customer["id"],
            "received_at": iso(self.at(day)), "category": category, "product": product or customer["products"][0],
            "severity": severity, "regulatory": "true" if regulatory else "false",
            "days_open": days_open if days_open is not None else r.randint(2, 40),
            "redress_amount": f"{redress:.2f}" if redress else "", "summary": summary})

    def session(self, customer, day, journey, outcome, errors=0):
        r = self.random
        self.sessions.append({
            "session_id": self.next_id("session", "W"), "customer_id": customer["id"], "journey": journey,
            "started_at": iso(self.at(day, hour=r.randint(0, 23))), "outcome": outcome, "errors": errors,
            "duration_seconds": r.randint(30, 900), "device": r.choice(["ios", "android", "desktop"])})

    def build(self):
        r = self.random
        customers = []
        for n in range(1, 401):
            tier = r.choices(["standard", "gold", "platinum"], [70, 22, 8])[0]
            segment = "business" if n % 17 == 0 else ("affluent" if tier != "standard" else "mass")
            products = sorted(set(["current_account"] + r.sample(PRODUCTS[1:], r.randint(0, 2))))
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            customers.append({
                "id": f"C-{1000 + n}", "name": name, "email": name.lower().replace(" ", ".") + f"{n}@mail.example",
                "tier": tier, "segment": segment, "products": products,
                "balance": round(r.lognormvariate(8, 1.2), 2), "monthly_spend": round(r.uniform(300, 3500), 2),
                "tenure_months": r.randint(3, 240), "vulnerable": False})
        shuffled = customers[:]
        r.shuffle(shuffled)
        leaving, vulnerable, effort, price, understanding, wallet, spend_drop = (
            shuffled[0:30], shuffled[30:45], shuffled[45:65], shuffled[65:77], shuffled[77:89], shuffled[89:109], shuffled[109:129])
        for customer in leaving[:6]:
            customer["tier"] = "platinum"
            customer["segment"] = "affluent"
        for customer in vulnerable[:10]:
            customer["vulnerable"] = True

        # Everyone: a little background noise.
        for customer in customers:
            for _ in range(r.randint(0, 3)):
                reason = r.choice(ROUTINE_REASONS)
                self.contact(customer, r.randint(0, DAYS - 1), reason, transcript=r.choice(["Customer asked a routine question.", "Sorted on the call.", ""]),
                             channel=r.choice(["phone", "chat"]), resolved=r.random() > 0.1,
                             product=r.choice(PRODUCTS) if reason == "product_enquiry" else None)
            if r.random() < 0.55:
                nps = r.choices(range(11), [1, 1, 1, 1, 2, 3, 5, 10, 16, 18, 14])[0]
                self.survey(customer, r.randint(0, DAYS - 1), nps, r.choice(POSITIVE if nps >= 9 else NEUTRAL))
            for _ in range(r.randint(0, 2)):
                self.session(customer, r.randint(0, DAYS - 1), r.choice(JOURNEYS), r.choices(["completed", "abandoned"], [9, 1])[0])

        # Customers showing signs of leaving: a detractor survey, repeat contacts about the same
        # reason within a week, a complaint, some a switch request or a competitor mention.
        for index, customer in enumerate(leaving):
            day = r.randint(5, DAYS - 12)
            reason = r.choice(["payment_query", "card_status", "explain_charges"])
            self.contact(customer, day, reason, transcript="I called last week about this and nothing happened.", resolved=False, hold=r.randint(200, 1200))
            self.contact(customer, day + 2, reason, transcript="This is the second time I am calling about the same problem, it is really frustrating.", resolved=False, transfers=2)
            self.survey(customer, day + 3, r.randint(0, 4), r.choice(NEGATIVE), survey="post_call", agent=r.choice(AGENTS[:3]), ces=7)
            if index % 2 == 0:
                self.complaint(customer, day + 4, r.choice(["service", "fees"]), "Repeated failures to fix my account; poor service and no call back.", severity="high")
            if index % 3 == 0:
                self.contact(customer, day + 6, "close_account", transcript="I want to close my account and move to Starling.", resolved=True)
            if index % 5 == 1:
                self.contact(customer, day + 7, "transfer_out", transcript="Please transfer my savings out, Revolut pays more interest.")

        # Vulnerable customers: the text says so; ten of them have it recorded in accounts.
        for customer in vulnerable:
            day = r.randint(3, DAYS - 10)
            self.contact(customer, day, "payment_query", transcript=r.choice(VULNERABLE_TEXT), resolved=False, hold=r.randint(400, 900))
            self.contact(customer, day + 3, "payment_query", transcript="Calling again about my payments, I am still worried.", resolved=False)
            if r.random() < 0.5:
                self.complaint(customer, day + 5, "service", "Nobody took my circumstances into account. " + r.choice(VULNERABLE_TEXT), severity="high", regulatory=True)

        # High-effort journeys: long holds, transfers, CES 6-7, a complaint left open past eight weeks.
        for index, customer in enumerate(effort):
            day = r.randint(2, DAYS - 8)
            self.contact(customer, day, r.choice(["address_change", "payment_setup"]), transcript="I was passed between three departments.", hold=r.randint(700, 1500), transfers=3, resolved=False)
            self.survey(customer, day + 1, r.randint(4, 7), "It took far too much effort to get this done.", ces=r.choice([6, 7]))
            if index % 4 == 0:
                self.complaint(customer, day + 2, "access", "Complaint still open after months.", days_open=r.randint(60, 90))

        # Price and value, understanding: fee complaints, calls to explain letters and terms.
        for customer in price:
            self.complaint(customer, r.randint(0, DAYS - 1), r.choice(["fees", "charges", "interest"]), "The overdraft charges are unfair and were never explained.", severity="medium", regulatory=True, redress=r.choice([0, 25, 40, 75]))
        for customer in understanding:
            day = r.randint(0, DAYS - 10)
            self.contact(customer, day, "explain_letter", transcript="I received a letter I do not understand.")
            self.contact(customer, day + 4, "explain_terms", transcript="Can you explain what the new terms mean for me?")
            if r.random() < 0.5:
                self.complaint(customer, day + 6, "communication", "The letter about my account changes was confusing and misleading.", severity="low")

        # Products and services: a credit card fault hits one product many times.
        for customer in r.sample(customers, 8):
            self.complaint(customer, r.randint(0, DAYS - 1), "product", "My credit card was declined again although there is credit available.", severity="high", product="credit_card")

        # Share of wallet: promoters asking about products they do not hold, or using competitors.
        for index, customer in enumerate(wallet):
            missing = [p for p in PRODUCTS if p not in customer["products"]] or ["mortgage"]
            day = r.randint(0, DAYS - 15)
            self.survey(customer, day, r.choice([9, 10]), "Great bank, I would like to do more with you.")
            self.contact(customer, day + 5, "product_enquiry", transcript="I would like to know about your mortgage rates, I currently have one with Nationwide." if index % 2 else "Interested in a savings account.", product=missing[0])

        # Agent coaching: three agents collect post-call detractors and unresolved calls.
        for agent in AGENTS[:3]:
            for k in range(6):
                customer = r.choice(customers)
                day = 20 + k * 2
                self.contact(customer, day, r.choice(ROUTINE_REASONS), transcript="The agent could not help.", resolved=False, transfers=2, agent=agent)
                self.survey(customer, day, r.randint(0, 5), "The agent did not listen.", survey="post_call", agent=agent, channel="phone")

        # Digital journeys: a card replacement outage in week six.
        for k in range(45):
            customer = r.choice(customers)
            self.session(customer, 35 + k % 6, "card_replacement", "error", errors=r.randint(1, 4))
            if k % 3 == 0:
                self.session(customer, 35 + k % 6, "card_replacement", "abandoned")

        # Accounts: a profile row per customer at the start; spend-drop customers get a second
        # row 45 days later with spending cut by 60-80 %; of those leaving, the first four also
        # close their other products and move most of their balance out.
        for customer in customers:
            self.accounts.append(self.account_row(customer, START + timedelta(hours=6)))
        for index, customer in enumerate(spend_drop + leaving[:8]):
            later = dict(customer)
            later["monthly_spend"] = round(customer["monthly_spend"] * r.uniform(0.2, 0.4), 2)
            if index >= len(spend_drop) and index < len(spend_drop) + 4:
                later["products"] = ["current_account"]
                later["balance"] = round(customer["balance"] * 0.1, 2)
            self.accounts.append(self.account_row(later, START + timedelta(days=45, hours=6)))

        self.surveys.sort(key=lambda row: (row["submitted_at"], row["response_id"]))
        self.contacts.sort(key=lambda row: (row["started_at"], row["contact_id"]))
        self.complaints.sort(key=lambda row: (row["received_at"], row["complaint_id"]))
        self.sessions.sort(key=lambda row: (row["started_at"], row["session_id"]))
        return customers

    @staticmethod
    def account_row(customer, moment):
        return {
            "customer_id": customer["id"], "updated_at": iso(moment), "name": customer["name"], "email": customer["email"],
            "tier": customer["tier"], "segment": customer["segment"], "products": ";".join(customer["products"]),
            "balance": f"{customer['balance']:.2f}", "monthly_spend": f"{customer['monthly_spend']:.2f}",
            "tenure_months": customer["tenure_months"], "vulnerable": "true" if customer["vulnerable"] else "false"}


def write_csv(path, rows, columns):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# Deliberately malformed contact lines: (after this many good lines, the line). Documented in Examples/README.md.
MALFORMED_CONTACTS = [
    (100, '{"contact_id":"K-BAD-1","customer_id":"C-1001","started_at":"2026-01-12T10:00:00Z","channel":"phone","reason":"card_status","duration_seconds":"twelve minutes","hold_seconds":30,"transfers":0,"resolved":true}'),
    (200, '{"contact_id":"K-BAD-2","started_at":"2026-01-20T11:00:00Z","channel":"chat","reason":"password_reset","duration_seconds":200,"hold_seconds":0,"transfers":0,"resolved":true}'),
    (300, '{"contact_id":"K-BAD-3","customer_id":"C-1003","started_at":"last Tuesday","channel":"phone","reason":"balance_enquiry","duration_seconds":90,"hold_seconds":0,"transfers":0,"resolved":true}'),
    (400, '{"contact_id":"K-BAD-4","customer_id":"C-1004","started_at":"2026-02-02T09:30:00Z","channel":"phone","reason":"payment_query","duration_seconds":300,"hold_seconds":20,"transfers":0,"resolved":tru'),
    (500, '{"contact_id":"K-BAD-5","customer_id":"C-1005","started_at":"2026-02-10T14:00:00Z","channel":"phone","reason":"card_status","duration_seconds":240,"hold_seconds":15,"transfers":1,"resolved":"maybe"}'),
]


def write_example(out, seed):
    example = Example(seed)
    customers = example.build()
    os.makedirs(out, exist_ok=True)
    write_csv(os.path.join(out, "surveys.csv"), example.surveys,
              ["response_id", "customer_id", "agent_id", "submitted_at", "survey", "nps", "csat", "ces", "channel", "product", "comment"])
    write_csv(os.path.join(out, "complaints.csv"), example.complaints,
              ["complaint_id", "customer_id", "received_at", "category", "product", "severity", "regulatory", "days_open", "redress_amount", "summary"])
    write_csv(os.path.join(out, "accounts.csv"), example.accounts,
              ["customer_id", "updated_at", "name", "email", "tier", "segment", "products", "balance", "monthly_spend", "tenure_months", "vulnerable"])
    with open(os.path.join(out, "contacts.jsonl"), "w", encoding="utf-8") as handle:
        bad = dict(MALFORMED_CONTACTS)
        for index, row in enumerate(example.contacts):
            if index in bad:
                handle.write(bad[index] + "\n")
            handle.write(json.dumps(row, separators=(",", ":"), ensure_ascii=False) + "\n")
    with open(os.path.join(out, "web-sessions.jsonl"), "w", encoding="utf-8") as handle:
        for row in example.sessions:
            handle.write(json.dumps(row, separators=(",", ":")) + "\n")
    counts = {"customers": len(customers), "surveys.csv": len(example.surveys), "contacts.jsonl": len(example.contacts) + len(MALFORMED_CONTACTS),
              "complaints.csv": len(example.complaints), "accounts.csv": len(example.accounts), "web-sessions.jsonl": len(example.sessions)}
    print(", ".join(f"{name}: {count}" for name, count in counts.items()), f"(of which {len(MALFORMED_CONTACTS)} malformed contact lines)")


def write_scale(out, count, seed):
    """`count` events as JSON lines, 70 % contacts and 30 % surveys, over 60 days.

    The population grows with the events — one customer per 10 events, one agent per 3,000 — so
    every size has the same shape (events per customer, per agent and per day) and timings at
    different sizes compare the engine, not a denser data set."""
    r = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    started = time.time()
    base = int(START.timestamp())
    reasons = ROUTINE_REASONS + ["close_account", "transfer_out", "explain_letter"]
    transcripts = [json.dumps(text) for text in ["Customer asked a routine question.", "Sorted on the call.", "", "I want to close my account."] + NEGATIVE + VULNERABLE_TEXT]
    comments = [json.dumps(text) for text in POSITIVE + NEUTRAL + NEGATIVE]
    surveys = ["relationship", "post_call", "onboarding"]
    stamps = [datetime.fromtimestamp(base + second * 37, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") for second in range(140_000)]
    with open(os.path.join(out, "contacts.jsonl"), "w", encoding="utf-8") as contacts, \
            open(os.path.join(out, "surveys.jsonl"), "w", encoding="utf-8") as survey_file:
        customer_ids = [f"C-{n}" for n in range(1, max(count // 10, 1_000) + 1)]
        agent_ids = [f"A-{n}" for n in range(1, max(count // 3_000, 30) + 1)]
        resolved_values = ["true"] * 4 + ["false"]
        done = 0
        while done < count:
            size = min(50_000, count - done)
            picks = r.choices
            columns = zip(range(done, done + size), r.choices([True] * 7 + [False] * 3, k=size), picks(customer_ids, k=size),
                          picks(agent_ids, k=size), picks(reasons, k=size), picks(range(30, 1801), k=size), picks(range(0, 901), k=size),
                          picks(range(4), k=size), picks(resolved_values, k=size), picks(PRODUCTS, k=size), picks(transcripts, k=size),
                          picks(range(11), k=size), picks(range(1, 8), k=size), picks(CHANNELS, k=size), picks(surveys, k=size), picks(comments, k=size))
            contact_lines, survey_lines = [], []
            for n, is_contact, customer, agent, reason, duration, hold, transfers, resolved, product, transcript, nps, ces, channel, survey, comment in columns:
                stamp = stamps[n * len(stamps) // count]
                if is_contact:
                    contact_lines.append(
                        f'{{"contact_id":"K-{n}","customer_id":"{customer}","agent_id":"{agent}","started_at":"{stamp}","channel":"phone",'
                        f'"reason":"{reason}","duration_seconds":{duration},"hold_seconds":{hold},"transfers":{transfers},'
                        f'"resolved":{resolved},"product":"{product}","transcript":{transcript}}}\n')
                else:
                    survey_lines.append(
                        f'{{"response_id":"S-{n}","customer_id":"{customer}","agent_id":"{agent}","submitted_at":"{stamp}",'
                        f'"survey":"{survey}","nps":{nps},"csat":{nps // 2 or 1},"ces":{ces},"channel":"{channel}",'
                        f'"product":"{product}","comment":{comment}}}\n')
            contacts.write("".join(contact_lines))
            survey_file.write("".join(survey_lines))
            done += size
    elapsed = time.time() - started
    print(f"{count} events in {out}/contacts.jsonl and {out}/surveys.jsonl in {elapsed:.1f} s ({count / max(elapsed, 1e-9):,.0f} lines/s)", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--scale", type=int, help="write this many events as JSON lines instead of the example")
    parser.add_argument("--out", help="output folder (default Examples/data next to this script)")
    arguments = parser.parse_args()
    out = arguments.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Examples", "data")
    if arguments.scale:
        write_scale(out, arguments.scale, arguments.seed)
    else:
        write_example(out, arguments.seed)


if __name__ == "__main__":
    main()
