// make check's independent reader: Mozilla's pdf.js (Firefox's PDF viewer,
// npm's pdfjs-dist, installed under build/pdfjs-node by make check) opens
// each PDF and reads all of it: the cross-reference streams and object
// streams, every page's content and fonts (the operator list), its text
// and its structure tree, and the XMP metadata.  satz writes these files
// with its own writer (src/pdfwrite.c), so a second reader that is neither
// qpdf nor poppler must read them without repairing anything.
//
//   node tests/pdfjs/read.mjs MODULES-DIR A.pdf [B.pdf ...]
//
// Prints one line per file:
//   FILE<TAB>pages N<TAB>chars C<TAB>tagged T<TAB>pdfa P<TAB>warnings W
// then each warning of pdf.js on a line of its own starting with a tab.
// Exits 1 when a file cannot be opened at all.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, ...files] = process.argv.slice(2);
if (!modules || files.length === 0) {
  console.error("usage: node tests/pdfjs/read.mjs MODULES-DIR A.pdf [B.pdf ...]");
  process.exit(2);
}
const print = console.log.bind(console);
// pdf.js reports through console.log; what it says while loading (that no
// canvas is there to render with: this reader renders nothing) is dropped
console.log = () => {};
const pdfjs = await import(pathToFileURL(resolve(modules,
  "node_modules/pdfjs-dist/legacy/build/pdf.mjs")).href);
const warnings = [];
console.log = (...a) => warnings.push(a.join(" "));

let failed = false;
for (const file of files) {
  warnings.length = 0;
  try {
    const data = new Uint8Array(readFileSync(file));
    const doc = await pdfjs.getDocument({
      data, verbosity: pdfjs.VerbosityLevel.WARNINGS, isEvalSupported: false,
      useSystemFonts: false, disableFontFace: true, stopAtErrors: true,
    }).promise;
    let chars = 0, tagged = 0;
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      await page.getOperatorList();
      const text = await page.getTextContent();
      for (const item of text.items)
        chars += (item.str || "").length;
      const tree = await page.getStructTree();
      if (tree && tree.children && tree.children.length > 0)
        tagged++;
    }
    const meta = await doc.getMetadata();
    const part = meta.metadata ? meta.metadata.get("pdfaid:part") : null;
    print([file, `pages ${doc.numPages}`, `chars ${chars}`, `tagged ${tagged}`,
           `pdfa ${part || "-"}`, `warnings ${warnings.length}`].join("\t"));
    await doc.destroy();
  } catch (e) {
    failed = true;
    print([file, "pages 0", "chars 0", "tagged 0", "pdfa -",
           `warnings ${warnings.length + 1}`].join("\t"));
    warnings.push(`cannot read it: ${e && e.message ? e.message : e}`);
  }
  for (const w of warnings)
    print("\t" + w);
}
process.exit(failed ? 1 : 0);
