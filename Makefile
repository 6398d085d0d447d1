# aiready: build, test, install. See README.md.
CC      ?= cc
VERSION := 0.1.0
PREFIX  ?= /usr/local
BUILD   ?= build
# Fetched npm tarballs are cached here so that later builds need no network.
CACHE   ?= build/cache
DEPS    := build/deps
OPT     ?= -O2
SAN     ?=

# Quiet by default: one short line per step; `make V=1` shows the full commands.
V       ?= 0
export V
ifeq ($(V),1)
Q  :=
say = @:
else
Q  := @
say = @printf '  %-6s %s\n'
endif

TS_DIR  := $(DEPS)/tree-sitter/vendor/tree-sitter/lib
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g $(OPT) -pthread
CPPFLAGS_AI := -Ianalyzer -I$(TS_DIR)/include -DAIREADY_VERSION='"$(VERSION)"'

LDLIBS  := -lpcre2-8 -lyaml -lm -pthread

ifneq ($(SAN),)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

SRCS      := $(wildcard analyzer/*.c)
OBJS      := $(patsubst analyzer/%.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS  := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TSLIB     := $(DEPS)/libts.a
FETCHED   := $(DEPS)/.fetched

.PHONY: all test unit-tests rules-test golden report-check doc-examples integration sanitize install clean distclean deps scan bench eval-secrets eval-real

all: $(BUILD)/aiready

# --- dependencies ------------------------------------------------------------------
$(DEPS)/.packages:
	@build-aux/ensure-packages.sh
	@mkdir -p $(DEPS) && touch $@

$(FETCHED): grammars/pins.txt grammars/fetch.sh | $(DEPS)/.packages
	@grammars/fetch.sh grammars/pins.txt $(CACHE) $(DEPS)
	@touch $@

deps: $(TSLIB)

# The runtime and grammars are compiled without our warnings: they are not our code.
TS_CFLAGS := -std=gnu11 -O2 -g -w -fPIC
GRAMMAR_OBJS := \
  $(DEPS)/obj/ts_runtime.o \
  $(DEPS)/obj/python_parser.o $(DEPS)/obj/python_scanner.o \
  $(DEPS)/obj/javascript_parser.o $(DEPS)/obj/javascript_scanner.o \
  $(DEPS)/obj/typescript_parser.o $(DEPS)/obj/typescript_scanner.o \
  $(DEPS)/obj/tsx_parser.o $(DEPS)/obj/tsx_scanner.o

$(DEPS)/obj/ts_runtime.o: $(FETCHED)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(TS_CFLAGS) -I$(TS_DIR)/include -I$(TS_DIR)/src -c $(TS_DIR)/src/lib.c -o $@
$(DEPS)/obj/python_%.o: $(FETCHED)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(TS_CFLAGS) -I$(DEPS)/tree-sitter-python/src -c $(DEPS)/tree-sitter-python/src/$*.c -o $@
$(DEPS)/obj/javascript_%.o: $(FETCHED)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(TS_CFLAGS) -I$(DEPS)/tree-sitter-javascript/src -c $(DEPS)/tree-sitter-javascript/src/$*.c -o $@
$(DEPS)/obj/typescript_%.o: $(FETCHED)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(TS_CFLAGS) -I$(DEPS)/tree-sitter-typescript/typescript/src -c $(DEPS)/tree-sitter-typescript/typescript/src/$*.c -o $@
$(DEPS)/obj/tsx_%.o: $(FETCHED)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(TS_CFLAGS) -I$(DEPS)/tree-sitter-typescript/tsx/src -c $(DEPS)/tree-sitter-typescript/tsx/src/$*.c -o $@

$(TSLIB): $(GRAMMAR_OBJS)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

# --- aiready -------------------------------------------------------------------------
$(BUILD)/obj/%.o: analyzer/%.c $(wildcard analyzer/*.h) $(FETCHED)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS_BASE) $(WARN) $(SANFLAGS) $(CPPFLAGS_AI) $(CFLAGS) -c $< -o $@

$(BUILD)/aiready: $(OBJS) $(TSLIB)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS_BASE) $(SANFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(TSLIB) $(LDLIBS)

# --- tests ---------------------------------------------------------------------------
$(BUILD)/tests/%: tests/%.c $(LIB_OBJS) $(TSLIB) $(wildcard tests/*.h) $(wildcard bench/*.c)
	@build-aux/ensure-packages.sh --test
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS_BASE) $(WARN) $(SANFLAGS) $(CPPFLAGS_AI) -Itests $(CFLAGS) -o $@ $< $(LIB_OBJS) $(TSLIB) $(LDLIBS) -lcmocka

unit-tests: $(TEST_BINS) $(BUILD)/aiready
	@tests/run-unit.sh $(BUILD) $(TEST_BINS)

golden: $(BUILD)/aiready
	@tests/golden.sh $(BUILD)/aiready

# SARIF against the SARIF 2.1.0 schema, HTML in headless Chromium (tests/report_check.sh).
report-check: $(BUILD)/aiready $(BUILD)/tests/test_report_sarif $(BUILD)/tests/test_report_html
	@tests/report_check.sh $(BUILD)

# The examples in README.md and docs/ are real runs (tools/gen-doc-examples.sh rewrites them).
doc-examples: $(BUILD)/aiready
	@tools/gen-doc-examples.sh $(BUILD)/aiready --check

# The pre-commit hook and the GitHub Action's script, run locally with a stub gh.
integration: $(BUILD)/aiready
	@tests/integration.sh $(BUILD)/aiready

rules-test: $(BUILD)/aiready
	@tests/rules-test.sh $(BUILD)/aiready

# The whole suite once normally and once under AddressSanitizer + UBSan.
test:
	@rm -rf build/results build/san/results
	@$(MAKE) --no-print-directory unit-tests golden rules-test report-check doc-examples integration
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 OPT=-O1 unit-tests golden
	@tests/summary.sh build build/san

# Builds and scans (the bundled example prototype when no PATH= is given).
PATH_TO_SCAN ?= fixtures/example-prototype
scan: $(BUILD)/aiready
	@$(BUILD)/aiready scan $(if $(P),$(P),$(PATH_TO_SCAN))

bench: $(BUILD)/aiready
	@bench/run.sh $(BUILD)/aiready

# Recall / false positives of the secret rules on ../shared/eval/secrets (skipped with a
# message when that folder is absent). The same check runs in tests/test_secrets_eval.c.
$(BUILD)/secrets-eval: bench/secrets_eval.c $(LIB_OBJS) $(TSLIB)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS_BASE) $(WARN) $(SANFLAGS) $(CPPFLAGS_AI) $(CFLAGS) -o $@ $< $(LIB_OBJS) $(TSLIB) $(LDLIBS)

eval-secrets: $(BUILD)/secrets-eval
	@bench/secrets-eval.sh $(BUILD)/secrets-eval $(EVAL_ARGS)

# Accuracy on the blind-labelled corpus of real applications (eval/real/README.md). Needs
# local git mirrors of the corpus: make eval-real MIRRORS=DIR [SPLIT=held-out] [EVAL_ARGS=--quiet]
SPLIT ?= all
eval-real: $(BUILD)/aiready
	@test -n "$(MIRRORS)" || { echo "make eval-real: set MIRRORS=DIR (a folder of git mirrors, see eval/real/README.md)"; exit 2; }
	@python3 eval/real/score.py --aiready $(BUILD)/aiready --mirrors "$(MIRRORS)" --split $(SPLIT) $(EVAL_ARGS)

install: $(BUILD)/aiready
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/aiready/rules
	install -m 755 $(BUILD)/aiready $(DESTDIR)$(PREFIX)/bin/aiready
	cp -R rules/. $(DESTDIR)$(PREFIX)/share/aiready/rules/

clean:
	rm -rf $(BUILD)/obj $(BUILD)/tests $(BUILD)/aiready build/san
distclean:
	rm -rf build
