#!/bin/sh
# The test suite of satz, run by `make check`: unit tests, golden
# diagnostics, end-to-end renders checked with poppler and qpdf, safety of
# the output, determinism and the Makefile.  Every test that runs the
# program runs twice: with build/satz and with build/satz-asan
# (AddressSanitizer + UndefinedBehaviorSanitizer).  Ends with the line
# "N passed, N failed".  tests/valgrind.sh sets SATZ_UNITS and SATZ_BINS to
# other programs (valgrind wrappers) and SATZ_LOOP_ONLY=1, which ends the
# run after the loop over SATZ_BINS.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/satz-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unset SOURCE_DATE_EPOCH

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }
# check NAME COMMAND...: passes when the command succeeds
check() { _what=$1; shift; if "$@" >/dev/null 2>&1; then ok; else bad "$_what"; fi; }
contains() { printf '%s' "$1" | grep -q -- "$2"; }
# project_repo DIR: the project (what git tracks or would, and the built
# program with its hyphenation data, no out/) copied to DIR as a git
# repository of its own whose first commit is "Stand 1" (the release and
# Synopse suites)
project_repo() {
	mkdir -p "$1/build"
	git ls-files -z -co --exclude-standard | xargs -0 cp -a --parents -t "$1"
	cp -a build/obj build/satz build/mkhyph build/hyph-de.bin build/deps.ok "$1/build/"
	rm -rf "$1/out"
	git -C "$1" init -q
	git -C "$1" add -A
	git -C "$1" -c user.name=Test -c user.email=test@example.org commit -q -m "Stand 1"
}

# unit tests print their own counts; add them to ours
unit() {
	out=$("$1" tests 2>&1)
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		bad "$1 did not finish: $out"
		return
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" = 0 ] || printf '%s\n' "$out" | grep -v 'passed, .* failed$'
}

for u in ${SATZ_UNITS:-build/unit build/unit-asan}; do unit "$u"; done

for SATZ in ${SATZ_BINS:-build/satz build/satz-asan}; do
	tag=$(basename "$SATZ")
	W="$T/$tag"
	mkdir -p "$W"

	# --- usage and help ------------------------------------------------
	check "$tag --help exits 0" "$SATZ" --help
	out=$("$SATZ" --help)
	check "$tag --help names the commands" contains "$out" "render SOURCE"
	for v in SATZ_MAX_BYTES SATZ_MAX_DEPTH SATZ_MAX_TEXT SATZ_MAX_PAGES SATZ_MAX_PIXELS; do
		check "$tag --help names the limit $v" contains "$out" "  $v "
	done
	check "$tag --version" contains "$("$SATZ" --version)" "satz 0.1.0"
	"$SATZ" frobnicate >/dev/null 2>&1; rc=$?
	check "$tag unknown command exits 2 (got $rc)" test "$rc" = 2
	"$SATZ" render >/dev/null 2>&1; rc=$?
	check "$tag render without source exits 2 (got $rc)" test "$rc" = 2
	"$SATZ" render tests/e2e/basic.yaml --bogus >/dev/null 2>&1; rc=$?
	check "$tag unknown option exits 2 (got $rc)" test "$rc" = 2

	# --- golden diagnostics: exact message, exit 1, nothing damaged -------
	# NAME.args, if there, holds more arguments for both commands (the
	# style cases name the sheets of tests/errors/styles/).  A good PDF sits
	# at the output path first: a failed render must leave it byte for byte.
	"$SATZ" render tests/e2e/basic.yaml -o "$W/good-golden.pdf" -q
	check "$tag the good PDF for the golden cases renders" test -s "$W/good-golden.pdf"
	for src in tests/errors/*.yaml; do
		name=$(basename "$src" .yaml)
		args=
		[ -f "${src%.yaml}.args" ] && args=$(cat "${src%.yaml}.args")
		cp "$W/good-golden.pdf" "$W/$name.pdf"
		# shellcheck disable=SC2086  # args holds words to split
		"$SATZ" render "$src" $args -o "$W/$name.pdf" >"$W/$name.stdout" 2>"$W/$name.stderr"
		rc=$?
		if ! diff -u "${src%.yaml}.err" "$W/$name.stderr" >"$W/$name.diff"; then
			bad "$tag diagnostics of $src"
			cat "$W/$name.diff"
		else
			ok
		fi
		check "$tag $name exits 1 (got $rc)" test "$rc" = 1
		check "$tag $name prints nothing on stdout" test ! -s "$W/$name.stdout"
		check "$tag $name keeps the good PDF byte for byte" cmp -s "$W/good-golden.pdf" "$W/$name.pdf"
		check "$tag $name leaves no temporary file" test -z "$(ls -A "$W" | grep '\.tmp$')"
		rm -f "$W/$name.pdf"
		# shellcheck disable=SC2086
		"$SATZ" check "$src" $args 2>"$W/$name.check"; rc=$?
		check "$tag check $name exits 1" test "$rc" = 1
		check "$tag check $name gives the same message" cmp -s "$W/$name.check" "${src%.yaml}.err"
	done

	# --- a good render -------------------------------------------------
	P="$W/basic.pdf"
	"$SATZ" render tests/e2e/basic.yaml -o "$P" >"$W/basic.out" 2>"$W/basic.err"; rc=$?
	check "$tag basic renders (rc $rc: $(cat "$W/basic.err"))" test "$rc" = 0
	check "$tag basic prints nothing on stderr" test ! -s "$W/basic.err"
	check "$tag basic prints path, pages and seconds" \
		grep -q "^$P: 3 pages, [0-9.]* s$" "$W/basic.out"
	check "$tag qpdf --check" qpdf --check "$P"
	info=$(pdfinfo "$P")
	check "$tag pages" contains "$info" "Pages: *3$"
	check "$tag title" contains "$info" "Title: *Testdokument für satz"
	check "$tag author" contains "$info" "Author: *Erika Muster, Max Beispiel"
	check "$tag subject" contains "$info" "Subject: *Alle Bausteine des Formats v1"
	check "$tag keywords" contains "$info" "Keywords: *Test, Smart City"
	check "$tag creator" contains "$info" "Creator: *satz 0.1.0"
	check "$tag tagged" contains "$info" "Tagged: *yes"
	check "$tag date from the document" contains "$info" "CreationDate: *Fri Mar  1 00:00:00 2024"
	fonts=$(pdffonts "$P" | tail -n +3)
	check "$tag fonts used" test -n "$fonts"
	check "$tag every font embedded and subset" test -z "$(printf '%s\n' "$fonts" | awk '$(NF-4) != "yes" || $(NF-3) != "yes"')"
	check "$tag only project fonts" test -z "$(printf '%s\n' "$fonts" | grep -v 'NotoSerif\|NotoSans')"
	text=$(pdftotext "$P" - | tr '\n' ' ')
	check "$tag cover" contains "$text" "Version 1.2 · Entwurf"
	check "$tag footer" contains "$text" "Seite 3 von 3"
	check "$tag German quotes" contains "$text" "„Südwestfalen“ – eine Region … und 5"
	check "$tag markup characters stay literal" contains "$text" "Größe & Maß <b>."
	check "$tag soft hyphens vanish" contains "$text" "Donaudampfschifffahrt"
	# the text area only, without the running header and footer
	order=$(pdftotext -f 3 -l 3 -x 0 -y 72 -W 595 -H 690 "$P" - | grep -n -e '^1 Einleitung' -e 'Erster Punkt' -e 'Unterpunkt zwei' -e 'Projektbüro' -e '^2 Ziele' -e '^2.1 Unterziel' | cut -d: -f2- | tr '\n' '|')
	check "$tag text in order ($order)" test "$order" = "1 Einleitung|• Erster Punkt|2. Unterpunkt zwei|— Projektbüro|2 Ziele|2.1 Unterziel|"
	toc=$(pdftotext -layout -f 2 -l 2 "$P" -)
	check "$tag contents lists chapter 2 on page 3" contains "$toc" "2 *Ziele[ .]*3$"
	check "$tag contents lists 2.1 on page 3" contains "$toc" "2.1 *Unterziel[ .]*3$"
	links=$(python3 tests/pdfcheck.py links "$P")
	check "$tag contents entries link to their pages" contains "$links" "p2 dest ziele -> p3"
	check "$tag internal link" contains "$links" "p3 dest ziele -> p3"
	check "$tag external link" contains "$links" "p3 uri https://www.suedwestfalen.com"
	outline=$(python3 tests/pdfcheck.py outline "$P" | tr '\n' '|')
	check "$tag outline ($outline)" test "$outline" = "Inhalt -> p2|1 Einleitung -> p3|2 Ziele -> p3|  2.1 Unterziel -> p3|"

	# --- determinism -----------------------------------------------------
	SOURCE_DATE_EPOCH=1700000000 "$SATZ" render tests/e2e/basic.yaml -o "$W/d1.pdf" -q
	SOURCE_DATE_EPOCH=1700000000 "$SATZ" render tests/e2e/basic.yaml -o "$W/d2.pdf" -q
	check "$tag two builds are byte-identical" cmp "$W/d1.pdf" "$W/d2.pdf"
	# paragraphs shaped ahead on a second thread (preshape.c) or all by
	# the layout: the same bytes, and the thread did shape some
	for doc in tests/e2e/rich.yaml sources/gesamtstrategie.yaml; do
		n=$(basename "$doc" .yaml)
		ahead=$(SOURCE_DATE_EPOCH=1700000000 "$SATZ" render "$doc" -o "$W/ps-$n.pdf" --stats |
			sed -n 's/.*shaped ahead on a second thread: \([0-9]*\) paragraphs/\1/p')
		SOURCE_DATE_EPOCH=1700000000 SATZ_PRESHAPE=0 "$SATZ" render "$doc" -o "$W/ps0-$n.pdf" -q
		check "$tag $n: shaped ahead or not, byte-identical" cmp "$W/ps-$n.pdf" "$W/ps0-$n.pdf"
		check "$tag $n: paragraphs shaped ahead (${ahead:-none})" test "${ahead:-0}" -gt 10
	done
	check "$tag SOURCE_DATE_EPOCH sets the dates" contains "$(pdfinfo "$W/d1.pdf")" "CreationDate: *Tue Nov 14 22:13:20 2023"
	# compare the expanded files: dates sit in compressed object streams
	qpdf --qdf --object-streams=disable "$W/d1.pdf" "$W/d1.qdf"
	qpdf --qdf --object-streams=disable "$P" "$W/p.qdf"
	check "$tag SOURCE_DATE_EPOCH changes only the dates and the ID" test -z "$(diff -a "$W/d1.qdf" "$W/p.qdf" | grep '^<' | grep -v 'Date\|/ID \[')"
	check "$tag ... and does change them" test -n "$(diff -a "$W/d1.qdf" "$W/p.qdf" | grep '^<.*Date')"

	# --- the last good PDF survives ------------------------------------
	cp "$P" "$W/good.pdf"
	"$SATZ" render tests/errors/unknown-key.yaml -o "$P" 2>/dev/null; rc=$?
	check "$tag failed render exits 1" test "$rc" = 1
	check "$tag failed render keeps the good PDF" cmp "$P" "$W/good.pdf"
	check "$tag no temporary files" test -z "$(ls -A "$W" | grep '\.tmp$')"
	(trap '' XFSZ; ulimit -f 16; exec "$SATZ" render tests/e2e/basic.yaml -o "$P" -q) 2>"$W/full.err"; rc=$?
	check "$tag disk full exits 3 (got $rc)" test "$rc" = 3
	check "$tag disk full says so" grep -q "^satz: error: .*cannot write" "$W/full.err"
	check "$tag disk full keeps the good PDF" cmp "$P" "$W/good.pdf"
	check "$tag disk full leaves no temporary file" test -z "$(ls -A "$W" | grep '\.tmp$')"
	"$SATZ" render tests/e2e/basic.yaml -o /proc/satz-test/x.pdf 2>/dev/null; rc=$?
	check "$tag unwritable output exits 3 (got $rc)" test "$rc" = 3
	"$SATZ" render "$W/missing.yaml" 2>"$W/missing.err"; rc=$?
	check "$tag missing source exits 1" test "$rc" = 1
	check "$tag missing source message" grep -q "cannot open $W/missing.yaml: No such file" "$W/missing.err"

	# --- default output path and dependency file ---------------------------
	mkdir -p "$W/proj/sources/teil"
	cp tests/e2e/basic.yaml "$W/proj/sources/teil/doc.yaml"
	(cd "$W/proj" && SATZ_FONTS="$ROOT/fonts" "$ROOT/$SATZ" render sources/teil/doc.yaml --deps deps/doc.d -q)
	check "$tag sources/X.yaml goes to out/X.pdf" test -f "$W/proj/out/teil/doc.pdf"
	check "$tag dependency file names the source" grep -q "^out/teil/doc.pdf: .*\\\\$" "$W/proj/deps/doc.d"
	check "$tag dependency file names the fonts" grep -q "NotoSerif-Regular.ttf" "$W/proj/deps/doc.d"

	# --- a character no font has -------------------------------------------
	"$SATZ" render tests/e2e/missing-glyph.yaml -o "$W/glyph.pdf" -q 2>"$W/glyph.err"; rc=$?
	check "$tag missing glyph still renders" test "$rc" = 0
	check "$tag missing glyph warns at its position" grep -qx "tests/e2e/missing-glyph.yaml:8:5: warning: no font in fonts/ has the character U+6F22 漢; it prints as a box (use another character or add a font that has it)" "$W/glyph.err"

	# --- contents over several pages: every number is right ------------
	sh tests/gen-long.sh 70 >"$W/long.yaml"
	"$SATZ" render "$W/long.yaml" -o "$W/long.pdf" -q; rc=$?
	check "$tag long document renders" test "$rc" = 0
	toc_pages=$(pdftotext -layout -f 2 -l 4 "$W/long.pdf" - | grep -c 'Kapitel')
	check "$tag contents run over more than one page ($toc_pages entries)" test "$toc_pages" -ge 70
	wrong=$(python3 tests/toc-pages.py "$W/long.pdf")
	check "$tag every contents entry names its heading's page ($wrong)" test -z "$wrong"
done

if [ -n "${SATZ_LOOP_ONLY:-}" ]; then printf '%d passed, %d failed\n' "$pass" "$fail"; [ "$fail" = 0 ]; exit; fi

# --- the real sources, through make, in a copy of the project -----------
C="$T/copy"
mkdir -p "$C"
git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$C"
cp -a build "$C/build"
rm -rf "$C/build/pdf-deps"
(cd "$C" && make -s papers) >"$T/make1.out" 2>&1; rc=$?
check "make papers in a copy (rc $rc: $(head -c 300 "$T/make1.out"))" test "$rc" = 0
for src in $(cd "$C" && find sources -name '*.yaml' -not -path 'sources/data/*'); do
	pdf="$C/out/$(printf '%s' "${src#sources/}" | sed 's/\.yaml$/.pdf/')"
	check "make papers rendered $src" test -f "$pdf"
	check "qpdf --check $src" qpdf --check "$pdf"
	check "$src: fonts embedded" test -z "$(pdffonts "$pdf" | tail -n +3 | awk '$(NF-4) != "yes"')"
done
check "make papers prints one line per document" \
	test "$(grep -c '^out/.*: [0-9]* pages, [0-9.]* s$' "$T/make1.out")" = "$(cd "$C" && find sources -name '*.yaml' -not -path 'sources/data/*' | wc -l)"
check "make papers prints nothing else" test -z "$(grep -v '^out/.*: [0-9]* pages, [0-9.]* s$' "$T/make1.out")"
if [ -f "$C/out/rahmenstrategie.pdf" ]; then
	pages=$(pdfinfo "$C/out/rahmenstrategie.pdf" | sed -n 's/^Pages: *//p')
	check "Rahmenstrategie has at least 10 pages ($pages)" test "$pages" -ge 10
	check "Rahmenstrategie has an outline" test -n "$(python3 tests/pdfcheck.py outline "$C/out/rahmenstrategie.pdf")"
fi
(cd "$C" && make -s papers) >"$T/make2.out" 2>&1
check "a second make papers renders nothing" test ! -s "$T/make2.out"
check "make -q papers is up to date" sh -c "cd '$C' && make -q papers"
touch "$C/fonts/NotoSans-Bold.ttf"
check "touching a font makes every PDF stale" sh -c "! (cd '$C' && make -q papers)"
(cd "$C" && make -s papers) >/dev/null 2>&1
# a broken source: make fails at the position, the other PDFs survive
for f in "$C"/out/*.pdf; do cp "$f" "$f.good"; done
cp tests/errors/unknown-key.yaml "$C/sources/kaputt.yaml"
touch "$C/sources/"*.yaml
(cd "$C" && make -s -k papers) >"$T/make3.out" 2>&1; rc=$?
check "make papers fails on a broken source" test "$rc" != 0
check "the error names the source position" grep -q "^sources/kaputt.yaml:8:5: error: unknown key 'boddy'" "$T/make3.out"
check "no PDF for the broken source" test ! -e "$C/out/kaputt.pdf"
for f in "$C"/out/*.pdf.good; do
	check "previous $(basename "${f%.good}") intact" test -s "${f%.good}"
done
check "no temporary files in out/" test -z "$(find "$C/out" -name '*.tmp')"

# --- further suites: each tests/suite/*.sh is sourced here and uses
# check/ok/bad, $T (a scratch directory) and $ROOT
for suite in tests/suite/*.sh; do
	[ -f "$suite" ] || continue
	. "./$suite"
done

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" = 0 ]
