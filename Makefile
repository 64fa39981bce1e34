# satz: typesetting pipeline of "Smart Cities: 5 für Südwestfalen".
# `make papers` (default) builds satz and renders every source under
# sources/ (except sources/data/) to out/; `make check` runs all tests.

VERSION   := 0.1.0
CC        ?= cc
PKGS      := cairo pangocairo pangoft2 fontconfig yaml-0.1 libqpdf librsvg-2.0 zlib
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wwrite-strings -Werror
CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(WARN) $(CFLAGS) \
             -DSATZ_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread

SRC  := $(wildcard src/*.c)
OBJ  := $(SRC:src/%.c=build/obj/%.o)
ASAN_OBJ := $(SRC:src/%.c=build/asan/%.o)
SATZ := build/satz
# Quiet unless V=1: `make papers` prints one line per document.
Q := $(if $(V),,@)
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all

SOURCES := $(shell find sources -name '*.yaml' -not -path 'sources/data/*' 2>/dev/null | sort)
PDFS    := $(SOURCES:sources/%.yaml=out/%.pdf)

# German hyphenation: the dehyph-exptl patterns, vendored with their licence
# (src/hyphenation/README), compiled once into a compact file that satz maps
# at start-up.
HYPH_PAT      := src/hyphenation/dehyphn-x-2022-03-16.pat
HYPH_DATA     := build/hyph-de.bin
HYPH_EXC      := styles/hyphenation-de.txt
HYPH_WORDS    := tests/hyphenate/words.txt
# make check's JSON Schema validator (npm packages), see `schemas` below
SCHEMA_NODE   := build/schema-node/node_modules/.installed
PDFJS_NODE    := build/pdfjs-node/node_modules/.installed

.PHONY: papers check check-asan check-valgrind deps clean all hyph-test hyph-bench schemas
.DEFAULT_GOAL := papers

papers: build/deps.ok $(HYPH_DATA) $(PDFS)

# Dependencies of the program itself are checked once and remembered;
# `make deps` checks again.
build/deps.ok: tests/deps.sh
	@sh tests/deps.sh
	@mkdir -p build && touch $@

deps:
	@sh tests/deps.sh tests
	@mkdir -p build && touch build/deps.ok build/deps-tests.ok

build/deps-tests.ok: tests/deps.sh
	@sh tests/deps.sh tests
	@mkdir -p build && touch $@

$(SATZ): $(OBJ)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

build/obj/%.o: src/%.c build/deps.ok
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/satz-asan: $(ASAN_OBJ)
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -o $@ $(ASAN_OBJ) $(PKG_LIBS)

build/asan/%.o: src/%.c build/deps.ok
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -MMD -MP -c -o $@ $<

build/mkhyph: src/tools/mkhyph.c build/obj/hyphenate.o build/obj/base.o
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -o $@ $^

$(HYPH_DATA): build/mkhyph $(HYPH_PAT)
	$(Q)build/mkhyph $(HYPH_PAT) $@

build/hyph-test: tests/hyphenate/test.c build/obj/hyphenate.o build/obj/base.o
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -o $@ $^

build/hyph-test-asan: tests/hyphenate/test.c build/asan/hyphenate.o build/asan/base.o
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -Isrc -o $@ $^

build/hyph-bench: tests/hyphenate/bench.c build/obj/hyphenate.o build/obj/base.o
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -o $@ $^

hyph-test: build/hyph-test build/hyph-test-asan $(HYPH_DATA)
	build/hyph-test $(HYPH_DATA) $(HYPH_EXC) $(HYPH_WORDS)
	build/hyph-test-asan $(HYPH_DATA) $(HYPH_EXC) $(HYPH_WORDS)

hyph-bench: build/hyph-bench $(HYPH_DATA)
	build/hyph-bench $(HYPH_DATA) $(HYPH_EXC) $(HYPH_WORDS) 200

# Each PDF depends on what satz reports it read (its .d file) and on satz.
out/%.pdf: sources/%.yaml $(SATZ) $(HYPH_DATA)
	@$(SATZ) render $< -o $@ --deps build/pdf-deps/$*.d

# The catalogue reads the page counts of the rendered guides.
out/leitfaden-katalog.pdf: $(filter out/leitfaeden/%,$(PDFS))

check: build/deps.ok build/deps-tests.ok $(SATZ) build/satz-asan build/unit build/unit-asan \
       build/hyph-test build/hyph-test-asan $(HYPH_DATA) $(SCHEMA_NODE) $(PDFJS_NODE)
	@$(MAKE) -s fuzz-check
	+@sh tests/run.sh

check-asan: check

# `make schemas`: the JSON Schemas of sources and style sheets, generated
# from satz's key tables and committed (docs/schemas.md); make check fails
# when they are stale.
schemas: build/deps.ok $(SATZ)
	$(Q)mkdir -p schemas
	$(Q)for s in source style; do \
	  $(SATZ) schema $$s >schemas/$$s.schema.json.tmp && \
	  mv schemas/$$s.schema.json.tmp schemas/$$s.schema.json || exit 1; \
	done

# The independent validator of make check's schema test: ajv, ajv-formats
# and yaml from npm, at the versions of tests/schema/package-lock.json.
# Not needed by make papers.
$(SCHEMA_NODE): tests/schema/package.json tests/schema/package-lock.json build/deps-tests.ok
	@rm -rf build/schema-node && mkdir -p build/schema-node
	@cp tests/schema/package.json tests/schema/package-lock.json build/schema-node/
	$(Q)cd build/schema-node && npm ci --ignore-scripts --no-audit --no-fund \
	  --loglevel=error >/dev/null
	@touch $@

# The independent PDF reader of make check's PDF/UA suite: Mozilla's pdf.js
# (npm's pdfjs-dist, at the version of tests/pdfjs/package-lock.json,
# without its optional canvas: nothing is rendered).  Not needed by make
# papers.
$(PDFJS_NODE): tests/pdfjs/package.json tests/pdfjs/package-lock.json build/deps-tests.ok
	@rm -rf build/pdfjs-node && mkdir -p build/pdfjs-node
	@cp tests/pdfjs/package.json tests/pdfjs/package-lock.json build/pdfjs-node/
	$(Q)cd build/pdfjs-node && npm ci --omit=optional --ignore-scripts --no-audit \
	  --no-fund --loglevel=error >/dev/null
	@touch $@

# `make check-valgrind`: the unit tests, the main loop of tests/run.sh and
# `make papers` once more, with build/unit and build/satz under valgrind's
# memcheck (tests/valgrind.sh, docs/robustness.md).  Not part of `make check`.
check-valgrind: build/deps.ok build/deps-tests.ok $(SATZ) build/unit $(HYPH_DATA)
	@sh tests/valgrind.sh

build/unit: tests/unit.c $(filter-out build/obj/main.o,$(OBJ))
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -o $@ $^ $(PKG_LIBS)

build/unit-asan: tests/unit.c $(filter-out build/asan/main.o,$(ASAN_OBJ))
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -Isrc -o $@ $^ $(PKG_LIBS)

clean:
	rm -rf build out

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d)
-include $(PDFS:out/%.pdf=build/pdf-deps/%.d)

# `make bench`: long generated documents, the greedy floor and `make papers`
# timed against the targets of issue #10 (docs/bench.md); results in
# build/bench.txt.  Not part of `make check`; nothing in it is asserted.
.PHONY: bench
build/bench/floor: tests/bench/floor.c build/deps.ok
	@mkdir -p $(@D)
	$(Q)$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -o $@ $< \
	  $$(pkg-config --cflags --libs pangocairo fontconfig)

bench: build/deps.ok $(SATZ) $(HYPH_DATA) build/bench/floor
	@python3 -c 'import yaml' 2>/dev/null || { echo "satz: error: make bench" \
	  "needs PyYAML; install python3-yaml" >&2; exit 1; }
	@python3 tests/bench/bench.py

# `make bench-typst`: make bench's optional peer, Typst 0.14 under node (npm's
# @myriaddreamin/typst-ts-node-compiler at the version of
# tests/bench/typst/package-lock.json), installed under build/bench/typst.
# make bench uses it when it is there; make papers and make check never do.
.PHONY: bench-typst
BENCH_TYPST := build/bench/typst/node_modules/.installed
bench-typst: $(BENCH_TYPST)
$(BENCH_TYPST): tests/bench/typst/package.json tests/bench/typst/package-lock.json
	@command -v npm >/dev/null || { echo "satz: error: make bench-typst needs node and npm" >&2; exit 1; }
	@rm -rf build/bench/typst && mkdir -p build/bench/typst
	@cp tests/bench/typst/package.json tests/bench/typst/package-lock.json build/bench/typst/
	$(Q)cd build/bench/typst && npm ci --ignore-scripts --no-audit --no-fund \
	  --loglevel=error >/dev/null
	@touch $@

# `make fuzz`: the libFuzzer targets of tests/fuzz/ (docs/robustness.md),
# each for FUZZ_SECONDS; new inputs go to build/fuzz/corpus/, crashes to
# build/fuzz/.  `make fuzz-smoke` replays tests/fuzz/regressions/ and runs
# each target briefly; `make fuzz-check` does that when clang can build
# fuzzers and otherwise says it skips.  Needs clang with libFuzzer.
.PHONY: fuzz fuzz-smoke fuzz-check
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 8
FUZZ_TARGETS := load inline style render
FUZZ_SAN     := -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_OBJ     := $(filter-out build/fuzz/obj/main.o,$(SRC:src/%.c=build/fuzz/obj/%.o))
FUZZ_BIN     := $(FUZZ_TARGETS:%=build/fuzz/bin/fuzz_%)
-include $(FUZZ_OBJ:.o=.d)

build/fuzz/obj/%.o: src/%.c build/deps.ok
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link,address,undefined \
	  -MMD -MP -c -o $@ $<

build/fuzz/bin/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer,address,undefined \
	  -Isrc -o $@ $^ $(PKG_LIBS)

fuzz: build/deps.ok $(FUZZ_BIN)
	$(Q)for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t; \
	  echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=0 build/fuzz/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -dict=tests/fuzz/satz.dict -artifact_prefix=build/fuzz/$$t- -print_final_stats=1 \
	    build/fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>build/fuzz/$$t.log || \
	    { tail -n 40 build/fuzz/$$t.log; exit 1; }; \
	  grep '^#.*DONE\|stat::number_of_executed_units' build/fuzz/$$t.log; \
	done

fuzz-smoke: build/deps.ok $(FUZZ_BIN)
	$(Q)for t in $(FUZZ_TARGETS); do \
	  r=tests/fuzz/regressions/$$t; w=build/fuzz/smoke/$$t; \
	  rm -rf $$w && mkdir -p $$w; \
	  if [ -n "$$(ls -A $$r 2>/dev/null)" ]; then \
	    ASAN_OPTIONS=detect_leaks=0 build/fuzz/bin/fuzz_$$t $$r/* >$$w.log 2>&1 || \
	    { tail -n 40 $$w.log; echo "fuzz $$t: a regression input fails"; exit 1; }; \
	  fi; \
	  ASAN_OPTIONS=detect_leaks=0 build/fuzz/bin/fuzz_$$t -max_total_time=$(FUZZ_SMOKE_SECONDS) \
	    -dict=tests/fuzz/satz.dict -artifact_prefix=$$w- $$w tests/fuzz/corpus/$$t \
	    >$$w.log 2>&1 || { tail -n 40 $$w.log; echo "fuzz $$t: crash, input in $$w-*"; exit 1; }; \
	  echo "fuzz $$t: regressions replayed: $$(ls $$r 2>/dev/null | wc -l), $$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' $$w.log) runs, no crash"; \
	done

fuzz-check:
	$(Q)if printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' | \
	    $(FUZZ_CC) -x c -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then \
	  $(MAKE) -s fuzz-smoke; \
	else echo "fuzz: skipped ($(FUZZ_CC) with libFuzzer not found; install clang)"; fi

# `make release VERSION=2026.1 [DRAFTS=1]`: out/releases/2026.1/ from the
# committed sources (docs/releases.md); `make verify-release VERSION=2026.1`
# checks its sums and rebuilds it from its commit.  VERSION on the command
# line is the release's: satz itself is built with the Makefile's version.
.PHONY: release verify-release
RELEASE_SATZ_VERSION := $(shell sed -n 's/^VERSION *:= *//p' Makefile)
release verify-release: build/deps.ok
	$(Q)$(MAKE) -s $(SATZ) $(HYPH_DATA) VERSION=$(RELEASE_SATZ_VERSION)
	$(Q)python3 src/tools/release.py $(if $(filter release,$@),release,verify) \
	  '$(if $(filter command line,$(origin VERSION)),$(VERSION))' $(if $(filter 1,$(DRAFTS)),--drafts)
