# memcheck in every `make check` (issue #9).  The whole suite under
# valgrind takes about 14 minutes (`make check-valgrind`, not in CI); here
# the unit tests and one render that reaches most of the pipeline (tables,
# a figure, footnotes, boxes, hyphenated justified text, cross-references)
# run under memcheck: no invalid access, no use of uninitialised memory, no
# definite or indirect leak.  tests/valgrind.supp says what it suppresses.
if command -v valgrind >/dev/null 2>&1; then
	vg() {
		log=$1; shift
		valgrind -q --vgdb=no --error-exitcode=98 --leak-check=full \
			--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
			--num-callers=40 --suppressions=tests/valgrind.supp --log-file="$log" "$@"
	}
	vg "$T/vg-unit.log" build/unit tests >/dev/null 2>&1; rc=$?
	check "valgrind: unit tests clean (rc $rc: $(head -c 300 "$T/vg-unit.log"))" \
		test "$rc" = 0 -a ! -s "$T/vg-unit.log"
	vg "$T/vg-rich.log" build/satz render tests/e2e/rich.yaml -o "$T/vg-rich.pdf" -q; rc=$?
	check "valgrind: a rich render is clean (rc $rc: $(head -c 300 "$T/vg-rich.log"))" \
		test "$rc" = 0 -a ! -s "$T/vg-rich.log"
	build/satz render tests/e2e/rich.yaml -o "$T/vg-rich-native.pdf" -q
	check "valgrind: the PDF is the one the program writes natively" \
		cmp "$T/vg-rich.pdf" "$T/vg-rich-native.pdf"
else
	bad "valgrind is not installed (make deps installs it for make check)"
fi
