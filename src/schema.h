/* schema: the JSON Schemas (draft-07, what yaml-language-server supports
 * fully) of sources and of style sheets, generated from the key tables
 * (srckey, stylekey) with the ids of sources/data, the sheets of styles/
 * and the families of fonts/ as enumerations; and the key reference of
 * docs/source-format.md.  `satz schema`, `make schemas` (docs/schemas.md).
 * Output goes to the caller's strbuf. */
#ifndef SATZ_SCHEMA_H
#define SATZ_SCHEMA_H

#include "base.h"

/* sources: the sources directory ("sources/"); style_dirs: where sheets
 * are, NULL-ended.  False after reporting errors in the data files. */
bool schema_source(const char *sources, const char *const *style_dirs, strbuf *out);
/* Needs fonts_init: the families of fonts/ are an enumeration. */
bool schema_style(const char *const *style_dirs, strbuf *out);
/* The key reference of docs/source-format.md: one Markdown table per
 * mapping. */
void schema_source_markdown(strbuf *out);

#endif
