#!/bin/sh
# Checks what building, rendering and testing satz need; as root installs
# the missing Debian packages, otherwise prints the exact command and fails.
# Run by `make deps`, and by `make papers` / `make check` when
# build/deps.ok is missing; `deps.sh tests` also checks what only the
# tests need (Chromium for the download page, clang for fuzzing, Node.js
# and npm for the schema test and the pdf.js reader).
set -u

missing=""
need() { missing="$missing $1"; }

# pkg-config module -> Debian package
for pair in cairo:libcairo2-dev pangocairo:libpango1.0-dev pangoft2:libpango1.0-dev \
            fontconfig:libfontconfig-dev yaml-0.1:libyaml-dev libqpdf:libqpdf-dev \
            librsvg-2.0:librsvg2-dev zlib:zlib1g-dev; do
	mod=${pair%%:*} pkg=${pair#*:}
	command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$mod" || need "$pkg"
done
command -v pkg-config >/dev/null 2>&1 || need pkg-config
command -v cc >/dev/null 2>&1 || need gcc
command -v pdftotext >/dev/null 2>&1 || need poppler-utils
command -v qpdf >/dev/null 2>&1 || need qpdf
[ -f /usr/share/color/icc/sRGB.icc ] || need icc-profiles-free   # PDF/A output intent
command -v python3 >/dev/null 2>&1 || need python3

# only for `make check`: a real browser opens the release download page
if [ "${1:-}" = tests ]; then
	command -v chromium >/dev/null 2>&1 || need chromium
	command -v valgrind >/dev/null 2>&1 || need valgrind   # memcheck in make check
	# the schema test: ajv from npm validates the repository's YAML
	command -v node >/dev/null 2>&1 || need nodejs
	command -v npm >/dev/null 2>&1 || need npm
	# the fuzz smoke run: clang with libFuzzer and the sanitizer runtimes
	command -v clang >/dev/null 2>&1 || need clang
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
		need libclang-rt-14-dev
fi

# The fonts are part of the project (fonts/README); check they are there.
if ! ls fonts/*.ttf >/dev/null 2>&1; then
	echo "satz: error: fonts/ holds no fonts; restore them with 'git checkout fonts'" >&2
	exit 1
fi

# one package may be named twice above
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
[ -z "${missing% }" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "satz: installing missing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null &&
	apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
		echo "satz: error: apt-get install failed for:$missing" >&2
		exit 1
	}
	exit 0
fi
echo "satz: error: missing packages; install them with:" >&2
echo "  sudo apt-get install $missing" >&2
exit 1
