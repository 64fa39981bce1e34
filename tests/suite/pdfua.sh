# Tagged PDF/UA-1 and PDF/A-2u (issue #7): every PDF satz writes passes
# `satz verify`, is tagged and linearised and passes qpdf --check; broken
# files (made with the test switch SATZ_FINISH_SKIP, or edited with qpdf
# --qdf) fail with the rule named.
U="$T/pdfua"
mkdir -p "$U/src"

# --- every end-to-end source and every real document passes -------------
for src in tests/e2e/*.yaml; do
	name=$(basename "$src" .yaml)
	pdf="$U/$name.pdf"
	build/satz render "$src" -o "$pdf" -q 2>/dev/null; rc=$?
	check "pdfua: $name renders (rc $rc)" test "$rc" = 0
	out=$(build/satz verify "$pdf" 2>&1); rc=$?
	check "pdfua: satz verify $name (rc $rc: $(printf '%s' "$out" | head -c 300))" test "$rc" = 0
	info=$(pdfinfo "$pdf" 2>&1)
	check "pdfua: $name is tagged" contains "$info" "^Tagged: *yes"
	check "pdfua: $name is linearised" contains "$info" "^Optimized: *yes"
	check "pdfua: qpdf --check $name" qpdf --check "$pdf"
done
for src in $(find sources -name '*.yaml' -not -path 'sources/data/*' | sort); do
	pdf="$U/src/$(printf '%s' "${src#sources/}" | tr / _ | sed 's/\.yaml$/.pdf/')"
	build/satz render "$src" -o "$pdf" -q 2>/dev/null; rc=$?
	check "pdfua: $src renders (rc $rc)" test "$rc" = 0
	out=$(build/satz verify "$pdf" 2>&1); rc=$?
	check "pdfua: satz verify $src (rc $rc: $(printf '%s' "$out" | head -c 300))" test "$rc" = 0
	info=$(pdfinfo "$pdf" 2>&1)
	check "pdfua: $src is tagged and linearised" \
		test "$(printf '%s\n' "$info" | grep -c '^Tagged: *yes\|^Optimized: *yes')" = 2
	check "pdfua: qpdf --check $src" qpdf --check "$pdf"
done

# --- what the finishing step writes --------------------------------------
G="$U/rich.pdf"
raw=$(pdfinfo -rawdates "$G")
check "pdfua: Info dates are PDF dates" contains "$raw" "^CreationDate: *D:20240301000000Z"
check "pdfua: producer is satz" contains "$raw" "^Producer: *satz 0.1.0"
check "pdfua: XMP metadata stream" contains "$raw" "^Metadata Stream: *yes"
Q="$U/rich.qdf"
qpdf --qdf --object-streams=disable "$G" "$Q"
check "pdfua: /Lang de" grep -aq "^  /Lang (de)" "$Q"
check "pdfua: sRGB output intent" grep -aq "/S /GTS_PDFA1" "$Q"
check "pdfua: figure alt text" grep -aq "^  /Alt (Schematische Karte" "$Q"
check "pdfua: chart alt text" grep -aq "^  /Alt (Balkendiagramm" "$Q"
check "pdfua: link descriptions" grep -aq "^  /Contents (2 Ziele)" "$Q"
check "pdfua: trailer /ID" sh -c "qpdf --show-object=trailer '$G' | grep -q '/ID \\['"
# the running footer is an artifact, the heading tagged content
art=$(awk '/\/Artifact BMC$/ { a = 1 } /^EMC/ { a = 0 } /\(Seite 3 von [0-9]*\)Tj/ { print a; exit }' "$Q")
check "pdfua: the page number is an artifact ($art)" test "$art" = 1
# text beside a link is tagged (a Span), not left outside marked content
check "pdfua: text beside links in a Span" grep -aq "^/Span << /MCID [0-9]* >> BDC" "$Q"
SOURCE_DATE_EPOCH=1700000000 build/satz render tests/e2e/rich.yaml -o "$U/d1.pdf" -q
SOURCE_DATE_EPOCH=1700000000 build/satz-asan render tests/e2e/rich.yaml -o "$U/d2.pdf" -q
check "pdfua: finished files are byte-identical (also under ASan)" cmp "$U/d1.pdf" "$U/d2.pdf"

# --- broken files fail with the rule named ---------------------------------
broken() {   # broken STEP RULE: render without STEP, verify names RULE
	SATZ_FINISH_SKIP=$1 build/satz render tests/e2e/rich.yaml -o "$U/no-$1.pdf" -q
	out=$(build/satz-asan verify "$U/no-$1.pdf" 2>&1); rc=$?
	check "pdfua: without $1 verify exits 1 (rc $rc)" test "$rc" = 1
	check "pdfua: without $1 verify names rule $2 ($(printf '%s' "$out" | head -c 200))" \
		contains "$out" "^$U/no-$1.pdf: rule $2: "
}
broken alt 6.1
broken lang 2.1
broken artifacts 1.3
broken contents 9.1
broken flags 9.3
broken pdfua 4.2
broken xmp-title 3.2
broken title 3.1
out=$(build/satz verify "$U/no-alt.pdf")
check "pdfua: a figure without alt names its object" \
	contains "$out" "rule 6.1: a Figure has no alternative text (/Alt) (object [0-9]*)$"
# edited with qpdf --qdf: a skipped heading level, a table without TH
sed 's|^  /S /H1$|  /S /H3|' "$Q" >"$U/skip-heading.pdf"
out=$(build/satz verify "$U/skip-heading.pdf" 2>&1); rc=$?
check "pdfua: skipped heading level fails with rule 7.1 (rc $rc)" contains "$out" "rule 7.1: heading H3"
sed 's|^  /S /TH$|  /S /TD|' "$Q" >"$U/no-th.pdf"
out=$(build/satz verify "$U/no-th.pdf" 2>&1)
check "pdfua: table without TH fails with rule 8.1" contains "$out" "rule 8.1: a Table has no header cell"
# not tagged at all
qpdf --empty --pages "$G" -- "$U/untagged.pdf"
out=$(build/satz verify "$U/untagged.pdf" 2>&1); rc=$?
check "pdfua: untagged PDF fails (rc $rc)" test "$rc" = 1
for rule in 1.1 1.2 2.1 3.1 4.1 5.1 9.2; do
	check "pdfua: untagged PDF fails rule $rule" contains "$out" "rule $rule: "
done
check "pdfua: several files in one call" sh -c "build/satz verify '$G' '$U/no-lang.pdf' | grep -q 'no-lang.pdf: rule 2.1'"

# --- usage and errors ---------------------------------------------------------
build/satz verify >/dev/null 2>&1; rc=$?
check "pdfua: verify without files exits 2 (rc $rc)" test "$rc" = 2
build/satz verify "$U/missing.pdf" 2>"$U/missing.err"; rc=$?
check "pdfua: verify of a missing file exits 3 (rc $rc)" test "$rc" = 3
check "pdfua: verify says it cannot read it" grep -q "^satz: error: cannot read $U/missing.pdf" "$U/missing.err"
check "pdfua: --help names verify" contains "$(build/satz --help)" "verify FILE.pdf"
# no profile: nothing written, the last good PDF kept, no temporary file
cp "$G" "$U/keep.pdf"
SATZ_ICC="$U/none.icc" build/satz-asan render tests/e2e/rich.yaml -o "$U/keep.pdf" -q 2>"$U/icc.err"; rc=$?
check "pdfua: missing sRGB profile exits 3 (rc $rc)" test "$rc" = 3
check "pdfua: missing profile names the package" grep -q "icc-profiles-free" "$U/icc.err"
check "pdfua: missing profile keeps the good PDF" cmp "$G" "$U/keep.pdf"
check "pdfua: no temporary files" test -z "$(ls -A "$U" | grep '\.tmp$')"
