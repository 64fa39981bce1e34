// make bench's Typst peer (docs/bench.md): typesets one .typ file with
// Typst 0.14's engine (npm's @myriaddreamin/typst-ts-node-compiler, installed
// under build/bench/typst by `make bench-typst`) into a tagged PDF.
//
//   node typst-run.mjs MODULES-DIR FONTS-DIR IN.typ OUT.pdf
//
// Prints "OUT.pdf: N pages, T s", where T is the engine's time: from creating
// the compiler (which loads the fonts) to the PDF's bytes, without node's own
// start-up.  Each run is a process of its own, so Typst's caches start empty.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const [modules, fonts, input, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: node typst-run.mjs MODULES-DIR FONTS-DIR IN.typ OUT.pdf");
  process.exit(2);
}
const require = createRequire(resolve(modules, "package.json"));
const { NodeCompiler } = require("@myriaddreamin/typst-ts-node-compiler");
const source = readFileSync(input, "utf8");

const t0 = process.hrtime.bigint();
const compiler = NodeCompiler.create({
  workspace: resolve(input, ".."),
  fontArgs: [{ fontPaths: [resolve(fonts)] }],
});
const result = compiler.compile({ mainFileContent: source });
const doc = result.result;
if (!doc) {
  result.printDiagnostics();
  process.exit(1);
}
// tagged (Typst's default) and PDF/UA-1, as satz's output is
const pdf = compiler.pdf(doc, { pdfStandard: "ua-1", creationTimestamp: 1709251200 });
const t1 = process.hrtime.bigint();
writeFileSync(output, pdf);
console.log(`${output}: ${doc.numOfPages} pages, ${(Number(t1 - t0) / 1e9).toFixed(3)} s`);
