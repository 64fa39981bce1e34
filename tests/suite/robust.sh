# Bad input (issue #9): odd text renders sensibly, what cannot be rendered
# fails with a positioned message, and every limit of docs/robustness.md
# says where and which limit.  Golden cases live in tests/errors/; these
# need generated files or environment variables.  Times are not asserted
# (docs/robustness.md has measurements).
B="$T/robust"
mkdir -p "$B"
head_yaml() {
	printf 'kind: test\ntitle: Robust\npublisher: P\ndate: 2024-03-01\nversion: "1"\n'
}
# render NAME: renders $B/NAME.yaml, sets rc, leaves stderr in $B/NAME.err
render() { build/satz render "$B/$1.yaml" -o "$B/$1.pdf" -q 2>"$B/$1.err"; rc=$?; }
text_of() { pdftotext "$B/$1.pdf" - | tr '\n' ' '; }

# a byte order mark at the start is skipped
{ printf '\357\273\277'; head_yaml; printf 'body:\n  - Mit BOM.\n'; } >"$B/bom.yaml"
render bom
check "BOM: renders (rc $rc)" test "$rc" = 0
check "BOM: title intact" contains "$(pdfinfo "$B/bom.pdf")" "Title: *Robust$"
check "BOM: text intact" contains "$(text_of bom)" "Mit BOM."

# Windows line ends
{ head_yaml; printf 'body:\n  - Zeile eins\n  - "Zeile zwei"\n'; } | sed 's/$/\r/' >"$B/crlf.yaml"
render crlf
check "CRLF: renders (rc $rc)" test "$rc" = 0
check "CRLF: no warning" test ! -s "$B/crlf.err"
check "CRLF: text intact" contains "$(text_of crlf)" "Zeile eins Zeile zwei"
check "CRLF: no carriage return in the text" test -z "$(pdftotext "$B/crlf.pdf" - | tr -d '\n' | grep "$(printf '\r')")"

# tabs inside text (not as indentation: tests/errors/tab-indent.yaml)
{ head_yaml; printf 'body:\n  - Spalte\teins\tzwei\n'; } >"$B/tabs.yaml"
render tabs
check "tabs in text: render (rc $rc)" test "$rc" = 0
check "tabs in text: no warning" test ! -s "$B/tabs.err"

# no-break, zero-width and direction marks: invisible or spaces, no warning
{ head_yaml; printf 'body:\n  - "Zahl\302\240und\342\200\213Null\342\200\217RTL \342\200\216LTR \342\200\215\342\200\214\342\201\240 Ende"\n'; } >"$B/spaces.yaml"
render spaces
check "NBSP, ZWSP, RLM, LRM, ZWJ, ZWNJ, WJ: render (rc $rc)" test "$rc" = 0
check "NBSP, ZWSP, ...: no warning ($(head -c 200 "$B/spaces.err"))" test ! -s "$B/spaces.err"
check "NBSP, ZWSP, ...: text intact" contains "$(text_of spaces | tr -d '\342\200\213\217\216\215\214\201\240\302')" "Zahl"

# a word of 10,000 characters and a paragraph without spaces: an overfull
# line, a warning at the paragraph, a PDF
{ head_yaml; printf 'body:\n  - Davor.\n  - '; printf '%10000s\n' '' | tr ' ' x; } >"$B/word.yaml"
render word
check "10,000-character word renders (rc $rc)" test "$rc" = 0
check "10,000-character word: positioned warning" grep -q "^$B/word.yaml:8:5: warning: overfull line" "$B/word.err"
{ head_yaml; printf 'body:\n  - '; printf 'Wort,%.0s' $(seq 2000); printf '\n'; } >"$B/nospace.yaml"
render nospace
check "paragraph without spaces renders (rc $rc)" test "$rc" = 0
check "paragraph without spaces: positioned warning" grep -q "^$B/nospace.yaml:7:5: warning: overfull line" "$B/nospace.err"

# an empty body: cover and contents, nothing else
{ head_yaml; printf 'body: []\n'; } >"$B/nobody.yaml"
render nobody
check "empty body renders (rc $rc)" test "$rc" = 0
check "empty body: 2 pages" contains "$(pdfinfo "$B/nobody.pdf")" "Pages: *2$"

# 100,000 words in one paragraph: renders (docs/robustness.md: timing)
python3 -c '
import random, sys
random.seed(9)
w = "Smart City Region Südwestfalen Digitalisierung und der die Kommunen Projekt".split()
sys.stdout.write(" ".join(random.choice(w) for _ in range(100000)))' >"$B/words.txt"
{ head_yaml; printf 'body:\n  - '; cat "$B/words.txt"; printf '\n'; } >"$B/words.yaml"
render words
check "100,000-word paragraph renders (rc $rc)" test "$rc" = 0
check "100,000-word paragraph: no warning" test ! -s "$B/words.err"

# a paragraph over the text limit (1,000,000 bytes), and the limit lowered
{ head_yaml; printf 'body:\n  - Davor.\n  - '; printf 'abc %.0s' $(seq 300000); printf '\n'; } >"$B/long.yaml"
render long
check "paragraph of 1.2 MB fails (rc $rc)" test "$rc" = 1
check "paragraph of 1.2 MB: positioned message" grep -qx "$B/long.yaml:8:5: error: paragraph of 1199999 bytes, more than the limit of 1000000; split it into several (or raise SATZ_MAX_TEXT)" "$B/long.err"
check "paragraph of 1.2 MB: no PDF" test ! -e "$B/long.pdf"
SATZ_MAX_TEXT=5 build/satz check "$B/crlf.yaml" 2>"$B/text5.err"; rc=$?
check "SATZ_MAX_TEXT=5: the title is too long" grep -q "^$B/crlf.yaml:2:8: error: title of 6 bytes, more than the limit of 5" "$B/text5.err"
SATZ_MAX_TEXT=viel build/satz check "$B/crlf.yaml" 2>"$B/textx.err"; rc=$?
check "SATZ_MAX_TEXT=viel is ignored (rc $rc)" test "$rc" = 0
check "SATZ_MAX_TEXT=viel says so" grep -qx "satz: warning: SATZ_MAX_TEXT='viel' is not a whole number above 0; using 1000000" "$B/textx.err"

# 10,000-deep nesting: stops at the depth limit, fast
{ head_yaml; printf 'body: '; printf '%10000s' '' | tr ' ' '['; printf '%10000s\n' '' | tr ' ' ']'; } >"$B/deep.yaml"
for S in build/satz build/satz-asan; do
	"$S" check "$B/deep.yaml" 2>"$B/deep.err"; rc=$?
	check "$S: 10,000-deep nesting fails (rc $rc)" test "$rc" = 1
	check "$S: 10,000-deep nesting: positioned message" grep -qx "$B/deep.yaml:6:70: error: nesting deeper than 64 levels; flatten the structure (or raise SATZ_MAX_DEPTH)" "$B/deep.err"
done
{ head_yaml; printf 'body:\n  - list:\n      - text: a\n        list: [b]\n'; } >"$B/three.yaml"
check "six levels pass by default" build/satz check "$B/three.yaml"
check "SATZ_MAX_DEPTH=6 passes them" env SATZ_MAX_DEPTH=6 build/satz check "$B/three.yaml"
SATZ_MAX_DEPTH=5 build/satz check "$B/three.yaml" 2>"$B/depth5.err"
check "SATZ_MAX_DEPTH=5 stops at the sixth level" grep -qx "$B/three.yaml:9:15: error: nesting deeper than 5 levels; flatten the structure (or raise SATZ_MAX_DEPTH)" "$B/depth5.err"
SATZ_MAX_DEPTH=zwei build/satz check "$B/three.yaml" 2>"$B/depthx.err"; rc=$?
check "SATZ_MAX_DEPTH=zwei is ignored (rc $rc)" test "$rc" = 0
check "SATZ_MAX_DEPTH=zwei says so" grep -qx "satz: warning: SATZ_MAX_DEPTH='zwei' is not a whole number from 1 to 1000; using 64" "$B/depthx.err"

# a source over the size limit (8 MiB), and the limit lowered
{ head_yaml; printf 'body: []\n'; for i in $(seq 9); do printf '#%1048575s\n' '' | tr ' ' x; done; } >"$B/big.yaml"
build/satz check "$B/big.yaml" 2>"$B/big.err"; rc=$?
check "9 MiB source fails (rc $rc)" test "$rc" = 1
check "9 MiB source: message names the limit" grep -q "^$B/big.yaml:1:1: error: file is [0-9]* bytes, more than the limit of 8388608; split it" "$B/big.err"
SATZ_MAX_BYTES=50 build/satz check "$B/nobody.yaml" 2>"$B/bytes50.err"; rc=$?
check "SATZ_MAX_BYTES=50 fails (rc $rc)" test "$rc" = 1
check "SATZ_MAX_BYTES=50: message" grep -qx "$B/nobody.yaml:1:1: error: file is 77 bytes, more than the limit of 50; split it into smaller files (or raise SATZ_MAX_BYTES)" "$B/bytes50.err"

# C1 control characters and U+FFFE (C0 ones: tests/errors/control-char.yaml)
{ head_yaml; printf 'body:\n  - "Steuer\302\233zeichen"\n'; } >"$B/c1.yaml"
build/satz check "$B/c1.yaml" 2>"$B/c1.err"
check "C1 control character: positioned message" grep -qx "$B/c1.yaml:7:12: error: control character U+009B; remove it (only tabs and line breaks may appear in a source)" "$B/c1.err"
{ head_yaml; printf 'body:\n  - "Nicht\357\277\276zeichen"\n'; } >"$B/fffe.yaml"
build/satz check "$B/fffe.yaml" 2>"$B/fffe.err"
check "U+FFFE: positioned message" grep -q "^$B/fffe.yaml:7:11: error: control character U+FFFE" "$B/fffe.err"

# a PNG whose header claims 30000 x 20000 pixels (69 bytes): refused
# before decoding.  Images must lie inside the project: run in its own.
mkdir -p "$B/proj"
python3 -c '
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
ihdr = struct.pack(">IIBBBBB", 30000, 20000, 8, 2, 0, 0, 0)
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
    chunk(b"IDAT", zlib.compress(b"\0" * 4)) + chunk(b"IEND", b""))' >"$B/proj/riesig.png"
{ head_yaml; printf 'body:\n  - figure: riesig.png\n    alt: Ein riesiges Bild\n'; } >"$B/proj/huge.yaml"
for S in build/satz build/satz-asan; do
	(cd "$B/proj" && SATZ_FONTS="$ROOT/fonts" "$ROOT/$S" render huge.yaml -o huge.pdf -q) 2>"$B/huge.err"; rc=$?
	check "$S: PNG of 600 million pixels fails (rc $rc)" test "$rc" = 1
	check "$S: PNG of 600 million pixels: positioned message" grep -qx "huge.yaml:7:13: error: 'riesig.png' has 30000 x 20000 pixels, more than 50000000; scale it down (or raise SATZ_MAX_PIXELS)" "$B/huge.err"
	check "$S: PNG of 600 million pixels: no PDF" test ! -e "$B/proj/huge.pdf"
done
# the pixel limit is settable: lowered, a small picture (300 x 120) is refused
cp tests/e2e/img/balken.png "$B/proj/klein.png"
{ head_yaml; printf 'body:\n  - figure: klein.png\n    alt: Ein kleines Bild\n'; } >"$B/proj/small.yaml"
(cd "$B/proj" && SATZ_MAX_PIXELS=100 SATZ_FONTS="$ROOT/fonts" "$ROOT/build/satz" render small.yaml -o small.pdf) 2>"$B/small.err"; rc=$?
check "SATZ_MAX_PIXELS=100 refuses a small picture (rc $rc)" test "$rc" = 1
check "SATZ_MAX_PIXELS=100: the message names the limit ($(cat "$B/small.err"))" \
	grep -qx "small.yaml:7:13: error: 'klein.png' has 300 x 120 pixels, more than 100; scale it down (or raise SATZ_MAX_PIXELS)" "$B/small.err"
(cd "$B/proj" && SATZ_MAX_PIXELS=viele SATZ_FONTS="$ROOT/fonts" "$ROOT/build/satz" render small.yaml -o small.pdf -q) 2>"$B/smallx.err"; rc=$?
check "SATZ_MAX_PIXELS=viele is ignored with a warning (rc $rc)" \
	grep -qx "satz: warning: SATZ_MAX_PIXELS='viele' is not a whole number above 0; using 50000000" "$B/smallx.err"
SATZ_MAX_PAGES=null build/satz render tests/e2e/basic.yaml -o "$B/pagesx.pdf" -q 2>"$B/pagesx.err"; rc=$?
check "SATZ_MAX_PAGES=null is ignored (rc $rc)" test "$rc" = 0
check "SATZ_MAX_PAGES=null says so" \
	grep -qx "satz: warning: SATZ_MAX_PAGES='null' is not a whole number above 0; using 2000" "$B/pagesx.err"

# files a source reads must lie inside the project (the current directory)
# once '..' and symbolic links are resolved: a picture, an included source,
# a directory of sources and a shared data file that a link or '..' takes
# outside are refused at the position that names them
ESC="$B/esc"
mkdir -p "$ESC/sources/bilder" "$ESC/sources/data" "$B/draussen/teil" "$B/escdata/sources/data"
cp tests/e2e/img/balken.png "$B/draussen/bild.png"
{ head_yaml; printf 'body:\n  - section: Vision\n    id: vision\n'; } >"$B/draussen/teil.yaml"
cp "$B/draussen/teil.yaml" "$B/draussen/teil/olpe.yaml"
cp sources/data/*.yaml "$ESC/sources/data/"
ln -s ../../../draussen/bild.png "$ESC/sources/bilder/aussen.png"
ln -s ../../draussen/teil.yaml "$ESC/sources/teil.yaml"
{ head_yaml; printf 'body:\n  - figure: bilder/aussen.png\n    alt: Ein Bild von draussen\n'; } >"$ESC/sources/bild.yaml"
{ head_yaml; printf 'body:\n  - include: teil.yaml#vision\n'; } >"$ESC/sources/incl.yaml"
{ head_yaml; printf 'body:\n  - visions: ../../draussen/teil\n'; } >"$ESC/sources/dir.yaml"
cp sources/data/*.yaml "$B/escdata/sources/data/"
mv "$B/escdata/sources/data/topics.yaml" "$B/draussen/topics.yaml"
ln -s ../../../draussen/topics.yaml "$B/escdata/sources/data/topics.yaml"
{ head_yaml; printf 'topic: x\nbody:\n  - Text\n'; } >"$B/escdata/sources/data.yaml"
build/satz render tests/e2e/basic.yaml -o "$B/good-esc.pdf" -q
BR=$(cd "$B" && pwd -P)   # as realpath names it
# esc_case SATZ PROJECT DOC MESSAGE: sources/DOC.yaml of $B/PROJECT fails
# with MESSAGE, leaves the PDF at its output path alone, and check agrees
esc_case() {
	cp "$B/good-esc.pdf" "$B/$2/$3.pdf"
	(cd "$B/$2" && SATZ_FONTS="$ROOT/fonts" "$ROOT/$1" render "sources/$3.yaml" -o "$3.pdf" -q) 2>"$B/$3.err"; rc=$?
	check "$1: $3 outside the project fails (rc $rc)" test "$rc" = 1
	check "$1: $3 outside the project: positioned message ($(cat "$B/$3.err"))" test "$(cat "$B/$3.err")" = "sources/$3.yaml:$4"
	check "$1: $3 outside the project keeps the PDF there" cmp -s "$B/good-esc.pdf" "$B/$2/$3.pdf"
	(cd "$B/$2" && SATZ_FONTS="$ROOT/fonts" "$ROOT/$1" check "sources/$3.yaml") 2>"$B/$3.check"; rc=$?
	check "$1: check $3 outside the project exits 1 (rc $rc)" test "$rc" = 1
	check "$1: check $3 outside the project gives the same message" cmp -s "$B/$3.check" "$B/$3.err"
}
for S in build/satz build/satz-asan; do
	esc_case "$S" esc bild "7:13: error: image 'bilder/aussen.png' lies outside the project; keep images inside it"
	esc_case "$S" esc incl "7:14: error: included file 'teil.yaml' lies outside the project (at $BR/draussen/teil.yaml); keep the files a source reads inside it"
	esc_case "$S" esc dir "7:14: error: directory '../../draussen/teil' lies outside the project (at $BR/draussen/teil); keep the files a source reads inside it"
	esc_case "$S" escdata data "6:8: error: shared data file 'sources/data/topics.yaml' lies outside the project (at $BR/draussen/topics.yaml); keep the files a source reads inside it"
done

# a document longer than the page limit is refused, at the block past it
sh tests/gen-long.sh 20 >"$T/pages.yaml"
SATZ_MAX_PAGES=5 build/satz render "$T/pages.yaml" -o "$T/pages.pdf" 2>"$T/pages.err"; rc=$?
check "page limit: exit 1 (rc $rc)" test "$rc" = 1
check "page limit: positioned message ($(cat "$T/pages.err"))" grep -q "^$T/pages.yaml:[0-9]*:[0-9]*: error: the document would have [0-9]* pages, more than the limit of 5; split it (or raise SATZ_MAX_PAGES)$" "$T/pages.err"
check "page limit: no PDF" test ! -e "$T/pages.pdf"

# output goes only under out/ (or -o): a source path that climbs out of
# sources/ with '..' gives its file name in out/, never a path beside the
# source or above the project
OP="$B/outpath"
mkdir -p "$OP/sources" "$OP/anderswo"
cp tests/e2e/basic.yaml "$OP/anderswo/doc.yaml"
(cd "$OP" && SATZ_FONTS="$ROOT/fonts" "$ROOT/build/satz" render sources/../anderswo/doc.yaml -q) 2>"$OP/err"; rc=$?
check "a source named through sources/../ renders (rc $rc: $(cat "$OP/err"))" test "$rc" = 0
check "... into out/doc.pdf" test -f "$OP/out/doc.pdf"
check "... and nowhere beside the source" test ! -e "$OP/anderswo/doc.pdf"
