#!/usr/bin/env python3
"""Scores secretlint on the same data as aiready's secret rules, for the side-by-side
table in docs/secrets.md. secretlint is not installed by this project: pass its binary
(npm install secretlint @secretlint/secretlint-rule-preset-recommend in a scratch folder).

  secretlint-compare.py vectors SECRETLINT DIR...
      DIR is a folder made by the shared make-files.py (expected.json + files/): a file is
      flagged when secretlint reports anything in it; prints recall on `secret` and the
      false-positive rate on `not_secret` per folder, as bench/secrets_eval.c does.
  secretlint-compare.py real SECRETLINT --mirrors DIR [--labels eval/real/labels]
                            [--split tuning] [--exclude GLOB...]
      each labelled repository at its labelled commit (exported from the git mirror into
      a temporary folder, never run): labelled secrets found (a report on the labelled
      file, near the labelled line) and reports that match no labelled secret, matched by
      eval/real/score.py's match_by_line as it matches aiready's findings. Virtualenvs and node_modules are left out, as aiready does.

The rule set is the recommended preset only (@secretlint/secretlint-rule-preset-recommend).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

RC = {"rules": [{"id": "@secretlint/secretlint-rule-preset-recommend"}]}
SKIP_DIRS = {"node_modules", ".venv", "venv", "env", ".git", "__pycache__", "site-packages"}


def run_secretlint(binary, root, files):
    """Returns {absolute path: [line, ...]} for the files secretlint reports on."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as rc:
        json.dump(RC, rc)
    out = {}
    try:
        for i in range(0, len(files), 400):
            chunk = files[i:i + 400]
            # --output: a large report on a pipe is cut short when secretlint exits
            res = rc.name + ".out"
            subprocess.run([binary, "--secretlintrc", rc.name, "--format", "json", "--no-color",
                            "--output", res, *chunk], cwd=root, capture_output=True, text=True)
            text = open(res).read().strip() if os.path.exists(res) else ""
            if os.path.exists(res):
                os.unlink(res)
            if not text:
                continue
            for rec in json.loads(text):
                lines = [m.get("loc", {}).get("start", {}).get("line", 0) for m in rec.get("messages", [])]
                if lines:
                    out[os.path.abspath(os.path.join(root, rec["filePath"]))] = lines
    finally:
        os.unlink(rc.name)
    return out


def cmd_vectors(args):
    for d in args.dirs:
        exp = json.load(open(os.path.join(d, "expected.json")))
        rels = sorted(exp)
        hits = run_secretlint(args.secretlint, d, rels)
        s = ns = found = flagged = 0
        for rel in rels:
            f = os.path.abspath(os.path.join(d, rel)) in hits
            if exp[rel]["expect"] == "secret":
                s += 1
                found += f
            else:
                ns += 1
                flagged += f
        print(f"{d}: recall {100 * found / max(s, 1):.1f}% ({found}/{s} secret), "
              f"false positives {100 * flagged / max(ns, 1):.1f}% ({flagged}/{ns} not_secret)")


def load_score(labels):
    """eval/real/score.py, for its checkout (object store only, missing blobs left out),
    mirror lookup and split: secretlint sees the same trees aiready is scored on."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(labels.rstrip("/"))), "score.py")
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def repo_files(root):
    out = []
    for dp, dns, fns in os.walk(root):
        dns[:] = [d for d in dns if d not in SKIP_DIRS and not os.path.exists(os.path.join(dp, d, "pyvenv.cfg"))]
        for fn in fns:
            p = os.path.join(dp, fn)
            if os.path.isfile(p) and not os.path.islink(p):
                out.append(os.path.relpath(p, root))
    return out


def cmd_real(args):
    score = load_score(args.labels)
    split = score.load_split(os.path.join(os.path.dirname(os.path.abspath(args.labels.rstrip("/"))), "split.tsv")) \
        if args.split else {}
    labelled = found = reports = false = repos = 0
    for name in sorted(os.listdir(args.labels)):
        if not name.endswith(".json"):
            continue
        lab = json.load(open(os.path.join(args.labels, name)))
        repo = lab.get("repo") or name[:-5].replace("__", "/", 1)
        if args.split and split.get(repo) != args.split:
            continue
        mirror = score.find_mirror(args.mirrors, repo)
        if not mirror:
            print(f"{repo}: no mirror, skipped", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix="aiready-secretlint.") as tmp:
            score.checkout(mirror, lab["commit"], tmp)
            files = [f for f in repo_files(tmp) if not f.startswith(".aiready-eval-")]
            hits = run_secretlint(args.secretlint, tmp, files)
            got = [{"file": os.path.relpath(p, tmp), "line": ln} for p, lns in hits.items() for ln in sorted(set(lns))]
        want = lab.get("secrets", [])
        pairs, _, extra = score.match_by_line(want, got)  # score.py's matching (line slack)
        repos += 1
        labelled += len(want)
        found += len(pairs)
        reports += len(got)
        false += len(extra)
    print(f"{repos} repositories: labelled secrets found {found}/{labelled}; "
          f"reports {reports}, of them matching no labelled secret {false}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("vectors")
    v.add_argument("secretlint")
    v.add_argument("dirs", nargs="+")
    r = sub.add_parser("real")
    r.add_argument("secretlint")
    r.add_argument("--mirrors", required=True)
    r.add_argument("--labels", default="eval/real/labels")
    r.add_argument("--split", default="")
    args = ap.parse_args()
    (cmd_vectors if args.cmd == "vectors" else cmd_real)(args)


if __name__ == "__main__":
    main()
