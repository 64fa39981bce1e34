#!/usr/bin/env python3
"""Writes a long benchmark document from the project's own material.

  gen.py CHAPTERS OUT.yaml OUT.txt

The chapters are the top-level sections of sources/rahmenstrategie.yaml and
of every source in sources/teilstrategien/, in that order, repeated (with a
round number in the title) until CHAPTERS chapters are written.  Everything
inside a chapter is kept as written -- paragraphs, lists, boxes, quotes,
definitions, tables, figures, footnotes and cross-references -- so headings,
lists, tables and footnotes keep the proportions of the real documents.
Only what cannot be repeated is changed:

  - every `id` gets a suffix for its copy (`vision` -> `vision-r2-s1`), and
    references and links inside the same copy follow it; references to ids
    outside the copy become plain text;
  - a Teilstrategie's `portfolio` (only allowed there) becomes the plain
    table it renders as;
  - figure paths are made relative to OUT.yaml.

OUT.txt gets the same text without markup, one block per line, for the
greedy floor (tests/bench/floor.c):

  H<level>\\ttext    heading          P\\ttext      paragraph
  L<depth>\\ttext    list item        N\\ttext      footnote (after its block)
  T\\tcell\\tcell...  table row        Q\\ttext      quote / box paragraph

Needs PyYAML (Debian: python3-yaml).
"""
import copy
import os
import re
import sys

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SRC = os.path.join(ROOT, "sources")

STATUS = {"idea": "Idee", "planned": "geplant", "running": "laufend", "done": "abgeschlossen"}


def load(path):
    with open(path, encoding="utf-8") as f:
        # every value is text for satz; keep it so (no ints, dates, bools)
        return yaml.load(f, Loader=yaml.BaseLoader)


def material():
    """[(short name, source path, [top-level section blocks])]"""
    paths = [os.path.join(SRC, "rahmenstrategie.yaml")]
    tdir = os.path.join(SRC, "teilstrategien")
    paths += [os.path.join(tdir, n) for n in sorted(os.listdir(tdir)) if n.endswith(".yaml")]
    out = []
    for p in paths:
        doc = load(p)
        secs = [b for b in doc["body"] if isinstance(b, dict) and "section" in b]
        name = doc.get("title", os.path.basename(p))
        out.append((name, p, secs))
    return out


def field_names():
    data = load(os.path.join(SRC, "data", "fields.yaml"))
    return {f["id"]: f["name"] for f in data["fields"]}


def collect_ids(node, ids):
    if isinstance(node, dict):
        if "id" in node and isinstance(node["id"], str):
            ids.add(node["id"])
        for v in node.values():
            collect_ids(v, ids)
    elif isinstance(node, list):
        for v in node:
            collect_ids(v, ids)
    elif isinstance(node, str):
        for m in re.finditer(r"\^\[[^\]]*\]\{#([a-z0-9-]+)\}", node):
            ids.add(m.group(1))


class Copy:
    """Rewrites one copy of one source's chapter."""

    def __init__(self, suffix, ids, src_dir, out_dir, fields):
        self.suffix, self.ids = suffix, ids
        self.src_dir, self.out_dir, self.fields = src_dir, out_dir, fields

    def text(self, s):
        def ref(m):
            ident, kind = m.group(1), m.group(2) or ""
            if ident in self.ids:
                return "[@%s%s%s]" % (ident, self.suffix, kind)
            return "(siehe dort)"

        def link(m):
            ident = m.group(2)
            if ident in self.ids:
                return "[%s](#%s%s)" % (m.group(1), ident, self.suffix)
            return m.group(1)

        s = re.sub(r"\[@([a-z0-9-]+)(:[a-z]+)?\]", ref, s)
        s = re.sub(r"\[([^\]]*)\]\(#([a-z0-9-]+)\)", link, s)
        s = re.sub(r"\{#([a-z0-9-]+)\}", lambda m: "{#%s%s}" % (m.group(1), self.suffix), s)
        return s

    def node(self, n, key=None):
        if isinstance(n, str):
            if key == "id":
                return n + self.suffix
            if key in ("figure",):
                return os.path.relpath(os.path.join(self.src_dir, n), self.out_dir)
            return self.text(n)
        if isinstance(n, list):
            return [self.node(v) for v in n]
        if isinstance(n, dict):
            if "portfolio" in n:
                return self.portfolio(n)
            return {k: self.node(v, k) for k, v in n.items()}
        return n

    def portfolio(self, n):
        rows = []
        for p in n["portfolio"]:
            rows.append([self.text(p.get("title", "")),
                         self.fields.get(p.get("field", ""), p.get("field", "")),
                         self.text(p.get("goal", "")),
                         STATUS.get(p.get("status", ""), p.get("status", "")),
                         self.text(p.get("period", "")),
                         self.text(p.get("partners", ""))])
        t = {"table": self.text(n.get("caption", "Projektportfolio"))}
        if "id" in n:
            t["id"] = n["id"] + self.suffix
        t["columns"] = [{"title": "Projekt", "width": "2fr"}, "Handlungsfeld",
                        {"title": "Ziel", "width": "2fr"}, "Status", "Zeitraum",
                        {"title": "Partner", "width": "2fr"}]
        t["rows"] = rows
        return t


# ---- plain text for the floor -------------------------------------------

def split_notes(s):
    """Text without footnotes, and the footnotes' texts."""
    out, notes, i = [], [], 0
    while i < len(s):
        if s.startswith("^[", i) and (i == 0 or s[i - 1] != "\\"):
            depth, j = 1, i + 2
            while j < len(s) and depth:
                if s[j] == "\\":
                    j += 2
                    continue
                depth += {"[": 1, "]": -1}.get(s[j], 0)
                j += 1
            notes.append(s[i + 2:j - 1])
            i = j
            if s.startswith("{#", i):
                i = s.index("}", i) + 1
            continue
        out.append(s[i])
        i += 1
    return "".join(out), notes


def plain(s):
    s = re.sub(r"\[@[a-z0-9-]+(:[a-z]+)?\]", "Abschnitt 1.1", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = s.replace("\\-", "")
    s = re.sub(r"(?<!\\)\*\*", "", s)
    s = re.sub(r"(?<!\\)\*(?=\S)|(?<=[^\s\\])\*", "", s)
    s = s.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    s = re.sub(r'(?<!\\)"([^"]*)"', "\u201e\\1\u201c", s)
    s = re.sub(r"(?<!\\)~", "\u00a0", s)
    s = re.sub(r"(?<!\\)'", "\u2019", s)
    s = re.sub(r"\\(.)", r"\1", s)
    return " ".join(s.split())


class Text:
    def __init__(self):
        self.lines = []

    def para(self, kind, s):
        body, notes = split_notes(s)
        self.lines.append("%s\t%s" % (kind, plain(body)))
        for n in notes:
            self.lines.append("N\t%s" % plain(n))

    def items(self, items, depth):
        for it in items:
            if isinstance(it, str):
                self.para("L%d" % depth, re.sub(r"^\[[ x]\] ", "", it))
            else:
                self.para("L%d" % depth, it.get("text", ""))
                for k in ("list", "numbered"):
                    if k in it:
                        self.items(it[k], depth + 1)

    def cell(self, c):
        if isinstance(c, list):
            return " ".join(plain(split_notes(x)[0]) for x in c)
        return plain(split_notes(c)[0])

    def blocks(self, blocks, level, kind="P"):
        for b in blocks:
            if isinstance(b, str):
                self.para(kind, b)
                continue
            k = next(iter(b))
            v = b[k]
            if k == "section":
                self.para("H%d" % min(level, 4), v)
                self.blocks(b.get("body", []), level + 1)
            elif k == "paragraph":
                self.para(kind, v)
            elif k in ("list", "numbered", "checklist"):
                self.items(v, 1)
            elif k == "definitions":
                for d in v:
                    self.para(kind, "%s: %s" % (d.get("term", ""), d.get("text", "")))
            elif k == "quote":
                for q in (v if isinstance(v, list) else [v]):
                    self.para("Q", q)
                if "by" in b:
                    self.para("Q", b["by"])
            elif k == "box":
                if v:
                    self.para("Q", v)
                self.blocks(b.get("body", []), level, "Q")
            elif k == "table":
                if v:
                    self.para("P", v)
                cols = [c if isinstance(c, str) else c.get("title", "") for c in b["columns"]]
                self.lines.append("T\t" + "\t".join(plain(c) for c in cols))
                for r in b["rows"]:
                    self.lines.append("T\t" + "\t".join(self.cell(c) for c in r))
                # footnotes in cells
                for r in b["rows"]:
                    for c in r:
                        for x in (c if isinstance(c, list) else [c]):
                            for n in split_notes(x)[1]:
                                self.lines.append("N\t%s" % plain(n))
            elif k == "figure":
                if "caption" in b:
                    self.para("P", b["caption"])
            elif k == "chart":
                if "caption" in b:
                    self.para("P", b["caption"])
            # municipalities, include: generated; their text is not in the
            # source, the floor leaves them out


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen.py CHAPTERS OUT.yaml OUT.txt")
    n = int(sys.argv[1])
    out_yaml, out_txt = sys.argv[2], sys.argv[3]
    out_dir = os.path.dirname(os.path.abspath(out_yaml))
    fields = field_names()
    mat = material()
    chapters = []
    i = 0
    while len(chapters) < n:
        rnd, k = divmod(i, len(mat))
        name, path, secs = mat[k]
        secs = secs[:n - len(chapters)]
        ids = set()
        collect_ids(secs, ids)
        cp = Copy("-r%d-s%d" % (rnd + 1, k), ids, os.path.dirname(path), out_dir, fields)
        for s in secs:
            c = cp.node(copy.deepcopy(s))
            c["section"] = "%s (%s, Teil %d)" % (c["section"], name, rnd + 1)
            chapters.append(c)
        i += 1
    doc = {
        "kind": "rahmenstrategie",
        "title": "Benchmark: %d Kapitel" % n,
        "subtitle": "Aus der Rahmenstrategie und den Teilstrategien zusammengesetzt",
        "publisher": "Südwestfalen Agentur GmbH",
        "date": "2024-03-01",
        "version": "1.0",
        "language": "de",
        "body": chapters,
    }

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    with open(out_yaml, "w", encoding="utf-8") as f:
        f.write("# Generated by tests/bench/gen.py %d; do not edit.\n" % n)
        yaml.dump(doc, f, Dumper=Dumper, allow_unicode=True, sort_keys=False,
                  default_flow_style=False, width=78)
    t = Text()
    t.blocks(chapters, 1)
    with open(out_txt, "w", encoding="utf-8") as f:
        f.write("\n".join(t.lines) + "\n")


if __name__ == "__main__":
    main()
