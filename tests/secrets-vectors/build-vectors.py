#!/usr/bin/env python3
"""Build labelled secret vectors from a peer scanner's rule examples.

    build-vectors.py noseyparker RULES_DIR OUT.jsonl [--exclude OTHER.jsonl]
    build-vectors.py kingfisher  RULES_DIR OUT.jsonl [--exclude OTHER.jsonl]

RULES_DIR holds the peer's rule files (*.yml with `rules:`, each rule with `examples` and
optionally `negative_examples`). Writes one JSON object a line in the format of
../shared/eval/secrets/vectors.jsonl (id, source, rule, kind, expect, text, lang_hint,
peer_expect, ref, tags), so that file's make-files.py materialises it.

Labelling is mechanical and was fixed before any result was looked at (README.md):
- an example is a `secret` when its rule has no categories or they include `secret`, and not `hashed`
  (Kingfisher's categories do not describe secrecy and are not used: every example counts);
  identifiers (bucket names, hosts, public keys) and password hashes are `not_secret`
  (tag `identifier` / `hashed`);
- an example that is a placeholder (EXAMPLE, xxxxxx, a run of one character, ABCDEFGHIJ,
  a1b2c3, 123456789, DEADBEEF, your_..., <...>) is `not_secret` (tag `relabeled`);
- a negative example is `not_secret`, unless its text is an example of another rule of
  the same peer, or it carries a credential the peer itself says it should find (a FIXME)
  or that LABELLING.md counts as one; those are listed in SECRET_NEGATIVES (tag `relabeled`);
- a bare token (one word, no assignment) is placed in an assignment to a name made from
  the rule's name (tag `wrapped`), cycling Python, TypeScript, YAML and .env forms;
- --exclude drops every vector that shares a 16-character token run with another source,
  so a held-out source never leaks into tuning data.
Only the Python standard library and PyYAML are used."""
import glob
import json
import os
import re
import sys

import yaml

PLACEHOLDER = re.compile(r"(?i)example|x{6,}|(.)\1{9,}|ABCDEFGHIJ|a1b2c3|123456789|DEADBEEF|your[_-]|<[A-Za-z_ ]+>|dummy|placeholder")
# Negative examples that hold a credential by ../shared/LABELLING.md (substrings).
SECRET_NEGATIVES = [
    "AUTH0_CLIENT_SECRET=\"wsxY2eUG", "AWS_SECRET_ACCESS_KEY=ded7db27", "aws_secret_key: OOzkR1",
    "client_credential='5pX8Q", "secret_access_key = 'abcdefg12346", "Ldap password ",
    "string backend_user = \"root", "Password=#gets0m3", "ClearTextPassword\" value=\"eyJ0",
    "FromEmailPassword\" value=\"Prestigitariu", "clientSecret", "apikey: hv", "VAULT_CLIENT_TOKEN=",
    "license_key: 033f2f20", "NPM_TOKEN=\"007e65c7", "xoxb-", "xoxp-", "TWITCH_STREAM_KEY = \"1260",
    "Twitter(auth=OAuth('MjuHW", "outlook.office.com/webhook/82fc2788",
]
FORMS = [("py", '{N} = "{T}"'), ("ts", 'const {n} = "{T}";'), ("yaml", "{l}: {T}"), ("env", "{N}={T}")]
CRED_END = re.compile(r"(?:KEY|TOKEN|SECRET|PASSWORD|CREDENTIALS?)$")


def names(rule_name):
    n = re.sub(r"[^A-Za-z0-9]+", "_", rule_name).strip("_").upper()
    if not CRED_END.search(n):
        n += "_TOKEN"
    parts = n.lower().split("_")
    camel = parts[0] + "".join(p.title() for p in parts[1:])
    return n, camel, n.lower()


def runs(text):
    return set(re.findall(r"[A-Za-z0-9_\-+/=.]{16,}", text))


def vectors(source, rules_dir):
    files = sorted(glob.glob(os.path.join(rules_dir, "*.yml")))
    rules = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            d = yaml.safe_load(fh) or {}
        for r in d.get("rules") or []:
            rules.append((os.path.basename(f), r))
    all_examples = {str(e).strip() for _, r in rules for e in (r.get("examples") or [])}
    k = 0
    for fname, r in rules:
        cats = set(r.get("categories") or [])
        kind = fname[:-4]
        for neg, items in ((False, r.get("examples") or []), (True, r.get("negative_examples") or [])):
            for raw in items:
                text, tags = str(raw), []
                if not neg:
                    # Kingfisher's categories are not about secrecy (its GitHub PATs are
                    # "api, identifier"): there every example counts, placeholders aside
                    trust = source != "kingfisher"
                    expect = "secret" if not trust or ((not cats or "secret" in cats) and "hashed" not in cats) else "not_secret"
                    if expect == "not_secret":
                        tags.append("hashed" if "hashed" in cats else "identifier")
                    elif PLACEHOLDER.search(text):
                        expect = "not_secret"
                        tags.append("relabeled")
                else:
                    expect = "not_secret"
                    if text.strip() in all_examples or any(s in text for s in SECRET_NEGATIVES):
                        expect = "secret"
                        tags.append("relabeled")
                lang = "txt"
                t = text.strip()
                if not neg and re.fullmatch(r"[^\s=:\"']+", t):
                    N, camel, low = names(r.get("name", kind))
                    lang, form = FORMS[k % len(FORMS)]
                    text = form.format(N=N, n=camel, l=low, T=t)
                    tags.append("wrapped")
                k += 1
                yield {"source": source, "rule": r.get("id", kind), "kind": kind, "expect": expect,
                       "text": text, "lang_hint": lang,
                       "peer_expect": "not_secret" if neg else "secret",
                       "ref": f"{fname}#{r.get('id', '')}", "tags": tags}


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    source, rules_dir, out = argv[1], argv[2], argv[3]
    exclude = set()
    if len(argv) >= 6 and argv[4] == "--exclude":
        with open(argv[5], encoding="utf-8") as fh:
            for line in fh:
                exclude |= runs(json.loads(line)["text"])
    seen, n = set(), 0
    prefix = {"noseyparker": "np", "kingfisher": "kf"}.get(source, source[:2])
    with open(out, "w", encoding="utf-8") as fh:
        for v in vectors(source, rules_dir):
            key = (v["text"], v["expect"])
            if key in seen or (runs(v["text"]) & exclude):
                continue
            seen.add(key)
            n += 1
            v = {"id": f"{prefix}{n:04d}", **v}
            fh.write(json.dumps(v, ensure_ascii=False) + "\n")
    print(f"{out}: {n} vectors", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
