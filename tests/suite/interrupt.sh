# Interrupted builds (issue #9).  A render killed with SIGKILL at any moment
# leaves the previous PDF as it was, byte for byte; the next build removes
# the temporary file the killed one could not remove (src/output.c) and
# renders a good PDF.  The same through make, and a full disk (a tiny
# file-size limit) in the out/ tree of make: an I/O error, the previous PDFs
# intact and no temporary file.  The kill times are fixed fractions of the
# measured render time, from a pseudo-random sequence with a fixed seed, so
# every run kills at the same stages of the render.
I="$T/interrupt"
mkdir -p "$I/out"
I_SRC=sources/rahmenstrategie.yaml
I_PDF="$I/out/rahmenstrategie.pdf"
i_ms() { date +%s%3N; }
i_sleep() { sleep "$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))"; }
# an LCG with the constants of C's example rand(), seeded with 42
i_rand=42
i_next() { i_rand=$(((i_rand * 1103515245 + 12345) % 2147483648)); }
i_tmps() { find "$@" -name '*.tmp' | wc -l; }

build/satz render "$I_SRC" -o "$I_PDF" -q; rc=$?
check "interrupt: first render (rc $rc)" test "$rc" = 0
cp "$I_PDF" "$I/good.pdf"
# the render time: the shorter of two more renders (the first one filled
# the caches; a busy machine makes one of them slow)
i_dur=
for k in 1 2; do
	t0=$(i_ms)
	build/satz render "$I_SRC" -o "$I_PDF" -q
	t1=$(($(i_ms) - t0))
	[ -z "$i_dur" ] || [ "$t1" -lt "$i_dur" ] && i_dur=$t1
done
check "interrupt: a second render is byte-identical" cmp "$I_PDF" "$I/good.pdf"

# ten kills, the k-th at a pseudo-random moment of the k-th tenth of the
# render time; the temporary file exists only in the last part (drawing)
i_killed=0
i_caught=0
k=0
while [ "$k" -lt 10 ]; do
	i_next
	d=$((i_dur * (k * 100 + i_rand % 100) / 1000))
	build/satz render "$I_SRC" -o "$I_PDF" -q 2>/dev/null &
	pid=$!
	i_sleep "$d"
	kill -KILL "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	[ $? = 137 ] && i_killed=$((i_killed + 1))
	[ -e "$I/out/.rahmenstrategie.pdf.$pid.tmp" ] && i_caught=$((i_caught + 1))
	check "interrupt: killed after $d of $i_dur ms: previous PDF unchanged" cmp "$I_PDF" "$I/good.pdf"
	check "interrupt: killed after $d of $i_dur ms: PDF valid" qpdf --check "$I_PDF"
	k=$((k + 1))
done
check "interrupt: the kills hit running renders ($i_killed of 10)" test "$i_killed" -ge 3
check "interrupt: at least one kill left a temporary file ($i_caught of 10)" test "$i_caught" -ge 1

# one more, while the PDF is being written: as soon as the temporary appears
build/satz render "$I_SRC" -o "$I_PDF" -q 2>/dev/null &
pid=$!
while [ ! -e "$I/out/.rahmenstrategie.pdf.$pid.tmp" ] && kill -0 "$pid" 2>/dev/null; do :; done
kill -KILL "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null; rc=$?
check "interrupt: killed while writing (rc $rc)" test "$rc" = 137
check "interrupt: ... leaves its temporary file" test -e "$I/out/.rahmenstrategie.pdf.$pid.tmp"
check "interrupt: ... and the previous PDF unchanged" cmp "$I_PDF" "$I/good.pdf"

# the temporary of a running process, and other files, stay
sleep 60 &
i_live=$!
: >"$I/out/.rahmenstrategie.pdf.$i_live.tmp"
: >"$I/out/.andere.pdf.999999999.tmp"
: >"$I/out/.rahmenstrategie.pdf.12x.tmp"
build/satz render "$I_SRC" -o "$I_PDF" -q; rc=$?
check "interrupt: the next render succeeds (rc $rc)" test "$rc" = 0
check "interrupt: ... gives the same PDF" cmp "$I_PDF" "$I/good.pdf"
check "interrupt: ... which is valid" qpdf --check "$I_PDF"
check "interrupt: ... removes the killed renders' temporary files ($(find "$I/out" -name '*.tmp' | sed 's|.*/||' | tr '\n' ' '))" \
	test "$(i_tmps "$I/out")" = 3
check "interrupt: ... keeps the temporary file of a running process" test -e "$I/out/.rahmenstrategie.pdf.$i_live.tmp"
check "interrupt: ... and those of other outputs" test -e "$I/out/.andere.pdf.999999999.tmp"
check "interrupt: ... and other names" test -e "$I/out/.rahmenstrategie.pdf.12x.tmp"
kill "$i_live"
wait "$i_live" 2>/dev/null
rm -f "$I/out/"*.tmp "$I/out/".*.tmp

# --- the same through make, in a copy of the project ---------------------
# Only two documents are made; -o keeps make from rebuilding satz.
I_P="$I/proj"
mkdir -p "$I_P/build"
git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$I_P"
cp -p build/satz build/hyph-de.bin build/deps.ok "$I_P/build/"
i_make() { (cd "$I_P" && exec make -s -o build/satz -o build/hyph-de.bin -o build/deps.ok "$@"); }
# i_make_both [OPTIONS]: the Rahmenstrategie, and a PDF in a sub-folder of out/
i_make_both() { i_make "$@" out/rahmenstrategie.pdf out/teilstrategien/olpe.pdf; }
i_make_both >"$I/make1.out" 2>&1; rc=$?
check "interrupt: make renders (rc $rc: $(head -c 300 "$I/make1.out"))" test "$rc" = 0
cp "$I_P/out/rahmenstrategie.pdf" "$I/make-good.pdf"
cp "$I_P/out/teilstrategien/olpe.pdf" "$I/olpe-good.pdf"
touch "$I_P/sources/rahmenstrategie.yaml"
# make and its satz are killed together (their own process group), as by
# the OOM killer or a lost session: twice at pseudo-random moments, once as
# soon as satz has created its temporary file
# i_has_tmp [NAMES]: a temporary file of the PDF exists, other than NAMES
i_has_tmp() {
	for f in "$I_P"/out/.rahmenstrategie.pdf.*.tmp; do
		[ -e "$f" ] || continue
		case " ${1:-} " in *" ${f##*/} "*) ;; *) return 0 ;; esac
	done
	return 1
}
i_mkilled=0
k=0
while [ "$k" -lt 3 ]; do
	i_next
	# a kill that came too late leaves an up-to-date PDF: make must
	# render again every time
	touch "$I_P/sources/rahmenstrategie.yaml"
	d=$((i_dur * (200 + k * 400 + i_rand % 400) / 1000))
	i_old=$(find "$I_P/out" -name '*.tmp' | sed 's|.*/||' | tr '\n' ' ')
	(cd "$I_P" && exec setsid make -s -o build/satz -o build/hyph-de.bin -o build/deps.ok out/rahmenstrategie.pdf) >/dev/null 2>&1 &
	pid=$!
	if [ "$k" = 2 ]; then
		while ! i_has_tmp "$i_old" && kill -0 "$pid" 2>/dev/null; do :; done
		d="the temporary's creation"
	else
		i_sleep "$d"
		d="$d ms"
	fi
	kill -KILL "-$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	i_has_tmp "$i_old" && i_mkilled=$((i_mkilled + 1))
	check "interrupt: make killed after $d: previous PDF unchanged" cmp "$I_P/out/rahmenstrategie.pdf" "$I/make-good.pdf"
	# the killed satz is a zombie until init reaps it, and a zombie's
	# temporary counts as a running build's; wait (at most 10 s)
	n=0
	while kill -0 "-$pid" 2>/dev/null && [ "$n" -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
	k=$((k + 1))
done
check "interrupt: killing make left a temporary file in out/" i_has_tmp
i_make_both >"$I/make2.out" 2>&1; rc=$?
check "interrupt: make after the kills (rc $rc: $(head -c 300 "$I/make2.out"))" test "$rc" = 0
check "interrupt: ... the same PDF" cmp "$I_P/out/rahmenstrategie.pdf" "$I/make-good.pdf"
check "interrupt: ... no temporary files in out/ or build/pdf-deps/ ($i_mkilled of 3 kills left one) ($(i_tmps "$I_P/out" "$I_P/build"))" \
	test "$(i_tmps "$I_P/out" "$I_P/build")" = 0
check "interrupt: ... and make is up to date" i_make_both -q

# --- a full disk: a file-size limit of 16 blocks -------------------------
touch "$I_P/sources/rahmenstrategie.yaml" "$I_P/sources/teilstrategien/olpe.yaml"
(trap '' XFSZ; ulimit -f 16; i_make_both -k) >"$I/full.out" 2>&1; rc=$?
check "interrupt: make on a full disk fails (rc $rc)" test "$rc" != 0
check "interrupt: ... with an I/O error for the PDF ($(head -c 300 "$I/full.out"))" \
	grep -q "^satz: error: cannot write out/rahmenstrategie.pdf: File too large$" "$I/full.out"
check "interrupt: ... also in a sub-folder of out/" \
	grep -q "^satz: error: cannot write out/teilstrategien/olpe.pdf: File too large$" "$I/full.out"
check "interrupt: ... the previous PDFs unchanged" \
	sh -c "cmp '$I_P/out/rahmenstrategie.pdf' '$I/make-good.pdf' && cmp '$I_P/out/teilstrategien/olpe.pdf' '$I/olpe-good.pdf'"
check "interrupt: ... no temporary files ($(i_tmps "$I_P/out" "$I_P/build"))" \
	test "$(i_tmps "$I_P/out" "$I_P/build")" = 0
i_make_both >"$I/make3.out" 2>&1; rc=$?
check "interrupt: make with space again (rc $rc)" test "$rc" = 0
check "interrupt: ... renders both PDFs" test "$(grep -c '^out/.*: [0-9]* pages' "$I/make3.out")" = 2
