#!/usr/bin/env python3
"""Make labelled secret vectors from TruffleHog's detector tests, at test time.

    trufflehog-extract.py GITDIR OUT.jsonl [--exclude OTHER.jsonl]...

GITDIR is a git directory (bare mirror or checkout) of github.com/trufflesecurity/trufflehog.
TruffleHog is AGPL-3.0: nothing of it is committed to this repository. This script reads
the pattern tests of its detectors (`pkg/detectors/**/*_test.go`, not the
`*_integration_test.go` files, which need live services) from the mirror's HEAD and writes
vectors in the format of ../shared/eval/secrets/vectors.jsonl into OUT (a build folder);
`make eval-secrets MIRRORS=DIR` runs it and skips the source when the mirror is absent.

Labelling is mechanical and was fixed before any result was looked at:
- a test case is a Go composite literal with an `input` and a `want` field (TruffleHog's
  table-driven pattern tests); `input` may be a string literal, a constant or variable of
  the same file, a `+` concatenation or an `fmt.Sprintf` of those (%s, %v, %q, %d); cases
  whose input cannot be resolved this way are skipped;
- `want` non-empty: `secret` (the peer says a credential is in the text), unless an
  expected value is a placeholder (the same list as build-vectors.py: EXAMPLE, xxxxxx, a run of one
  character, ABCDEFGHIJ, a1b2c3, 123456789, DEADBEEF, your_..., <...>, dummy,
  placeholder), then `not_secret` (tag `relabeled`). The test is on the expected values,
  not on the whole input, whose surroundings often name `api.example.com` (a first run
  tested the whole input and so relabelled valid credentials; fixed before any tuning);
- `want` empty or nil, and the case's name says the input is invalid (`invalid`, `wrong`,
  `bad`, `malformed`, `no match`, `not match`, `false positive`, `negative`): `not_secret`;
- `want` empty for any other reason — the keyword is out of the detector's range, or the
  detector needs a second part it did not find (`missing`, `without`, `only`, `no secret`,
  also when the name says `negative`/`invalid` too) — left out: those say what
  TruffleHog's detector cannot see, not whether a credential is present;
- the placeholder test looks at an expected value without the URLs, host names and
  e-mail addresses TruffleHog appends to it (`token:https://jira.example.com`).
  These two refinements, and the one on expected values above, were made while tuning,
  after reading the first list of false positives (they repair the labels' intent; the
  figures before them are in docs/secrets.md);
- the whole input is one vector (`lang_hint` txt; `env` when every non-blank line is
  NAME=VALUE); identical texts are kept once;
- --exclude drops every vector sharing a 16-character token run with another source (the
  held-out Nosey Parker vectors), so a held-out token never enters tuning data.
Only the Python standard library and git are used."""
import json
import re
import subprocess
import sys

PLACEHOLDER = re.compile(r"(?i)example|x{6,}|(.)\1{9,}|ABCDEFGHIJ|a1b2c3|123456789|DEADBEEF|your[_-]|<[A-Za-z_ ]+>|dummy|placeholder")
# the detector needs a second part that the input lacks: says nothing about the part present
NEEDS_PART = re.compile(r"(?i)missing|without|\bonly\b|no (?:secret|key|id|domain|url|host|email)|out of (?:prefix )?range|far from")
NEGATIVE_NAME = re.compile(r"(?i)invalid|wrong|\bbad\b|malformed|no[ _-]?match|not[ _-]?match|false[ _-]?positive|negative")

TOKEN = re.compile(r"""
  (?P<ws>\s+)|(?P<com>//[^\n]*|/\*.*?\*/)|(?P<raw>`[^`]*`)|(?P<str>"(?:\\.|[^"\\\n])*")|
  (?P<chr>'(?:\\.|[^'\\\n])+')|(?P<num>\d[\w.]*)|(?P<id>[A-Za-z_]\w*)|(?P<op>:=|\.\.\.|[^\s])
""", re.S | re.X)


def tokens(src):
    out = []
    for m in TOKEN.finditer(src):
        k = m.lastgroup
        if k in ("ws", "com"):
            continue
        out.append((k, m.group()))
    return out


def go_string(kind, text):
    if kind == "raw":
        return text[1:-1].replace("\r", "")
    body = text[1:-1]
    try:
        return json.loads('"' + re.sub(r"\\x([0-9a-fA-F]{2})", r"\\u00\1", body).replace("\\'", "'") + '"')
    except ValueError:
        return None


def fmt_sprintf(fmt, args):
    out, i, ai = [], 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c == "%" and i + 1 < len(fmt):
            v = fmt[i + 1]
            if v == "%":
                out.append("%")
            elif v in "svqd":
                if ai >= len(args):
                    return None
                a = args[ai]
                ai += 1
                out.append(json.dumps(a) if v == "q" else a)
            else:
                return None
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


class File:
    def __init__(self, src):
        self.t = tokens(src)
        self.consts = {}
        self._collect_consts()

    def _collect_consts(self):
        t = self.t
        for i in range(len(t) - 2):
            if t[i][0] == "id" and t[i + 1][1] in ("=", ":=") and t[i + 2][0] in ("raw", "str"):
                j, val = self.expr(i + 2)
                if val is not None and t[i][1] not in self.consts:
                    self.consts[t[i][1]] = val

    def expr(self, i):
        """Evaluates a string expression at token i; returns (next index, value or None)."""
        parts, t = [], self.t
        while i < len(t):
            k, v = t[i]
            if k in ("raw", "str"):
                parts.append(go_string(k, v))
                i += 1
            elif k == "id" and v == "fmt" and i + 3 < len(t) and t[i + 1][1] == "." and t[i + 2][1] == "Sprintf":
                i += 4  # fmt . Sprintf (
                args = []
                while i < len(t) and t[i][1] != ")":
                    i, a = self.expr(i)
                    args.append(a)
                    if i < len(t) and t[i][1] == ",":
                        i += 1
                    elif i < len(t) and t[i][1] != ")":
                        return self.skip(i), None
                i += 1
                if not args or any(a is None for a in args):
                    parts.append(None)
                else:
                    parts.append(fmt_sprintf(args[0], args[1:]))
            elif k == "id" and v in self.consts and not (i + 1 < len(t) and t[i + 1][1] in (".", "(", "[")):
                parts.append(self.consts[v])
                i += 1
            elif k == "id" and v == "string" and i + 1 < len(t) and t[i + 1][1] == "(":
                i, a = self.expr(i + 2)
                parts.append(a)
                i += 1
            else:
                return self.skip(i), None
            if i < len(t) and t[i][1] == "+":
                i += 1
                continue
            break
        if not parts or any(p is None for p in parts):
            return self.skip(i), None
        return i, "".join(parts)

    def skip(self, i):
        """Index of the next , or closing bracket at this depth."""
        depth, t = 0, self.t
        while i < len(t):
            v = t[i][1]
            if v in "([{":
                depth += 1
            elif v in ")]}":
                if depth == 0:
                    return i
                depth -= 1
            elif v == "," and depth == 0:
                return i
            i += 1
        return i

    def want(self, i):
        """Parses a want value: nil, "", []string{...}, map or struct literals. Returns
        (next index, list of the string values it names: the expected credentials)."""
        t = self.t
        if t[i][1] == "nil":
            return self.skip(i), []
        if t[i][0] in ("raw", "str") or t[i][0] == "id" and t[i][1] in self.consts:
            j, v = self.expr(i)
            return j, ([v] if v else [])
        j = i
        while j < len(t) and t[j][1] != "{" and t[j][1] not in (",", "}"):
            j += 1
        if j >= len(t) or t[j][1] != "{":
            return self.skip(i), None
        depth, vals, k = 0, [], j
        while k < len(t):
            v = t[k][1]
            if v in "([{":
                depth += 1
            elif v in ")]}":
                depth -= 1
                if depth == 0:
                    break
            elif t[k][0] in ("raw", "str") or (t[k][0] == "id" and v in self.consts):
                e, val = self.expr(k)
                vals.append(val if val is not None else "?")
                k = max(e - 1, k)
            elif depth >= 1 and t[k][0] in ("id", "num") and v not in ("string", "map", "struct", "true", "false"):
                vals.append("?")
            k += 1
        return self.skip(k + 1), vals

    def cases(self):
        t = self.t
        for i in range(1, len(t) - 1):
            if not (t[i] == ("id", "input") and t[i + 1][1] == ":"):
                continue
            # the enclosing composite literal: back to the unmatched {
            depth, s = 0, i - 1
            while s >= 0:
                v = t[s][1]
                if v in ")]}":
                    depth += 1
                elif v in "([{":
                    if depth == 0:
                        break
                    depth -= 1
                s -= 1
            if s < 0 or t[s][1] != "{":
                continue
            fields, k = {}, s + 1
            while k < len(t) and t[k][1] != "}":
                if t[k][0] == "id" and k + 1 < len(t) and t[k + 1][1] == ":":
                    name = t[k][1]
                    if name == "want":
                        k, fields[name] = self.want(k + 2)
                    else:
                        k, fields[name] = self.expr(k + 2)
                else:
                    k = self.skip(k)
                if k < len(t) and t[k][1] == ",":
                    k += 1
                elif k < len(t) and t[k][1] != "}":
                    k += 1
            if fields.get("input") and "want" in fields and fields["want"] is not None:
                yield fields.get("name") or "", fields["input"], fields["want"]


def credential_part(want):
    """An expected value without the URLs, host names and e-mail addresses TruffleHog
    appends to it (token + domain): `example.com` there says nothing about the token."""
    w = re.sub(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", " ", want)
    w = re.sub(r"[a-z][a-z0-9+.-]*://\S+", " ", w)
    return re.sub(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|dev|app|cloud|ai)\b\S*", " ", w)


def runs(text):
    return set(re.findall(r"[A-Za-z0-9_\-+/=.]{16,}", text))


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True, capture_output=True).stdout


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    gitdir, out = argv[1], argv[2]
    exclude = set()
    rest = argv[3:]
    while len(rest) >= 2 and rest[0] == "--exclude":
        with open(rest[1], encoding="utf-8") as fh:
            for line in fh:
                exclude |= runs(json.loads(line)["text"])
        rest = rest[2:]
    commit = git(gitdir, "rev-parse", "HEAD").decode().strip()
    names = git(gitdir, "ls-tree", "-r", "--name-only", "HEAD", "pkg/detectors").decode().split("\n")
    files = [p for p in names if p.endswith("_test.go") and not p.endswith("_integration_test.go")]
    seen, n, counts = set(), 0, {"secret": 0, "not_secret": 0, "left_out": 0, "unresolved_files": 0}
    with open(out, "w", encoding="utf-8") as fh:
        for path in sorted(files):
            src = git(gitdir, "show", f"HEAD:{path}").decode("utf-8", "replace")
            kind = path.split("/")[2] if path.count("/") >= 3 else "detectors"
            got = False
            for name, text, want in File(src).cases():
                got = True
                tags = []
                if want:
                    expect = "secret"
                    if any(PLACEHOLDER.search(credential_part(w)) for w in want):
                        expect = "not_secret"
                        tags.append("relabeled")
                elif NEGATIVE_NAME.search(name) and not NEEDS_PART.search(name):
                    expect = "not_secret"
                else:
                    counts["left_out"] += 1
                    continue
                if text in seen or (runs(text) & exclude):
                    continue
                seen.add(text)
                lines = [l.strip() for l in text.strip().split("\n") if l.strip()]
                lang = "env" if lines and all(re.fullmatch(r"[A-Z][A-Z0-9_]*=\S*", l) for l in lines) else "txt"
                n += 1
                counts[expect] += 1
                fh.write(json.dumps({"id": f"th{n:04d}", "source": "trufflehog", "rule": kind, "kind": kind,
                                     "expect": expect, "text": text, "lang_hint": lang,
                                     "peer_expect": "secret" if want else "not_secret",
                                     "ref": f"{path}@{commit[:8]} ({name})", "tags": tags},
                                    ensure_ascii=False) + "\n")
            if not got:
                counts["unresolved_files"] += 1
    print(f"{out}: {n} vectors from {len(files)} test files at {commit[:8]} "
          f"({counts['secret']} secret, {counts['not_secret']} not_secret, {counts['left_out']} cases left out, "
          f"{counts['unresolved_files']} files without a resolvable case)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
