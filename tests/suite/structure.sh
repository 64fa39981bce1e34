# The shape of the program (issue #13), sourced by tests/run.sh.

# --- no include circle among the modules of src/ (a .c and its .h are one)
out=$(python3 tests/includes.py src 2>&1); rc=$?
check "no include circle among the modules of src/ ($out)" test "$rc" = 0
# the check itself finds a circle: a.c includes b.h, b.h includes a.h
mkdir -p "$T/circle"
printf '#include "b.h"\n' >"$T/circle/a.c"
: >"$T/circle/a.h"
printf '#include "a.h"\n' >"$T/circle/b.h"
printf '#include "c.h"\n' >"$T/circle/b.c"
out=$(python3 tests/includes.py "$T/circle")
check "the include check names a circle ($out)" test "$out" = "include circle: a -> b -> a"

# --- hyphenation needs no TeX installation: the patterns are vendored,
# and the trie is built from them with /usr/share/texlive hidden (when this
# machine has it and can make a mount namespace; otherwise it is absent)
check "the vendored patterns are in the repository" test -s src/hyphenation/dehyphn-x-2022-03-16.pat
check "neither make nor the set-up names TeX Live" sh -c "! grep -qi texlive Makefile tests/deps.sh"
H="$T/notex"
mkdir -p "$H"
git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$H"
cp -a build "$H/build"
rm -f "$H/build/hyph-de.bin" "$H/build/mkhyph"
if [ -d /usr/share/texlive ] && [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	unshare -m sh -c "mount -t tmpfs none /usr/share/texlive && cd '$H' && make -s build/hyph-de.bin" \
		>"$T/notex.out" 2>&1; rc=$?
else
	(cd "$H" && make -s build/hyph-de.bin) >"$T/notex.out" 2>&1; rc=$?
fi
check "the hyphenation trie builds without TeX Live (rc $rc: $(head -c 200 "$T/notex.out"))" test "$rc" = 0
check "the trie is the same as the one in build/" cmp "$H/build/hyph-de.bin" build/hyph-de.bin
