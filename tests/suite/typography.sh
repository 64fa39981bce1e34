# Typography: hyphenation, line breaking, page breaking (issue #3).

# the hyphenation module's own test: every word of tests/hyphenate/words.txt,
# the rules, the exception list; normal and sanitizer builds
for bin in build/hyph-test build/hyph-test-asan; do
	out=$("$bin" build/hyph-de.bin styles/hyphenation-de.txt tests/hyphenate/words.txt 2>&1)
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		bad "$bin did not finish: $(printf '%s' "$out" | tail -n 5)"
	else
		pass=$((pass + p))
		fail=$((fail + f))
		[ "$f" = 0 ] || printf '%s\n' "$out" | grep -i 'fail' | head -20
	fi
done

# satz hyphenate shows breaks as \showhyphens does
out=$(build/satz hyphenate Gesamtstrategie Smart-City-Strategie KfW Digitalisierung Zucker Fenster)
check "satz hyphenate ($out)" test "$out" = "Ge-samt-stra-te-gie
Smart-City-Strategie
KfW
Di-gi-ta-li-sie-rung
Zu-cker
Fens-ter"
printf 'Gesamtstrat-egie\n' >"$T/exceptions.txt"
out=$(SATZ_HYPH_EXCEPTIONS="$T/exceptions.txt" build/satz hyphenate Gesamtstrategie)
check "the exception list comes first ($out)" test "$out" = "Gesamtstrat-egie"

# the catalogue shows each guide's page count from out/leitfaeden/, so the
# guides must exist there first, as they do after `make papers`; CI starts
# from a fresh clone with no out/ at all
make -s papers >"$T/papers.out" 2>&1; rc=$?
check "make papers before the typography checks (rc $rc: $(head -c 300 "$T/papers.out"))" test "$rc" = 0

# every source and a long generated document: no overfull lines, widows,
# orphans, headings alone at a page foot, or runs of three hyphens
sh tests/gen-long.sh 120 >"$T/long120.yaml"
for src in $(find sources -name '*.yaml' -not -path 'sources/data/*') "$T/long120.yaml"; do
	name=$(basename "$src" .yaml)
	build/satz render "$src" -o "$T/ty-$name.pdf" --stats >"$T/ty-$name.stats" 2>"$T/ty-$name.err"
	st=$(cat "$T/ty-$name.stats")
	check "$name renders without warnings ($(head -c 300 "$T/ty-$name.err"))" test ! -s "$T/ty-$name.err"
	check "$name: no overfull lines" contains "$st" "overfull lines 0$"
	check "$name: no widows or orphans" contains "$st" "widows 0, orphans 0,"
	check "$name: no heading alone at a page foot" contains "$st" "headings alone at a page foot 0$"
	run=$(printf '%s' "$st" | sed -n 's/.*longest run of hyphenated lines \([0-9]*\)$/\1/p')
	check "$name: at most two hyphenated lines in a row ($run)" test "$run" -le 2
	check "$name: --stats times every stage" contains "$st" \
		"time: load [0-9.]* s, style [0-9.]* s, shaping [0-9.]* s, breaking [0-9.]* s, pages [0-9.]* s, drawing [0-9.]* s, finishing [0-9.]* s ([12] layout passes)"
	bad_lines=$(python3 tests/justify.py "$T/ty-$name.pdf")
	check "$name: justified lines end at the measure ($bad_lines)" test -z "$bad_lines"
done

# a document whose references print page numbers is laid out twice; the
# second pass takes the first one's paragraphs, so the counts are those of
# one pass (the paragraphs of the Rahmenstrategie, counted by its source)
st=$(cat "$T/ty-rahmenstrategie.stats")
check "rahmenstrategie: two layout passes" contains "$st" "(2 layout passes)"
check "rahmenstrategie: paragraphs counted once, not per pass" \
	test "$(printf '%s' "$st" | sed -n 's/.*paragraphs \([0-9]*\),.*/\1/p')" -lt 800

# words come out whole: a hyphen the line breaker adds is drawn with the
# text U+00AD (ISO 32000-1 14.8.2.2.3), so the extracted lines end in a
# soft hyphen, which a reader drops when it joins the lines; the text's
# own soft hyphens never reach the text inside a line
build/satz render tests/e2e/hyphenation.yaml -o "$T/hy.pdf" -q
shy=$(printf '\302\255')
text=$(pdftotext "$T/hy.pdf" - | sed "s/$shy\$//" | tr -d '\n')
hyphenated=$(pdftotext -layout "$T/hy.pdf" - | grep -c -- "[a-zäöüß]$shy\$")
check "the test paragraph is hyphenated ($hyphenated lines end in U+00AD)" test "$hyphenated" -ge 3
check "no added hyphen reads as '-'" test -z "$(pdftotext -layout "$T/hy.pdf" - | grep -- '[a-zäöüß]-$')"
for w in Bürgerbeteiligungsverfahren Digitalisierungsstrategien Kommunalverwaltungen \
	 Verwaltungsmodernisierung Mobilitätsdatenplattform; do
	check "$w whole in the extracted text, lines joined at soft hyphens" contains "$text" "$w"
done
check "no soft hyphen inside a line of the extracted text" test -z "$(pdftotext "$T/hy.pdf" - | grep "$shy.")"
check "ligatures expanded in the extracted text" contains "$text" "Einflussfläche"

# --- Typography II (issue #14) ---------------------------------------------

# font expansion: each justified line's glyphs scaled by one factor, within
# the limit, in 0.5 % steps; none with expansion 0; the file grows by at most
# 5 % with it (one font subset per font: the scale is in the text matrix)
TY="$T/ty2"
mkdir -p "$TY"
build/satz render sources/rahmenstrategie.yaml -o "$TY/exp.pdf" -q
build/satz render sources/rahmenstrategie.yaml --styles tests/e2e/styles --style ohne-expansion \
	-o "$TY/noexp.pdf" -q
out=$(python3 tests/typography/expansion.py "$TY/exp.pdf" 0.02 0.005)
set -- $(printf '%s\n' "$out" | head -n 1)
check "expansion: scales within 0.98-1.02, in steps, one a line ($(printf '%s\n' "$out" | tail -n +2 | head -3))" \
	test -z "$(printf '%s\n' "$out" | tail -n +2)"
check "expansion: lines are scaled ($4 distinct scales from $2 to $3)" test "$4" -ge 5
set -- $(python3 tests/typography/expansion.py "$TY/noexp.pdf" 0.02 0.005 | head -n 1)
check "paragraph.expansion: 0 scales nothing ($4 distinct scales)" test "$4" = 1
a=$(stat -c %s "$TY/exp.pdf") b=$(stat -c %s "$TY/noexp.pdf")
check "expansion grows the file by at most 5 % ($b -> $a bytes)" test "$((a * 100))" -le "$((b * 105))"
check "expansion keeps one subset per font" \
	test "$(pdffonts "$TY/exp.pdf" | tail -n +3 | wc -l)" = "$(pdffonts "$TY/noexp.pdf" | tail -n +3 | wc -l)"

# spacing and hyphenation of the sources and the long test documents,
# read back from the PDFs (tests/typography/spacing.py)
for src in tests/long/strategie.yaml tests/long/handbuch.yaml; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .yaml)
	build/satz render "$src" -o "$TY/$name.pdf" -q 2>"$TY/$name.err"
	pages=$(pdfinfo "$TY/$name.pdf" | sed -n 's/^Pages: *//p')
	check "$name is a long document ($pages pages)" test "$pages" -ge 100
	set -- $(python3 tests/typography/spacing.py "$TY/$name.pdf")
	check "$name: gap p95 at most 1.30 ($*)" python3 -c "import sys; sys.exit(not $6 <= 1.30)"
	check "$name: no line above 2.0 ($*)" python3 -c "import sys; sys.exit(not $8 <= 2.0)"
	check "$name: at most 15 % of lines hyphenated ($*)" python3 -c "import sys; sys.exit(not ${10%\%} <= 15)"
	check "$name: at most two hyphens in a row ($*)" test "${12}" -le 2
done
for src in $(find sources -name '*.yaml' -not -path 'sources/data/*'); do
	name=$(basename "$src" .yaml)
	set -- $(python3 tests/typography/spacing.py "$T/ty-$name.pdf")
	check "$name: no line above 2.0 ($*)" python3 -c "import sys; sys.exit(not $8 <= 2.0)"
	check "$name: at most 20 % of lines hyphenated ($*)" python3 -c "import sys; sys.exit(not ${10%\%} <= 20)"
	check "$name: gap p95 at most 1.40 ($*)" python3 -c "import sys; sys.exit(not $6 <= 1.40)"
done

# no ligature across a compound's joint (styles/ligatures-de.txt), the
# others kept; the text stays as written.  cairo writes a ligature glyph
# inside a Span whose ActualText is its letters (feff0066 ...: "f...")
out=$(build/satz hyphenate --ligatures Auflage Neuauflagen Dorfladen Schaufläche offiziell)
check "satz hyphenate --ligatures ($out)" test "$out" = "Auf|lage
Neuauf|lagen
Dorf|laden
Schaufläche
offiziell"
entries=$(grep -v '^ *#' styles/ligatures-de.txt | grep -c '|')
check "the ligature list has at least 300 entries ($entries)" test "$entries" -ge 300
for w in Auflage Dorfladen Kaufleute höflich Schilfinsel Hofladen offiziell Schiff Effizienz Profil Pflicht; do
	sed "s/WORT/$w/" tests/typography/word.yaml >"$TY/w.yaml"
	build/satz render "$TY/w.yaml" -o "$TY/w.pdf" -q
	n=$(qpdf --qdf --object-streams=disable "$TY/w.pdf" - | grep -a -c 'ActualText <feff0066')
	case $w in
	offiziell|Schiff|Effizienz|Profil|Pflicht) check "$w keeps its ligature ($n)" test "$n" -ge 1 ;;
	*) check "$w: no ligature across the joint ($n)" test "$n" = 0 ;;
	esac
	check "$w is copied as written" contains "$(pdftotext "$TY/w.pdf" -)" "$w"
done
printf 'auf|l\n' >"$TY/bad-lig.txt"
out=$(SATZ_LIGATURES="$TY/bad-lig.txt" build/satz hyphenate --ligatures Auflage 2>&1)
check "a ligature entry that could match anywhere is refused ($out)" \
	contains "$out" "bad-lig.txt:1:1: error: entry ends right after a joint"

# tables over page breaks: at least 3 body rows on each side, tables of up
# to 10 rows whole, the sum row of 'foot:' with its rows; tables starting
# at ten different places on their pages
for lead in 0 1 2 3 4 5 6 7 8 9; do
	python3 tests/typography/gen-tables.py "$lead" >"$TY/tab.yaml"
	build/satz render "$TY/tab.yaml" -o "$TY/tab.pdf" -q
	out=$(python3 tests/typography/tables.py "$TY/tab.pdf")
	check "tables after $lead paragraphs break well ($out)" test -z "$out"
done
check "the sum row is bold, in the text" contains "$(pdftotext "$TY/tab.pdf" -)" "T2 Summe"

# numbering: "" - the contents keep no number column for such headings
build/satz render sources/leitfaeden/01-smart-city-prozess-starten.yaml --styles tests/e2e/styles \
	--style ohne-nummern -o "$TY/nonum.pdf" -q
xs=$(pdftotext -f 2 -l 2 -bbox "$TY/nonum.pdf" - | sed -n 's/.*xMin="\([0-9.]*\)".*>\([^<]*\)<.*/\1 \2/p' |
	awk '$2 == "Inhalt" { t = $1 } $2 == "Worum" { e = $1 } END { printf "%.1f %.1f", t, e }')
check "numbering \"\": contents entries start where the title does ($xs)" \
	test "$(echo "$xs" | cut -d' ' -f1)" = "$(echo "$xs" | cut -d' ' -f2)"
