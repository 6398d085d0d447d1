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
# strcmp(x, "literal") expanded inline where the compiler can: the call analysis compares
# node types with literals by the million and most differ at the first letter, which an
# inline compare settles without a call (GCC; -4.5% CPU on a bench subset, bench/README.md).
STRCMP_INLINE := $(shell $(CC) -Q --help=params 2>/dev/null | grep -q builtin-string-cmp-inline-length && \
                   echo --param=builtin-string-cmp-inline-length=24)
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g $(OPT) -pthread $(STRCMP_INLINE)
CPPFLAGS_AI := -Ianalyzer -I$(TS_DIR)/include -DAIREADY_VERSION='"$(VERSION)"'

LDLIBS  := -lpcre2-8 -lyaml -lgit2 -lm -pthread

ifneq ($(SAN),)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

SRCS      := $(wildcard analyzer/*.c) $(wildcard analyzer/calls/*.c)
OBJS      := $(patsubst analyzer/%.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS  := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TSLIB     := $(DEPS)/libts.a
FETCHED   := $(DEPS)/.fetched

.PHONY: all test unit-tests rules-test golden report-check doc-examples integration sanitize install clean distclean \
        deps scan bench eval-secrets eval-real fuzz fuzz-build fuzz-test

all: $(BUILD)/aiready

# --- dependencies ------------------------------------------------------------------
$(DEPS)/.packages:
	@build-aux/ensure-packages.sh
	@mkdir -p $(DEPS) && touch $@

$(FETCHED): grammars/pins.txt grammars/fetch.sh $(wildcard grammars/patches/*.patch) | $(DEPS)/.packages
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
$(BUILD)/obj/%.o: analyzer/%.c $(wildcard analyzer/*.h) $(wildcard analyzer/calls/*.h) $(FETCHED)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS_BASE) $(WARN) $(SANFLAGS) $(CPPFLAGS_AI) $(CFLAGS) -c $< -o $@

$(BUILD)/aiready: $(OBJS) $(TSLIB)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS_BASE) $(SANFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(TSLIB) $(LDLIBS)

# --- tests ---------------------------------------------------------------------------
$(BUILD)/tests/%: tests/%.c $(LIB_OBJS) $(TSLIB) $(wildcard tests/*.h) $(wildcard analyzer/calls/*.h) $(wildcard bench/*.c)
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

# The whole suite once normally and once under AddressSanitizer + UBSan, then the fuzz
# harnesses briefly (when clang is there).
test:
	@rm -rf build/results build/san/results
	@$(MAKE) --no-print-directory unit-tests golden rules-test report-check doc-examples integration
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 OPT=-O1 unit-tests golden
	@$(MAKE) --no-print-directory fuzz-test
	@tests/summary.sh build build/san

# --- fuzzing: libFuzzer harnesses under fuzz/ (docs/fuzzing.md) ---------------------------
# The analyzer (all but main.c) is rebuilt with clang under ASan + UBSan and libFuzzer's
# coverage; the tree-sitter runtime and grammars are linked uninstrumented.
#   make fuzz                        builds every harness and its seed corpus
#   make fuzz FUZZ_TIME=600          ... then fuzzes each for 600 s (niced), one at a time
#   make fuzz FUZZ_TIME=600 FUZZ_TARGETS="rules ci"    only those
# make test replays fuzz/regressions/ and fuzzes each harness FUZZ_TEST_TIME seconds.
FUZZ_CC        ?= $(shell command -v clang || command -v clang-14 || echo clang)
FUZZ_DIR       := build/fuzz
FUZZ_TIME      ?=
FUZZ_TEST_TIME ?= 10
FUZZ_SAN       := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -pthread $(FUZZ_SAN)
FUZZ_ALL       := $(patsubst fuzz/fuzz_%.c,%,$(filter-out fuzz/fuzz_util.c,$(wildcard fuzz/fuzz_*.c)))
FUZZ_TARGETS   ?= $(FUZZ_ALL)
FUZZ_BINS      := $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_ALL))
FUZZ_OBJS      := $(patsubst analyzer/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out analyzer/main.c,$(SRCS))) \
                  $(FUZZ_DIR)/obj/fuzz_util.o
.SECONDARY: $(FUZZ_OBJS)

$(FUZZ_DIR)/obj/%.o: analyzer/%.c $(wildcard analyzer/*.h) $(wildcard analyzer/calls/*.h) $(FETCHED)
	@mkdir -p $(@D)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(WARN) $(CPPFLAGS_AI) -c $< -o $@
$(FUZZ_DIR)/obj/fuzz_util.o: fuzz/fuzz_util.c fuzz/fuzz_util.h $(wildcard analyzer/*.h) $(FETCHED)
	@mkdir -p $(@D)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(WARN) $(CPPFLAGS_AI) -c $< -o $@
$(FUZZ_DIR)/libanalyzer.a: $(FUZZ_OBJS)
	@rm -f $@
	@ar rcs $@ $^
# The tree-sitter runtime again, uninstrumented but with frame pointers, so that a leak
# report names the tree-sitter function (LeakSanitizer suppressions match on it).
$(FUZZ_DIR)/libts.a: $(FETCHED) $(filter-out $(DEPS)/obj/ts_runtime.o,$(GRAMMAR_OBJS))
	@mkdir -p $(FUZZ_DIR)/obj
	@$(FUZZ_CC) $(TS_CFLAGS) -fno-omit-frame-pointer -I$(TS_DIR)/include -I$(TS_DIR)/src -c $(TS_DIR)/src/lib.c -o $(FUZZ_DIR)/obj/ts_runtime.o
	@rm -f $@
	@ar rcs $@ $(FUZZ_DIR)/obj/ts_runtime.o $(filter-out $(DEPS)/obj/ts_runtime.o,$(GRAMMAR_OBJS))
$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_util.h $(FUZZ_DIR)/libanalyzer.a $(FUZZ_DIR)/libts.a
	@echo "fuzz: building $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(WARN) $(CPPFLAGS_AI) -Ifuzz -o $@ $< $(FUZZ_DIR)/libanalyzer.a $(FUZZ_DIR)/libts.a $(LDLIBS)

# Seeds are made from fixtures/, tests/ and rules/ on every build (fuzz/seeds.sh).
$(FUZZ_DIR)/seedgen: fuzz/seedgen.c $(LIB_OBJS) $(TSLIB)
	@mkdir -p $(@D)
	@echo "fuzz: building $@"
	@$(CC) $(CFLAGS_BASE) $(WARN) $(CPPFLAGS_AI) -o $@ $< $(LIB_OBJS) $(TSLIB) $(LDLIBS)

fuzz-build: $(FUZZ_BINS) $(FUZZ_DIR)/seedgen
	@fuzz/seeds.sh $(FUZZ_DIR) $(FUZZ_ALL)

fuzz:
	@fuzz/have-clang.sh $(FUZZ_CC) || { echo "fuzz: needs clang with libFuzzer (apt-get install clang)"; exit 2; }
	@$(MAKE) --no-print-directory fuzz-build
	@fuzz/run.sh --replay $(if $(FUZZ_TIME),--time $(FUZZ_TIME)) $(FUZZ_DIR) $(FUZZ_TARGETS)

# The step of make test: regressions replayed, then a short run of every harness.
fuzz-test:
	@FUZZ_CC=$(FUZZ_CC) build-aux/ensure-packages.sh --fuzz
	@if fuzz/have-clang.sh $(FUZZ_CC); then \
	   $(MAKE) --no-print-directory fuzz-build && \
	   fuzz/run.sh --replay --time $(FUZZ_TEST_TIME) --counts build/results/fuzz.counts $(FUZZ_DIR) $(FUZZ_ALL); \
	 else echo "fuzz: skipped (no clang)"; fi

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
	@MIRRORS="$(MIRRORS)" bench/secrets-eval.sh $(BUILD)/secrets-eval $(EVAL_ARGS)

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
	rm -rf $(BUILD)/obj $(BUILD)/tests $(BUILD)/aiready build/san $(FUZZ_DIR)/obj $(FUZZ_DIR)/*.a $(FUZZ_BINS)
distclean:
	rm -rf build
