# Releases (issue #8): make release / verify-release in a temporary git
# repository holding a copy of the project; refusals, immutability, the
# byte-identical rebuild, drafts, CHANGES.md, satz diff and the download
# pages, in headless Chromium too (tests/browser.sh).
RL="$T/release"
project_repo "$RL"
rgit() { git -C "$RL" -c user.name=Test -c user.email=test@example.org "$@"; }
rmake() { (cd "$RL" && unset MAKEFLAGS MFLAGS MAKELEVEL && make -s "$@"); }
# every file under out/releases with its checksum, to prove nothing changed
snapshot() { (cd "$RL" && find out/releases -type f 2>/dev/null | sort | xargs -r sha256sum); }
REL="$RL/out/releases"

# --- cover thumbnails and the version stamp, under both builds ---------
for SATZ in build/satz build/satz-asan; do
	tag=$(basename "$SATZ")
	"$SATZ" render tests/e2e/basic.yaml --version-stamp 2026.7 --cover-png "$T/cover-$tag.png" >/dev/null 2>"$T/cover-$tag.err"; rc=$?
	check "$tag --cover-png renders (rc $rc: $(head -c 300 "$T/cover-$tag.err"))" test "$rc" = 0
	check "$tag --cover-png writes a PNG 360 px wide" sh -c "file '$T/cover-$tag.png' | grep -q 'PNG image data, 360 x'"
	"$SATZ" render tests/e2e/basic.yaml --version-stamp 2026.7 -o "$T/stamp-$tag.pdf" -q; rc=$?
	check "$tag --version-stamp renders (rc $rc)" test "$rc" = 0
	check "$tag version stamp on the cover" contains "$(pdftotext -l 1 "$T/stamp-$tag.pdf" - | tr '\n' ' ')" "Version 2026.7"
	check "$tag version stamp in the footer" contains "$(pdftotext -f 3 -l 3 "$T/stamp-$tag.pdf" - | tr '\n' ' ')" "Version 2026.7"
	check "$tag version stamp in the keywords" contains "$(pdfinfo "$T/stamp-$tag.pdf")" "Keywords: .*Version 2026.7"
	check "$tag version stamp keeps the PDF valid" "$SATZ" verify "$T/stamp-$tag.pdf"
	"$SATZ" render tests/e2e/basic.yaml --version-stamp "" >/dev/null 2>&1; rc=$?
	check "$tag empty --version-stamp exits 2 (got $rc)" test "$rc" = 2
done
cmp -s "$T/cover-satz.png" "$T/cover-satz-asan.png"
check "cover PNG is the same from both builds" test $? = 0

# --- the first release ----------------------------------------------
rmake release VERSION=2026.1 >"$T/rel1.out" 2>&1; rc=$?
check "make release VERSION=2026.1 (rc $rc: $(head -c 400 "$T/rel1.out"))" test "$rc" = 0
n_src=$(cd "$RL" && find sources -name '*.yaml' -not -path 'sources/data/*' | wc -l)
n_pdf=$(cd "$REL/2026.1" 2>/dev/null && find . -name '*.pdf' | wc -l)
check "every document in the release ($n_pdf of $n_src)" test "$n_pdf" = "$n_src"
check "same tree as out/" test -f "$REL/2026.1/teilstrategien/olpe.pdf" -a -f "$REL/2026.1/leitfaeden/08-sensornetz.pdf"
check "SHA256SUMS checks with sha256sum -c" sh -c "cd '$REL/2026.1' && sha256sum -c --quiet SHA256SUMS"
check "SHA256SUMS names every PDF" test "$(wc -l <"$REL/2026.1/SHA256SUMS")" = "$n_src"
head_commit=$(rgit rev-parse HEAD)
check "release.json is complete" python3 - "$REL/2026.1/release.json" "$head_commit" "$n_src" <<'PY'
import json, sys, os
r = json.load(open(sys.argv[1]))
assert r["version"] == "2026.1" and r["commit"] == sys.argv[2], r
assert r["program"] == "satz 0.1.0" and r["date"].endswith("Z"), r
assert len(r["documents"]) == int(sys.argv[3])
d = os.path.dirname(sys.argv[1])
for doc in r["documents"]:
    for k in ("title", "kind", "pages", "size", "sha256"):
        assert doc[k], (k, doc)
    assert doc["size"] == os.path.getsize(os.path.join(d, doc["file"]))
    assert os.path.getsize(os.path.join(d, doc["cover"])) > 1000
PY
olpe="$REL/2026.1/teilstrategien/olpe.pdf"
epoch=$(rgit log -1 --format=%ct)
want_date=$(TZ=UTC date -d "@$epoch" '+%a %b %e %H:%M:%S %Y')
check "release dates are the commit's ($want_date)" contains "$(TZ=UTC pdfinfo "$olpe")" "CreationDate: *$want_date"
check "release version on the cover" contains "$(pdftotext -l 1 "$olpe" - | tr '\n' ' ')" "Version 2026.1"
check "release version in the footer" contains "$(pdftotext -f 3 -l 3 "$olpe" - | tr '\n' ' ')" "Version 2026.1"
check "release version in the metadata" contains "$(pdfinfo "$olpe")" "Keywords: .*Version 2026.1"
check "release PDFs pass satz verify" build/satz verify $(find "$REL/2026.1" -name '*.pdf')
check "CHANGES.md of the first release" grep -q "Erste Veröffentlichung" "$REL/2026.1/CHANGES.md"
check "first release: one warning line, no previous release ($(grep -c warning "$T/rel1.out"))" \
	test "$(grep -c 'warning' "$T/rel1.out")" = 1
check "... it says so" grep -q "^satz release: warning: no previous release in out/releases/: release 2026.1 is made without Synopsen$" "$T/rel1.out"
check "first release: no synopse directory" test ! -e "$REL/2026.1/synopse"
check "first release: no change lines on the cards" sh -c "! grep -q 'class=\"change' '$REL/2026.1/index.html'"
snap1=$(snapshot | grep " out/releases/2026.1/")

# --- refusals: a message, exit status 1, nothing changed on disk -----------
refused() {   # NAME PATTERN MAKE-ARGS...
	_n=$1 _p=$2; shift 2
	before=$(snapshot)
	rmake "$@" >"$T/refused.out" 2>&1; _rc=$?
	check "refuses $_n (rc $_rc)" test "$_rc" != 0
	check "refusal message for $_n ($(head -c 300 "$T/refused.out"))" grep -q "$_p" "$T/refused.out"
	check "nothing changed on disk after refusing $_n" test "$before" = "$(snapshot)"
	check "no temporary directory left after refusing $_n" test -z "$(find "$RL/out" -maxdepth 1 -name '.release-*')"
}
refused "an existing version" "release 2026.1 exists already" release VERSION=2026.1
refused "a version without .N" "malformed" release VERSION=2026
refused "a two-digit year" "malformed" release VERSION=26.1
refused "a leading zero" "malformed" release VERSION=2026.01
refused "no version" "malformed" release
echo "# geändert" >>"$RL/styles/regional.yaml"
refused "uncommitted style changes" "uncommitted changes" release VERSION=2026.2
rgit checkout -q -- styles
cp "$RL/sources/teilstrategien/olpe.yaml" "$RL/sources/neu.yaml"
refused "an untracked source" "uncommitted changes" release VERSION=2026.2
rm -f "$RL/sources/neu.yaml"
cp tests/errors/unknown-key.yaml "$RL/sources/kaputt.yaml"
rgit add -A && rgit commit -q -m kaputt
refused "a document with errors" "a document has errors" release VERSION=2026.2
rgit reset -q --hard HEAD~1
# a PDF that fails satz verify: a stand-in satz whose verify fails
cat >"$T/fake-satz" <<EOF
#!/bin/sh
if [ "\$1" = verify ]; then echo "\$2: rule 1.1: not marked (stand-in)"; exit 1; fi
exec "$RL/build/satz" "\$@"
EOF
chmod +x "$T/fake-satz"
before=$(snapshot)
(cd "$RL" && SATZ="$T/fake-satz" python3 src/tools/release.py release 2026.2) >"$T/refused.out" 2>&1; rc=$?
check "refuses when satz verify fails (rc $rc)" test "$rc" = 1
check "refusal message for satz verify" grep -q "satz verify fails" "$T/refused.out"
check "nothing changed on disk after a failed verify" test "$before" = "$(snapshot)"
check "release 2026.2 not created by refusals" test ! -e "$REL/2026.2"

# --- verify-release: checksums and a byte-identical rebuild -----------
rmake verify-release VERSION=2026.1 >"$T/verify.out" 2>&1; rc=$?
check "make verify-release (rc $rc: $(tail -c 400 "$T/verify.out"))" test "$rc" = 0
check "verify-release: every PDF byte-identical" grep -q "rebuild: $n_src of $n_src PDFs byte-identical" "$T/verify.out"

# --- a change: CHANGES.md names exactly that document and section --------
python3 - "$RL/sources/teilstrategien/olpe.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
old = "viele Gäste, die Wasser, Wald und Wanderwege suchen."
assert old in s
s = s.replace(old, "viele Gäste, die Wasser, Wald und stille Wanderwege suchen. Der See ist ihr Mittelpunkt.", 1)
open(p, "w", encoding="utf-8").write(s)
PY
rgit commit -q -am "Olpe: Vorwort"
rmake release VERSION=2026.2 >"$T/rel2.out" 2>&1; rc=$?
check "make release VERSION=2026.2 (rc $rc: $(head -c 300 "$T/rel2.out"))" test "$rc" = 0
ch="$REL/2026.2/CHANGES.md"
changed=$(sed -n '/^## Geändert/,/^## Unverändert/p' "$ch" 2>/dev/null)
check "CHANGES.md names the changed document" test "$(printf '%s\n' "$changed" | grep -c '^### ')" = 1
check "... it is the Olpe strategy" contains "$changed" "^### Smart-City-Strategie Olpe (\`teilstrategien/olpe.pdf\`)"
check "... exactly one changed section" test "$(printf '%s\n' "$changed" | grep -c '^- Abschnitt')" = 1
check "... the Vorwort" contains "$changed" "^- Abschnitt „1 Vorwort“: 1 Satz hinzugefügt, 0 Sätze entfernt, 1 Satz geändert"
check "... with the added sentence" contains "$changed" "hinzugefügt: „Der See ist ihr Mittelpunkt.“"
check "... and the added word" contains "$changed" "eingefügt „stille“"
check "the other documents are unchanged" test "$(sed -n '/^## Unverändert/,$p' "$ch" | grep -c '^- ')" = $((n_src - 1))
check "nothing added or removed" test "$(sed -n '/^## Neu/,/^## Geändert/p' "$ch" | grep -c '^keine$')" = 2
check "release 2026.1 is unchanged by later releases" test "$snap1" = "$(snapshot | grep ' out/releases/2026.1/')"
out=$(cd "$RL" && python3 src/tools/release.py diff "$REL/2026.1/teilstrategien/olpe.pdf" "$REL/2026.2/teilstrategien/olpe.pdf")
check "release.json: Olpe changed, its text new in 2026.2" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
ch = {d["file"]: (d["change"], d["text_since"]) for d in r["documents"]}
assert r["previous"] == "2026.1" and r["previous_problem"] is None, r["previous"]
assert ch.pop("teilstrategien/olpe.pdf") == ("geändert", "2026.2")
assert set(ch.values()) == {("unverändert", "2026.1")}, ch' "$REL/2026.2/release.json"
idx2="$REL/2026.2/index.html"
check "page 2026.2: Olpe's card says geändert seit 2026.1" sh -c "grep -A4 'href=\"teilstrategien/olpe.pdf\"' '$idx2' | grep -q 'geändert seit 2026.1'"
check "page 2026.2: every other card says unverändert seit 2026.1" test "$(grep -c '>unverändert seit 2026.1<' "$idx2")" = $((n_src - 1))
check "page 2026.2: the counts in the header" grep -q 'Gegenüber 2026.1: 1 Dokument geändert (1 Synopse), 0 neu, 0 entfernt, 15 unverändert' "$idx2"
check "release.py diff gives the same summary" contains "$out" "^- Abschnitt „1 Vorwort“"
out=$(cd "$RL" && python3 src/tools/release.py diff "$REL/2026.1/teilstrategien/soest.pdf" "$REL/2026.2/teilstrategien/soest.pdf")
check "release.py diff of equal texts" test "$out" = "keine Textänderungen"

# --- drafts --------------------------------------------------------------
sed -i 's/^status: beschlossen$/status: entwurf/' "$RL/sources/teilstrategien/soest.yaml"
rgit commit -q -am "Soest: Entwurf"
rmake release VERSION=2026.3 >"$T/rel3.out" 2>&1; rc=$?
check "release with a draft (rc $rc)" test "$rc" = 0
check "the draft is left out" test ! -e "$REL/2026.3/teilstrategien/soest.pdf"
check "the release lists the draft it left out" grep -q '"sources/teilstrategien/soest.yaml"' "$REL/2026.3/release.json"
check "make release says so" grep -q "draft left out: sources/teilstrategien/soest.yaml" "$T/rel3.out"
check "CHANGES.md: the draft counts as removed" contains "$(sed -n '/^## Entfernt/,/^## Geändert/p' "$REL/2026.3/CHANGES.md")" "teilstrategien/soest.pdf"
check "page 2026.3: the removed document listed, linked to 2026.2" grep -q '<li>Smart-City-Strategie Soest (in <a href="../2026.2/teilstrategien/soest.pdf">2026.2</a>)</li>' "$REL/2026.3/index.html"
check "page 2026.3: Olpe unchanged since 2026.2" sh -c "grep -A4 'href=\"teilstrategien/olpe.pdf\"' '$REL/2026.3/index.html' | grep -q 'unverändert seit 2026.2'"
check "release 2026.3: no Synopse" test ! -e "$REL/2026.3/synopse"
rmake release VERSION=2026.4 DRAFTS=1 >"$T/rel4.out" 2>&1; rc=$?
check "release with DRAFTS=1 (rc $rc)" test "$rc" = 0
check "DRAFTS=1 includes the draft" test -f "$REL/2026.4/teilstrategien/soest.pdf"
check "page 2026.4: the draft back, new in 2026.4" sh -c "grep -A4 'href=\"teilstrategien/soest.pdf\"' '$REL/2026.4/index.html' | grep -q 'neu in 2026.4'"
check "CHANGES.md 2026.4: the draft is new" contains "$(sed -n '/^## Neu/,/^## Entfernt/p' "$REL/2026.4/CHANGES.md")" "teilstrategien/soest.pdf"
check "release.json lists the drafts" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["drafts"] == ["sources/teilstrategien/soest.yaml"], r["drafts"]
assert [d["draft"] for d in r["documents"] if d["file"] == "teilstrategien/soest.pdf"] == [True]' "$REL/2026.4/release.json"

# --- download pages -------------------------------------------------------
idx="$REL/2026.4/index.html"
check "release index.html" test -f "$idx"
check "index.html: lang=de" grep -q '<html lang="de">' "$idx"
check "index.html: an image with alt text per document" test "$(grep -c '<img src="covers/.*\.png" alt="Titelseite: ' "$idx")" = "$n_src"
check "index.html: every thumbnail exists" sh -c "cd '$REL/2026.4' && grep -o 'src=\"covers/[^\"]*\"' index.html | sed 's/src=\"//;s/\"\$//' | xargs ls >/dev/null"
for g in Strategien Leitfäden; do
	check "index.html: group $g" grep -q "<h2 id=\"g-[a-z]*\">$g</h2>" "$idx"
done
check "index.html: the Gesamtstrategie first" test "$(grep -o '<h3><a href="[^"]*"' "$idx" | head -1)" = '<h3><a href="gesamtstrategie.pdf"'
check "index.html: the catalogue before the guides" test "$(grep -o '<h3><a href="[^"]*"' "$idx" | sed -n 8p)" = '<h3><a href="leitfaden-katalog.pdf"'
check "index.html: checksums" grep -q "$(sed -n 's/  teilstrategien\/olpe.pdf$//p' "$REL/2026.4/SHA256SUMS")" "$idx"
check "index.html: drafts marked" grep -q '(Entwurf)' "$idx"
check "index.html: no scripts, no external resources" sh -c "! grep -qi '<script\|src=\"http\|href=\"http\|@import\|url(' '$idx'"
check "index.html: a viewport for phones" grep -q 'name="viewport"' "$idx"
top="$REL/index.html"
check "out/releases/index.html" test -f "$top"
order=$(grep -o 'href="[0-9.]*/index.html"' "$top" | tr -d '\n')
check "releases newest first ($order)" test "$order" = 'href="2026.4/index.html"href="2026.3/index.html"href="2026.2/index.html"href="2026.1/index.html"'

# --- the download page in a real browser (tests/browser.sh) -------------
. ./tests/browser.sh
if command -v chromium >/dev/null 2>&1; then
	browser_check 2026.4
	browser_check 2026.3
else
	bad "no chromium: the browser test of the download page needs it (make deps installs it)"
fi

# --- verify-release reports a changed file ------------------------------
printf 'x' >>"$REL/2026.1/rahmenstrategie.pdf"
rmake verify-release VERSION=2026.1 >"$T/verify2.out" 2>&1; rc=$?
check "verify-release fails on a changed PDF (rc $rc)" test "$rc" != 0
check "verify-release names the checksum difference" grep -q "^rahmenstrategie.pdf: checksum differs" "$T/verify2.out"
check "verify-release names the rebuild difference" grep -q "^rahmenstrategie.pdf: DIFFERS from the rebuild" "$T/verify2.out"

# --- a previous release that cannot be read: the release is made without
# Synopsen, with one warning line ----------------------------------------
mkdir -p "$REL/2026.5"
echo '{"version": "2026.5", "documents": [' >"$REL/2026.5/release.json"
rmake release VERSION=2026.6 >"$T/rel6.out" 2>&1; rc=$?
check "release after a broken release.json (rc $rc: $(head -c 300 "$T/rel6.out"))" test "$rc" = 0
check "... one warning line ($(grep -c warning "$T/rel6.out"))" test "$(grep -c warning "$T/rel6.out")" = 1
check "... naming the broken release" grep -q "^satz release: warning: the previous release 2026.5 cannot be read (out/releases/2026.5/release.json: .*): release 2026.6 is made without Synopsen$" "$T/rel6.out"
check "... no Synopse" test ! -e "$REL/2026.6/synopse"
check "... CHANGES.md says why it compares nothing" grep -q "^Keine Gegenüberstellung mit der vorigen Veröffentlichung: the previous release 2026.5 cannot be read" "$REL/2026.6/CHANGES.md"
check "... no change lines on the page" sh -c "! grep -q 'class=\"change' '$REL/2026.6/index.html'"
check "... the list of releases leaves the broken one out" sh -c "grep -q 'href=\"2026.6/index.html\"' '$REL/index.html' && ! grep -q 'href=\"2026.5/' '$REL/index.html'"
# a previous release whose commit git does not have: the PDFs' text decides
cp -a "$REL/2026.6" "$REL/2026.7"
python3 - "$REL/2026.7/release.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["version"], r["commit"] = "2026.7", "0123456789abcdef0123456789abcdef01234567"
json.dump(r, open(sys.argv[1], "w"))
PY
rmake release VERSION=2026.8 >"$T/rel8.out" 2>&1; rc=$?
check "release after one from an unknown commit (rc $rc: $(head -c 300 "$T/rel8.out"))" test "$rc" = 0
check "... one warning line ($(grep -c warning "$T/rel8.out"))" test "$(grep -c warning "$T/rel8.out")" = 1
check "... naming the commit" grep -q "^satz release: warning: the previous release 2026.7 cannot be read: its commit 0123456789ab is not in this repository: release 2026.8 is made without Synopsen$" "$T/rel8.out"
check "... the PDFs' text decides: nothing changed" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["previous"] == "2026.7", r["previous"]
assert {d["change"] for d in r["documents"]} == {"unverändert"}, r["documents"]' "$REL/2026.8/release.json"
check "... CHANGES.md says there are no Synopsen" grep -q "^Ohne Synopsen: the previous release 2026.7 cannot be read" "$REL/2026.8/CHANGES.md"
