# Writing sources (issue #18), sourced by tests/run.sh: satz new, TODO
# placeholders, \-\- as two plain hyphens, check's options, and characters
# no font has (one warning per text at its position, the character itself
# in the text layer, never pango's hex digits).
A="$T/authoring"
mkdir -p "$A"

for SATZ in build/satz build/satz-asan; do
	tag=$(basename "$SATZ")
	W="$A/$tag"
	mkdir -p "$W"

	# --- \-\- writes two plain hyphens, \- in a word a soft hyphen ---------
	printf 'kind: test\ntitle: T\npublisher: P\ndate: 2024-03-01\nversion: "1"\nbody:\n  - Die Option \\-\\-fonts, Donau\\-dampf und 1--2.\n' >"$W/hyphens.yaml"
	tree=$("$SATZ" render "$W/hyphens.yaml" --dump=tree)
	check "$tag \\-\\- is two plain hyphens in the model ($tree)" contains "$tree" '"Die Option --fonts, Donau{shy}dampf und 1–2\."'
	"$SATZ" render "$W/hyphens.yaml" -o "$W/hyphens.pdf" -q
	text=$(pdftotext "$W/hyphens.pdf" - | tr '\n' ' ')
	check "$tag the PDF says --fonts ($text)" contains "$text" "Die Option --fonts, Donaudampf und 1–2\."

	# --- check takes every option that changes what it checks --------------
	"$SATZ" check tests/e2e/basic.yaml --fonts fonts --styles styles --style regional; rc=$?
	check "$tag check --fonts --styles --style exits 0 (got $rc)" test "$rc" = 0
	mkdir -p "$W/nofonts" "$W/serif"
	"$SATZ" check tests/e2e/basic.yaml --fonts "$W/nofonts" 2>"$W/nofonts.err"; rc=$?
	check "$tag check --fonts with no fonts exits 3 (got $rc)" test "$rc" = 3
	check "$tag ... and names the directory" grep -q "no fonts (.ttf, .otf) in '$W/nofonts'" "$W/nofonts.err"
	cp fonts/NotoSerif-*.ttf "$W/serif/"
	"$SATZ" check tests/e2e/basic.yaml --fonts "$W/serif" 2>"$W/serif.err"; rc=$?
	check "$tag check --fonts: a sheet's family missing there is an error (rc $rc)" test "$rc" = 1
	check "$tag ... at the sheet ($(head -c 160 "$W/serif.err"))" grep -q "font family 'Noto Sans' is not in $W/serif/" "$W/serif.err"
	"$SATZ" check tests/e2e/basic.yaml --fonts 2>/dev/null; rc=$?
	check "$tag check --fonts without a value exits 2 (got $rc)" test "$rc" = 2
	usage=$("$SATZ" check 2>&1)
	check "$tag the usage of check lists --fonts" contains "$usage" "satz check SOURCE... \[--style NAME\] \[--styles DIR\] \[--fonts DIR\]"
	check "$tag the usage of render lists --fonts" contains "$usage" "satz render SOURCE .*\[--fonts DIR\]"

	# --- characters no font has ---------------------------------------------
	printf 'kind: test\ntitle: Start \360\237\232\200 heute\npublisher: Projektb\303\274ro\ndate: 2024-03-01\nversion: "1"\nbody:\n  - Vorher.\n  - Ein \360\237\232\200 und \331\205\330\261\330\255\330\250\330\247 und \327\251\327\234\327\225\327\235 und \346\274\242\345\255\227 in einem Absatz.\n  - Ein \360\237\232\200 noch einmal.\n' >"$W/glyphs.yaml"
	"$SATZ" check "$W/glyphs.yaml" 2>"$W/glyphs.check"; rc=$?
	check "$tag check: missing characters are warnings (rc $rc)" test "$rc" = 0
	"$SATZ" render "$W/glyphs.yaml" -o "$W/glyphs.pdf" -q 2>"$W/glyphs.err"; rc=$?
	check "$tag render with missing characters exits 0 (got $rc)" test "$rc" = 0
	check "$tag render warns as check does" cmp -s "$W/glyphs.err" "$W/glyphs.check"
	check "$tag one warning per text, three texts ($(wc -l <"$W/glyphs.err"))" test "$(wc -l <"$W/glyphs.err")" = 3
	check "$tag the title's warning at the title" grep -qx "$W/glyphs.yaml:2:8: warning: no font in fonts/ has the character U+1F680 🚀; it prints as a box (use another character or add a font that has it)" "$W/glyphs.err"
	check "$tag the paragraph's warning names all its characters" grep -qx "$W/glyphs.yaml:8:5: warning: no font in fonts/ has the characters U+1F680 🚀, U+0645 م, U+0631 ر, U+062D ح, U+0628 ب, U+0627 ا, U+05E9 ש, U+05DC ל, U+05D5 ו, U+05DD ם, U+6F22 漢, U+5B57 字; they print as boxes (use other characters or add a font that has them)" "$W/glyphs.err"
	check "$tag no warning at 0:0" test -z "$(grep ':0:0:' "$W/glyphs.err")"
	text=$(pdftotext "$W/glyphs.pdf" - | tr '\n' ' ')
	check "$tag the text layer holds the emoji, thrice on the title ($(printf '%s' "$text" | grep -o 'Start [^ ]* heute' | head -1))" \
		test "$(printf '%s' "$text" | grep -o 'Start 🚀 heute' | wc -l)" = 3
	check "$tag ... and the CJK characters" contains "$text" "und 漢字 in einem Absatz"
	check "$tag ... and the Hebrew ones" contains "$text" "שלום"
	check "$tag ... never pango's hex digits" test -z "$(printf '%s' "$text" | grep -E '06 18 F0|1F680|6F 22')"
	check "$tag the file passes satz verify" "$SATZ" verify "$W/glyphs.pdf"
	# the box is drawn: dark pixels where the rocket of "Ein 🚀" stands
	ink=$(pdftoppm -r 72 -f 3 -l 3 -x 105 -y 99 -W 11 -H 12 -gray "$W/glyphs.pdf" | python3 -c '
import sys
d = sys.stdin.buffer.read().split(b"\n", 3)[3]
print(sum(1 for b in d if b < 128))')
	check "$tag the missing character's box is drawn ($ink dark pixels)" test "$ink" -gt 10

	# --- satz new: a guide in a copy of the project ----------------------
	P="$W/proj"
	mkdir -p "$P"
	git ls-files -z sources styles schemas | xargs -0 cp --parents -t "$P"
	out=$(cd "$P" && SOURCE_DATE_EPOCH=1767225600 "$ROOT/$SATZ" new leitfaden "Wie fange ich mit offenen Daten an?" 2>&1); rc=$?
	check "$tag new leitfaden exits 0 (rc $rc: $out)" test "$rc" = 0
	check "$tag new prints the path of the next free number ($out)" test "$out" = "sources/leitfaeden/09-wie-fange-ich-mit-offenen-daten-an.yaml"
	f="$P/$out"
	check "$tag the new guide starts with its schema line" test "$(head -n 1 "$f")" = '# yaml-language-server: $schema=../../schemas/source.schema.json'
	check "$tag the new guide has number 9" grep -qx "number: 9" "$f"
	check "$tag the new guide has the date of SOURCE_DATE_EPOCH" grep -qx "date: 2026-01-01" "$f"
	check "$tag the new guide has the title" grep -qx 'title: "Wie fange ich mit offenen Daten an?"' "$f"
	(cd "$P" && SATZ_FONTS="$ROOT/fonts" "$ROOT/$SATZ" check "$out") 2>"$W/new.err"; rc=$?
	check "$tag satz check accepts the new guide (rc $rc)" test "$rc" = 0
	check "$tag ... with TODO warnings only ($(grep -v 'warning: TODO in' "$W/new.err" | head -2))" \
		test -z "$(grep -v 'warning: TODO in ' "$W/new.err")"
	check "$tag ... and there are some ($(wc -l <"$W/new.err"))" test "$(wc -l <"$W/new.err")" -ge 5
	check "$tag ... each at its TODO ($(grep -m1 'audience' "$W/new.err"))" \
		grep -qx "$out:18:12: warning: TODO in 'audience': replace the placeholder with the real text" "$W/new.err"
	(cd "$P" && SATZ_FONTS="$ROOT/fonts" "$ROOT/$SATZ" render "$out" -o new.pdf -q) 2>/dev/null; rc=$?
	check "$tag the new guide renders (rc $rc)" test "$rc" = 0
	check "$tag ... with its title on the cover" contains "$(pdftotext -f 1 -l 1 "$P/new.pdf" - | tr '\n' ' ')" "Wie fange ich mit offenen Daten an?"
	check "$tag the new guide validates against the schema" node tests/schema/validate.js schemas/source.schema.json "$f"
	out=$(cd "$P" && "$ROOT/$SATZ" new leitfaden 2>&1)
	check "$tag a second guide gets number 10 ($out)" test "$out" = "sources/leitfaeden/10-neuer-leitfaden.yaml"
	out=$(cd "$P" && "$ROOT/$SATZ" new teilstrategie 2>&1); rc=$?
	check "$tag new teilstrategie: the first municipality without one ($out)" test "$out" = "sources/teilstrategien/iserlohn.yaml"
	(cd "$P" && SATZ_FONTS="$ROOT/fonts" "$ROOT/$SATZ" check "$out") 2>"$W/new2.err"; rc=$?
	check "$tag satz check accepts the new Teilstrategie with TODO warnings only (rc $rc)" \
		sh -c "[ $rc = 0 ] && ! grep -v 'warning: TODO in ' '$W/new2.err'"
	# never overwrites: the next name exists (here as a dangling link)
	rm "$P/sources/teilstrategien/iserlohn.yaml"
	ln -s nowhere "$P/sources/teilstrategien/iserlohn.yaml"
	out=$(cd "$P" && "$ROOT/$SATZ" new teilstrategie 2>&1); rc=$?
	check "$tag new never overwrites (rc $rc: $out)" test "$rc" = 1
	check "$tag ... and says so" contains "$out" "sources/teilstrategien/iserlohn.yaml exists already; satz new never overwrites a file"
	check "$tag ... and leaves the link as it was" test "$(readlink "$P/sources/teilstrategien/iserlohn.yaml")" = nowhere
	"$SATZ" new brief >/dev/null 2>&1; rc=$?
	check "$tag new with an unknown kind exits 2 (got $rc)" test "$rc" = 2
	(cd "$W" && "$ROOT/$SATZ" new leitfaden) >/dev/null 2>&1; rc=$?
	check "$tag new outside a project exits 1 (got $rc)" test "$rc" = 1
done
