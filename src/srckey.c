/* srckey: the keys of source format v1, mapping by mapping.  The order of
 * each table is the order messages list the keys in.  A new key is one
 * line in its mapping's table: parse then knows it (unknown keys and
 * their hints come from here), `make schemas` puts it into the JSON Schema,
 * and `satz schema source --keys` into docs/source-format.md (make check
 * fails until both are done). */
#include "srckey.h"

#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {
	"rahmenstrategie", "teilstrategie", "gesamtstrategie", "leitfaden",
	"katalog", "test", NULL
};
static const char *const statuses[] = { "entwurf", "beschlossen", NULL };
static const char *const aligns[] = { "left", "right", "center", "decimal", NULL };
static const char *const project_statuses[] = { "idea", "planned", "running", "done", NULL };
static const char *const roles[] = { "pioneer", "core", "adopting", NULL };
static const char *const chart_types[] = { "bar", "stacked-bar", NULL };
static const char *const chart_data[] = { "inhabitants", "projects-by-field", NULL };

const char srckey_list_numbers[] = "1aAiI";
const char srckey_list_suffixes[] = ".)";

#define KEY(k, t, fl, doc) { k, t, fl, NULL, 0, 0, NULL, NULL, NULL, doc }
#define DEF(k, t, def, doc) { k, t, 0, NULL, 0, 0, NULL, NULL, def, doc }
#define CHOICE(k, fl, vals, def, doc) { k, SV_CHOICE, fl, vals, 0, 0, NULL, NULL, def, doc }
#define END { NULL, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL }

static const srckey document_keys[] = {
	CHOICE("kind", SK_REQUIRED, kinds, NULL, "the kind of document"),
	KEY("title", SV_TEXT, SK_REQUIRED,
	    "the title, on the cover, in the header and in the PDF metadata"),
	KEY("subtitle", SV_TEXT, 0, "a line under the title; also the PDF subject"),
	KEY("publisher", SV_TEXT, SK_REQUIRED, "who publishes the document"),
	DEF("authors", SV_TEXTS, "the publisher",
	    "one name or a list of names; the PDF author"),
	KEY("date", SV_DATE, SK_REQUIRED, "the date of this state"),
	KEY("version", SV_PLAIN, SK_REQUIRED,
	    "the version shown on the cover; quote it (\"1.0\") so it stays text"),
	CHOICE("status", 0, statuses, "entwurf",
	       "a draft carries the watermark of its style sheet"),
	DEF("language", SV_LANGUAGE, "de", "the language of the text"),
	KEY("keywords", SV_TEXTS, 0, "a list of texts; the PDF keywords"),
	DEF("style", SV_STYLE, "regional", "the style sheet styles/NAME.yaml"),
	KEY("municipality", SV_MUNICIPALITY, 0,
	    "a Teilstrategie's municipality: an id from sources/data/municipalities.yaml"),
	{ "number", SV_NUMBER, 0, NULL, 1, 999, NULL, NULL, NULL,
	  "a guide's number in its series" },
	KEY("topic", SV_TOPIC, 0, "a guide's topic: an id from sources/data/topics.yaml"),
	KEY("audience", SV_TEXT, 0, "a guide's target group"),
	KEY("summary", SV_PLAIN, 0, "a guide's summary, one paragraph"),
	KEY("body", SV_BLOCKS, SK_REQUIRED, "the text: a list of blocks"),
	END
};

const srcmap srcmap_document = { "the document", "document",
	"the keys of a source file, its metadata and its body", document_keys, false };

static const srckey section_keys[] = {
	KEY("section", SV_TEXT, SK_KIND, "the section's title"),
	KEY("id", SV_ID, 0, "a name for links and cross-references, unique in the document"),
	KEY("body", SV_BLOCKS, 0, "the blocks of the section, subsections among them"),
	END
};

const srcmap srcmap_section = { "section", "section",
	"a numbered section (up to 4 levels)", section_keys, false };

static const srckey paragraph_keys[] = {
	KEY("paragraph", SV_TEXT, SK_KIND, "the paragraph's text"),
	END
};

const srcmap srcmap_paragraph = { "paragraph", "paragraph",
	"a paragraph, written out (a plain text is one too)", paragraph_keys, false };

static const srckey list_keys[] = {
	KEY("list", SV_ITEMS, SK_KIND, "the items of a bullet list"),
	KEY("numbered", SV_ITEMS, SK_KIND, "the items of a numbered list"),
	KEY("checklist", SV_CHECK_ITEMS, SK_KIND,
	    "the items of a checklist: \"[x] done\", \"[ ] open\""),
	{ "format", SV_LIST_FORMAT, 0, NULL, 0, 0, "numbered", NULL, "1.",
	  "the numbering: 1. 1) a) a. A. i. I." },
	{ "start", SV_NUMBER, 0, NULL, 1, 9999, "numbered", NULL, "1",
	  "the first item's number, to continue an interrupted list" },
	END
};

const srcmap srcmap_list = { "list", "list",
	"a bullet list, a numbered list or a checklist", list_keys, false };

static const srckey item_keys[] = {
	KEY("text", SV_TEXT, SK_REQUIRED, "the item's text"),
	KEY("list", SV_ITEMS, 0, "a nested bullet list"),
	KEY("numbered", SV_ITEMS, 0, "a nested numbered list"),
	{ "done", SV_BOOL, 0, NULL, 0, 0, "checklist", NULL, "false",
	  "whether a checklist item is done" },
	END
};

const srcmap srcmap_item = { "list item", "item",
	"a list item written as a mapping, to nest a list under it", item_keys, false };

static const srckey definition_keys[] = {
	KEY("term", SV_TEXT, SK_REQUIRED, "the term"),
	KEY("text", SV_TEXT, SK_REQUIRED, "its definition"),
	END
};

const srcmap srcmap_definition = { "definition", "definition",
	"one entry of a definition list", definition_keys, false };

static const srckey definitions_keys[] = {
	{ "definitions", SV_MAPS, SK_KIND, NULL, 0, 0, NULL, &srcmap_definition, NULL,
	  "the entries, each with 'term' and 'text'" },
	END
};

const srcmap srcmap_definitions = { "definitions", "definitions",
	"a definition list", definitions_keys, false };

static const srckey quote_keys[] = {
	{ "quote", SV_PARAS, SK_KIND | SK_REQUIRED, NULL, 0, SRC_MAX_QUOTE_PARAS, NULL,
	  NULL, NULL, "the quoted text: a text or a list of paragraphs" },
	KEY("by", SV_TEXT, 0, "the source of the quote"),
	END
};

const srcmap srcmap_quote = { "quote", "quote", "a quotation", quote_keys, false };

static const srckey box_keys[] = {
	KEY("box", SV_TITLE, SK_KIND, "the box's title; \"\" for none"),
	KEY("body", SV_BLOCKS, SK_REQUIRED, "the blocks inside the box"),
	END
};

const srcmap srcmap_box = { "box", "box",
	"a highlighted box holding blocks", box_keys, false };

static const srckey column_keys[] = {
	KEY("title", SV_TEXT, 0, "the header cell"),
	DEF("width", SV_WIDTH, "auto",
	    "30mm, 25% of the text width, 2fr (a share of what is left) or auto"),
	CHOICE("align", 0, aligns, "left",
	       "decimal aligns numbers at their decimal comma"),
	END
};

const srcmap srcmap_column = { "column", "column",
	"a table column written as a mapping (a plain text is its title alone)",
	column_keys, false };

static const srckey table_keys[] = {
	KEY("table", SV_TITLE, SK_KIND, "the caption, or nothing"),
	KEY("caption", SV_TEXT, 0, "the caption, above the table: \"Tabelle 3: ...\""),
	KEY("id", SV_ID, 0, "a name for cross-references, unique in the document"),
	{ "columns", SV_COLUMNS, SK_REQUIRED, NULL, 0, SRC_MAX_COLUMNS, NULL, NULL, NULL,
	  "the columns: titles, or mappings with title, width and align" },
	KEY("rows", SV_ROWS, SK_REQUIRED,
	    "the rows, each a list with one cell per column; a cell is a text or a "
	    "list of paragraphs"),
	KEY("foot", SV_ROWS, 0,
	    "rows set at the table's end, in bold under a rule (a sum row); they stay "
	    "with the last body rows at a page break"),
	DEF("landscape", SV_BOOL, "false", "set the table on turned pages of its own"),
	END
};

const srcmap srcmap_table = { "table", "table", "a numbered table", table_keys, false };

static const srckey figure_keys[] = {
	KEY("figure", SV_PICTURE, SK_KIND | SK_REQUIRED,
	    "a PNG, JPEG or SVG file, relative to the source file"),
	KEY("alt", SV_PLAIN, SK_REQUIRED,
	    "a description of the picture for readers who cannot see it"),
	KEY("caption", SV_TEXT, 0, "the caption, below: \"Abbildung 2: ...\""),
	KEY("id", SV_ID, 0, "a name for cross-references, unique in the document"),
	DEF("width", SV_LENGTH, "the natural size", "80mm, 8cm, 120pt or 60% of the text width"),
	KEY("height", SV_LENGTH, 0, "the height instead of the width"),
	END
};

const srcmap srcmap_figure = { "figure", "figure", "a numbered picture", figure_keys, false };

static const srckey project_keys[] = {
	KEY("title", SV_TEXT, SK_REQUIRED, "the project"),
	KEY("field", SV_FIELD, SK_REQUIRED,
	    "its field of action: an id from sources/data/fields.yaml"),
	KEY("goal", SV_TEXT, SK_REQUIRED, "what it is for"),
	{ "status", SV_CHOICE, SK_REQUIRED, project_statuses, 0, 0, NULL, NULL, NULL,
	  "how far it is" },
	KEY("period", SV_TITLE, 0, "when it runs: 2021--2024"),
	KEY("partners", SV_TITLE, 0, "who takes part"),
	END
};

const srcmap srcmap_project = { "project", "project",
	"a project of a Teilstrategie's portfolio", project_keys, true };

#define TABLE_KEYS \
	KEY("caption", SV_TEXT, 0, "a caption instead of the generated one"), \
	KEY("id", SV_ID, 0, "a name for cross-references, unique in the document")

static const srckey portfolio_keys[] = {
	{ "portfolio", SV_MAPS, SK_KIND, NULL, 0, 0, NULL, &srcmap_project, NULL,
	  "the projects, as a numbered table" },
	TABLE_KEYS,
	END
};

static const srcmap srcmap_portfolio = { "portfolio", "portfolio",
	"a Teilstrategie's projects as a table", portfolio_keys, true };

static const srckey municipalities_keys[] = {
	{ "municipalities", SV_CHOICES, SK_KIND, roles, 0, 0, NULL, NULL, NULL,
	  "a table of the municipalities with these roles" },
	TABLE_KEYS,
	END
};

static const srcmap srcmap_municipalities = { "municipalities", "municipalities",
	"a table of municipalities from sources/data", municipalities_keys, true };

static const srckey field_matrix_keys[] = {
	KEY("field-matrix", SV_FOLDER, SK_KIND,
	    "the folder of the Teilstrategien: a table fields of action x municipalities"),
	TABLE_KEYS,
	END
};

static const srcmap srcmap_field_matrix = { "field-matrix", "field-matrix",
	"the number of projects per field of action and municipality", field_matrix_keys, true };

static const srckey include_keys[] = {
	KEY("include", SV_INCLUDE, SK_KIND,
	    "the section with that id from another source, path from sources/"),
	END
};

static const srcmap srcmap_include = { "include", "include",
	"a section of another source", include_keys, true };

static const srckey visions_keys[] = {
	KEY("visions", SV_FOLDER, SK_KIND,
	    "the folder of the Teilstrategien: the 'vision' section of each"),
	END
};

static const srcmap srcmap_visions = { "visions", "visions",
	"the visions of all Teilstrategien", visions_keys, true };

static const srckey portfolios_keys[] = {
	KEY("portfolios", SV_FOLDER, SK_KIND,
	    "the folder of the Teilstrategien: their projects, one table per field of action"),
	END
};

static const srcmap srcmap_portfolios = { "portfolios", "portfolios",
	"every project of every Teilstrategie", portfolios_keys, true };

static const srckey guides_keys[] = {
	KEY("guides", SV_FOLDER, SK_KIND,
	    "the folder of the guides: each guide grouped by topic, and a keyword index"),
	END
};

static const srcmap srcmap_guides = { "guides", "guides",
	"the catalogue of the guides", guides_keys, true };

static const srckey chart_keys[] = {
	CHOICE("chart", SK_KIND, chart_types, NULL, "the kind of chart"),
	{ "data", SV_CHOICE, SK_REQUIRED, chart_data, 0, 0, NULL, NULL, NULL,
	  "what it shows" },
	KEY("caption", SV_TEXT, 0, "the caption"),
	KEY("id", SV_ID, 0, "a name for cross-references, unique in the document"),
	DEF("source", SV_FOLDER, "teilstrategien", "where the projects come from"),
	END
};

const srcmap srcmap_chart = { "chart", "chart",
	"a bar chart drawn from the data, numbered as a figure", chart_keys, true };

const srcblock srcblocks[] = {
	{ "section", &srcmap_section, false },
	{ "paragraph", &srcmap_paragraph, false },
	{ "list", &srcmap_list, false },
	{ "numbered", &srcmap_list, false },
	{ "checklist", &srcmap_list, false },
	{ "definitions", &srcmap_definitions, false },
	{ "quote", &srcmap_quote, false },
	{ "box", &srcmap_box, false },
	{ "table", &srcmap_table, false },
	{ "figure", &srcmap_figure, false },
	{ "portfolio", &srcmap_portfolio, true },
	{ "municipalities", &srcmap_municipalities, true },
	{ "include", &srcmap_include, true },
	{ "visions", &srcmap_visions, true },
	{ "field-matrix", &srcmap_field_matrix, true },
	{ "portfolios", &srcmap_portfolios, true },
	{ "chart", &srcmap_chart, true },
	{ "guides", &srcmap_guides, true },
	{ NULL, NULL, false }
};

const srcmap *const srcmaps[] = {
	&srcmap_document, &srcmap_section, &srcmap_paragraph, &srcmap_list,
	&srcmap_item, &srcmap_definitions, &srcmap_definition, &srcmap_quote,
	&srcmap_box, &srcmap_table, &srcmap_column, &srcmap_figure,
	&srcmap_portfolio, &srcmap_project, &srcmap_municipalities, &srcmap_include,
	&srcmap_visions, &srcmap_field_matrix, &srcmap_portfolios, &srcmap_chart,
	&srcmap_guides, NULL
};

const srckey *srcmap_find(const srcmap *m, const char *key)
{
	for (const srckey *k = m->keys; k->key; k++)
		if (strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

const srcblock *srcblock_find(const char *key)
{
	for (const srcblock *b = srcblocks; b->key; b++)
		if (strcmp(b->key, key) == 0)
			return b;
	return NULL;
}

static bool is_text(enum sv_type t)
{
	return t == SV_TEXT || t == SV_PLAIN || t == SV_CHOICE || t == SV_DATE ||
	       t == SV_PICTURE || t == SV_PARAS;
}

bool srckey_required(const char *key)
{
	for (const srcmap *const *m = srcmaps; *m; m++) {
		const srckey *k = (*m)->generated ? NULL : srcmap_find(*m, key);
		if (k && (k->flags & SK_REQUIRED) && is_text(k->type))
			return true;
	}
	return false;
}

const char **srcmap_names(const srcmap *m)
{
	size_t n = 0;
	if (m)
		while (m->keys[n].key)
			n++;
	else
		while (srcblocks[n].key)
			n++;
	const char **names = xmalloc((n + 1) * sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = m ? m->keys[i].key : srcblocks[i].key;
	names[n] = NULL;
	return names;
}

const char *srckey_type_doc(const srckey *k)
{
	switch (k->type) {
	case SV_TEXT: return "text";
	case SV_PLAIN: return "text without markup";
	case SV_TEXTS: return "a text or a list of texts";
	case SV_TITLE: return "text, or nothing";
	case SV_CHOICE: return "one of";
	case SV_CHOICES: return "one or a list of";
	case SV_DATE: return "date `YYYY-MM-DD`";
	case SV_LANGUAGE: return "language tag: `de`, `de-DE`";
	case SV_ID: return "id: `a`-`z`, `0`-`9`, `-`";
	case SV_STYLE: return "a style sheet of `styles/`";
	case SV_MUNICIPALITY: return "municipality id";
	case SV_FIELD: return "field of action id";
	case SV_TOPIC: return "topic id";
	case SV_NUMBER: return "whole number";
	case SV_BOOL: return "`true` or `false`";
	case SV_LENGTH: return "length";
	case SV_WIDTH: return "length, `fr` or `auto`";
	case SV_LIST_FORMAT: return "list format";
	case SV_PICTURE: return "picture file";
	case SV_INCLUDE: return "`FILE.yaml#id`";
	case SV_FOLDER: return "folder under `sources/`";
	case SV_BLOCKS: return "list of blocks";
	case SV_ITEMS: return "list of items";
	case SV_CHECK_ITEMS: return "list of checklist items";
	case SV_PARAS: return "a text or a list of paragraphs";
	case SV_MAPS: return "list of mappings";
	case SV_COLUMNS: return "list of columns";
	case SV_ROWS: return "list of rows";
	}
	return "";
}
