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
