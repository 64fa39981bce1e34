#!/usr/bin/env python3
"""`make bench`: how fast satz is (docs/bench.md).

Generates two long documents (about 100 and 400 pages) with
tests/bench/gen.py, renders each several times with build/satz and with the
greedy floor (build/bench/floor), times `make -B -j2 papers` and the rebuild
after one source changed in a copy of the project, and prints the figures
next to the targets of issue #10.  Writes build/bench.txt as well.  Nothing
here fails on a slow result: the targets are reported, not asserted.

When `make bench-typst` has installed Typst 0.14 (npm's
@myriaddreamin/typst-ts-node-compiler, under build/bench/typst), the same
text is also set by Typst and the bench prints satz's speed as a ratio to
Typst's; without it, that part is skipped.

Environment: BENCH_RUNS (runs per document, default 5), BENCH_PAPERS=0
skips the `make papers` timings, BENCH_TYPST=0 skips Typst.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "build", "bench")
SATZ = os.path.join(ROOT, "build", "satz")
FLOOR = os.path.join(OUT, "floor")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TIME_V = "/usr/bin/time"
# the optional Typst peer: `make bench-typst` installs it here
TYPST_MODULES = os.path.join(OUT, "typst")
TYPST_RUN = os.path.join(ROOT, "tests", "bench", "typst-run.mjs")

report = []


def say(line=""):
    print(line, flush=True)
    report.append(line)


def have_time_v():
    try:
        r = subprocess.run([TIME_V, "-v", "true"], capture_output=True, text=True)
        return r.returncode == 0 and "Maximum resident set size" in r.stderr
    except OSError:
        return False


TIMEV = have_time_v()


def run(cmd, cwd=ROOT):
    """(wall seconds, peak RSS in kB, stdout) of one run."""
    if TIMEV:
        full = [TIME_V, "-v"] + cmd
    else:
        full = cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if TIMEV:
        out, err = p.communicate()
        wall = time.perf_counter() - t0
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        rss = int(m.group(1)) if m else 0
        err = "\n".join(l for l in err.splitlines() if not l.startswith("\t") and
                        not l.startswith("Command exited"))
    else:
        # no GNU time: the child's rusage from wait4
        out = p.stdout.read()
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        rss = ru.ru_maxrss
    if p.returncode != 0:
        sys.stderr.write(err)
        raise SystemExit("bench: failed (%d): %s" % (p.returncode, " ".join(cmd)))
    return wall, rss, out


def pages_of(out):
    m = re.search(r": (\d+) pages", out)
    return int(m.group(1)) if m else 0


def generate(name, chapters):
    y = os.path.join(OUT, name + ".yaml")
    t = os.path.join(OUT, name + ".txt")
    subprocess.run([sys.executable, os.path.join(ROOT, "tests", "bench", "gen.py"),
                    str(chapters), y, t], check=True)
    return y, t


def render_once(y):
    _, _, out = run([SATZ, "render", y, "-o", y[:-5] + ".pdf"])
    return pages_of(out)


def sized(name, target, per_chapter):
    """A document of about `target` pages: estimate, render, correct once."""
    chapters = max(1, round(target / per_chapter))
    y, t = generate(name, chapters)
    pages = render_once(y)
    if abs(pages - target) > target * 0.05:
        chapters = max(1, round(chapters * target / pages))
        y, t = generate(name, chapters)
        pages = render_once(y)
    return y, t, chapters, pages


def typst_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_source(txt, title):
    """The text file of gen.py as a Typst document in the regional style's
    measures: A4, the same margins and fonts, justified German text with
    hyphenation, numbered headings, a table of contents, footnotes, lists,
    tables, running head and page numbers.  Texts are Typst strings, so
    nothing in them is read as markup."""
    out = [
        "#set document(title: %s)" % typst_string(title),
        '#set page(paper: "a4", margin: (top: 27mm, bottom: 30mm, inside: 30mm, outside: 25mm),',
        "  header: context { set text(font: \"Noto Sans\", size: 8.5pt); %s; h(1fr); counter(page).display() })"
        % typst_string(title),
        '#set text(font: "Noto Serif", size: 10.5pt, lang: "de", hyphenate: true)',
        # a 15 pt line pitch, as the regional style's body
        "#set par(justify: true, leading: 0pt, spacing: 6pt)",
        "#set text(top-edge: 1.07em, bottom-edge: -0.36em)",
        "#show heading: set block(above: 16pt, below: 8pt)",
        '#set heading(numbering: "1.1")',
        '#show heading: set text(font: "Noto Sans")',
        "#show heading.where(level: 1): set text(size: 17pt)",
        "#show heading.where(level: 2): set text(size: 13pt)",
        "#show heading.where(level: 3): set text(size: 11pt)",
        '#set table(stroke: none, inset: 3pt)',
        "#show table: set text(font: \"Noto Sans\", size: 8.5pt)",
        "#outline()",
        "",
    ]
    rows = []

    def flush_rows():
        if rows:
            n = max(len(r) for r in rows)
            cells = []
            for r in rows:
                cells += [typst_string(c) for c in r] + ['""'] * (n - len(r))
            out.append("#table(columns: %d, %s)" % (n, ", ".join(cells)))
            out.append("")
            rows.clear()

    with open(txt, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            kind, _, text = line.partition("\t")
            if not _:
                continue
            if kind != "T":
                flush_rows()
            if kind.startswith("H"):
                out.append("#heading(level: %d, %s)" % (int(kind[1:] or 1), typst_string(text)))
            elif kind.startswith("L"):
                depth = int(kind[1:] or 1)
                out.append("  " * (depth - 1) + "- #" + typst_string(text))
            elif kind == "T":
                rows.append(text.split("\t"))
            elif kind == "N":
                out.append("#footnote(%s)" % typst_string(text))
            elif kind == "Q":
                out.append("#block(inset: (left: 8mm), emph(%s))" % typst_string(text))
            else:
                out.append("#" + typst_string(text))
            if kind[0] in "HPQN":
                out.append("")
    flush_rows()
    return "\n".join(out) + "\n"


STAGES = ("load", "style", "shaping", "breaking", "pages", "drawing", "finishing")


def stats_times(out):
    """The stage times of satz render --stats, and the layout passes."""
    t = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+) s\b", out) if k in STAGES}
    m = re.search(r"\((\d+) layout passes\)", out)
    return {k: t.get(k, 0.0) for k in STAGES}, int(m.group(1)) if m else 0


def median(xs):
    return statistics.median(xs)


def bench_doc(label, y, t, runs):
    pdf = y[:-5] + ".pdf"
    walls, rsss = [], []
    stages = {k: [] for k in STAGES}
    run([SATZ, "render", y, "-o", pdf, "-q"])          # warm the caches
    pages = passes = 0
    for _ in range(runs):
        w, r, out = run([SATZ, "render", y, "-o", pdf, "--stats"])
        pages = pages_of(out)
        s, passes = stats_times(out)
        walls.append(w)
        rsss.append(r)
        for k in STAGES:
            stages[k].append(s[k])
    fl_walls, fl_pages = [], 0
    run([FLOOR, os.path.join(ROOT, "fonts"), t, y[:-5] + "-floor.pdf"])
    for _ in range(runs):
        w, _, out = run([FLOOR, os.path.join(ROOT, "fonts"), t, y[:-5] + "-floor.pdf"])
        fl_walls.append(w)
        fl_pages = pages_of(out)
    typst = bench_typst(y, t, runs)
    r = {
        "label": label, "pages": pages, "wall": median(walls), "min": min(walls),
        "max": max(walls), "rss": max(rsss) / 1024.0, "passes": passes,
        "floor": median(fl_walls), "floor_pages": fl_pages, "runs": runs,
        "typst": typst,
    }
    r["stage"] = {k: median(stages[k]) for k in STAGES}
    say("%s (%s, %d runs)" % (label, os.path.relpath(y, ROOT), runs))
    say("  pages            %d" % r["pages"])
    say("  wall (median)    %.3f s   (min %.3f, max %.3f)" % (r["wall"], r["min"], r["max"]))
    say("  pages per second %.0f" % (r["pages"] / r["wall"]))
    say("  peak RSS         %.1f MiB%s" % (r["rss"], "" if TIMEV else " (getrusage)"))
    say("  stages (median of satz render --stats; %d layout passes, times summed):" % passes)
    notes = {
        "load": "YAML, document model, shared data",
        "style": "fonts, style sheets, hyphenation patterns",
        "shaping": "pango on the main thread (and waiting for preshape's)",
        "breaking": "Knuth-Plass with hyphenation",
        "pages": "page breaking, floats",
        "drawing": "cairo PDF, font subsets, tags",
        "finishing": "PDF/A + UA, structure, linearisation (artifacts while drawing)",
    }
    named = 0.0
    for k in STAGES:
        named += r["stage"][k]
        say("    %-16s %.3f s   %s" % (k, r["stage"][k], notes[k]))
    say("    %-16s %.3f s   wall minus the above: start-up, the layout of lists," % (
        "rest", r["wall"] - named))
    say("                               tables and the contents, writing the file")
    say("  greedy floor     %.3f s, %d pages (build/bench/floor)" % (r["floor"], r["floor_pages"]))
    say("  ratio to floor   %.2f" % (r["wall"] / r["floor"]))
    if typst:
        say("  Typst 0.14       %.3f s engine (min %.3f, max %.3f), %d pages, peak RSS %.1f MiB"
            % (typst["engine"], typst["min"], typst["max"], typst["pages"], typst["rss"]))
        say("                   (node process %.3f s; build/bench/%s)"
            % (typst["wall"], os.path.basename(typst["typ"])))
        say("  Typst / satz     %.2f x" % (typst["engine"] / r["wall"]))
    say()
    return r


def typst_available():
    if os.environ.get("BENCH_TYPST", "1") == "0":
        return False
    pkg = os.path.join(TYPST_MODULES, "node_modules", "@myriaddreamin", "typst-ts-node-compiler")
    return os.path.isdir(pkg) and shutil.which("node") is not None


def bench_typst(y, t, runs):
    """Typst's engine time (median), pages and peak RSS for the same text;
    None when Typst is not installed."""
    if not typst_available():
        return None
    typ = y[:-5] + ".typ"
    with open(y, encoding="utf-8") as f:
        title = re.search(r"^title: '?(.*?)'?$", f.read(), re.M).group(1)
    with open(typ, "w", encoding="utf-8") as f:
        f.write(typst_source(t, title))
    cmd = ["node", TYPST_RUN, TYPST_MODULES, os.path.join(ROOT, "fonts"), typ,
           y[:-5] + "-typst.pdf"]
    run(cmd)                                               # warm the caches
    engines, walls, rsss, pages = [], [], [], 0
    for _ in range(runs):
        w, r, out = run(cmd)
        m = re.search(r": (\d+) pages, ([\d.]+) s", out)
        pages, engine = int(m.group(1)), float(m.group(2))
        engines.append(engine)
        walls.append(w)
        rsss.append(r)
    return {"engine": median(engines), "min": min(engines), "max": max(engines),
            "wall": median(walls), "rss": max(rsss) / 1024.0, "pages": pages, "typ": typ}


def copy_tree(dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    os.makedirs(dst)
    for name in ("Makefile", "src", "sources", "styles", "fonts", "tests"):
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dst, name), symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, os.path.join(dst, name))


def make(tree, *args):
    t0 = time.perf_counter()
    p = subprocess.run(["make", "--no-print-directory"] + list(args), cwd=tree,
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit("bench: make %s failed in %s" % (" ".join(args), tree))
    rendered = [l.split(":")[0] for l in p.stdout.splitlines() if re.match(r"out/.*\.pdf: \d+ pages", l)]
    return wall, rendered


def bench_papers():
    tree = os.path.join(OUT, "tree")
    copy_tree(tree)
    r = {}
    say("make papers (in a copy: %s)" % os.path.relpath(tree, ROOT))
    w, docs = make(tree, "-B", "-j2", "papers")
    r["all_b"] = w
    say("  make -B -j2 papers            %.2f s  (%d documents; compiles satz and the"
        " hyphenation data too)" % (w, len(docs)))
    walls = []
    for _ in range(3):
        shutil.rmtree(os.path.join(tree, "out"))
        shutil.rmtree(os.path.join(tree, "build", "pdf-deps"), ignore_errors=True)
        w, docs = make(tree, "-j2", "papers")
        walls.append(w)
    r["all"] = median(walls)
    say("  make -j2 papers, no out/      %.2f s  (%d documents, satz already built; median of 3)"
        % (r["all"], len(docs)))
    walls = []
    for _ in range(3):
        os.utime(os.path.join(tree, "sources", "teilstrategien", "olpe.yaml"))
        w, docs = make(tree, "-j2", "papers")
        walls.append(w)
    r["olpe"] = median(walls)
    r["olpe_docs"] = docs
    say("  touch olpe.yaml; make -j2 papers  %.2f s  (median of 3), rebuilt: %s"
        % (r["olpe"], ", ".join(docs)))
    w, docs = make(tree, "-j2", "papers")
    r["noop"] = w
    say("  make -j2 papers, nothing to do    %.2f s" % w)
    say()
    return r


def target(name, value, limit, fmt):
    met = value <= limit
    say("  %-38s %-26s %s" % (name, fmt % (value, limit), "met" if met else "MISSED"))


def main():
    for f in (SATZ, FLOOR):
        if not os.access(f, os.X_OK):
            raise SystemExit("bench: %s missing; run `make bench`" % f)
    os.makedirs(OUT, exist_ok=True)
    # the generated sources live in build/bench/; generated blocks read data/ beside them
    link = os.path.join(OUT, "data")
    if not os.path.islink(link):
        os.symlink(os.path.join("..", "..", "sources", "data"), link)
    say("satz bench  %s  (%s)" % (time.strftime("%Y-%m-%d %H:%M"),
                                  subprocess.run([SATZ, "--version"], capture_output=True,
                                                 text=True).stdout.strip()))
    say("machine: %s, %d CPUs; peak RSS from %s; load average %.2f at the start" % (
        os.uname().machine, os.cpu_count(),
        "/usr/bin/time -v" if TIMEV else "getrusage (wait4)", os.getloadavg()[0]))
    skipped = os.environ.get("BENCH_TYPST", "1") == "0"
    no_typst = ("skipped (BENCH_TYPST=0)" if skipped
                else "not installed; `make bench-typst` installs it (needs node, npm)")
    say("Typst: %s" % ("build/bench/typst (make bench-typst)" if typst_available() else no_typst))
    say()
    # calibrate: pages per chapter of one pass over the material
    y, _ = generate("calibrate", 54)
    per_chapter = render_once(y) / 54.0
    y1, t1, c1, _ = sized("bench-100", 100, per_chapter)
    y4, t4, c4, _ = sized("bench-400", 400, per_chapter)
    d1 = bench_doc("~100 pages (%d chapters)" % c1, y1, t1, RUNS)
    d4 = bench_doc("~400 pages (%d chapters)" % c4, y4, t4, max(3, RUNS - 2))
    p = bench_papers() if os.environ.get("BENCH_PAPERS", "1") != "0" else None

    say("targets (issue #17)")
    for d, n in ((d1, 100), (d4, 400)):
        if d["typst"]:
            say("  %-38s %-26s %s" % (
                "Typst / satz (%d pages)" % n,
                "%.2f x >= 2.5 x" % (d["typst"]["engine"] / d["wall"]),
                "met" if d["typst"]["engine"] / d["wall"] >= 2.5 else "MISSED"))
        else:
            say("  %-38s %-26s %s" % ("Typst / satz (%d pages)" % n, "-",
                                      "Typst " + ("skipped" if skipped
                                                  else "not installed (make bench-typst)")))
    target("peak RSS (100 pages)", d1["rss"], 64, "%.1f MiB <= %d MiB")
    target("peak RSS (400 pages)", d4["rss"], 96, "%.1f MiB <= %d MiB")
    target("ours / greedy floor (100 pages)", d1["wall"] / d1["floor"], 1.8, "%.2f <= %.1f")
    say("  %-38s %.2f" % ("ours / greedy floor (400 pages)", d4["wall"] / d4["floor"]))
    say()
    say("targets (issue #10)")
    target("100-page document wall", d1["wall"], 0.4, "%.3f s <= %.1f s")
    scaled = d1["wall"] * 4.4 * d4["pages"] / (4 * d1["pages"])
    target("400-page wall <= 4.4 x 100-page", d4["wall"], scaled, "%.3f s <= %.3f s")
    say("  %-38s %.2f x (per page: %.2f x)" % (
        "", d4["wall"] / d1["wall"],
        (d4["wall"] / d4["pages"]) / (d1["wall"] / d1["pages"])))
    if p:
        target("make -B -j2 papers", p["all_b"], 2.0, "%.2f s <= %.1f s")
        target("  same, satz already built", p["all"], 2.0, "%.2f s <= %.1f s")
        target("one-source edit (olpe.yaml)", p["olpe"], 0.3, "%.2f s <= %.1f s")
        want = {"out/teilstrategien/olpe.pdf", "out/gesamtstrategie.pdf"}
        say("  %-38s %-26s %s" % ("  rebuilds only olpe + gesamtstrategie",
                                  ", ".join(sorted(p["olpe_docs"])),
                                  "yes" if set(p["olpe_docs"]) == want else "NO"))
    say("(the 400-page limit is 4.4 x the 100-page time, scaled to the actual page counts)")
    with open(os.path.join(ROOT, "build", "bench.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(report) + "\n")
    print("written to build/bench.txt")


if __name__ == "__main__":
    main()
