# Synopsen (issue #16): satz synopse on its own, and make release in a
# temporary git repository: release 1, Olpe's strategy edited (a sentence
# reworded, one deleted, a paragraph added, a project's status changed),
# release 2.  The Synopsen exist for exactly the two documents whose text
# changed (Olpe's, and the Gesamtstrategie through its generated
# portfolio); the old wording stands in the left column and the new in the
# right; the struck and underlined words are where the changes are, by
# their positions (pdftotext -bbox) and the pixels of their lines
# (tests/changelines.py); every Synopse passes satz verify; the download
# page links them.
SY="$T/synopse"
project_repo "$SY"
sgit() { git -C "$SY" -c user.name=Test -c user.email=test@example.org "$@"; }
smake() { (cd "$SY" && unset MAKEFLAGS MFLAGS MAKELEVEL && make -s "$@"); }
REL_SAVED=${REL:-}
. ./tests/browser.sh
REL="$SY/out/releases"

smake release VERSION=2026.1 >"$T/syn-rel1.out" 2>&1; rc=$?
check "synopse: release 1 (rc $rc: $(head -c 300 "$T/syn-rel1.out"))" test "$rc" = 0
# the version 1 sources, for satz synopse on its own below
mkdir -p "$T/syn-v1"
sgit archive HEAD sources | tar -x -C "$T/syn-v1"
python3 - "$SY/sources/teilstrategien/olpe.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
def sub(old, new):
    global s
    assert old in s, old
    s = s.replace(old, new, 1)
# a sentence reworded
sub("viele Gäste, die Wasser, Wald und Wanderwege suchen.",
    "viele Gäste, die Wasser, Wald und stille Wanderwege schätzen.")
# a sentence deleted
sub("Als Kreisstadt ist\n        sie Sitz von Behörden und Schulen und versorgt ein weites,\n"
    "        ländlich geprägtes Umland. ", "")
# a paragraph added
sub("        mit Bus und Bahn unterwegs ist, braucht oft Geduld.\n",
    "        mit Bus und Bahn unterwegs ist, braucht oft Geduld.\n"
    "      - >-\n        Seit 2022 fährt ein Bürgerbus, der die Dörfer mit der Innenstadt\n"
    "        verbindet und von Ehrenamtlichen gesteuert wird.\n")
# a project's status: the vacancy exchange goes from planned to running
i = s.index("title: Leerstandsbörse")
j = s.index("status: planned", i)
s = s[:j] + "status: running" + s[j + len("status: planned"):]
open(p, "w", encoding="utf-8").write(s)
PY
sgit commit -q -am "Olpe: Fortschreibung"
smake release VERSION=2026.2 >"$T/syn-rel2.out" 2>&1; rc=$?
check "synopse: release 2 (rc $rc: $(head -c 300 "$T/syn-rel2.out"))" test "$rc" = 0
check "synopse: release 2 warns of nothing ($(grep warning "$T/syn-rel2.out"))" sh -c "! grep -q warning '$T/syn-rel2.out'"
R2="$REL/2026.2"
made=$(cd "$R2" 2>/dev/null && find synopse -type f | sort | tr '\n' ' ')
check "synopse: Synopsen for Olpe and the Gesamtstrategie, nothing else ($made)" \
	test "$made" = "synopse/gesamtstrategie.pdf synopse/teilstrategien/olpe.pdf "
check "synopse: make release names them" grep -q "^  Synopse: synopse/teilstrategien/olpe.pdf$" "$T/syn-rel2.out"
check "synopse: release.json records them" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
syn = {d["file"]: d["synopse"] for d in r["documents"] if d["synopse"]}
assert syn == {"gesamtstrategie.pdf": "synopse/gesamtstrategie.pdf",
               "teilstrategien/olpe.pdf": "synopse/teilstrategien/olpe.pdf"}, syn
ch = {d["file"]: d["change"] for d in r["documents"]}
assert ch["gesamtstrategie.pdf"] == ch["teilstrategien/olpe.pdf"] == "geändert", ch
assert list(ch.values()).count("geändert") == 2, ch' "$R2/release.json"
check "synopse: SHA256SUMS covers them and checks" sh -c "cd '$R2' && grep -q '  synopse/teilstrategien/olpe.pdf\$' SHA256SUMS && sha256sum -c --quiet SHA256SUMS"
check "synopse: CHANGES.md names the Synopse" grep -q '^Synopse: `synopse/teilstrategien/olpe.pdf`$' "$R2/CHANGES.md"
for f in gesamtstrategie teilstrategien/olpe; do
	check "synopse: satz verify passes on synopse/$f.pdf" build/satz verify "$R2/synopse/$f.pdf"
	check "synopse: $f is PDF/A-2u and tagged" sh -c "pdfinfo -meta '$R2/synopse/$f.pdf' | grep -q 'pdfaid:part.2' && pdfinfo '$R2/synopse/$f.pdf' | grep -q 'Tagged: *yes'"
done

# --- Olpe's Synopse: the cover, both columns, the marks ---------------------
SO="$R2/synopse/teilstrategien/olpe.pdf"
cover=$(pdftotext -l 1 "$SO" - | tr '\n' ' ')
check "synopse: the title names the document" contains "$(pdfinfo "$SO")" "Title: *Synopse: Smart-City-Strategie Olpe"
check "synopse: so does the cover" contains "$cover" "Synopse: Smart-City"
check "synopse: cover names both versions and dates" contains "$cover" "Fassung 2026.1 vom [0-9]*\. [A-Za-zä]* 20[0-9][0-9] und Fassung 2026.2 vom"
check "synopse: cover counts the changed sections ($cover)" contains "$cover" "3 von [0-9]* Abschnitten geändert"
npages=$(pdfinfo "$SO" | sed -n 's/^Pages: *//p')
# the page of a word, and the left edge of the right column there (the
# second 'Fassung' of the table's header)
page_of() { for p in $(seq 2 "$npages"); do pdftotext -f "$p" -l "$p" "$SO" - | grep -q -- "$1" && { echo "$p"; return; }; done; }
pv=$(page_of "schätzen")
# the table's header: "Fassung 2026.1" and "Fassung 2026.2" in a row
split=$(pdftotext -f "$pv" -l "$pv" -bbox "$SO" - | sed -n 's/.*<word xMin="\([0-9.]*\)".*>\(.*\)<\/word>/\1 \2/p' |
	awk '{ x[NR] = $1; w[NR] = $2 } END { for (i = 4; i <= NR; i++)
		if (w[i-3] == "Fassung" && w[i-2] == "2026.1" && w[i-1] == "Fassung" && w[i] == "2026.2") { print x[i-1]; exit } }')
check "synopse: the Vorwort's table found (page $pv, right column at $split pt)" test -n "$pv" -a -n "$split"
w=${split%.*}
left=$(pdftotext -f "$pv" -l "$pv" -x 0 -y 0 -W "$w" -H 900 "$SO" - | tr '\n' ' ' | tr -s ' ')
right=$(pdftotext -f "$pv" -l "$pv" -x "$w" -y 0 -W 600 -H 900 "$SO" - | tr '\n' ' ' | tr -s ' ')
check "synopse: left column has the deleted sentence" contains "$left" "Als Kreisstadt ist sie Sitz von Behörden"
check "synopse: left column has the old wording" contains "$left" "Wald und Wanderwege suchen\."
check "synopse: right column has the new wording" contains "$right" "Wald und stille Wanderwege schätzen\."
check "synopse: the deleted sentence is not on the right" sh -c "! printf '%s' '$right' | grep -q 'Als Kreisstadt'"
check "synopse: the new wording is not on the left" sh -c "! printf '%s' '$left' | grep -q 'schätzen'"
python3 tests/changelines.py "$SO" "$pv" Kreisstadt suchen. stille schätzen. Wanderwege >"$T/syn-lines.txt" 2>&1
mark() {   # WORD SIDE KIND(strike|under) COLOUR: the word there with its line
	awk -v w="$1" -v s="side=$2" -v k="$3" -v c="colour=$4" \
		'$1 == w && $2 == s && $5 == c { split($(k == "strike" ? 3 : 4), v, "="); if (v[2] >= 0.9) ok = 1 } END { exit !ok }' "$T/syn-lines.txt"
}
plain() {  # WORD: every occurrence without a line through or under it
	awk -v w="$1" '$1 == w { n++; split($3, a, "="); split($4, b, "="); if (a[2] >= 0.8 || b[2] >= 0.8) bad = 1 } END { exit bad || !n }' "$T/syn-lines.txt"
}
check "synopse: 'Kreisstadt' struck through in red on the left ($(grep Kreisstadt "$T/syn-lines.txt"))" mark Kreisstadt left strike 9b1c1c
check "synopse: 'suchen.' struck through on the left ($(grep suchen "$T/syn-lines.txt"))" mark suchen. left strike 9b1c1c
check "synopse: 'stille' underlined in green on the right ($(grep stille "$T/syn-lines.txt"))" mark stille right under 145c2e
check "synopse: 'schätzen.' underlined on the right ($(grep schätzen "$T/syn-lines.txt"))" mark schätzen. right under 145c2e
check "synopse: unchanged 'Wanderwege' has no line on either side ($(grep Wanderwege "$T/syn-lines.txt" | tr '\n' ';'))" plain Wanderwege
pb=$(page_of "Bürgerbus")
python3 tests/changelines.py "$SO" "$pb" Bürgerbus, >"$T/syn-lines.txt" 2>&1
check "synopse: the added paragraph underlined on the right (page $pb)" mark Bürgerbus, right under 145c2e
check "synopse: the added paragraph is '(neu)' on the left" contains "$(pdftotext -f "$pb" -l "$pb" "$SO" - | tr '\n' ' ')" "(neu)"
pp=$(page_of "Umsetzung")
python3 tests/changelines.py "$SO" "$pp" Planung Umsetzung >"$T/syn-lines.txt" 2>&1
check "synopse: the old status struck on the left (page $pp)" mark Planung left strike 9b1c1c
check "synopse: the new status underlined on the right" mark Umsetzung right under 145c2e
all=$(pdftotext "$SO" - | tr '\n' ' ' | tr -s ' ')
check "synopse: unchanged paragraphs shortened" contains "$all" "Hinweis: Dieser Text ist ein Arbeitsmuster, das für … (unverändert)"
check "synopse: the unchanged sections listed at the end" contains "$all" "Unveränderte Abschnitte .*2 Unsere Vision: Olpe 2030"
check "synopse: the changed sections are headings" contains "$all" "1 Vorwort Fassung 2026.1 Fassung 2026.2"
actual=$(qpdf --qdf --object-streams=disable "$SO" - 2>/dev/null | grep -a '/ActualText (\(gestrichen\|eingef\)')
check "synopse: deleted words say so to a screen reader" contains "$actual" "/ActualText (gestrichen: Als)"
check "synopse: ... a line of them at a time" sh -c "printf '%s' '$actual' | LC_ALL=C grep -q '/ActualText (gestrichen: Kreisstadt ist sie Sitz von Beh.rden und Schulen und)'"
check "synopse: inserted words say so to a screen reader" sh -c "printf '%s' '$actual' | LC_ALL=C grep -q '/ActualText (eingef.gt: stille)'"

# --- the Gesamtstrategie's Synopse: its generated portfolio ------------------
SG="$R2/synopse/gesamtstrategie.pdf"
check "synopse: Gesamtstrategie, one section changed" contains "$(pdftotext -l 1 "$SG" - | tr '\n' ' ')" "1 von [0-9]* Abschnitten geändert"
SO=$SG npages=$(pdfinfo "$SG" | sed -n 's/^Pages: *//p')
pp=$(page_of "Umsetzung")
python3 tests/changelines.py "$SG" "$pp" Planung Umsetzung >"$T/syn-lines.txt" 2>&1
check "synopse: the portfolio's old status struck (page $pp)" mark Planung left strike 9b1c1c
check "synopse: the portfolio's new status underlined" mark Umsetzung right under 145c2e

# --- the download page links them ---------------------------------------------
idx="$R2/index.html"
check "synopse: Olpe's card links its Synopse" sh -c "grep -A6 'href=\"teilstrategien/olpe.pdf\"' '$idx' | grep -q 'geändert seit 2026.1 · <a href=\"synopse/teilstrategien/olpe.pdf\">Synopse'"
check "synopse: the Gesamtstrategie's card links its Synopse" grep -q 'href="synopse/gesamtstrategie.pdf"' "$idx"
check "synopse: two Synopsen counted in the header" grep -q 'Gegenüber 2026.1: 2 Dokumente geändert (2 Synopsen)' "$idx"
if command -v chromium >/dev/null 2>&1; then
	browser_check 2026.2
fi
REL=$REL_SAVED

# --- satz synopse on its own ---------------------------------------------------
V1="$T/syn-v1/sources/teilstrategien/olpe.yaml" V2="$SY/sources/teilstrategien/olpe.yaml"
for SATZ in build/satz build/satz-asan; do
	tag=$(basename "$SATZ")
	(cd "$T" && SOURCE_DATE_EPOCH=1700000000 "$ROOT/$SATZ" synopse "syn-v1/sources/teilstrategien/olpe.yaml" \
		"synopse/sources/teilstrategien/olpe.yaml" -o "$T/syn-$tag.pdf" >"$T/syn-$tag.out" 2>&1); rc=$?
	check "$tag synopse of two sources (rc $rc: $(head -c 300 "$T/syn-$tag.out"))" test "$rc" = 0
	check "$tag synopse says what changed" grep -q "syn-$tag.pdf: 3 of [0-9]* sections changed, [0-9]* pages" "$T/syn-$tag.out"
	check "$tag synopse: versions from the documents" contains "$(pdftotext -l 1 "$T/syn-$tag.pdf" - | tr '\n' ' ')" "Fassung 1.0 vom 15. September 2021 und Fassung 1.0 vom 15. September 2021"
	check "$tag synopse: equal versions told apart in the header" contains "$(pdftotext "$T/syn-$tag.pdf" - | tr '\n' ' ' | tr -s ' ')" "Fassung 1.0 (bisher) Fassung 1.0 (neu)"
	(cd "$T" && "$ROOT/$SATZ" synopse syn-v1/sources/teilstrategien/soest.yaml syn-v1/sources/teilstrategien/soest.yaml -o "$T/syn-same-$tag.pdf" >"$T/syn-same.out" 2>&1); rc=$?
	check "$tag synopse of equal texts: exit 0 (rc $rc)" test "$rc" = 0
	check "$tag synopse of equal texts: says so, writes nothing" sh -c "grep -q 'the same text in all [0-9]* sections; no Synopse written' '$T/syn-same.out' && test ! -e '$T/syn-same-$tag.pdf'"
	mline=$(grep -n '^municipality:' "$T/syn-v1/sources/teilstrategien/olpe.yaml" | cut -d: -f1)
	(cd "$T" && "$ROOT/$SATZ" synopse syn-v1/sources/teilstrategien/soest.yaml syn-v1/sources/teilstrategien/olpe.yaml -o "$T/syn-diff-$tag.pdf" >"$T/syn-diff.out" 2>&1); rc=$?
	check "$tag synopse of two documents: exit 1 (rc $rc)" test "$rc" = 1
	check "$tag synopse of two documents: says so ($(cat "$T/syn-diff.out"))" test "$(cat "$T/syn-diff.out")" = "syn-v1/sources/teilstrategien/olpe.yaml:$mline:15: error: syn-v1/sources/teilstrategien/soest.yaml and syn-v1/sources/teilstrategien/olpe.yaml are not versions of one document (the teilstrategie of soest and that of olpe); a Synopse compares two versions of the same document"
	(cd "$T" && "$ROOT/$SATZ" synopse syn-v1/sources/rahmenstrategie.yaml syn-v1/sources/gesamtstrategie.yaml -o "$T/x.pdf" >"$T/syn-diff.out" 2>&1); rc=$?
	check "$tag synopse of two kinds: exit 1 (rc $rc)" sh -c "test $rc = 1 && grep -q 'not versions of one document (a rahmenstrategie and a gesamtstrategie)' '$T/syn-diff.out'"
	"$SATZ" synopse "$V1" >/dev/null 2>&1; rc=$?
	check "$tag synopse with one source: exit 2 (rc $rc)" test "$rc" = 2
	"$SATZ" synopse "$V1" "$V2" --old-date 2026-13-01 >/dev/null 2>&1; rc=$?
	check "$tag synopse with a bad date: exit 2 (rc $rc)" test "$rc" = 2
done
check "synopse: both builds give the same bytes" cmp -s "$T/syn-satz.pdf" "$T/syn-satz-asan.pdf"
(cd "$T" && SOURCE_DATE_EPOCH=1700000000 "$ROOT/build/satz" synopse syn-v1/sources/teilstrategien/olpe.yaml \
	synopse/sources/teilstrategien/olpe.yaml -o "$T/syn-again.pdf" -q)
check "synopse: the same inputs give the same bytes" cmp -s "$T/syn-satz.pdf" "$T/syn-again.pdf"
(cd "$T" && "$ROOT/build/satz" synopse syn-v1/sources/teilstrategien/olpe.yaml synopse/sources/teilstrategien/olpe.yaml -q)
check "synopse: the default output is out/synopse/X.pdf" test -s "$T/out/synopse/olpe.pdf"

# a long section with one changed word: its table runs over pages, and the
# header row is repeated on each
python3 - "$T/syn-long" <<'PY'
import os, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
for name, word in (("old", "alt"), ("new", "neu")):
    paras = ["Absatz %d: Dies ist ein Satz mit einigen Wörtern, damit der Absatz zwei Zeilen "
             "in einer Spalte füllt." % i + (" Das Wort ist %s." % word if i == 57 else "")
             for i in range(60)]
    body = "".join("      - >-\n        %s\n" % p for p in paras)
    open(os.path.join(d, name + ".yaml"), "w", encoding="utf-8").write(
        "kind: test\ntitle: Langer Abschnitt\npublisher: Test\ndate: 2026-01-01\n"
        "version: \"1\"\nbody:\n  - section: Lang\n    body:\n" + body)
PY
(cd "$T/syn-long" && "$ROOT/build/satz" synopse old.yaml new.yaml -o long.pdf --old-version A --new-version B -q); rc=$?
check "synopse: a long section (rc $rc)" test "$rc" = 0
lp=$(pdfinfo "$T/syn-long/long.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
hdr=0 body=0
for p in $(seq 3 "${lp:-0}"); do
	t=$(pdftotext -f "$p" -l "$p" "$T/syn-long/long.pdf" - | tr '\n' ' ' | tr -s ' ')
	case $t in *"Absatz "*) body=$((body + 1)); case $t in *"Fassung A Fassung B"*) hdr=$((hdr + 1)) ;; esac ;; esac
done
check "synopse: the table runs over pages ($body)" test "$body" -ge 2
check "synopse: its header on each of them ($hdr of $body)" test "$hdr" = "$body"
check "synopse: the long section's change found" contains "$(pdftotext "$T/syn-long/long.pdf" - | tr '\n' ' ')" "Das Wort ist alt\."

# sections renamed, removed and added; an item inserted into a numbered
# list (its label moves, and labels are not compared)
build/satz synopse tests/synopse/old.yaml tests/synopse/new.yaml -o "$T/syn-struct.pdf" >"$T/syn-struct.out" 2>&1; rc=$?
check "synopse: sections renamed, removed, added (rc $rc: $(cat "$T/syn-struct.out"))" grep -q "4 of 4 sections changed" "$T/syn-struct.out"
st=$(pdftotext "$T/syn-struct.pdf" - | tr '\n' ' ' | tr -s ' ')
check "synopse: the inserted item alone is new ($st)" contains "$st" "(neu) 2. Dazwischen steht die Abstimmung. 2. Zweitens folgt die Umsetzung. (unverändert) 3. Zweitens folgt die Umsetzung. (unverändert)"
check "synopse: a renamed section under its new title, the old one struck" contains "$st" "2 Neuer Titel Fassung 1 Fassung 2 Überschrift: Alter Titel Überschrift: Neuer Titel"
check "synopse: a removed section whole on the left" contains "$st" "3 Wegfall (entfällt) In der Fassung 2 entfällt dieser Abschnitt. Fassung 1 Fassung 2 Dieser Abschnitt entfällt in der neuen Fassung ganz. (entfällt)"
check "synopse: an added section whole on the right" contains "$st" "3 Ganz neu (neu) Neuer Abschnitt in der Fassung 2. Fassung 1 Fassung 2 (neu) Ein Abschnitt, den es vorher nicht gab."
check "synopse: none unchanged" contains "$st" "Unveränderte Abschnitte Keiner; jeder Abschnitt ist geändert."
check "synopse: satz verify passes on it" build/satz verify "$T/syn-struct.pdf"
