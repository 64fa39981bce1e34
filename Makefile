# satz: typesetting pipeline of "Smart Cities: 5 für Südwestfalen".
# `make papers` (default) builds satz and renders every source under
# sources/ (except sources/data/) to out/; `make check` runs all tests.

VERSION   := 0.1.0
CC        ?= cc
PKGS      := cairo pangocairo pangoft2 fontconfig yaml-0.1 libqpdf librsvg-2.0
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wwrite-strings -Werror
CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) \
             -DSATZ_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhyphen -lm

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

.PHONY: papers check check-asan deps clean all
.DEFAULT_GOAL := papers

papers: build/deps.ok $(PDFS)

# Dependencies of the program itself are checked once and remembered;
# `make deps` checks again.
build/deps.ok: tests/deps.sh
	@sh tests/deps.sh
	@mkdir -p build && touch $@

deps:
	@sh tests/deps.sh
	@mkdir -p build && touch build/deps.ok

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

# Each PDF depends on what satz reports it read (its .d file) and on satz.
out/%.pdf: sources/%.yaml $(SATZ)
	@$(SATZ) render $< -o $@ --deps build/pdf-deps/$*.d

check: build/deps.ok $(SATZ) build/satz-asan build/unit build/unit-asan
	@sh tests/run.sh

check-asan: check

build/unit: tests/unit.c $(filter-out build/obj/main.o,$(OBJ))
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -o $@ $^ $(PKG_LIBS)

build/unit-asan: tests/unit.c $(filter-out build/asan/main.o,$(ASAN_OBJ))
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -Isrc -o $@ $^ $(PKG_LIBS)

clean:
	rm -rf build out

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d)
-include $(PDFS:out/%.pdf=build/pdf-deps/%.d)
