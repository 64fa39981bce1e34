# Sourced by tests/suite/release.sh and synopse.sh (not a suite of its
# own): browser_check VERSION opens out/releases/VERSION/index.html of the
# test repository ($REL) in headless Chromium.
# Headless Chromium from Debian opens the page from a local server on 127.0.0.1.  tests/pagegrid.html shows it
# in a frame 390 and 1280 pixels wide and measures it (no horizontal
# scrolling, cards per row, one left edge for header and content, the
# images loaded); every link resolves; full-page screenshots at both
# widths are kept in build/ for people to look at.
# browser_check VERSION: the download page of out/releases/VERSION;
# screenshots build/release-VERSION-phone.png and -desktop.png
browser_check() {
	_rel=$1 _tag=$1
	_www="$T/www-$_tag"
	mkdir -p "$_www"
	ln -sfn "$REL" "$_www/releases"
	cp tests/pagegrid.html "$_www/"
	_port=$((20000 + ($$ + ${#_tag}) % 20000))
	python3 -m http.server "$_port" --bind 127.0.0.1 --directory "$_www" >"$T/http-$_tag.log" 2>&1 &
	_srv=$!
	sleep 1
	_page="releases/$_rel/index.html"
	_base="http://127.0.0.1:$_port/$_page"
	missing=$(python3 - "$_base" "$REL/$_rel/index.html" <<'PY'
import re, sys, urllib.parse, urllib.request
base, page = sys.argv[1], sys.argv[2]
html = open(page, encoding="utf-8").read()
bad = []
for ref in re.findall(r'(?:href|src)="([^"#]+)"', html):
    url = urllib.parse.urljoin(base, ref)
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            if r.status != 200:
                bad.append(ref)
    except Exception:
        bad.append(ref)
print(" ".join(bad))
PY
)
	check "$_tag: every link and image of the page resolves ($missing)" test -z "$missing"
	mkdir -p build
	_ch="chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
		--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars"
	for shot in phone:390 desktop:1280; do
		name=${shot%%:*} w=${shot#*:}
		# shellcheck disable=SC2086  # _ch holds words to split
		timeout 60 $_ch --user-data-dir="$T/chromium-m-$_tag-$name" --virtual-time-budget=10000 \
			--dump-dom "http://127.0.0.1:$_port/pagegrid.html?page=$_page&w=$w" \
			>"$T/measure-$_tag-$name.html" 2>"$T/measure-$_tag-$name.log"
		m=$(python3 - "$T/measure-$_tag-$name.html" "$w" <<'PY'
import html, json, re, sys
page, w = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2])
m = re.search(r'<pre id="out">(.*?)</pre>', page, re.S)
d = json.loads(html.unescape(m.group(1)))
probs = []
if d["width"] != w:
    probs.append("viewport %d, not %d" % (d["width"], w))
if d["scroll_width"] > d["width"]:
    probs.append("scrolls sideways: %d px wide in %d" % (d["scroll_width"], d["width"]))
edges = {d["h1_left"], d["header_p_left"], d["h2_left"], d["card_left"]}
if len(edges) != 1:
    probs.append("header and content not aligned: h1 %(h1_left)s, header p %(header_p_left)s, "
                 "h2 %(h2_left)s, first card %(card_left)s" % d)
for g in d["groups"]:
    rows = g["per_row"]
    if g["right"] > d["width"] or g["widest_content"] > d["width"]:
        probs.append("%s: wider than the screen" % g["heading"])
    if w < 600 and max(rows) != 1:
        probs.append("%s: %s cards per row on a phone" % (g["heading"], rows))
    if w >= 1280 and g["cards"] >= 3 and rows[0] < 3:
        probs.append("%s: %s cards per row at %d px" % (g["heading"], rows, w))
unloaded = [src for src, nw in d["images"] if nw == 0]
if unloaded:
    probs.append("images not loaded: %s" % unloaded)
print("height=%d rows=%s %s" % (d["height"], ";".join(",".join(map(str, g["per_row"]))
                                                   for g in d["groups"]), " / ".join(probs)))
PY
)
		check "$_tag at $w px: measured ($m)" test -n "$m"
		check "$_tag at $w px: no horizontal scrolling, aligned, cards per row, images ($m)" \
			contains "$m" "^height=[0-9]* rows=[0-9,;]* $"
		[ -n "${SATZ_SHOW_MEASURE:-}" ] && echo "download page $_tag at $w px: $m"
		height=$(printf '%s' "$m" | sed -n 's/^height=\([0-9]*\).*/\1/p')
		[ "${height:-0}" -gt 8000 ] && height=8000
		rm -f "build/release-$_tag-$name.png"
		# shellcheck disable=SC2086
		timeout 60 $_ch --user-data-dir="$T/chromium-s-$_tag-$name" \
			--window-size="$w,${height:-1400}" --screenshot="$ROOT/build/release-$_tag-$name.png" \
			"$_base" >"$T/chromium-$_tag-$name.log" 2>&1
		check "$_tag: Chromium shows the page at $name width" test -s "build/release-$_tag-$name.png"
		# the covers' band colours: petrol (regional)
		px=$(python3 tests/pngpixels.py "build/release-$_tag-$name.png" 005469 10 2>/dev/null)
		check "$_tag: the cover images show at $name width ($px petrol pixels)" test "${px:-0}" -gt 200
	done
	kill "$_srv" 2>/dev/null
	wait "$_srv" 2>/dev/null
}
