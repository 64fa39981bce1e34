# Documents from shared data (issue #6), in a copy of the project: every
# document renders, a project added to a Teilstrategie reaches the
# Gesamtstrategie, a new guide reaches the catalogue, dangling references
# fail at their position, and a change rebuilds only what depends on it.
S="$T/shared"
mkdir -p "$S"
git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$S"
mkdir -p "$S/build"
cp -p build/satz build/hyph-de.bin build/deps.ok "$S/build/"
(cd "$S" && make -s papers) >"$S/make1.out" 2>&1; rc=$?
check "make papers renders every document (rc $rc: $(head -c 400 "$S/make1.out"))" test "$rc" = 0
check "no warnings" test -z "$(grep -v '^out/.*: [0-9]* pages, [0-9.]* s$' "$S/make1.out")"
total=$(sed -n 's/^out\/.*: \([0-9]*\) pages, .*/\1/p' "$S/make1.out" | awk '{ s += $1 } END { print s + 0 }')
check "at least 90 pages in all ($total)" test "$total" -ge 90
n_teil=$(ls "$S"/out/teilstrategien/*.pdf 2>/dev/null | wc -l)
n_guides=$(ls "$S"/out/leitfaeden/*.pdf 2>/dev/null | wc -l)
check "five Teilstrategien ($n_teil)" test "$n_teil" = 5
check "at least eight guides ($n_guides)" test "$n_guides" -ge 8
for f in "$S"/out/teilstrategien/*.pdf; do
	p=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	check "$(basename "$f") has at least 6 pages ($p)" test "$p" -ge 6
done
for f in "$S"/out/leitfaeden/*.pdf; do
	p=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	check "$(basename "$f") has at least 3 pages ($p)" test "$p" -ge 3
done

G="$S/out/gesamtstrategie.pdf"
gtext=$(pdftotext "$G" - | tr '\n' ' ')
for m in Arnsberg "Bad Berleburg" Menden Olpe Soest; do
	check "Gesamtstrategie has the vision of $m" contains "$gtext" "$m"
done
check "Gesamtstrategie quotes the Rahmenstrategie's vision" contains "$gtext" "Smartes Südwestfalen 2030"
check "Gesamtstrategie has the field matrix" contains "$gtext" "Projekte je Handlungsfeld und Kommune"
check "Rahmenstrategie lists Plettenberg from the data" contains "$(pdftotext "$S/out/rahmenstrategie.pdf" - | tr '\n' ' ')" "Plettenberg"

# a project added to Olpe appears in the Gesamtstrategie; only the two
# documents that read olpe.yaml are rendered again
cat >>"$S/sources/teilstrategien/olpe.yaml" <<'YAML'
  - section: Nachtrag für den Test
    body:
      - portfolio:
          - title: Testprojekt Seebrücke
            field: mobilitaet
            goal: Ein Test, ob die Gesamtstrategie folgt
            status: idea
            period: 2026
            partners: niemand
YAML
(cd "$S" && make -s papers) >"$S/make2.out" 2>&1; rc=$?
check "make papers after the change (rc $rc: $(head -c 300 "$S/make2.out"))" test "$rc" = 0
built=$(sed -n 's/^\(out\/[^:]*\): .*/\1/p' "$S/make2.out" | sort | tr '\n' ' ')
check "only Olpe and the Gesamtstrategie rebuilt ($built)" test "$built" = "out/gesamtstrategie.pdf out/teilstrategien/olpe.pdf "
check "the new project is in the Gesamtstrategie's portfolio" contains "$(pdftotext "$G" - | tr '\n' ' ')" "Testprojekt Seebrücke"

# a new guide appears in the catalogue with its pages and a link to its PDF
first=$(ls "$S"/sources/leitfaeden/*.yaml | head -1)
sed -e 's/^number: .*/number: 99/' -e 's/^title: .*/title: Wie testet man einen Katalog?/' "$first" \
	>"$S/sources/leitfaeden/99-test.yaml"
(cd "$S" && make -s papers) >"$S/make3.out" 2>&1; rc=$?
check "make papers with a new guide (rc $rc: $(head -c 300 "$S/make3.out"))" test "$rc" = 0
K="$S/out/leitfaden-katalog.pdf"
ktext=$(pdftotext "$K" - | tr '\n' ' ')
pages99=$(pdfinfo "$S/out/leitfaeden/99-test.pdf" | sed -n 's/^Pages: *//p')
check "the new guide is in the catalogue" contains "$ktext" "Leitfaden #99: Wie testet man einen Katalog?"
check "with its page count ($pages99)" contains "$ktext" "#99: Wie testet man einen Katalog?.* $pages99 Seiten"
check "and a GoToR link to its PDF, relative" contains "$(python3 tests/pdfcheck.py links "$K")" "file leitfaeden/99-test.pdf"
check "the link's target exists beside the catalogue" test -f "$S/out/leitfaeden/99-test.pdf"
check "the catalogue has a keyword index" contains "$ktext" "Stichwortverzeichnis"

# dangling references fail at their position
cp "$S/sources/teilstrategien/olpe.yaml" "$S/bad.yaml.keep"
sed -i 's/            field: mobilitaet/            field: mobilitat/' "$S/sources/teilstrategien/olpe.yaml"
(cd "$S" && build/satz check sources/teilstrategien/olpe.yaml) 2>"$S/bad1.err"; rc=$?
check "unknown field of action fails (rc $rc)" test "$rc" = 1
check "at its position, with a hint ($(cat "$S/bad1.err"))" grep -q "^sources/teilstrategien/olpe.yaml:[0-9]*:20: error: unknown field of action 'mobilitat' (did you mean 'mobilitaet'?)$" "$S/bad1.err"
cp "$S/bad.yaml.keep" "$S/sources/teilstrategien/olpe.yaml"
sed -i 's/^municipality: olpe/municipality: olpee/' "$S/sources/teilstrategien/olpe.yaml"
(cd "$S" && build/satz check sources/teilstrategien/olpe.yaml) 2>"$S/bad2.err"
check "unknown municipality at its position ($(cat "$S/bad2.err"))" grep -q "^sources/teilstrategien/olpe.yaml:[0-9]*:15: error: unknown municipality 'olpee' (did you mean 'olpe'?)$" "$S/bad2.err"
cp "$S/bad.yaml.keep" "$S/sources/teilstrategien/olpe.yaml"
sed -i 's/include: rahmenstrategie.yaml#vision/include: rahmenstrategie.yaml#visoin/' "$S/sources/gesamtstrategie.yaml"
(cd "$S" && build/satz check sources/gesamtstrategie.yaml) 2>"$S/bad3.err"
check "include of an unknown section at its position ($(cat "$S/bad3.err"))" grep -q "^sources/gesamtstrategie.yaml:[0-9]*:[0-9]*: error: 'rahmenstrategie.yaml' has no section with id 'visoin' (did you mean 'vision'?)$" "$S/bad3.err"

# a chart is drawn from the data, with a description made from it
tree=$(build/satz render sources/rahmenstrategie.yaml --dump=tree)
check "the Rahmenstrategie's chart describes its data" contains "$tree" 'chart [0-9]* alt="Balkendiagramm der Einwohnerzahlen (gerundet): Arnsberg 74.000, Bad Berleburg 19.000, Menden 52.000, Olpe 25.000, Soest 47.000."'
