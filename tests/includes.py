#!/usr/bin/env python3
"""Include circles among the modules of src/ (a module's .c and .h count as
one): prints each circle as 'a -> b -> a' and exits 1 if there is one.
Run by tests/suite/structure.sh; `python3 tests/includes.py [DIR]`."""
import os
import re
import sys

def graph(src):
    edges = {}
    for name in sorted(os.listdir(src)):
        mod, ext = os.path.splitext(name)
        if ext not in ('.c', '.h'):
            continue
        deps = edges.setdefault(mod, set())
        with open(os.path.join(src, name), encoding='utf-8') as f:
            for line in f:
                m = re.match(r'\s*#\s*include\s+"([^"/]+)\.h"', line)
                if m and m.group(1) != mod:
                    deps.add(m.group(1))
    return edges

def circles(edges):
    """Strongly connected components of more than one module (Tarjan),
    each with one circle through it for the message."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]
    def visit(v):   # module graphs are shallow: recursion is fine here
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in edges:
                continue   # a header without a module of its own
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found

def path_in(edges, comp):
    """A circle through the component's first module, for the message."""
    start = comp[0]
    prev, todo = {start: None}, [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(edges[v]):
            if w == start:
                p = [v]
                while prev[p[-1]]:
                    p.append(prev[p[-1]])
                return list(reversed(p)) + [start]
            if w in comp and w not in prev:
                prev[w] = v
                todo.append(w)
    return comp

def main():
    src = sys.argv[1] if len(sys.argv) > 1 else 'src'
    edges = graph(src)
    bad = circles(edges)
    for comp in bad:
        print('include circle: ' + ' -> '.join(path_in(edges, comp)))
    return 1 if bad else 0

if __name__ == '__main__':
    sys.exit(main())
