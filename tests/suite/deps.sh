# make deps: without root, a missing tool is named with the exact
# apt-get line, and the script fails.
D="$T/deps-bin"
mkdir -p "$D"
for tool in sh pkg-config cc pdftotext python3 cat grep sed sort tr ls printf id; do
	p=$(command -v "$tool") && ln -sf "$p" "$D/$tool"
done
printf '#!/bin/sh\necho 1000\n' >"$D/id"   # not root
chmod +x "$D/id"
PATH="$D" sh tests/deps.sh >"$T/deps.out" 2>&1; rc=$?
check "deps without root and without qpdf fails (rc $rc)" test "$rc" = 1
check "deps names the exact install line" grep -qx "  sudo apt-get install qpdf " "$T/deps.out"
sh tests/deps.sh >"$T/deps2.out" 2>&1; rc=$?
check "deps passes on this machine (rc $rc: $(cat "$T/deps2.out"))" test "$rc" = 0
