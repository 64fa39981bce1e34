# JSON Schemas (issue #18), sourced by tests/run.sh: the committed schemas
# are what satz generates now; an independent validator (ajv, installed by
# make check under build/schema-node) accepts every source and style sheet
# of the repository and agrees with satz on the golden error cases as
# docs/schemas.md says; every source and sheet names its schema on its
# first line, and .vscode/settings.json maps the folders to them.
SV="node tests/schema/validate.js"
S="$T/schema"
mkdir -p "$S"

if [ ! -f build/schema-node/node_modules/.installed ]; then
	bad "the schema validator is not installed (make check installs it: build/schema-node)"
else
for SATZ in build/satz build/satz-asan; do
	tag=$(basename "$SATZ")
	"$SATZ" schema source >"$S/source.json" 2>"$S/source.err"; rc=$?
	check "$tag schema source exits 0 (rc $rc: $(head -c 200 "$S/source.err"))" test "$rc" = 0
	check "$tag schemas/source.schema.json is current (make schemas)" \
		cmp -s "$S/source.json" schemas/source.schema.json
	"$SATZ" schema style >"$S/style.json" 2>"$S/style.err"; rc=$?
	check "$tag schema style exits 0 (rc $rc: $(head -c 200 "$S/style.err"))" test "$rc" = 0
	check "$tag schemas/style.schema.json is current (make schemas)" \
		cmp -s "$S/style.json" schemas/style.schema.json
	"$SATZ" schema >/dev/null 2>&1; rc=$?
	check "$tag schema without source or style exits 2 (got $rc)" test "$rc" = 2
	"$SATZ" schema sources >/dev/null 2>&1; rc=$?
	check "$tag schema sources exits 2 (got $rc)" test "$rc" = 2
done

# --- every file of the repository validates ------------------------------
SOURCES_ALL=$(find sources -name '*.yaml' -not -path 'sources/data/*' | sort)
out=$($SV schemas/source.schema.json $SOURCES_ALL tests/e2e/*.yaml 2>&1); rc=$?
check "every source and e2e source validates against the source schema ($(printf '%s\n' "$out" | grep -v ': valid$' | head -3))" test "$rc" = 0
check "the validator looked at every source ($(printf '%s\n' "$out" | grep -c ': valid$'))" \
	test "$(printf '%s\n' "$out" | grep -c ': valid$')" = "$(printf '%s\n' $SOURCES_ALL tests/e2e/*.yaml | wc -l)"
out=$($SV schemas/style.schema.json styles/*.yaml 2>&1); rc=$?
check "every style sheet validates against the style schema ($(printf '%s\n' "$out" | grep -v ': valid$' | head -3))" test "$rc" = 0

# --- the validator rejects what it should (it can fail) ---------------------
printf 'kind: test\ntitle: T\npublisher: P\ndate: 2024-02-30\nversion: "1"\nbody: [x]\n' >"$S/feb30.yaml"
out=$($SV schemas/source.schema.json "$S/feb30.yaml")
check "a 30 February fails format date ($out)" contains "$out" "invalid: /date"

# --- the golden cases: the table of docs/schemas.md ------------------------
build/satz schema source --styles tests/errors/styles >"$S/src-errors.json"
build/satz schema style --styles tests/errors/styles >"$S/style-errors.json"
build/satz schema style --styles tests/styles/sheets >"$S/style-sheets.json"
out=$($SV --agreement docs/schemas.md tests/errors="$S/src-errors.json" \
	tests/errors/styles="$S/style-errors.json" tests/styles/sheets="$S/style-sheets.json" 2>&1)
line=$(printf '%s\n' "$out" | tail -n 1)
check "docs/schemas.md: the agreement table holds for every golden case ($(printf '%s\n' "$out" | grep FAIL | head -5))" \
	contains "$line" "^[0-9]* passed, 0 failed$"
check "the agreement covers every golden case ($line)" \
	test "$(printf '%s' "$line" | cut -d' ' -f1)" = "$(ls tests/errors/*.err tests/styles/sheets/*.err | wc -l)"

# --- ids of sources/data: an unknown one is an error to both -------------
P="$S/proj"
mkdir -p "$P/sources/data"
cp sources/data/*.yaml "$P/sources/data/"
head_doc='kind: teilstrategie\ntitle: T\npublisher: P\ndate: 2024-03-01\nversion: "1"\n'
for c in "municipality: olpe|0" "municipality: olpee|1" "topic: daten|0" "topic: datenn|1"; do
	line=${c%|*} want=${c#*|}
	printf "$head_doc%s\nbody: [Text]\n" "$line" >"$P/sources/doc.yaml"
	(cd "$P" && SATZ_FONTS="$ROOT/fonts" "$ROOT/build/satz" check sources/doc.yaml --styles "$ROOT/styles") 2>/dev/null; rc=$?
	out=$($SV schemas/source.schema.json "$P/sources/doc.yaml")
	if [ "$want" = 0 ]; then
		check "'$line': satz accepts (rc $rc)" test "$rc" = 0
		check "'$line': the schema accepts ($out)" contains "$out" ": valid$"
	else
		check "'$line': satz rejects (rc $rc)" test "$rc" = 1
		check "'$line': the schema rejects ($out)" contains "$out" "invalid: /"
	fi
done
for f in verwaltung verwaltungg; do
	printf "${head_doc}municipality: olpe\nbody:\n  - portfolio:\n      - {title: A, field: %s, goal: B, status: idea}\n" "$f" >"$P/sources/doc.yaml"
	(cd "$P" && SATZ_FONTS="$ROOT/fonts" "$ROOT/build/satz" check sources/doc.yaml --styles "$ROOT/styles") 2>/dev/null; rc=$?
	out=$($SV schemas/source.schema.json "$P/sources/doc.yaml")
	if [ "$f" = verwaltung ]; then
		check "field $f: both accept (satz rc $rc; $out)" sh -c "[ $rc = 0 ] && printf '%s' '$out' | grep -q ': valid$'"
	else
		check "field $f: both reject (satz rc $rc; $out)" sh -c "[ $rc = 1 ] && printf '%s' '$out' | grep -q 'invalid: /body/0/portfolio/0/field'"
	fi
done

# --- what YAML reads as a number or a boolean, satz reads as text -----------
cat >"$S/numbers.yaml" <<'EOF'
kind: leitfaden
number: 8
title: 2030
publisher: true
date: 2024-03-01
version: 1.0
status: entwurf
keywords: [2024, Smart City]
body:
  - 42
  - numbered: [eins, zwei]
    format: 1.
    start: 3
  - checklist:
      - text: fertig
        done: yes
  - table:
    landscape: no
    columns: [Jahr, {title: Wert, width: 30mm, align: decimal}]
    rows:
      - [2024, 1.5]
      - ["", [a, b]]
EOF
build/satz check "$S/numbers.yaml" 2>"$S/numbers.err"; rc=$?
check "satz accepts numbers and booleans as text (rc $rc: $(head -c 200 "$S/numbers.err"))" test "$rc" = 0
out=$($SV schemas/source.schema.json "$S/numbers.yaml")
check "and so does the schema ($out)" contains "$out" ": valid$"
fi

# --- the schema line and the editor settings -------------------------------
for f in $(find sources -name '*.yaml' -not -path 'sources/data/*') styles/*.yaml; do
	first=$(head -n 1 "$f")
	kind=source
	case "$f" in styles/*) kind=style ;; esac
	rel=$(python3 -c 'import os,sys; print(os.path.relpath(sys.argv[2], os.path.dirname(sys.argv[1])))' \
		"$f" "schemas/$kind.schema.json")
	check "$f starts with its schema line ($first)" \
		test "$first" = "# yaml-language-server: \$schema=$rel"
done
out=$(python3 - <<'EOF'
import glob, json
s = json.load(open('.vscode/settings.json'))['yaml.schemas']
def files(pats):
    got = set()
    for p in pats:
        got |= set(glob.glob(p, recursive=True))
    return got
src = files(s['schemas/source.schema.json'])
sty = files(s['schemas/style.schema.json'])
want_src = set(glob.glob('sources/**/*.yaml', recursive=True)) - set(glob.glob('sources/data/*.yaml'))
print('ok' if src == want_src and sty == set(glob.glob('styles/*.yaml')) else
      'sources %s, styles %s' % (sorted(src ^ want_src), sorted(sty ^ set(glob.glob('styles/*.yaml')))))
EOF
)
check ".vscode/settings.json maps every source and sheet, and no data file ($out)" test "$out" = ok

# --- the key reference of docs/source-format.md ----------------------------
keys=$(build/satz schema source --keys)
doc=$(sed -n '/^<!-- satz schema source --keys -->$/,/^<!-- end -->$/p' docs/source-format.md | sed '1d;$d')
check "docs/source-format.md lists every key as satz schema source --keys does" test "$keys" = "$doc"
