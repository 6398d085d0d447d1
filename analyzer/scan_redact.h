/* scan_redact: the last step of the repository stage before a result is kept. Every
 * string of a scan result that may quote a scanned file — finding messages, snippets and
 * remediations, suppression reasons, model-call fields, dependency specs, error
 * messages, the secrets --history found — is redacted against every secret the scan found, in any file: a key found in
 * .env and quoted by a finding of app.py is redacted there too, and so is a kind of
 * finding added later. Strings that never passed a file's rule pass (errors, dependency
 * fields: they may quote a file only an include read) first meet the secret rules
 * themselves. See docs/secrets.md#redaction. */
#ifndef AIREADY_SCAN_REDACT_H
#define AIREADY_SCAN_REDACT_H

#include "redact.h"
#include "rules.h"
#include "scan.h"

/* secrets: the values found by every file's rule pass (unsealed; more are added, then it
 * is sealed). rules: the loaded rule set, or NULL. Single-threaded. */
void scan_redact(scan_result *r, redact_map *secrets, const ruleset *rules);

#endif
