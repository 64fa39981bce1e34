#!/bin/sh
# `make check-valgrind` (docs/robustness.md, "Valgrind"): the tests again,
# with build/satz and build/unit under valgrind's memcheck.  memcheck sees
# the optimised program people run, and what the sanitizer build cannot
# show: reads of uninitialised memory.  Two runs at the same time:
#  1. the unit tests and the main loop of tests/run.sh (usage, every golden
#     diagnostic with render and check, the full render of
#     tests/e2e/basic.yaml checked with poppler and qpdf, determinism, the
#     last good PDF, a full disk, output paths, a missing glyph, a long
#     document), through the wrappers build/unit-valgrind and
#     build/satz-valgrind written here;
#  2. `make papers` of every sample document under sources/, in a copy of
#     the project, with build/satz-valgrind as satz.
# valgrind writes a log per process to build/valgrind/logs/ and exits 98 on
# any error or definite or indirect leak; tests/valgrind.supp lists what
# fontconfig and pango keep for the life of the process.  A non-empty log
# fails the check, even where a test does not look at the exit status.
# Ends with "valgrind: N runs, N with errors".
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
V=build/valgrind
command -v valgrind >/dev/null 2>&1 || {
	echo "satz: error: make check-valgrind needs valgrind; install it (apt-get install valgrind)" >&2
	exit 1
}
rm -rf "$V"
mkdir -p "$V/logs"
for prog in satz unit; do
	cat >"build/$prog-valgrind" <<EOF
#!/bin/sh
# Written by tests/valgrind.sh: build/$prog under valgrind's memcheck.
exec valgrind -q --vgdb=no --error-exitcode=98 --leak-check=full \\
  --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \\
  --suppressions='$ROOT/tests/valgrind.supp' --num-callers=40 \\
  --log-file='$ROOT/$V/logs/$prog.%p.log' '$ROOT/build/$prog' "\$@"
EOF
	chmod +x "build/$prog-valgrind"
done

# 2. the sample documents, in the background
C=$(mktemp -d "${TMPDIR:-/tmp}/satz-valgrind.XXXXXX")
trap 'rm -rf "$C"' EXIT INT TERM
git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$C"
mkdir -p "$C/build"
cp -p build/satz-valgrind build/hyph-de.bin build/deps.ok "$C/build/"
(cd "$C" && exec make -s -j"$(nproc)" -o build/satz-valgrind -o build/hyph-de.bin \
	-o build/deps.ok SATZ=build/satz-valgrind papers) >"$V/papers.out" 2>&1 &
papers=$!

# 1. the unit tests and the main loop of tests/run.sh
SATZ_UNITS=build/unit-valgrind SATZ_BINS=build/satz-valgrind SATZ_LOOP_ONLY=1 sh tests/run.sh
rc=$?

wait "$papers"
rc_papers=$?
n_docs=$(grep -c '^out/.*: [0-9]* pages' "$V/papers.out")
if [ "$rc_papers" != 0 ] || grep -qv '^out/.*: [0-9]* pages, [0-9.]* s$' "$V/papers.out"; then
	echo "FAIL: make papers under valgrind (rc $rc_papers):"
	grep -v '^out/.*: [0-9]* pages, [0-9.]* s$' "$V/papers.out" | head -n 40
	rc=1
fi
echo "make papers under valgrind: $n_docs documents"

runs=0
dirty=0
for log in "$V"/logs/*.log; do
	[ -e "$log" ] || continue
	runs=$((runs + 1))
	[ -s "$log" ] || continue
	dirty=$((dirty + 1))
	echo "FAIL: valgrind reports in $log:"
	head -n 60 "$log"
done
echo "valgrind: $runs runs, $dirty with errors"
[ "$runs" -gt 0 ] && [ "$dirty" = 0 ] && [ "$rc" = 0 ]
