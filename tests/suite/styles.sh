# Style sheets (issue #4), sourced by tests/run.sh: every error with its
# exact message, inheritance and the resolved output of `satz styles`,
# facing pages and running templates, the cover's accent colour and logo in
# pixels, the draft watermark, the key reference of docs/styles.md, and
# dependency files that make `make` rebuild exactly the PDFs a sheet affects.
SS=tests/styles/sheets
SD=tests/styles/docs

# st_pixel PDF X Y: the colour of one pixel of page 1 at 72 dpi, as rrggbb
st_pixel() {
	pdftoppm -r 72 -f 1 -l 1 -x "$2" -y "$3" -W 1 -H 1 "$1" | tail -c 3 | od -An -tx1 | tr -d ' \n'
}
# st_count PDF PAGE RRGGBB: pixels of exactly that colour on the page at 36 dpi
st_count() {
	pdftoppm -r 36 -f "$2" -l "$2" "$1" | python3 -c '
import sys
d = sys.stdin.buffer.read().split(b"\n", 3)[3]
c = bytes.fromhex(sys.argv[1])
print(sum(1 for i in range(0, len(d), 3) if d[i:i + 3] == c))' "$3"
}
# st_key NAME KEY: the resolved value of KEY in `satz styles NAME`
st_key() {
	build/satz styles "$1" | sed -n "s/^.*  $2=//p" | sed 's/^.*(\(#[0-9a-f]*\))$/\1/; s/^#//'
}

for SATZ in build/satz build/satz-asan; do
	tag=$(basename "$SATZ")
	W="$T/styles-$tag"
	mkdir -p "$W"

	# --- every wrong sheet: exact messages, exit 1, nothing on stdout ----
	for sheet in "$SS"/bad-*.yaml; do
		name=$(basename "$sheet" .yaml)
		"$SATZ" styles "$name" --styles "$SS" >"$W/$name.out" 2>"$W/$name.err"; rc=$?
		if diff -u "${sheet%.yaml}.err" "$W/$name.err" >"$W/$name.diff"; then
			ok
		else
			bad "$tag style sheet messages of $sheet"
			cat "$W/$name.diff"
		fi
		check "$tag styles $name exits 1 (got $rc)" test "$rc" = 1
		check "$tag styles $name prints nothing" test ! -s "$W/$name.out"
	done

	# --- a document names a wrong or unknown style ----------------------
	for doc in "$SD"/bad-style.yaml "$SD"/typo-style.yaml; do
		name=$(basename "$doc" .yaml)
		"$SATZ" render "$doc" --styles "$SS" -o "$W/$name.pdf" 2>"$W/$name.err"; rc=$?
		if diff -u "${doc%.yaml}.err" "$W/$name.err" >"$W/$name.diff"; then
			ok
		else
			bad "$tag messages of $doc"
			cat "$W/$name.diff"
		fi
		check "$tag $name exits 1 (got $rc)" test "$rc" = 1
		check "$tag $name leaves no PDF" test ! -e "$W/$name.pdf"
		"$SATZ" check "$doc" --styles "$SS" 2>"$W/$name.check"; rc=$?
		check "$tag check $name exits 1" test "$rc" = 1
		check "$tag check $name gives the same messages" cmp -s "$W/$name.check" "${doc%.yaml}.err"
	done
	"$SATZ" render tests/e2e/basic.yaml --style nope -o "$W/nope.pdf" 2>"$W/nope.err"; rc=$?
	check "$tag --style nope exits 1 (got $rc)" test "$rc" = 1
	check "$tag --style nope is named" grep -q "^satz: error: unknown style 'nope'; the styles are .*regional" "$W/nope.err"

	# --- inheritance: the resolved sheet with origins --------------------
	"$SATZ" styles good-child --styles "$SS" >"$W/child.out" 2>"$W/child.err"; rc=$?
	check "$tag styles good-child exits 0 (rc $rc: $(cat "$W/child.err"))" test "$rc" = 0
	if diff -u "$SS/good-child.out" "$W/child.out" >"$W/child.diff"; then
		ok
	else
		bad "$tag resolved output of good-child"
		cat "$W/child.diff"
	fi
	out=$(cat "$W/child.out")
	check "$tag the child's value wins" contains "$out" "good-child.yaml:8:12  *page.margin.outer=25mm$"
	check "$tag the base's value is inherited" contains "$out" "good-base.yaml:8:12  *page.margin.inner=30mm$"
	check "$tag a base key takes the child's palette colour" \
		contains "$out" "good-base.yaml:16:12  *headings.level-1.color=accent (#aa0000)$"
	check "$tag em follows the child's body size" \
		contains "$out" "good-base.yaml:12:16  *body.line-height=1.4em (16.8pt)$"
	check "$tag untouched keys are built-in" contains "$out" "^built-in  *page.width=210mm$"
	check "$tag a logo resolves beside its sheet" \
		contains "$out" "cover.logo.file=logos/test.svg (tests/styles/sheets/logos/test.svg)$"

	# --- the project's sheets all resolve -------------------------------
	for sheet in styles/*.yaml; do
		name=$(basename "$sheet" .yaml)
		"$SATZ" styles "$name" >"$W/$name.resolved" 2>"$W/$name.err"; rc=$?
		check "$tag styles/$name.yaml resolves (rc $rc: $(head -c 300 "$W/$name.err"))" test "$rc" = 0
	done
	list=$("$SATZ" styles)
	check "$tag satz styles lists the sheets" test "$(printf '%s\n' "$list" | grep -c '^kommune-\|^regional ')" = 6
	check "$tag a municipal sheet inherits from regional" \
		grep -q "^styles/regional.yaml:[0-9:]*  *body.font=Noto Serif$" "$W/kommune-olpe.resolved"
	check "$tag a municipal sheet sets its own accent" \
		grep -q "^styles/kommune-olpe.yaml:[0-9:]*  *palette.accent=#" "$W/kommune-olpe.resolved"
	"$SATZ" styles a b >/dev/null 2>&1; rc=$?
	check "$tag styles with two names exits 2 (got $rc)" test "$rc" = 2
	check "$tag --help names the styles command" contains "$("$SATZ" --help)" "styles \[NAME\]"

	# --- facing pages and running templates -------------------------------
	F="$W/facing.pdf"
	"$SATZ" render tests/e2e/basic.yaml --style good-facing --styles "$SS" -o "$F" -q 2>"$W/facing.err"; rc=$?
	check "$tag renders with a test sheet (rc $rc: $(cat "$W/facing.err"))" test "$rc" = 0
	# x of the first word of the header: 15mm on even pages, 35mm on odd ones
	x2=$(pdftotext -f 2 -l 2 -bbox "$F" - | sed -n 's/.*<word xMin="\([0-9]*\).*/\1/p' | head -n 1)
	x3=$(pdftotext -f 3 -l 3 -bbox "$F" - | sed -n 's/.*<word xMin="\([0-9]*\).*/\1/p' | head -n 1)
	check "$tag even page starts at the outer margin ($x2)" test "$x2" = 42
	check "$tag odd page starts at the inner margin ($x3)" test "$x3" = 99
	p2=$(pdftotext -f 2 -l 2 "$F" -)
	p3=$(pdftotext -f 3 -l 3 "$F" -)
	check "$tag first page after the cover has its own footer" contains "$p2" "Seite 2 von 3"
	check "$tag right pages have their own footer" contains "$p3" "Testdokument für satz | 3"
	check "$tag the plain centre is empty" test -z "$(printf '%s' "$p3" | grep 'Seite 3 von 3')"

	# --- the cover in pixels: band in the sheet's accent, the logo on it --
	O="$W/olpe.pdf"
	"$SATZ" render "$SD"/olpe.yaml -o "$O" -q 2>"$W/olpe.err"; rc=$?
	check "$tag municipal document renders (rc $rc: $(cat "$W/olpe.err"))" test "$rc" = 0
	accent=$(st_key kommune-olpe palette.accent)
	regional=$(st_key regional palette.accent)
	check "$tag kommune-olpe has its own accent ($accent, $regional)" test -n "$accent" -a "$accent" != "$regional"
	px=$(st_pixel "$O" 500 20)
	check "$tag the cover band is Olpe's accent (#$px, want #$accent)" test "$px" = "$accent"
	px=$(st_pixel "$O" 113 59)
	check "$tag Olpe's logo is on the band (#$px)" test "$px" = ffffff
	"$SATZ" render tests/e2e/basic.yaml -o "$W/regional.pdf" -q
	px=$(st_pixel "$W/regional.pdf" 500 20)
	check "$tag a regional cover band is petrol (#$px, want #$regional)" test "$px" = "$regional"
	"$SATZ" render tests/e2e/basic.yaml --style kommune-soest -o "$W/soest.pdf" -q
	px=$(st_pixel "$W/soest.pdf" 500 20)
	check "$tag --style overrides the document (#$px)" test "$px" = "$(st_key kommune-soest palette.accent)"

	# --- the draft watermark: pixels only, never text ----------------------
	light=$(st_key regional draft.color)
	n=$(st_count "$W/regional.pdf" 3 "$light")
	check "$tag a draft has a watermark ($n pixels of #$light)" test "$n" -gt 300
	check "$tag the watermark is not text" test -z "$(pdftotext "$W/regional.pdf" - | grep ENTWURF)"
	sed 's/^status: entwurf$/status: beschlossen/' tests/e2e/basic.yaml >"$W/final.yaml"
	"$SATZ" render "$W/final.yaml" -o "$W/final.pdf" -q
	n=$(st_count "$W/final.pdf" 3 "$light")
	check "$tag an adopted document has none ($n)" test "$n" = 0

	# --- dependency file: the sheets of the chain and the logo ---------------
	"$SATZ" render "$SD"/olpe.yaml -o "$W/dep.pdf" --deps "$W/dep.d" -q
	for f in styles/kommune-olpe.yaml styles/regional.yaml styles/logos/olpe.svg; do
		check "$tag dependency file names $f" grep -q "^  $f \\\\$" "$W/dep.d"
	done
	check "$tag dependency file leaves out the overridden logo" test -z "$(grep regional.svg "$W/dep.d")"
done

# --- docs/styles.md: the key table is the program's, the municipal sheet
# is the real one
keys=$(build/satz styles --keys)
doc=$(sed -n '/^<!-- satz styles --keys -->$/,/^<!-- end -->$/p' docs/styles.md | sed '1d;$d')
check "docs/styles.md lists every key as satz styles --keys does" test "$keys" = "$doc"
doc=$(sed -n '/^<!-- styles\/kommune-olpe.yaml -->$/,/^<!-- end -->$/p' docs/styles.md | sed '1,2d;$d' | sed '$d')
check "docs/styles.md shows styles/kommune-olpe.yaml as it is" test "$doc" = "$(cat styles/kommune-olpe.yaml)"

# --- make rebuilds exactly the PDFs a style change affects --------------
C="$T/styles-copy"
mkdir -p "$C"
git ls-files -z -co --exclude-standard | xargs -0 cp -p --parents -t "$C"
cp -a build "$C/build"
rm -rf "$C/build/pdf-deps" "$C/out"
(cd "$C" && make -s papers) >"$T/styles-make.out" 2>&1; rc=$?
check "make papers with the municipal documents (rc $rc: $(head -c 300 "$T/styles-make.out"))" test "$rc" = 0
# st_stale FILE: the PDFs make would render after touching FILE
st_stale() {
	touch "$C/$1"
	(cd "$C" && make -n papers) | sed -n 's/.* -o \(out\/[^ ]*\.pdf\) .*/\1/p' | sort | tr '\n' ' '
	(cd "$C" && make -s papers) >/dev/null 2>&1
}
s=$(st_stale styles/kommune-olpe.yaml)
check "touching kommune-olpe.yaml rebuilds only the Olpe PDF ($s)" test "$s" = "out/teilstrategien/olpe.pdf "
s=$(st_stale styles/logos/olpe.svg)
check "touching Olpe's logo rebuilds only the Olpe PDF ($s)" test "$s" = "out/teilstrategien/olpe.pdf "
s=$(st_stale styles/regional.yaml)
all=$(cd "$C" && find sources -name '*.yaml' -not -path 'sources/data/*' | sed 's/^sources\/\(.*\)\.yaml$/out\/\1.pdf/' | sort | tr '\n' ' ')
check "touching regional.yaml rebuilds every PDF ($s)" test "$s" = "$all"
s=$(st_stale styles/kommune-soest.yaml)
check "touching kommune-soest.yaml rebuilds only the Soest PDF ($s)" test "$s" = "out/teilstrategien/soest.pdf "
