#!/usr/bin/env python3
"""Assign every labelled repository that split.tsv does not list yet to the tuning or the
held-out half, at random (seeded, so the assignment can be reproduced), balancing the two
halves. Existing lines are never changed: a repository leaves the held-out half only by a
hand edit that says why (see README.md)."""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261207


def main():
    path = os.path.join(HERE, "split.tsv")
    rows = []
    if os.path.exists(path):
        rows = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
    known = {r.split("\t")[0] for r in rows if r and not r.startswith("#")}
    import json
    repos = []
    for fn in sorted(os.listdir(os.path.join(HERE, "labels"))):
        if fn.endswith(".json"):
            repo = json.load(open(os.path.join(HERE, "labels", fn), encoding="utf-8"))["repo"]
            if repo not in known:
                repos.append(repo)
    rng = random.Random(f"{SEED}:{len(known)}")
    rng.shuffle(repos)
    counts = {"tuning": 0, "held-out": 0}
    for r in rows:
        if r and not r.startswith("#"):
            counts[r.split("\t")[1]] = counts.get(r.split("\t")[1], 0) + 1
    new = []
    for repo in repos:
        half = "held-out" if counts["held-out"] < counts["tuning"] else (
            "tuning" if counts["tuning"] < counts["held-out"] else rng.choice(["tuning", "held-out"]))
        counts[half] += 1
        new.append(f"{repo}\t{half}\tassigned by split.py (seed {SEED})")
    if not rows:
        rows = ["# repository<TAB>half<TAB>how it got there"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows + new) + "\n")
    print(f"{len(new)} assigned; tuning {counts['tuning']}, held-out {counts['held-out']}", file=sys.stderr)


if __name__ == "__main__":
    main()
