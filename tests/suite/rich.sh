# Rich content (issue #5): tables, figures, footnotes, boxes, lists,
# cross-references, lists of tables and figures.
R="$T/rich"
mkdir -p "$R"
build/satz render tests/e2e/rich.yaml -o "$R/rich.pdf" --stats >"$R/rich.stats" 2>"$R/rich.err"; rc=$?
check "rich renders (rc $rc: $(head -c 300 "$R/rich.err"))" test "$rc" = 0
check "rich renders without warnings" test ! -s "$R/rich.err"
check "rich: qpdf --check" qpdf --check "$R/rich.pdf"
pages=$(pdfinfo "$R/rich.pdf" | sed -n 's/^Pages: *//p')
page_text() { pdftotext -layout -f "$2" -l "$2" "$1" -; }

# a table over three pages or more, its header row on each
with_header=0
for p in $(seq 1 "$pages"); do
	t=$(page_text "$R/rich.pdf" "$p")
	if printf '%s' "$t" | grep -q 'Projekt  *Handlungsfeld  *Start  *Kosten (€)'; then
		printf '%s' "$t" | grep -q 'Dorf-App\|Bürgerportal\|Klimasensoren' && with_header=$((with_header + 1))
	fi
done
check "the table runs over 3+ pages, header on each ($with_header)" test "$with_header" -ge 3
all=$(pdftotext "$R/rich.pdf" - | tr '\n' ' ')
for n in 1 65 130; do
	check "table row $n present" contains "$all" "Projekt\|[A-Za-zä-]* $n "
done
rows=$(pdftotext -layout "$R/rich.pdf" - | grep -c '^ *[A-Z][A-Za-zäöüß -]* [0-9]\{1,3\}  .*20[0-9][0-9]  *[0-9.]*,[0-9][0-9]$')
check "every row printed once ($rows of 130)" test "$rows" = 130
# decimal alignment: the commas line up, so the right edges do not
build/satz render tests/e2e/decimal.yaml -o "$R/decimal.pdf" -q
edges=$(pdftotext -bbox -f 3 -l 3 "$R/decimal.pdf" - | sed -n 's/.*xMax="\([0-9.]*\)".*>\(1.234,5\|12,25\|7\)<.*/\2 \1/p')
check "decimal and right columns ($(printf '%s' "$edges" | tr '\n' ' '))" python3 -c '
import sys
e = {}
for line in sys.argv[1].splitlines():
    w, x = line.split()
    e.setdefault(w, []).append(float(x))
dec = {w: min(v) for w, v in e.items()}     # the decimal column comes first
right = {w: max(v) for w, v in e.items()}
assert max(right.values()) - min(right.values()) < 0.6, right      # right: flush
assert 3 < dec["12,25"] - dec["1.234,5"] < 7, dec                   # one digit more
assert 5 < dec["1.234,5"] - dec["7"] < 10, dec                      # ",5" after the 7
' "$edges"

# pictures: PNG and JPEG embedded at the right size; SVG as vectors
list=$(pdfimages -list "$R/rich.pdf" | tail -n +3)
check "PNG embedded, 300x120 px" contains "$list" " image  *300  *120  *rgb"
check "PNG drawn 80 mm wide (95 ppi)" contains "$list" "300  *120  *rgb .* 95  *95 "
check "JPEG embedded unchanged (DCT)" contains "$list" " jpeg "
check "JPEG drawn 60 mm high (119 ppi)" contains "$list" "jpeg .* 119  *119 "
check "JPEG bytes are the file's" contains "$list" " $(stat -c %s tests/e2e/img/foto.jpg)B "
check "SVG drawn as vectors (two raster images only)" test "$(printf '%s\n' "$list" | wc -l)" = 2
check "figure captions numbered" contains "$all" "Abbildung 1: Die fünf Kreise und ihre Pionierkommunen"
tree=$(build/satz render tests/e2e/rich.yaml --dump=tree)
check "alt text kept in the document model" contains "$tree" 'figure 1 img/karte.svg alt="Schematische Karte der fünf Kreise'

# footnotes on the page of their reference
for p in $(seq 1 "$pages"); do
	t=$(page_text "$R/rich.pdf" "$p")
	if printf '%s' "$t" | grep -q 'Dieser Test zeigt alle Bausteine'; then
		check "footnote 1 on the page of its reference ($p)" contains "$t" "^ *1  *Der Rat hat die Strategie am 1. März 2024 beschlossen."
	fi
	if printf '%s' "$t" | grep -q 'Nach der Tabelle geht der Text weiter'; then
		check "footnote 3 on the page of its reference ($p)" contains "$t" "^ *3  *Eine Fußnote nach der Tabelle."
	fi
done
links=$(python3 tests/pdfcheck.py links "$R/rich.pdf")
fnpage=$(printf '%s\n' "$links" | sed -n 's/^p\([0-9]*\) dest fn\.1 -> p\([0-9]*\)$/\1 \2/p' | head -1)
check "footnote mark links to its note on the same page ($fnpage)" test -n "$fnpage" -a "${fnpage% *}" = "${fnpage#* }"
check "the note links back to its mark" contains "$links" "dest fnref.1 -> p"

# cross-references: numbers and pages, right, and right again after a change
tabpage=$(for p in $(seq 1 "$pages"); do page_text "$R/rich.pdf" "$p" | grep -q 'Tabelle 1: Projekte' && echo "$p"; done | head -1)
check "reference gives the table's page ($tabpage)" contains "$all" "Tabelle 1 ab Seite $tabpage,"
figpage=$(for p in $(seq 1 "$pages"); do page_text "$R/rich.pdf" "$p" | grep -q 'Abbildung 1: Die fünf' && echo "$p"; done | head -1)
check "full reference gives the figure and its page ($figpage)" contains "$all" "Abbildung 1 auf Seite $figpage"
check "title and number references" contains "$all" "beschreibt Ziele in Abschnitt 2"
check "footnote reference" contains "$all" "Mehr dazu in Fußnote 1"
check "references are links" contains "$links" "dest tab-projekte -> p$tabpage"
python3 - tests/e2e/rich-moved.yaml <<'PY'
import sys
s = open("tests/e2e/rich.yaml").read()
extra = "".join(f"      - Eingeschobener Absatz {i}, der die Tabelle um eine Seite nach hinten schiebt.\n" for i in range(40))
s = s.replace("  - section: Ziele\n", "  - section: Einschub\n    body:\n" + extra + "  - section: Ziele\n", 1)
open(sys.argv[1], "w").write(s)
PY
build/satz render tests/e2e/rich-moved.yaml -o "$R/rich2.pdf" -q 2>/dev/null || true
rm -f tests/e2e/rich-moved.yaml
pages2=$(pdfinfo "$R/rich2.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
tab2=$(for p in $(seq 1 "${pages2:-0}"); do page_text "$R/rich2.pdf" "$p" | grep -q 'Tabelle 1: Projekte' && echo "$p"; done | head -1)
all2=$(pdftotext "$R/rich2.pdf" - 2>/dev/null | tr '\n' ' ')
check "after the change the table moved ($tabpage -> $tab2)" test "${tab2:-0}" -gt "${tabpage:-0}"
check "and the reference follows it" contains "$all2" "Tabelle 1 ab Seite $tab2,"

# lists
check "list format a)" contains "$all" "a) Erstens b) Zweitens"
check "list format i. with start 3" contains "$all" "iii. Drittens iv. Viertens"
check "checklist marks" contains "$all" "☑ Ratsbeschluss eingeholt ☐ Projektteam benannt ☑ Budget geklärt"
check "definition list" contains "$all" "Smart City Eine Kommune, die digitale Mittel"

# a box over three pages: its fill on every part, none after it
build/satz render tests/e2e/box-break.yaml -o "$R/box.pdf" -q
for p in 3 4 5; do
	px=$(python3 tests/colors.py "$R/box.pdf" "$p" eaf2f4)
	check "box fill on page $p ($px px)" test "$px" -gt 2000
	px=$(python3 tests/colors.py "$R/box.pdf" "$p" 00546b 20)
	check "box bar on page $p ($px px)" test "$px" -gt 20
done
px=$(python3 tests/colors.py "$R/box.pdf" 2 eaf2f4)
check "no box fill on the contents page ($px px)" test "$px" -lt 200

# a figure that does not fit floats; the text after it fills the page
build/satz render tests/e2e/float.yaml -o "$R/float.pdf" -q
t3=$(page_text "$R/float.pdf" 3)
t4=$(page_text "$R/float.pdf" 4)
check "text after the figure moved up to fill the page" contains "$t3" "Nachgezogener Absatz"
check "the figure heads the next page" contains "$t4" "Abbildung 1: Ein großes Bild"

# lists of tables and figures, when the style asks for them
build/satz render tests/e2e/rich.yaml --styles tests/e2e/styles --style mit-verzeichnissen -o "$R/lists.pdf" -q
lt=$(pdftotext -layout -f 3 -l 4 "$R/lists.pdf" -)
p2=$(pdfinfo "$R/lists.pdf" | sed -n 's/^Pages: *//p')
tabp=$(for p in $(seq 5 "$p2"); do page_text "$R/lists.pdf" "$p" | grep -q 'Tabelle 1: Projekte' && echo "$p"; done | head -1)
check "list of tables with the table's page ($tabp)" contains "$lt" "1  *Projekte der Pionierkommunen[ .]*$tabp$"
check "list of figures" contains "$lt" "3  *Eine JPEG-Datei, unverändert eingebettet[ .]*[0-9]*$"
ol=$(python3 tests/pdfcheck.py outline "$R/lists.pdf")
check "lists in the outline" contains "$ol" "^Tabellen -> p3"

# a symbolic link out of the project is refused
cp tests/e2e/img/balken.png "$R/outside.png"
ln -sf "$R/outside.png" tests/e2e/img/escape.png
printf 'kind: test\ntitle: T\npublisher: P\ndate: 2024-03-01\nversion: "1"\nbody:\n  - figure: img/escape.png\n    alt: x\n' >tests/e2e/escape.yaml
build/satz check tests/e2e/escape.yaml 2>"$R/escape.err"; rc=$?
rm -f tests/e2e/img/escape.png tests/e2e/escape.yaml
check "an image linking out of the project is refused (rc $rc)" grep -q "escape.yaml:7:13: error: image 'img/escape.png' lies outside the project" "$R/escape.err"

# a wide table on turned pages of its own, its header on each
build/satz render tests/e2e/landscape.yaml -o "$R/land.pdf" -q
sizes=$(pdfinfo -f 1 -l 6 "$R/land.pdf" | sed -n 's/^Page *\([0-9]*\) size: *\([0-9.]*\) x \([0-9.]*\).*/\1:\2x\3/p' | tr '\n' ' ')
check "landscape pages for the wide table ($sizes)" test "$sizes" = "1:595.276x841.89 2:595.276x841.89 3:595.276x841.89 4:841.89x595.276 5:841.89x595.276 6:595.276x841.89 "
check "the header row on both turned pages" test "$(pdftotext -f 4 -l 5 "$R/land.pdf" - | grep -c '^Spalte sechs$')" = 2
check "text resumes upright after it" contains "$(pdftotext -f 6 -l 6 "$R/land.pdf" -)" "Nach der Tabelle, siehe Tabelle 1 auf Seite 4."
check "qpdf --check of turned pages" qpdf --check "$R/land.pdf"

# two text columns from a style sheet: lines start at two places, each
# column ends before the other begins; the contents keep one column
build/satz render tests/e2e/rich.yaml --styles tests/e2e/styles --style zwei-spalten -o "$R/cols.pdf" -q
starts=$(pdftotext -bbox-layout -f 3 -l 3 "$R/cols.pdf" - | sed -n 's/.*<line xMin="\([0-9]*\).*/\1/p' | sort -n | uniq -c | awk '$1 >= 5 { print $2 }' | tr '\n' ' ')
check "two columns on a body page (line starts: $starts)" test "$(printf '%s' "$starts" | wc -w)" -ge 2
ends=$(pdftotext -bbox-layout -f 3 -l 3 "$R/cols.pdf" - | python3 -c '
import re, sys
lines = re.findall(r"<line xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\"", sys.stdin.read())
mid = 297.6
left = [float(x1) for x0, y, x1 in lines if float(x0) < mid - 20 and 80 < float(y) < 760]
right = [float(x0) for x0, y, x1 in lines if float(x0) >= mid - 20 and 80 < float(y) < 760]
print(int(max(left) < min(right)) if left and right else 0)')
check "the columns do not overlap" test "$ends" = 1
toc=$(pdftotext -layout -f 2 -l 2 "$R/cols.pdf" - | grep -c 'Einführung[ .]*3$')
check "the contents keep one column" test "$toc" = 1

# a footnote longer than the room under the text runs on over the next pages
build/satz render tests/e2e/longnote.yaml -o "$R/longnote.pdf" -q
np=$(pdfinfo "$R/longnote.pdf" | sed -n 's/^Pages: *//p')
begin=$(for p in $(seq 1 "$np"); do page_text "$R/longnote.pdf" "$p" | grep -q 'Beginn der langen Fußnote' && echo "$p"; done | head -1)
ref=$(for p in $(seq 1 "$np"); do page_text "$R/longnote.pdf" "$p" | grep -q 'Hier steht der Verweis' && echo "$p"; done | head -1)
last=$(for p in $(seq 1 "$np"); do pdftotext -f "$p" -l "$p" "$R/longnote.pdf" - | grep -q 'Satz 89 der' && echo "$p"; done | tail -1)
check "the long footnote begins on the page of its reference ($begin = $ref)" test -n "$begin" -a "$begin" = "$ref"
check "and runs on over later pages (to $last)" test "${last:-0}" -gt "${begin:-0}"
all_ln=$(pdftotext "$R/longnote.pdf" - | tr '\n' ' ')
for s in 1 30 60 89; do
	check "sentence $s of the footnote is set once" test "$(printf '%s' "$all_ln" | grep -o "Satz $s der" | wc -l)" = 1
done

# a row taller than a page is set in parts, under the header on each page
build/satz render tests/e2e/tallrow.yaml -o "$R/tall.pdf" -q
tp=$(pdfinfo "$R/tall.pdf" | sed -n 's/^Pages: *//p')
parts=0
for p in $(seq 3 "$tp"); do
	t=$(pdftotext -f "$p" -l "$p" "$R/tall.pdf" - | tr '\n' ' ')
	if printf '%s' "$t" | grep -q 'eines sehr *langen'; then
		printf '%s' "$t" | grep -q ' Beschreibung ' && parts=$((parts + 1))
	fi
done
check "the tall row runs over 3 pages, header on each ($parts)" test "$parts" -ge 3
tall=$(pdftotext "$R/tall.pdf" - | tr '\n' ' ')
check "the tall row's first and last lines are there" contains "$tall" "Zeile 1 eines.*Zeile 119 eines"
check "the row after it follows" contains "$tall" "Danach  *Eine normale Zeile danach."
