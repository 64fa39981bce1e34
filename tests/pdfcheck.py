#!/usr/bin/env python3
"""Reads a PDF's structure through `qpdf --json` for the tests.

  pdfcheck.py links PDF     one line per link annotation:
                            "p3 uri https://...", "p2 dest NAME -> p5" or
                            "p4 file other.pdf" (a link to another PDF)
  pdfcheck.py outline PDF   one line per bookmark: indent, title, "-> pN"
"""
import json
import subprocess
import sys


def load(path):
    out = subprocess.run(["qpdf", "--json=2", path], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def objects(doc):
    objs = {}
    for key, val in doc["qpdf"][1].items():
        if key.startswith("obj:"):
            objs[key[4:]] = val.get("value", val.get("stream", {}).get("dict"))
    return objs


def named_dests(doc, objs):
    """Name -> page number, from the catalog's /Names /Dests tree."""
    pages = {p["object"]: p["pageposfrom1"] for p in doc["pages"]}
    trailer = doc["qpdf"][1]["trailer"]["value"]
    catalog = objs[trailer["/Root"]]
    result = {}

    def walk(node_ref):
        node = objs[node_ref] if isinstance(node_ref, str) else node_ref
        for kid in node.get("/Kids", []):
            walk(kid)
        names = node.get("/Names", [])
        for i in range(0, len(names), 2):
            name = names[i]
            dest = names[i + 1]
            if isinstance(dest, str) and dest.endswith(" R"):
                dest = objs[dest]
            if isinstance(dest, dict):
                dest = dest["/D"]
            result[name.removeprefix("u:")] = pages.get(dest[0])

    names = catalog.get("/Names")
    if names:
        names = objs[names] if isinstance(names, str) else names
        if "/Dests" in names:
            walk(names["/Dests"])
    return result


def links(path):
    doc = load(path)
    objs = objects(doc)
    dests = named_dests(doc, objs)
    for page in doc["pages"]:
        node = objs[page["object"]]
        for ref in node.get("/Annots", []):
            annot = objs[ref] if isinstance(ref, str) else ref
            if annot.get("/Subtype") != "/Link":
                continue
            n = page["pageposfrom1"]
            if "/A" in annot:
                action = annot["/A"]
                action = objs[action] if isinstance(action, str) else action
                if "/URI" in action:
                    print(f"p{n} uri {action['/URI'].removeprefix('u:')}")
                else:   # another PDF: /GoToR with a file specification
                    f = action.get("/F")
                    f = objs[f] if isinstance(f, str) and f.endswith(" R") else f
                    if isinstance(f, dict):
                        f = f.get("/F", f.get("/UF"))
                    print(f"p{n} file {str(f).removeprefix('u:')}")
            elif "/Dest" in annot:
                name = annot["/Dest"].removeprefix("u:")
                print(f"p{n} dest {name} -> p{dests.get(name)}")


def outline(path):
    doc = load(path)

    def walk(items, depth):
        for it in items:
            print(f"{'  ' * depth}{it['title']} -> p{it.get('destpageposfrom1')}")
            walk(it.get("kids", []), depth + 1)
    walk(doc["outlines"], 0)


if __name__ == "__main__":
    {"links": links, "outline": outline}[sys.argv[1]](sys.argv[2])
