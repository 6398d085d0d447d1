#!/usr/bin/env python3
"""Score aiready against the blind-labelled corpus in eval/real/labels/.

For each label file: find the repository's git mirror under MIRRORS, check out the pinned
commit into a cache folder (never executing anything from it), run `aiready scan --format
json`, and compare the report with the label. Prints per repository and in total, for the
tuning and the held-out half separately: call recall and precision (same file, line within
+-2), agreement per call attribute, secrets found and false secret findings, item
agreement, Ready precision and recall, Blocker precision and recall, the false Ready and
false Blocker lists with the evidence aiready cited, and decision agreement.

usage: score.py --aiready BIN --mirrors DIR [--split tuning|held-out|all] [--repo OWNER/NAME]
                [--json OUT] [--cache DIR] [--quiet]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LINE_SLACK = 2
BOOL_ATTRS = ["retry", "timeout", "logged", "error_handled", "max_tokens",
              "model_pinned", "output_validated", "user_input_in_prompt"]
ATTRS = ["provider"] + BOOL_ATTRS + ["output_sinks"]
STATUSES = ["ready", "needs_review", "blocker", "not_applicable"]


def load_split(path):
    split = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            repo, half = line.split("\t")[:2]
            split[repo] = half
    return split


def find_mirror(mirrors, repo):
    owner, name = repo.split("/", 1)
    for cand in (f"{owner}+{name}/repo", f"{owner}+{name}", f"{owner}__{name}",
                 f"{owner}__{name}.git", name, f"{name}.git"):
        p = os.path.join(mirrors, cand)
        if os.path.isdir(p) and (os.path.exists(os.path.join(p, "HEAD")) or
                                 os.path.isdir(os.path.join(p, ".git"))):
            return p
    return None


def checkout(mirror, commit, dest):
    """Materialise COMMIT of MIRROR in DEST from the object store (ls-tree + cat-file): the
    mirror is untouched and nothing from the repository runs (no hooks, no filters). A blob
    the mirror does not hold (large files may be absent) is left out and listed in
    DEST/.aiready-eval-missing."""
    ok = os.path.join(dest, ".aiready-eval-ok")
    if os.path.exists(ok):
        return
    os.makedirs(dest, exist_ok=True)
    gitdir = mirror if os.path.exists(os.path.join(mirror, "HEAD")) else os.path.join(mirror, ".git")
    ls = subprocess.run(["git", "--git-dir", gitdir, "ls-tree", "-r", "-z", "--full-tree", commit],
                        check=True, stdout=subprocess.PIPE).stdout
    entries = []
    for rec in ls.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind != b"blob":
            continue  # submodules are other repositories
        entries.append((mode, sha, path.decode("utf-8", "surrogateescape")))
    missing = []
    cat = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for mode, sha, path in entries:
        cat.stdin.write(sha + b"\n")
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            missing.append(path)
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        target = os.path.join(dest, path)
        if ".." in path.split("/"):
            continue
        os.makedirs(os.path.dirname(target) or dest, exist_ok=True)
        if mode == b"120000":
            if not os.path.lexists(target):
                os.symlink(data.decode("utf-8", "surrogateescape"), target)
        else:
            with open(target, "wb") as f:
                f.write(data)
    cat.stdin.close()
    cat.wait()
    with open(os.path.join(dest, ".aiready-eval-missing"), "w", encoding="utf-8") as f:
        f.write("".join(m + "\n" for m in missing))
    open(ok, "w").close()


def run_aiready(binary, tree, out):
    cmd = [binary, "scan", tree, "--format", "json", "-o", out,
           "--exclude", "/.aiready-eval-ok", "--exclude", "/.aiready-eval-missing"]
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"aiready exited {r.returncode}: {r.stderr.strip()[:400]}")
    with open(out, encoding="utf-8") as f:
        return json.load(f)


# --- normalising aiready's call attributes to the label's booleans -----------------------
def tool_attr(call, attr):
    v = call.get(attr)
    if attr in ("retry", "timeout"):
        return v == "explicit"
    if attr == "output_validated":
        return v is True
    if attr == "output_sinks":
        return bool(v)
    if attr == "provider":
        return (v or "").lower()
    return bool(v)


def label_attr(call, attr):
    v = call.get(attr)
    if attr == "output_sinks":
        return bool(v)
    if attr == "provider":
        return (v or "").lower()
    return bool(v)


PROVIDER_ALIASES = {"google": {"google", "gemini", "google-genai", "google-generativeai", "google-generative-ai", "vertexai"},
                    "vercel_ai": {"vercel_ai", "vercel-ai", "ai-sdk", "vercel"},
                    "llama_index": {"llama_index", "llamaindex", "llama-index"},
                    "raw_http": {"raw_http", "http", "raw-http"}}


def same_provider(a, b):
    a, b = a.replace("-", "_"), b.replace("-", "_")
    if a == b:
        return True
    for names in PROVIDER_ALIASES.values():
        n = {x.replace("-", "_") for x in names}
        if a in n and b in n:
            return True
    return False


def match_by_line(labelled, reported, key=lambda x: (x["file"], x["line"])):
    """One-to-one matching of labelled to reported entries: same file, nearest line within
    LINE_SLACK. Returns (pairs, unmatched_labelled, unmatched_reported)."""
    used = set()
    pairs, missed = [], []
    for lab in labelled:
        lf, ll = key(lab)
        best, best_d = None, None
        for i, rep in enumerate(reported):
            if i in used:
                continue
            rf, rl = key(rep)
            if rf != lf:
                continue
            d = abs(rl - ll)
            if d <= LINE_SLACK and (best_d is None or d < best_d):
                best, best_d = i, d
        if best is None:
            missed.append(lab)
        else:
            used.add(best)
            pairs.append((lab, reported[best]))
    extra = [r for i, r in enumerate(reported) if i not in used]
    return pairs, missed, extra


class Tally:
    def __init__(self):
        self.c = {}

    def add(self, k, n=1):
        self.c[k] = self.c.get(k, 0) + n

    def get(self, k):
        return self.c.get(k, 0)

    def merge(self, other):
        for k, v in other.c.items():
            self.add(k, v)


def pct(num, den):
    return "  n/a" if den == 0 else f"{100.0 * num / den:5.1f}%"


def score_repo(label, report):
    t = Tally()
    detail = {"missed_calls": [], "phantom_calls": [], "attr_disagree": [],
              "missed_secrets": [], "false_secrets": [], "false_ready": [],
              "false_blocker": [], "missed_blocker": [], "item_disagree": []}
    # calls
    lcalls = label.get("calls", [])
    rcalls = report.get("model_calls", [])
    pairs, missed, extra = match_by_line(lcalls, rcalls)
    t.add("calls_labelled", len(lcalls))
    t.add("calls_reported", len(rcalls))
    t.add("calls_matched", len(pairs))
    detail["missed_calls"] = [f'{c["file"]}:{c["line"]} {c.get("api", "")}' for c in missed]
    detail["phantom_calls"] = [f'{c["file"]}:{c["line"]} {c.get("api", "")}' for c in extra]
    for lab, rep in pairs:
        for a in ATTRS:
            lv, rv = label_attr(lab, a), tool_attr(rep, a)
            ok = same_provider(lv, rv) if a == "provider" else lv == rv
            t.add(f"attr_n_{a}")
            if ok:
                t.add(f"attr_ok_{a}")
            else:
                detail["attr_disagree"].append(f'{lab["file"]}:{lab["line"]} {a}: label {lv} aiready {rv}')
    if lcalls and not rcalls:
        t.add("repos_calls_but_zero_reported")
    # secrets
    lsec = label.get("secrets", [])
    rsec = [f for f in report.get("findings", []) if f.get("rule", "").startswith("secrets.")
            and f.get("effect") == "violates"]
    spairs, smissed, sextra = match_by_line(lsec, rsec)
    t.add("secrets_labelled", len(lsec))
    t.add("secrets_found", len(spairs))
    t.add("secret_findings", len(rsec))
    t.add("secret_findings_false", len(sextra))
    false_block = [f for f in sextra if f.get("severity") == "blocker"]
    t.add("secret_blockers_false", len(false_block))
    t.add("secret_blockers", sum(1 for f in rsec if f.get("severity") == "blocker"))
    detail["missed_secrets"] = [f'{s["file"]}:{s["line"]} {s.get("kind", "")}' for s in smissed]
    detail["false_secrets"] = [f'{f["file"]}:{f["line"]} {f["rule"]} ({f.get("severity")})' for f in sextra]
    # items
    litems = label.get("items", {})
    ritems = {str(i["id"]): i for i in report.get("items", [])}
    for k in sorted(litems, key=int):
        ls = litems[k].get("status")
        ri = ritems.get(k)
        if ls not in STATUSES or ri is None:
            continue
        rs = ri.get("status")
        t.add("items_n")
        if ls == rs:
            t.add("items_agree")
        else:
            detail["item_disagree"].append(f"{k}: label {ls} aiready {rs}")
        if rs == "ready":
            t.add("ready_reported")
            if ls == "ready":
                t.add("ready_true")
            else:
                ev = "; ".join(f'{e.get("rule")} {e.get("file")}:{e.get("line")}'
                               for e in (ri.get("evidence") or [])[:3])
                detail["false_ready"].append(f"item {k} (label {ls}): {ev or ri.get('basis', '')}")
        if ls == "ready":
            t.add("ready_labelled")
        if rs == "blocker":
            t.add("blocker_reported")
            if ls == "blocker":
                t.add("blocker_true")
            else:
                ev = "; ".join(f'{e.get("rule")} {e.get("file")}:{e.get("line")}'
                               for e in (ri.get("evidence") or [])
                               if e.get("severity") == "blocker")
                detail["false_blocker"].append(f"item {k} (label {ls}): {ev[:300]}")
        if ls == "blocker":
            t.add("blocker_labelled")
            if rs != "blocker":
                detail["missed_blocker"].append(f"item {k} (aiready {rs}): {litems[k].get('why', '')[:200]}")
    # decision
    ld = label.get("decision")
    rd = report.get("summary", {}).get("decision")
    t.add("decisions")
    if ld == rd:
        t.add("decision_agree")
    detail["decision"] = f"label {ld} aiready {rd}"
    return t, detail


def summary_lines(t):
    out = []
    out.append(f"  calls: recall {pct(t.get('calls_matched'), t.get('calls_labelled'))} "
               f"({t.get('calls_matched')}/{t.get('calls_labelled')}), precision "
               f"{pct(t.get('calls_matched'), t.get('calls_reported'))} "
               f"({t.get('calls_matched')}/{t.get('calls_reported')}); repositories with calls "
               f"but none reported: {t.get('repos_calls_but_zero_reported')}")
    attrs = ", ".join(f"{a} {pct(t.get('attr_ok_' + a), t.get('attr_n_' + a)).strip()}" for a in ATTRS)
    out.append(f"  call attributes (on matched calls): {attrs}")
    out.append(f"  secrets: found {t.get('secrets_found')}/{t.get('secrets_labelled')}; "
               f"false secret findings {t.get('secret_findings_false')} of {t.get('secret_findings')}; "
               f"false blocker-severity {t.get('secret_blockers_false')} of {t.get('secret_blockers')}")
    out.append(f"  items: agreement {pct(t.get('items_agree'), t.get('items_n'))} "
               f"({t.get('items_agree')}/{t.get('items_n')}); Ready precision "
               f"{pct(t.get('ready_true'), t.get('ready_reported'))} ({t.get('ready_true')}/{t.get('ready_reported')}), "
               f"recall {pct(t.get('ready_true'), t.get('ready_labelled'))} ({t.get('ready_true')}/{t.get('ready_labelled')}); "
               f"Blocker precision {pct(t.get('blocker_true'), t.get('blocker_reported'))} "
               f"({t.get('blocker_true')}/{t.get('blocker_reported')}), recall "
               f"{pct(t.get('blocker_true'), t.get('blocker_labelled'))} ({t.get('blocker_true')}/{t.get('blocker_labelled')})")
    out.append(f"  decision agreement {pct(t.get('decision_agree'), t.get('decisions'))} "
               f"({t.get('decision_agree')}/{t.get('decisions')})")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--aiready", required=True)
    ap.add_argument("--mirrors", required=True)
    ap.add_argument("--labels", default=os.path.join(HERE, "labels"))
    ap.add_argument("--split-file", default=os.path.join(HERE, "split.tsv"))
    ap.add_argument("--split", default="all", choices=["all", "tuning", "held-out"])
    ap.add_argument("--repo", action="append")
    ap.add_argument("--cache", default=os.path.join("build", "eval-real"))
    ap.add_argument("--json")
    ap.add_argument("--quiet", action="store_true", help="totals only, no per-repository lists")
    args = ap.parse_args()

    split = load_split(args.split_file)
    labels = []
    for fn in sorted(os.listdir(args.labels)):
        if fn.endswith(".json"):
            with open(os.path.join(args.labels, fn), encoding="utf-8") as f:
                labels.append(json.load(f))
    totals = {"tuning": Tally(), "held-out": Tally()}
    results = []
    problems = 0
    for lab in labels:
        repo = lab["repo"]
        half = split.get(repo, "unsplit")
        if args.repo and repo not in args.repo:
            continue
        if args.split != "all" and half != args.split:
            continue
        mirror = find_mirror(args.mirrors, repo)
        if not mirror:
            print(f"{repo}: no mirror under {args.mirrors} (skipped)", file=sys.stderr)
            problems += 1
            continue
        tree = os.path.join(args.cache, "src", repo.replace("/", "__") + "-" + lab["commit"][:12])
        try:
            checkout(mirror, lab["commit"], tree)
            out = os.path.join(args.cache, "reports", repo.replace("/", "__") + ".json")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            report = run_aiready(args.aiready, tree, out)
        except (subprocess.CalledProcessError, RuntimeError, ValueError) as e:
            print(f"{repo}: {e}", file=sys.stderr)
            problems += 1
            continue
        t, detail = score_repo(lab, report)
        totals.setdefault(half, Tally()).merge(t)
        if args.quiet:
            # totals only: nothing per repository, on screen or in --json, so a held-out
            # half can be scored without its failures being seen
            continue
        results.append({"repo": repo, "commit": lab["commit"], "split": half,
                        "counts": t.c, "detail": detail})
        print(f"\n== {repo} @ {lab['commit'][:12]} [{half}]")
        for line in summary_lines(t):
            print(line)
        for key in ("missed_calls", "phantom_calls", "missed_secrets", "false_secrets",
                    "false_ready", "false_blocker", "missed_blocker"):
            if detail[key]:
                print(f"  {key.replace('_', ' ')}:")
                for x in detail[key][:40]:
                    print(f"    {x}")
        print(f"  decision: {detail['decision']}")
    for half in ("tuning", "held-out", "unsplit"):
        if half in totals and totals[half].get("decisions"):
            print(f"\n### {half}: {totals[half].get('decisions')} repositories")
            for line in summary_lines(totals[half]):
                print(line)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"results": results, "totals": {k: v.c for k, v in totals.items()}}, f, indent=1)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
