#!/usr/bin/env python3
"""Releases of the rendered documents (issue #8; docs/releases.md).

  release.py release VERSION [--drafts]  build out/releases/VERSION/
  release.py verify VERSION              check sums, rebuild from the commit
  release.py diff OLD.pdf NEW.pdf        what changed between two builds
  release.py index                       rewrite out/releases/index.html

Run from the project root (make release / make verify-release do).
Exit status: 0 success, 1 refused or failed, 2 usage errors.
"""
import datetime
import difflib
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

VERSION_RE = re.compile(r"^(\d{4})\.([1-9]\d*)$")
PAGE_GROUPS = [  # (id, heading, kinds in order) of the download page
    ("strategien", "Strategien", ["gesamtstrategie", "rahmenstrategie", "teilstrategie"]),
    ("leitfaeden", "Leitfäden", ["katalog", "leitfaden"]),
]
KIND_NAMES = {
    "gesamtstrategie": "Gesamtstrategie", "rahmenstrategie": "Rahmenstrategie",
    "teilstrategie": "Teilstrategie", "leitfaden": "Leitfaden", "katalog": "Katalog",
}
WATCHED = ["sources", "styles", "fonts", "src"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]


class Refused(Exception):
    pass


def say(msg):
    print(msg, flush=True)


def run(cmd, cwd=None, env=None, check=True):
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        raise Refused("%s failed (exit %d): %s" % (" ".join(cmd), r.returncode,
                                                   (r.stderr or r.stdout).strip()))
    return r


def vkey(v):
    m = VERSION_RE.match(v)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def releases_dir(root):
    return os.path.join(root, "out", "releases")


def existing_releases(root):
    d = releases_dir(root)
    if not os.path.isdir(d):
        return []
    vs = [v for v in os.listdir(d)
          if VERSION_RE.match(v) and os.path.isfile(os.path.join(d, v, "release.json"))]
    return sorted(vs, key=vkey)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def date_de(iso):
    y, m, d = (int(x) for x in iso[:10].split("-"))
    return "%d. %s %d" % (d, MONTHS[m - 1], y)


def size_de(n):
    if n >= 1 << 20:
        return ("%.1f MB" % (n / (1 << 20))).replace(".", ",")
    return "%d kB" % round(n / 1024)


# --- the documents -----------------------------------------------------

def top_keys(path):
    """The top-level scalar keys of a source (kind, status, municipality...)."""
    keys = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r'^([a-z-]+):\s*(.*?)\s*$', line)
            if m and m.group(2):
                v = re.sub(r"\s+#.*$", "", m.group(2))
                if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
                    v = v[1:-1]
                keys[m.group(1)] = v
    return keys


def municipality_names(root):
    names, cur = {}, None
    p = os.path.join(root, "sources", "data", "municipalities.yaml")
    if os.path.exists(p):
        for line in open(p, encoding="utf-8"):
            m = re.match(r'^\s*-?\s*id:\s*(\S+)', line)
            if m:
                cur = m.group(1)
            m = re.match(r'^\s+name:\s*(.+?)\s*$', line)
            if m and cur:
                names[cur] = m.group(1)
    return names


def list_sources(root):
    out = []
    for dirpath, dirs, files in os.walk(os.path.join(root, "sources")):
        dirs[:] = [d for d in dirs if not (dirpath.endswith("sources") and d == "data")]
        for f in files:
            if f.endswith(".yaml"):
                out.append(os.path.relpath(os.path.join(dirpath, f),
                                           os.path.join(root, "sources")))
    # guides before the catalogue, which reads their page counts
    return sorted(out, key=lambda r: (top_keys(os.path.join(root, "sources", r))
                                      .get("kind") == "katalog", r))


def render_all(root, satz, work, version, epoch, rels):
    """Renders sources/REL.yaml of root into work/out/REL.pdf as the release
    does: from work (sources/ a link to root's), dates from epoch."""
    os.makedirs(work, exist_ok=True)
    copy = os.path.join(work, "sources")   # a copy: images must lie inside the project
    if not os.path.exists(copy):
        shutil.copytree(os.path.join(root, "sources"), copy, symlinks=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    errors = []
    for rel in rels:
        src = "sources/" + rel
        pdf = "out/" + rel[:-5] + ".pdf"
        r = run([satz, "render", src, "-o", pdf, "--version-stamp", version, "-q"],
                cwd=work, env=env, check=False)
        if r.stderr:
            sys.stderr.write(r.stderr)
        if r.returncode != 0:
            errors.append("%s: satz render failed (exit %d)" % (src, r.returncode))
    return errors


def pdf_info(path):
    info = {}
    for line in run(["pdfinfo", path]).stdout.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info


# --- text and sections, for CHANGES.md and diff ---------------------------

def outline_titles(pdf):
    """[(title, page)] of the PDF's outline, in order."""
    r = run(["qpdf", "--json", "--json-key=outlines", pdf], check=False)
    titles = []
    try:
        data = json.loads(r.stdout)

        def walk(items):
            for it in items:
                titles.append((" ".join(it["title"].split()), it.get("destpageposfrom1") or 0))
                walk(it.get("kids", []))
        walk(data.get("outlines", []))
    except (ValueError, KeyError):
        pass
    return titles


def page_sizes(pdf):
    n = int(pdf_info(pdf).get("Pages", "0"))
    out = run(["pdfinfo", "-f", "1", "-l", str(n), pdf]).stdout
    sizes = {}
    for m in re.finditer(r"Page\s+(\d+) size:\s*([\d.]+) x ([\d.]+)", out):
        sizes[int(m.group(1))] = (float(m.group(2)), float(m.group(3)))
    return n, sizes


def body_lines(pdf):
    """[(page, line)] of pages 2.. without the running header and footer."""
    n, sizes = page_sizes(pdf)
    lines = []
    for p in range(2, n + 1):
        w, h = sizes.get(p, (595.0, 842.0))
        t = run(["pdftotext", "-f", str(p), "-l", str(p), "-x", "0", "-y", "72",
                 "-W", str(int(w) + 1), "-H", str(int(h - 72 - 80)), pdf, "-"]).stdout
        lines += [(p, " ".join(l.split())) for l in t.splitlines() if l.strip()]
    return lines


def heading_at(lines, i, title):
    """Lines the heading title takes at lines[i] (its number may stand on a
    line of its own, its text may wrap), 0 if it is not there."""
    m = re.match(r"^([\d.]+)\s+(.*)$", title)
    num, rest = (m.group(1), m.group(2)) if m else (None, title)
    first = 0
    if num and lines[i][1] == num:
        first = 1
    joined = ""
    for span in range(first, first + 4):
        if i + span >= len(lines):
            return 0
        joined = (joined + " " + lines[i + span][1]).strip()
        if joined == rest or joined == title:
            return span + 1
        if not (rest.startswith(joined) or title.startswith(joined)):
            return 0
    return 0


def sections(pdf):
    """{heading: [lines]} in order; text before the first heading is
    'Vorspann'; the table of contents is left out.  Headings are found by
    the outline: each on or after its destination page, in order."""
    titles = outline_titles(pdf)
    lines = body_lines(pdf)
    result, order = {"Vorspann": []}, ["Vorspann"]
    cur, ti, i = "Vorspann", 0, 0
    while i < len(lines):
        used = 0
        if ti < len(titles) and lines[i][0] >= titles[ti][1]:
            used = heading_at(lines, i, titles[ti][0])
        if used:
            cur = titles[ti][0]
            ti += 1
            i += used
            if cur not in result:
                result[cur] = []
                order.append(cur)
            continue
        result[cur].append(lines[i][1])
        i += 1
    return {t: result[t] for t in order if t != "Inhalt" and (result[t] or t != "Vorspann")}


def sentences(lines):
    text = ""
    for l in lines:
        if text.endswith("-") and l[:1].islower():
            text = text[:-1] + l          # a hyphenated word at a line end
        elif text.endswith("-") and l[:1].isupper():
            text += l                     # Smart-/City: a real hyphen
        else:
            text = (text + " " + l) if text else l
    parts = re.split(r"(?<=[.!?:])\s+(?=[„\"A-ZÄÖÜ0-9•–-])", text)
    return [p.strip() for p in parts if p.strip()]


def words_changed(a, b):
    wa, wb = a.split(), b.split()
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    old, new = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            old += wa[i1:i2]
            new += wb[j1:j2]
    return " ".join(old), " ".join(new)


def short(s, n=80):
    return s if len(s) <= n else s[:n - 1] + "…"


def section_changes(old_lines, new_lines):
    """(added, removed, altered[(old, new)]) sentences."""
    a, b = sentences(old_lines), sentences(new_lines)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    added, removed, altered = [], [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "insert":
            added += b[j1:j2]
        elif op == "delete":
            removed += a[i1:i2]
        elif op == "replace":
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news) and \
                        difflib.SequenceMatcher(None, olds[k], news[k]).ratio() > 0.5:
                    altered.append((olds[k], news[k]))
                elif k < len(olds) and k < len(news):
                    removed.append(olds[k])
                    added.append(news[k])
                elif k < len(olds):
                    removed.append(olds[k])
                else:
                    added.append(news[k])
    return added, removed, altered


def n_de(n, one, many):
    return "%d %s" % (n, one if n == 1 else many)


def diff_summary(old_pdf, new_pdf):
    """Markdown lines describing what changed; [] when the text is the same."""
    so, sn = sections(old_pdf), sections(new_pdf)
    out = []
    po, pn = pdf_info(old_pdf).get("Pages"), pdf_info(new_pdf).get("Pages")
    def number(t):
        m = re.match(r"^([\d.]+)\s", t)
        return m.group(1) if m else None
    # a heading renamed under the same number: compared as one section
    renamed = {}
    gone = {number(t): t for t in so if t not in sn and number(t)}
    for t in sn:
        if t not in so and number(t) in gone:
            renamed[t] = gone.pop(number(t))
    for t in sn:
        if t not in so and t not in renamed:
            out.append("- Abschnitt „%s“ neu (%s)" % (t, n_de(len(sentences(sn[t])), "Satz", "Sätze")))
    for t in so:
        if t not in sn and t not in renamed.values():
            out.append("- Abschnitt „%s“ entfernt" % t)
    for t in sn:
        old = renamed.get(t, t)
        if old not in so:
            continue
        if old != t:
            out.append("- Abschnitt „%s“ umbenannt in „%s“" % (old, t))
        if so[old] == sn[t]:
            continue
        added, removed, altered = section_changes(so[old], sn[t])
        if not (added or removed or altered):
            continue
        out.append("- Abschnitt „%s“: %s hinzugefügt, %s entfernt, %s geändert" % (
            t, n_de(len(added), "Satz", "Sätze"), n_de(len(removed), "Satz", "Sätze"),
            n_de(len(altered), "Satz", "Sätze")))
        for s in added[:3]:
            out.append("  - hinzugefügt: „%s“" % short(s))
        for s in removed[:3]:
            out.append("  - entfernt: „%s“" % short(s))
        for o, n in altered[:3]:
            wo, wn = words_changed(o, n)
            if not wo:
                out.append("  - geändert: eingefügt „%s“" % short(wn, 60))
            elif not wn:
                out.append("  - geändert: gestrichen „%s“" % short(wo, 60))
            else:
                out.append("  - geändert: „%s“ → „%s“" % (short(wo, 60), short(wn, 60)))
    if out and po != pn:
        out.append("- Seiten: %s → %s" % (po, pn))
    return out


# --- the previous release and the document model ------------------------

def warn(msg):
    sys.stderr.write("satz release: warning: %s\n" % msg)
    sys.stderr.flush()


def previous_release(root, version):
    """The release before version: {"version", "rel", "problem"}.  rel is
    its release.json, None when there is none or it cannot be read; then
    problem says why (the release is made without Synopsen)."""
    d = releases_dir(root)
    below = []
    if os.path.isdir(d):
        below = sorted((v for v in os.listdir(d)
                        if VERSION_RE.match(v) and vkey(v) < vkey(version)
                        and os.path.isdir(os.path.join(d, v))), key=vkey)
    if not below:
        return {"version": None, "rel": None, "problem": NO_PREVIOUS}
    v = below[-1]
    path = os.path.join(d, v, "release.json")
    try:
        with open(path, encoding="utf-8") as f:
            rel = json.load(f)
        if not isinstance(rel, dict) or rel.get("version") != v or \
                not isinstance(rel.get("documents"), list) or \
                not all(isinstance(x, dict) and "file" in x for x in rel["documents"]):
            raise ValueError("not the release.json of release %s" % v)
    except (OSError, ValueError) as e:
        return {"version": v, "rel": None, "problem": "the previous release %s cannot "
                "be read (out/releases/%s/release.json: %s)" % (v, v, e)}
    return {"version": v, "rel": rel, "problem": None}


def extract_tree(root, commit, dest, pdfs_from=None, documents=()):
    """sources/ of commit into dest/sources; the PDFs of documents from
    pdfs_from into dest/out, where the catalogue reads the guides' page
    counts.  A message when the commit cannot be read, else None."""
    if not re.match(r"^[0-9a-f]{7,64}$", commit or ""):
        return "its commit '%s' is not a commit id" % commit
    if git(root, "cat-file", "-e", commit + "^{commit}", check=False).returncode != 0:
        return "its commit %s is not in this repository" % commit[:12]
    arch = subprocess.run(["git", "-C", root, "archive", "--format=tar", commit, "sources"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if arch.returncode != 0:
        return "git archive of %s failed: %s" % (commit[:12], arch.stderr.decode().strip())
    os.makedirs(dest, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", dest], input=arch.stdout, check=True)
    for d in documents:
        src = os.path.join(pdfs_from, d["file"])
        if pdfs_from and os.path.isfile(src):
            dst = os.path.join(dest, "out", d["file"])
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
    return None


NO_PREVIOUS = "no previous release in out/releases/"
MODEL_META = ("kind ", "date ", "version ", "status ", "language ")


def model_text(satz, tree, source):
    """The document model of tree/source as satz builds it, generated blocks
    (portfolios, visions, matrix, included sections) expanded: the tree dump
    without source positions, generated ids' counters and the metadata a
    release stamps over (date, version, status).  (text, None), or (None,
    what went wrong)."""
    r = run([satz, "render", source, "--dump=tree"], cwd=tree, check=False)
    if r.returncode != 0:
        msg = (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[0]
        return None, msg
    out = []
    for line in r.stdout.splitlines():
        if line.startswith(MODEL_META):
            continue
        line = re.sub(r" @\d+(?::\d+)?$", "", line)
        line = re.sub(r"#gen\.\d+", "#gen", line)
        out.append(line)
    return "\n".join(out) + "\n", None


def compare_release(root, satz, version, prev, docs, work):
    """What changed per document since prev (see previous_release):
    {"previous", "problem", "status": {file: neu|geändert|unverändert},
    "removed": [records], "old_tree"}.  The comparison is of the document
    model (model_text) of the previous release's commit against work, the
    new release's tree; without a readable previous release every status
    is None."""
    res = {"previous": prev["version"] if prev["rel"] else None,
           "problem": prev["problem"], "status": {}, "removed": [], "old_tree": None,
           "doc_problems": {}}
    if not prev["rel"]:
        return res
    pdocs = {d["file"]: d for d in prev["rel"]["documents"]}
    ndocs = {d["file"]: d for d in docs}
    res["removed"] = [pdocs[f] for f in pdocs if f not in ndocs]
    old = os.path.join(work, ".old")   # inside work: satz synopse runs there
    pdir = os.path.join(releases_dir(root), prev["version"])
    problem = extract_tree(root, prev["rel"].get("commit"), old, pdir,
                           prev["rel"]["documents"])
    if problem:
        res["problem"] = "the previous release %s cannot be read: %s" % (
            prev["version"], problem)
    else:
        res["old_tree"] = old
    for f, d in ndocs.items():
        if f not in pdocs:
            res["status"][f] = "neu"
            continue
        if res["old_tree"]:
            src_old = pdocs[f].get("source") or d["source"]
            a, why = model_text(satz, old, src_old)
            b, why_new = model_text(satz, work, d["source"])
            if a is not None and b is not None:
                res["status"][f] = "unverändert" if a == b else "geändert"
                continue
            res["doc_problems"][f] = why or why_new
        # without the old model: the text of the two PDFs decides
        pdf_old = os.path.join(pdir, f)
        if os.path.isfile(pdf_old):
            res["status"][f] = "geändert" if diff_summary(
                pdf_old, os.path.join(work, "out", f)) else "unverändert"
        else:
            res["status"][f] = "geändert"
            res["doc_problems"].setdefault(f, "out/releases/%s/%s is missing" % (
                prev["version"], f))
    return res


def make_synopsen(satz, version, date, epoch, prev, cmp, docs, work, stage):
    """A Synopse of each changed document, stage/synopse/FILE, made by satz
    synopse from the previous release's source (work/.old) and the new one;
    sets d["synopse"], its size and checksum.  Returns warning lines."""
    warnings = []
    if not cmp["old_tree"]:
        return warnings
    pdocs = {d["file"]: d for d in prev["rel"]["documents"]}
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    for d in docs:
        f = d["file"]
        if d["change"] != "geändert" or f in cmp["doc_problems"]:
            continue
        rel_out = "synopse/" + f
        out = os.path.join(stage, rel_out)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        old_src = os.path.join(".old", pdocs[f].get("source") or d["source"])
        r = run([satz, "synopse", old_src, d["source"], "-o", out, "-q",
                 "--old-version", prev["version"], "--old-date", prev["rel"]["date"],
                 "--new-version", version, "--new-date", date], cwd=work, env=env, check=False)
        if r.returncode != 0:
            warnings.append("%s: satz synopse failed (exit %d): %s; no Synopse" % (
                f, r.returncode, (r.stderr.strip().splitlines() or [""])[0]))
            continue
        if not os.path.isfile(out):
            continue   # the model changed, the text did not (e.g. a table's form)
        v = run([satz, "verify", out], check=False)
        if v.returncode != 0:
            raise Refused("satz verify fails for %s:\n%s" % (rel_out, v.stdout + v.stderr))
        d["synopse"] = rel_out
        d["synopse_size"] = os.path.getsize(out)
        d["synopse_sha256"] = sha256(out)
    return warnings


# --- release ----------------------------------------------------------------

def git(root, *args, check=True):
    return run(["git", "-C", root] + list(args), check=check)


def refuse_checks(root, version):
    if not VERSION_RE.match(version or ""):
        raise Refused("the version '%s' is malformed: a release version is YYYY.N, "
                      "e.g. 2026.1 (make release VERSION=2026.1)" % version)
    if os.path.exists(os.path.join(releases_dir(root), version)):
        raise Refused("release %s exists already in out/releases/%s; a release is "
                      "never changed: choose the next number" % (version, version))
    if git(root, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise Refused("%s is not a git working tree: a release needs a source commit" % root)
    dirty = git(root, "status", "--porcelain", "--untracked-files=all", "--",
                *WATCHED).stdout.rstrip()
    if dirty:
        raise Refused("uncommitted changes in %s; commit them first, a release is "
                      "built from a commit:\n%s" % (", ".join(d + "/" for d in WATCHED), dirty))


def satz_version(satz):
    return run([satz, "--version"]).stdout.strip()


def build_release(root, satz, version, drafts, commit, epoch, stage):
    """Everything of a release into stage; returns the document records."""
    rels = list_sources(root)
    errors = render_all(root, satz, os.path.join(stage, ".work"), version, epoch, rels)
    if errors:
        raise Refused("a document has errors:\n  " + "\n  ".join(errors))
    work_out = os.path.join(stage, ".work", "out")
    names = municipality_names(root)
    docs, left_out = [], []
    for rel in rels:
        keys = top_keys(os.path.join(root, "sources", rel))
        is_draft = keys.get("status") == "entwurf"
        pdf_rel = rel[:-5] + ".pdf"
        if is_draft and not drafts:
            left_out.append("sources/" + rel)
            continue
        src_pdf = os.path.join(work_out, pdf_rel)
        r = run([satz, "verify", src_pdf], check=False)
        if r.returncode != 0:
            raise Refused("satz verify fails for %s:\n%s" % (pdf_rel, r.stdout + r.stderr))
        dst = os.path.join(stage, pdf_rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src_pdf, dst)
        info = pdf_info(dst)
        cover = os.path.join("covers", rel[:-5] + ".png")
        os.makedirs(os.path.dirname(os.path.join(stage, cover)), exist_ok=True)
        run([satz, "render", os.path.join("sources", rel), "--version-stamp", version,
             "--cover-png", os.path.join(stage, cover), "-q"],
            cwd=os.path.join(stage, ".work"), env=dict(os.environ, SOURCE_DATE_EPOCH=str(epoch)))
        mun = keys.get("municipality")
        docs.append({
            "file": pdf_rel, "source": "sources/" + rel,
            "title": info.get("Title", keys.get("title", "")),
            "kind": keys.get("kind", ""),
            "municipality": names.get(mun, mun) if mun else None,
            "status": keys.get("status", ""), "draft": is_draft,
            "document_version": keys.get("version"), "document_date": keys.get("date"),
            "pages": int(info.get("Pages", "0")), "size": os.path.getsize(dst),
            "sha256": sha256(dst), "cover": cover,
        })
    return docs, left_out


def changes_md(root, version, cmp, docs, stage):
    """CHANGES.md: what changed since the previous release, per document;
    cmp is compare_release's answer."""
    lines = ["# Änderungen in Version %s" % version, ""]
    prev = cmp["previous"]
    if not prev:
        if cmp["problem"] == NO_PREVIOUS:
            lines += ["Erste Veröffentlichung; alle Dokumente sind neu.", "", "## Neu", ""]
        else:
            lines += ["Keine Gegenüberstellung mit der vorigen Veröffentlichung: %s."
                      % cmp["problem"], "", "## Dokumente", ""]
        lines += ["- %s (`%s`)" % (d["title"], d["file"]) for d in docs]
        return "\n".join(lines) + "\n"
    pdir = os.path.join(releases_dir(root), prev)
    st = cmp["status"]
    added = [d for d in docs if st.get(d["file"]) == "neu"]
    changed = [d for d in docs if st.get(d["file"]) == "geändert"]
    unchanged = [d for d in docs if st.get(d["file"]) == "unverändert"]
    lines[0] = "# Änderungen in Version %s gegenüber %s" % (version, prev)
    if cmp["problem"]:
        lines += ["Ohne Synopsen: %s." % cmp["problem"], ""]

    def item(d):
        return "- %s (`%s`)" % (d["title"], d["file"])
    lines += ["## Neu", ""] + ([item(d) for d in added] or ["keine"]) + [""]
    lines += ["## Entfernt", ""] + ([item(d) for d in cmp["removed"]] or ["keine"]) + [""]
    lines += ["## Geändert", ""]
    if not changed:
        lines += ["keine", ""]
    for d in changed:
        f = d["file"]
        lines += ["### %s (`%s`)" % (d["title"], f), ""]
        if d.get("synopse"):
            lines += ["Synopse: `%s`" % d["synopse"], ""]
        summary = diff_summary(os.path.join(pdir, f), os.path.join(stage, f)) \
            if os.path.isfile(os.path.join(pdir, f)) else []
        lines += (summary or ["- Text geändert (kein Satz des PDF-Texts ist anders; "
                              "etwa Tabellen oder Aufbau)"]) + [""]
    lines += ["## Unverändert", ""] + ([item(d) for d in unchanged] or ["keine"])
    return "\n".join(lines) + "\n"


# The page's text column: the header's content, the headings and the grid
# of cards share one left edge (.wrap).  Cards: as many columns of at least
# 16.5rem as fit (one on a phone, four at 1280 px), never wider than the
# screen.
CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
line-height:1.5;color:#1a1a1a;background:#f6f7f8}
.wrap{max-width:76rem;margin:0 auto;padding:0 1rem}
header{background:#fff;border-bottom:4px solid #1f5f8b;padding:.5rem 0 1rem}
main{padding-bottom:2rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.3rem;margin:2rem 0 .75rem;border-bottom:1px solid #ccd}
header p{margin:.4rem 0}
ul.docs{list-style:none;padding:0;margin:0;display:grid;gap:1rem;
grid-template-columns:repeat(auto-fill,minmax(min(16.5rem,100%),1fr))}
ul.docs>li{background:#fff;border:1px solid #d5d9de;border-radius:.4rem;padding:1rem;
display:flex;flex-direction:column;gap:.5rem;min-width:0}
.docs img{width:100%;max-width:10rem;height:auto;border:1px solid #ccc;align-self:center}
.docs p{margin:0}
.kind{font-size:.85rem;color:#555}
h3{font-size:1.05rem;line-height:1.3;margin:0}
.change{font-size:.9rem;padding:.2rem .5rem;border-left:4px solid #8a96a3;background:#f1f3f5}
.change.changed{border-left-color:#b35900;background:#fff4e8}
.change.new{border-left-color:#1f7a3a;background:#eef8f0}
a{color:#0b4f7c}
a:focus{outline:3px solid #f0a000;outline-offset:2px}
dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .75rem;margin:0;font-size:.9rem}
dt{color:#555}
dd{margin:0;overflow-wrap:anywhere;min-width:0}
code{font-size:.8rem}
.sum{font-size:.8rem;color:#555;overflow-wrap:anywhere}
.sum code{font-size:.75rem}
.draft{color:#8a1c00;font-weight:bold}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d5d9de}
"""


def page(title, body):
    return ("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n%s</body>\n</html>\n"
            % (html.escape(title), CSS, body))


def change_line(rel, d):
    """The card's line on what changed since the previous release."""
    e = html.escape
    st = d.get("change")
    if st == "geändert":
        link = ""
        if d.get("synopse"):
            link = (" · <a href=\"%s\">Synopse der Änderungen (PDF, %s)</a>"
                    % (e(d["synopse"]), e(size_de(d["synopse_size"]))))
        return "<p class=\"change changed\">geändert seit %s%s</p>\n" % (
            e(rel["previous"]), link)
    if st == "unverändert":
        return "<p class=\"change\">unverändert seit %s</p>\n" % e(d["text_since"])
    if st == "neu":
        return "<p class=\"change new\">neu in %s</p>\n" % e(rel["version"])
    return ""


def card(rel, d):
    e = html.escape
    kind = KIND_NAMES.get(d["kind"], d["kind"])
    if d.get("municipality"):
        kind += " · " + d["municipality"]
    rows = [("Version", "%s vom %s" % (rel["version"], date_de(rel["date"])))]
    if d.get("document_date"):
        rows.append(("Dokument", "%s (Fassung %s)" % (
            date_de(d["document_date"]), d.get("document_version") or "–")))
    rows.append(("Umfang", "%d Seiten, %s" % (d["pages"], size_de(d["size"]))))
    dl = "".join("<dt>%s</dt><dd>%s</dd>" % (e(a), e(b)) for a, b in rows)
    draft = " <span class=\"draft\">(Entwurf)</span>" if d.get("draft") else ""
    return ("<li>\n<img src=\"%s\" alt=\"Titelseite: %s\" width=\"180\" height=\"255\">\n"
            "<p class=\"kind\">%s</p>\n<h3><a href=\"%s\">%s</a>%s</h3>\n%s"
            "<p><a href=\"%s\" download>PDF herunterladen (%s)</a></p>\n<dl>%s</dl>\n"
            "<p class=\"sum\">SHA-256 <code>%s</code></p>\n</li>\n"
            % (e(d["cover"]), e(d["title"]), e(kind), e(d["file"]), e(d["title"]), draft,
               change_line(rel, d), e(d["file"]), e(size_de(d["size"])), dl, e(d["sha256"])))


def release_html(rel):
    e = html.escape
    v = rel["version"]
    docs = rel["documents"]
    parts = ["<header>\n<div class=\"wrap\">\n"
             "<p><a href=\"../index.html\">Alle Veröffentlichungen</a></p>\n",
             "<h1>Smart Cities: 5 für Südwestfalen – Veröffentlichung %s</h1>\n" % e(v),
             "<p>Stand %s · Quellstand <code>%s</code> · %s · "
             "<a href=\"CHANGES.md\">Änderungen</a> · <a href=\"SHA256SUMS\">Prüfsummen</a></p>\n"
             % (e(date_de(rel["date"])), e(rel["commit"][:12]), e(rel["program"]))]
    prev = rel.get("previous")
    if prev:
        n = {k: sum(1 for d in docs if d.get("change") == k)
             for k in ("geändert", "neu", "unverändert")}
        n_syn = sum(1 for d in docs if d.get("synopse"))
        parts.append("<p>Gegenüber %s: %s geändert%s, %d neu, %d entfernt, %d unverändert.</p>\n"
                     % (e(prev), n_de(n["geändert"], "Dokument", "Dokumente"),
                        " (%s)" % n_de(n_syn, "Synopse", "Synopsen") if n_syn else "",
                        n["neu"], len(rel.get("removed", [])), n["unverändert"]))
    parts.append("</div>\n</header>\n<main class=\"wrap\">\n")
    placed = set()
    for gid, heading, kinds in PAGE_GROUPS + [("weitere", "Weitere Dokumente", None)]:
        group = []
        for k in kinds or [None]:
            group += [d for d in docs if d["file"] not in placed and
                      (d["kind"] == k if k else True)]
            placed.update(d["file"] for d in group)
        if not group:
            continue
        hid = "g-" + gid
        parts.append("<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">%s</h2>\n<ul class=\"docs\">\n"
                     % (hid, hid, e(heading)))
        parts += [card(rel, d) for d in group]
        parts.append("</ul>\n</section>\n")
    if rel.get("removed"):
        parts.append("<section aria-labelledby=\"g-entfernt\">\n<h2 id=\"g-entfernt\">Seit %s "
                     "entfernt</h2>\n<ul>\n%s</ul>\n</section>\n" % (e(prev), "".join(
                         "<li>%s (in <a href=\"../%s/%s\">%s</a>)</li>\n"
                         % (e(d["title"]), e(prev), e(d["file"]), e(prev))
                         for d in rel["removed"])))
    if rel.get("drafts_left_out"):
        parts.append("<section aria-labelledby=\"g-entw\">\n<h2 id=\"g-entw\">Nicht enthaltene "
                     "Entwürfe</h2>\n<ul>%s</ul>\n</section>\n" % "".join(
                         "<li><code>%s</code></li>" % e(s) for s in rel["drafts_left_out"]))
    parts.append("</main>\n")
    return page("Veröffentlichung %s – Smart Cities Südwestfalen" % v, "".join(parts))


def write_index(root):
    d = releases_dir(root)
    vs = sorted(existing_releases(root), key=vkey, reverse=True)
    rows = []
    for v in vs:
        try:   # a release that cannot be read is left out, not fatal
            with open(os.path.join(d, v, "release.json"), encoding="utf-8") as f:
                rel = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(rel, dict) or not isinstance(rel.get("documents"), list) \
                or not isinstance(rel.get("date"), str):
            continue
        rows.append("<tr><th scope=\"row\"><a href=\"%s/index.html\">%s</a></th><td>%s</td>"
                    "<td>%d</td><td><a href=\"%s/CHANGES.md\">Änderungen</a></td></tr>\n"
                    % (html.escape(v), html.escape(v), html.escape(date_de(rel["date"])),
                       len(rel["documents"]), html.escape(v)))
    body = ("<header>\n<div class=\"wrap\">\n<h1>Smart Cities: 5 für Südwestfalen – "
            "Veröffentlichungen</h1>\n</div>\n</header>\n"
            "<main class=\"wrap\">\n<h2>Alle Veröffentlichungen, die neueste zuerst</h2>\n"
            "<table>\n<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Stand</th>"
            "<th scope=\"col\">Dokumente</th><th scope=\"col\">Änderungen</th></tr></thead>\n"
            "<tbody>\n%s</tbody>\n</table>\n</main>\n" % "".join(rows))
    tmp = os.path.join(d, ".index.html.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page("Veröffentlichungen – Smart Cities Südwestfalen", body))
    os.replace(tmp, os.path.join(d, "index.html"))


def cmd_release(root, satz, version, drafts):
    refuse_checks(root, version)
    commit = git(root, "rev-parse", "HEAD").stdout.strip()
    epoch = int(git(root, "log", "-1", "--format=%ct", commit).stdout.strip())
    date = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    parent = os.path.join(root, "out")
    base = parent if os.path.isdir(parent) else root
    stage = tempfile.mkdtemp(prefix=".release-%s-" % version, dir=base)
    warnings = []
    try:
        docs, left_out = build_release(root, satz, version, drafts, commit, epoch, stage)
        if not docs:
            raise Refused("no document to release")
        work = os.path.join(stage, ".work")
        prev = previous_release(root, version)
        cmp = compare_release(root, satz, version, prev, docs, work)
        if cmp["problem"]:
            warnings.append("%s: release %s is made without Synopsen" % (cmp["problem"], version))
        for f, why in sorted(cmp["doc_problems"].items()):
            warnings.append("%s: the document model of the previous release cannot be "
                            "compared (%s); no Synopse" % (f, why))
        pdocs = {d["file"]: d for d in (prev["rel"] or {}).get("documents", [])}
        for d in docs:
            st = cmp["status"].get(d["file"])
            d["change"] = st
            d["synopse"] = None
            if st == "unverändert":
                d["text_since"] = pdocs[d["file"]].get("text_since") or cmp["previous"]
            else:
                d["text_since"] = version
        warnings += make_synopsen(satz, version, date, epoch, prev, cmp, docs, work, stage)
        with open(os.path.join(stage, "SHA256SUMS"), "w") as f:
            sums = [(d["sha256"], d["file"]) for d in docs]
            sums += [(d["synopse_sha256"], d["synopse"]) for d in docs if d["synopse"]]
            for h, name in sorted(sums, key=lambda x: x[1]):
                f.write("%s  %s\n" % (h, name))
        rel = {
            "version": version, "date": date, "source_date_epoch": epoch,
            "commit": commit, "program": satz_version(satz), "drafts_included": drafts,
            "previous": cmp["previous"],
            "previous_problem": cmp["problem"],
            "drafts": [d["source"] for d in docs if d["draft"]],
            "drafts_left_out": left_out, "documents": docs,
            "removed": [{"file": d["file"], "title": d.get("title", d["file"]),
                         "source": d.get("source")} for d in cmp["removed"]],
        }
        with open(os.path.join(stage, "release.json"), "w", encoding="utf-8") as f:
            json.dump(rel, f, ensure_ascii=False, indent=2)
            f.write("\n")
        with open(os.path.join(stage, "CHANGES.md"), "w", encoding="utf-8") as f:
            f.write(changes_md(root, version, cmp, docs, stage))
        with open(os.path.join(stage, "index.html"), "w", encoding="utf-8") as f:
            f.write(release_html(rel))
        shutil.rmtree(work)
        final = os.path.join(releases_dir(root), version)
        os.makedirs(releases_dir(root), exist_ok=True)
        if os.path.exists(final):
            raise Refused("release %s appeared while building" % version)
        os.chmod(stage, 0o755)
        os.rename(stage, final)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    write_index(root)
    for w in warnings:
        warn(w)
    say("out/releases/%s: %d documents, commit %s, %s" % (version, len(docs), commit[:12], date))
    for d in left_out:
        say("  draft left out: %s (DRAFTS=1 includes drafts)" % d)
    for d in docs:
        if d.get("synopse"):
            say("  Synopse: %s" % d["synopse"])
    return 0


def cmd_verify(root, version):
    if not VERSION_RE.match(version or ""):
        raise Refused("the version '%s' is malformed: YYYY.N, e.g. 2026.1" % version)
    rdir = os.path.join(releases_dir(root), version)
    if not os.path.isfile(os.path.join(rdir, "release.json")):
        raise Refused("no release %s in out/releases/" % version)
    rel = json.load(open(os.path.join(rdir, "release.json")))
    problems = 0
    for line in open(os.path.join(rdir, "SHA256SUMS")):
        want, _, f = line.rstrip("\n").partition("  ")
        p = os.path.join(rdir, f)
        if not os.path.exists(p):
            say("%s: MISSING" % f)
            problems += 1
        elif sha256(p) != want:
            say("%s: checksum differs from SHA256SUMS" % f)
            problems += 1
    if problems == 0:
        say("checksums: %d files OK" % len(rel["documents"]))
    tmp = tempfile.mkdtemp(prefix="satz-verify-%s-" % version)
    try:
        tree = os.path.join(tmp, "tree")
        os.makedirs(tree)
        arch = subprocess.run(["git", "-C", root, "archive", "--format=tar", rel["commit"]],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if arch.returncode != 0:
            raise Refused("cannot read commit %s: %s" % (rel["commit"], arch.stderr.decode().strip()))
        subprocess.run(["tar", "-x", "-C", tree], input=arch.stdout, check=True)
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        if os.path.exists(os.path.join(root, "build", "deps.ok")):
            os.makedirs(os.path.join(tree, "build"), exist_ok=True)
            shutil.copyfile(os.path.join(root, "build", "deps.ok"),
                            os.path.join(tree, "build", "deps.ok"))
        say("rebuilding satz and the documents of %s from commit %s ..." % (version, rel["commit"][:12]))
        run(["make", "-s", "build/satz", "build/hyph-de.bin"], cwd=tree, env=env)
        satz = os.path.join(tree, "build", "satz")
        prog = satz_version(satz)
        if prog != rel["program"]:
            say("program: %s rebuilt, the release says %s" % (prog, rel["program"]))
            problems += 1
        rels = list_sources(tree)
        errors = render_all(tree, satz, os.path.join(tmp, "work"), version,
                            rel["source_date_epoch"], rels)
        for e in errors:
            say(e)
            problems += 1
        same = 0
        for d in rel["documents"]:
            mine = os.path.join(tmp, "work", "out", d["file"])
            theirs = os.path.join(rdir, d["file"])
            if not os.path.exists(mine):
                say("%s: not rebuilt" % d["file"])
                problems += 1
            elif not os.path.exists(theirs) or open(mine, "rb").read() != open(theirs, "rb").read():
                say("%s: DIFFERS from the rebuild (release %s, rebuild %s)" % (
                    d["file"], sha256(theirs)[:16] if os.path.exists(theirs) else "missing",
                    sha256(mine)[:16]))
                problems += 1
            else:
                same += 1
        say("rebuild: %d of %d PDFs byte-identical" % (same, len(rel["documents"])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if problems:
        say("release %s: %d problem(s)" % (version, problems))
        return 1
    say("release %s verified" % version)
    return 0


def main(argv):
    root = os.getcwd()
    satz = os.environ.get("SATZ", os.path.join(root, "build", "satz"))
    args = [a for a in argv[1:] if a != "--drafts"]
    try:
        if len(args) == 2 and args[0] == "release":
            return cmd_release(root, os.path.abspath(satz), args[1], "--drafts" in argv)
        if len(args) == 2 and args[0] == "verify":
            return cmd_verify(root, args[1])
        if len(args) == 3 and args[0] == "diff":
            for p in args[1:]:
                if not os.path.isfile(p):
                    raise Refused("cannot open %s" % p)
            lines = diff_summary(args[1], args[2])
            print("\n".join(lines) if lines else "keine Textänderungen")
            return 0
        if len(args) == 1 and args[0] == "index":
            write_index(root)
            return 0
    except Refused as e:
        sys.stderr.write("satz release: error: %s\n" % e)
        return 1
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
