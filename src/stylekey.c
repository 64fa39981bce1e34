/* stylekey: the key table (the built-in design is its default column) and
 * the parsers of values, one per type. */
#include "stylekey.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define O(m) offsetof(style, m)
#define EM O(body.size)
#define SERIF "Noto Serif"
#define SANS "Noto Sans"
#define INK "#1c1f24"
#define PETROL "#00546b"
#define GREY "#61666e"

#define KEY(k, t, m, def, doc) { k, t, O(m), EM, def, NULL, doc, 0, 0 }
#define GKEY(k, t, m, sz, def, doc) { k, t, O(m), O(sz), def, NULL, doc, 0, 0 }
#define OPT(k, t, m, sz, unset_, doc) { k, t, O(m), O(sz), NULL, unset_, doc, 0, 0 }
#define INT(k, m, def, lo, hi, doc) { k, SK_INT, O(m), EM, def, NULL, doc, lo, hi }

/* The seven keys of a font group; 'em' in its line height means its size. */
#define FONT(p, m, fam_, size_, weight_, slant_, lh_, color_, what) \
	{ p ".font", SK_FAMILY, O(m.family), EM, fam_, NULL, "font family of " what, 0, 0 }, \
	{ p ".size", SK_SIZE, O(m.size), EM, size_, NULL, "size of " what, 0, 0 }, \
	{ p ".weight", SK_WEIGHT, O(m.weight), EM, weight_, NULL, "weight of " what, 0, 0 }, \
	{ p ".style", SK_SLANT, O(m.italic), EM, slant_, NULL, "slant of " what, 0, 0 }, \
	GKEY(p ".line-height", SK_LENGTH, m.leading, m.size, lh_, "baseline distance of " what), \
	{ p ".color", SK_COLOR, O(m.color), EM, color_, NULL, "colour of " what, 0, 0 }, \
	{ p ".features", SK_FEATURES, O(m.features), EM, "", NULL, \
	  "OpenType features of " what, 0, 0 }

#define HEADING(n, size_, slant_, lh_, color_, above, below, numbering_) \
	FONT("headings.level-" #n, heading[n].font, SANS, size_, "bold", slant_, lh_, color_, \
	     "level " #n " headings"), \
	GKEY("headings.level-" #n ".space-above", SK_LENGTH, heading[n].space_before, \
	     heading[n].font.size, above, "space above a level " #n " heading"), \
	GKEY("headings.level-" #n ".space-below", SK_LENGTH, heading[n].space_after, \
	     heading[n].font.size, below, "space below a level " #n " heading"), \
	KEY("headings.level-" #n ".new-page", SK_BOOL, heading[n].new_page, "false", \
	    "a level " #n " heading starts a new page"), \
	{ "headings.level-" #n ".numbering", SK_NUMBERING, O(heading[n].numbering), EM, \
	  numbering_, NULL, "number format of level " #n " headings; \"\": none", 0, n }

#define PARTS(p, m, l, c, r, what) \
	KEY(p ".left", SK_TEMPLATE, m.all.left, l, "left part of the " what), \
	KEY(p ".centre", SK_TEMPLATE, m.all.centre, c, "centre part of the " what), \
	KEY(p ".right", SK_TEMPLATE, m.all.right, r, "right part of the " what), \
	VARIANT(p, m, first, "first", "first page after the cover", what), \
	VARIANT(p, m, left_page, "left-page", "left (even) pages", what), \
	VARIANT(p, m, right_page, "right-page", "right (odd) pages", what)

#define VARIANT(p, m, v, name, where, what) \
	OPT(p "." name ".left", SK_TEMPLATE, m.v.left, body.size, "as " p ".left", \
	    "left part of the " what " on " where), \
	OPT(p "." name ".centre", SK_TEMPLATE, m.v.centre, body.size, "as " p ".centre", \
	    "centre part of the " what " on " where), \
	OPT(p "." name ".right", SK_TEMPLATE, m.v.right, body.size, "as " p ".right", \
	    "right part of the " what " on " where)

#define RUNNING(p, m, size_, lh_, color_, offset_, rule_, rule_color_, l, c, r, what) \
	FONT(p, m.font, SANS, size_, "regular", "normal", lh_, color_, "the " what), \
	KEY(p ".offset", SK_LENGTH, m.offset, offset_, \
	    "distance between the " what " and the text area"), \
	KEY(p ".rule", SK_LENGTH, m.rule, rule_, \
	    "thickness of the line between the " what " and the text; 0pt: none"), \
	KEY(p ".rule-gap", SK_LENGTH, m.rule_gap, "2pt", \
	    "space between that line and the " what), \
	KEY(p ".rule-color", SK_COLOR, m.rule_color, rule_color_, "colour of that line"), \
	PARTS(p, m, l, c, r, what)

#define COVER_XY(p, m, y_, what) \
	OPT(p ".x", SK_LENGTH, m.x, m.font.size, "the inner margin", \
	    "left edge of the " what ", from the left edge of the page"), \
	GKEY(p ".y", SK_LENGTH, m.y, m.font.size, y_, \
	     "top of the " what ", from the top of the page")

const stylekey stylekeys[] = {
	KEY("description", SK_TEXT, description, "", "one line on what the sheet is for"),

	KEY("page.width", SK_LENGTH, page_width, "210mm", "page width"),
	KEY("page.height", SK_LENGTH, page_height, "297mm", "page height"),
	KEY("page.margin.top", SK_LENGTH, margin_top, "27mm", "top margin"),
	KEY("page.margin.bottom", SK_LENGTH, margin_bottom, "30mm", "bottom margin"),
	KEY("page.margin.inner", SK_LENGTH, margin_inner, "25mm",
	    "inner margin: left on right (odd) pages"),
	KEY("page.margin.outer", SK_LENGTH, margin_outer, "25mm",
	    "outer margin: right on right (odd) pages"),
	KEY("page.facing", SK_BOOL, facing, "false",
	    "facing pages: the margins swap sides on left (even) pages"),
	INT("page.columns", columns, "1", 1, 4, "text columns of the body pages"),
	KEY("page.column-gap", SK_LENGTH, column_gap, "6mm", "space between columns"),

	FONT("body", body, SERIF, "10.5pt", "regular", "normal", "15pt", INK, "the text"),
	KEY("paragraph.space", SK_LENGTH, par_skip, "6pt", "space between paragraphs"),
	KEY("paragraph.indent", SK_LENGTH, par_indent, "0pt",
	    "indent of a paragraph's first line"),
	KEY("paragraph.justify", SK_BOOL, justify, "true",
	    "justified text; false: ragged right"),
	KEY("paragraph.hanging-punctuation", SK_BOOL, protrude, "true",
	    "punctuation and hyphens hang into the margin a little"),
	{ "paragraph.expansion", SK_PERCENT, O(expansion), EM, "2%", NULL,
	  "font expansion: the glyphs of a justified line may be this much wider or "
	  "narrower, in steps of 0.5 %, before its spaces stretch or shrink; 0 switches "
	  "it off", 0, 5 },

	KEY("hyphenation.enabled", SK_BOOL, hyphenate, "true", "automatic hyphenation"),
	INT("hyphenation.left", hyph_left, "2", 1, 8, "letters kept before a hyphen"),
	INT("hyphenation.right", hyph_right, "3", 1, 8, "letters carried after a hyphen"),

	HEADING(1, "17pt", "normal", "21pt", PETROL, "22pt", "10pt", "{1}"),
	HEADING(2, "13pt", "normal", "17pt", PETROL, "16pt", "6pt", "{1}.{2}"),
	HEADING(3, "11pt", "normal", "15pt", INK, "12pt", "4pt", "{1}.{2}.{3}"),
	HEADING(4, "10.5pt", "italic", "15pt", INK, "10pt", "3pt", "{1}.{2}.{3}.{4}"),

	INT("contents.depth", toc_depth, "2", 1, 4, "heading levels listed in the contents"),
	FONT("contents.title", toc_title, SANS, "17pt", "bold", "normal", "21pt", PETROL,
	     "the title of the contents"),
	FONT("contents.entry", toc_entry, SERIF, "10.5pt", "regular", "normal", "16pt", INK,
	     "contents entries"),
	GKEY("contents.leaders.gap", SK_LENGTH, toc_leader_gap, toc_entry.size, "0.6em",
	     "least space between an entry and its dots ('em': the entry size)"),
	GKEY("contents.leaders.step", SK_LENGTH, toc_leader_step, toc_entry.size, "0.55em",
	     "distance from dot to dot"),

	KEY("lists.indent", SK_LENGTH, list_indent, "16pt", "indent per list level"),
	KEY("lists.item-space", SK_LENGTH, list_item_skip, "3pt", "space between list items"),
	KEY("lists.bullets", SK_BULLETS, bullets, "\xe2\x80\xa2 \xe2\x80\x93 \xe2\x80\xa2",
	    "marks of bullet lists, per level (one to three)"),

	FONT("quote", quote, SERIF, "10.5pt", "regular", "italic", "15pt", INK, "quotes"),
	KEY("quote.indent", SK_LENGTH, quote_indent, "20pt", "indent of quotes, left and right"),

	KEY("links.color", SK_COLOR, link, PETROL, "colour of links"),

	FONT("captions", caption, SANS, "9pt", "regular", "normal", "12pt", "#40454d",
	     "table and figure captions"),
	FONT("footnotes", footnote, SERIF, "8.5pt", "regular", "normal", "11pt", INK,
	     "footnotes"),
	FONT("tables.text", table_text, SANS, "8.5pt", "regular", "normal", "11.5pt", INK,
	     "table cells"),
	FONT("tables.head", table_head, SANS, "8.5pt", "bold", "normal", "11.5pt", "#ffffff",
	     "table header cells"),
	KEY("tables.head-fill", SK_COLOR, table_head_fill, PETROL, "background of the header row"),
	KEY("tables.zebra", SK_COLOR, table_zebra, "#eff4f6", "background of every second row"),
	KEY("tables.rule", SK_COLOR, table_rule, "#bfc9d0", "colour of the lines between rows"),
	KEY("tables.cell-padding", SK_LENGTH, cell_pad, "4pt", "space inside a cell, each side"),
	KEY("boxes.fill", SK_COLOR, box_fill, "#eaf2f4", "background of boxes"),
	KEY("boxes.frame", SK_COLOR, box_frame, PETROL, "colour of a box's bar and title"),
	KEY("boxes.padding", SK_LENGTH, box_pad, "9pt", "space inside a box"),
	KEY("contents.list-of-tables", SK_BOOL, list_of_tables, "false",
	    "a list of tables after the contents"),
	KEY("contents.list-of-figures", SK_BOOL, list_of_figures, "false",
	    "a list of figures after the contents"),
	KEY("names.section", SK_TEXT, name_section, "Abschnitt", "word before a section number in references"),
	KEY("names.table", SK_TEXT, name_table, "Tabelle", "word before a table number"),
	KEY("names.figure", SK_TEXT, name_figure, "Abbildung", "word before a figure number"),
	KEY("names.footnote", SK_TEXT, name_note, "Fußnote", "word before a footnote number in references"),
	KEY("names.page", SK_TEXT, name_page, "Seite", "word before a page number in references"),
	KEY("names.on-page", SK_TEXT, name_on_page, "auf", "joins a number and its page: 'Tabelle 2 auf Seite 5'"),
	KEY("names.contents", SK_TEXT, name_contents, "Inhalt", "title of the contents"),
	KEY("names.list-of-tables", SK_TEXT, name_tables, "Tabellen", "title of the list of tables"),
	KEY("names.list-of-figures", SK_TEXT, name_figures, "Abbildungen", "title of the list of figures"),

	RUNNING("header", header, "8.5pt", "11pt", GREY, "9mm", "0.5pt", PETROL,
		"{title}", "", "{section}", "header"),
	RUNNING("footer", footer, "8.5pt", "11pt", GREY, "12mm", "0pt", GREY,
		"", "Seite {page} von {pages}", "", "footer"),

	KEY("cover.band.height", SK_LENGTH, cover.band_height, "60mm",
	    "height of the colour band at the top of the cover; 0mm: none"),
	KEY("cover.band.color", SK_COLOR, cover.band_color, PETROL, "colour of the band"),
	OPT("cover.logo.file", SK_IMAGE, cover.logo, body.size, "no logo",
	    "logo on the cover: an .svg or .png file, relative to the sheet"),
	OPT("cover.logo.x", SK_LENGTH, cover.logo_x, body.size, "the inner margin",
	    "left edge of the logo, from the left edge of the page"),
	KEY("cover.logo.y", SK_LENGTH, cover.logo_y, "15mm",
	    "top of the logo, from the top of the page"),
	KEY("cover.logo.width", SK_LENGTH, cover.logo_width, "40mm",
	    "width of the logo; its height follows"),
	FONT("cover.publisher", cover.publisher.font, SANS, "10pt", "bold", "normal", "14pt",
	     "#ffffff", "the publisher on the cover"),
	COVER_XY("cover.publisher", cover.publisher, "49mm", "publisher"),
	KEY("cover.tagline.text", SK_TEXT, cover.tagline.text, "",
	    "a line of the sheet on the cover (\"Stadt Olpe\"); \"\": none"),
	FONT("cover.tagline", cover.tagline.font, SANS, "10pt", "regular", "normal", "14pt",
	     "#ffffff", "the tagline"),
	COVER_XY("cover.tagline", cover.tagline, "43mm", "tagline"),
	FONT("cover.title", cover.title.font, SANS, "30pt", "bold", "normal", "36pt", INK,
	     "the title on the cover"),
	COVER_XY("cover.title", cover.title, "100mm", "title"),
	FONT("cover.subtitle", cover.subtitle.font, SANS, "15pt", "regular", "normal", "20pt",
	     PETROL, "the subtitle on the cover"),
	GKEY("cover.subtitle.space-above", SK_LENGTH, cover.subtitle.space_before,
	     cover.subtitle.font.size, "8pt", "space between title and subtitle"),
	FONT("cover.meta", cover.meta.font, SANS, "10pt", "regular", "normal", "14pt", GREY,
	     "authors, date, version and status on the cover"),
	COVER_XY("cover.meta", cover.meta, "247mm", "authors, date and version"),
	KEY("cover.meta.rule", SK_LENGTH, cover.meta_rule, "2pt",
	    "thickness of the short line above them; 0pt: none"),
	KEY("cover.meta.rule-width", SK_LENGTH, cover.meta_rule_width, "40pt",
	    "length of that line"),
	KEY("cover.meta.rule-gap", SK_LENGTH, cover.meta_rule_gap, "8pt",
	    "space between that line and the text under it"),
	KEY("cover.meta.rule-color", SK_COLOR, cover.meta_rule_color, PETROL,
	    "colour of that line"),

	KEY("draft.text", SK_TEXT, draft.text, "ENTWURF",
	    "watermark on every page of a document with status 'entwurf'; \"\": none"),
	FONT("draft", draft.font, SANS, "110pt", "bold", "normal", "120pt", "#e9eef0",
	     "the watermark"),
	{ "draft.angle", SK_ANGLE, O(draft.angle), EM, "55", NULL,
	  "angle of the watermark, degrees counter-clockwise", 0, 0 },
	{ 0 }
};

const stylekey *stylekey_find(const char *key)
{
	for (const stylekey *k = stylekeys; k->key; k++)
		if (strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

const char *stylekey_type_name(enum sk_type t)
{
	static const char *const names[] = {
		[SK_LENGTH] = "length", [SK_SIZE] = "size", [SK_COLOR] = "colour",
		[SK_FAMILY] = "font family", [SK_WEIGHT] = "weight", [SK_SLANT] = "style",
		[SK_FEATURES] = "features", [SK_BOOL] = "boolean", [SK_INT] = "number",
		[SK_ANGLE] = "angle", [SK_TEXT] = "text", [SK_TEMPLATE] = "template",
		[SK_NUMBERING] = "numbering", [SK_IMAGE] = "file", [SK_BULLETS] = "marks",
		[SK_PERCENT] = "percentage",
	};
	return names[t];
}

bool stylekey_is_list(enum sk_type t)
{
	return t == SK_FEATURES || t == SK_BULLETS;
}

/* The position of the character at byte off of an item's text. */
static srcpos item_pos(const sk_item *it, size_t off)
{
	srcpos p = it->pos;
	p.col += (it->quoted ? 1 : 0) + (int)utf8_chars(it->text, off);
	return p;
}

/* A plain decimal number: digits, at most one '.', an optional '-'. */
static size_t scan_number(const char *s, double *out)
{
	size_t i = s[0] == '-' ? 1 : 0, digits = 0;
	bool dot = false;
	for (; s[i]; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !dot)
			dot = true;
		else
			break;
	}
	if (digits == 0)
		return 0;
	*out = strtod(s, NULL);
	return i;
}

static bool parse_length(const stylekey *k, const sk_item *it, const sk_ctx *ctx,
			 double *out)
{
	const char *s = it->text;
	double v;
	size_t n = scan_number(s, &v);
	if (n == 0) {
		diag(DIAG_ERROR, it->pos,
		     "'%s' is not a length; write a number and a unit, e.g. 12pt or 25mm", s);
		return false;
	}
	const char *unit = s + n;
	static const struct { const char *name; double pt; } units[] = {
		{ "pt", 1 }, { "mm", 72 / 25.4 }, { "cm", 72 / 2.54 }, { "em", 0 },
	};
	double scale = -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(unit, units[i].name) == 0)
			scale = units[i].pt ? units[i].pt : ctx->em;
	if (*unit == '\0' && v == 0)
		scale = 1;
	if (scale < 0) {
		if (*unit == '\0')
			diag(DIAG_ERROR, it->pos, "length '%s' needs a unit: mm, pt, cm or em", s);
		else if (unit[0] == ',' && unit[1] >= '0' && unit[1] <= '9')
			diag(DIAG_ERROR, item_pos(it, n), "'%s' has a decimal comma; write a "
			     "point, as in %.*s.%s", s, (int)n, s, unit + 1);
		else
			diag(DIAG_ERROR, item_pos(it, n),
			     "unknown unit '%s' in '%s'; use mm, pt, cm or em", unit, s);
		return false;
	}
	if (strcmp(unit, "em") == 0 && k->em == k->off) {
		diag(DIAG_ERROR, item_pos(it, n),
		     "'em' is the size of the body text; give %s in pt or mm", k->key);
		return false;
	}
	if (v < 0) {
		diag(DIAG_ERROR, it->pos, "%s cannot be negative ('%s'); use 0 or more", k->key, s);
		return false;
	}
	*out = v * scale;
	return true;
}

static bool parse_word(const stylekey *k, const sk_item *it, const char *const *words,
		       int *out)
{
	for (int i = 0; words[i]; i++)
		if (strcmp(it->text, words[i]) == 0) {
			*out = i;
			return true;
		}
	const char *near = closest_word(it->text, words);
	if (k->type == SK_BOOL)
		diag(DIAG_ERROR, it->pos, "%s takes true or false, not '%s'", k->key, it->text);
	else if (near)
		diag(DIAG_ERROR, it->pos, "unknown %s '%s' (did you mean '%s'?)",
		     stylekey_type_name(k->type), it->text, near);
	else
		diag(DIAG_ERROR, it->pos, "unknown %s '%s'; use %s or %s",
		     stylekey_type_name(k->type), it->text, words[0], words[1]);
	return false;
}

static bool parse_int(const stylekey *k, const sk_item *it, int *out)
{
	double v;
	size_t n = scan_number(it->text, &v);
	if (n == 0 || it->text[n] || strchr(it->text, '.')) {
		diag(DIAG_ERROR, it->pos, "%s takes a whole number, not '%s'", k->key, it->text);
		return false;
	}
	if (v < k->min || v > k->max) {
		diag(DIAG_ERROR, it->pos, "%s must be between %d and %d, not %s", k->key, k->min,
		     k->max, it->text);
		return false;
	}
	*out = (int)v;
	return true;
}

static bool parse_angle(const stylekey *k, const sk_item *it, double *out)
{
	double v;
	size_t n = scan_number(it->text, &v);
	if (n == 0 || it->text[n] || v < -90 || v > 90) {
		diag(DIAG_ERROR, it->pos,
		     "%s takes an angle in degrees from -90 to 90, not '%s'", k->key, it->text);
		return false;
	}
	*out = v;
	return true;
}

/* "2%", "0.5%" or "0": a share of at most k->max percent. */
static bool parse_percent(const stylekey *k, const sk_item *it, double *out)
{
	double v;
	size_t n = scan_number(it->text, &v);
	bool zero = n && !it->text[n] && v == 0;
	if (n == 0 || (!zero && strcmp(it->text + n, "%") != 0) || v < 0 || v > k->max) {
		diag(DIAG_ERROR, it->pos, "%s takes a percentage from 0%% to %d%%, e.g. 2%%, "
		     "not '%s'", k->key, k->max, it->text);
		return false;
	}
	*out = v / 100;
	return true;
}

bool stylekey_hex(const char *s, rgb *out)
{
	if (s[0] != '#' || strlen(s) != 7)
		return false;
	unsigned v[3];
	for (int i = 0; i < 3; i++) {
		char hex[3] = { s[1 + 2 * i], s[2 + 2 * i], 0 };
		char *end;
		if (!strchr("0123456789abcdefABCDEF", hex[0]) ||
		    !strchr("0123456789abcdefABCDEF", hex[1]))
			return false;
		v[i] = (unsigned)strtoul(hex, &end, 16);
	}
	*out = (rgb){ v[0] / 255.0, v[1] / 255.0, v[2] / 255.0 };
	return true;
}

bool stylekey_is_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static bool parse_color(const sk_item *it, const sk_ctx *ctx, rgb *out)
{
	const char *s = it->text;
	if (s[0] == '#') {
		if (stylekey_hex(s, out))
			return true;
		diag(DIAG_ERROR, it->pos,
		     "'%s' is not a colour; write #rrggbb with six hex digits, or a palette name", s);
		return false;
	}
	if (!*s) {
		/* color: #005469 without quotes: YAML reads a comment */
		diag(DIAG_ERROR, it->pos, "the colour is empty; a '#' after a space starts a "
		     "YAML comment, so put a colour in quotes: \"#rrggbb\"");
		return false;
	}
	if (!stylekey_is_name(s)) {
		diag(DIAG_ERROR, it->pos, "'%s' is not a colour; write #rrggbb or a palette name",
		     s);
		return false;
	}
	if (!ctx->palette)
		return true;
	const char **names = xmalloc((ctx->n_palette + 1) * sizeof *names);
	for (size_t i = 0; i < ctx->n_palette; i++) {
		names[i] = ctx->palette[i].name;
		if (strcmp(s, names[i]) == 0) {
			*out = ctx->palette[i].color;
			free(names);
			return true;
		}
	}
	names[ctx->n_palette] = NULL;
	const char *near = closest_word(s, names);
	strbuf all = { 0 };
	for (size_t i = 0; i < ctx->n_palette; i++)
		sb_printf(&all, "%s%s", i ? ", " : "", names[i]);
	if (near)
		diag(DIAG_ERROR, it->pos, "unknown colour '%s' (did you mean '%s'?)", s, near);
	else if (ctx->n_palette)
		diag(DIAG_ERROR, it->pos,
		     "unknown colour '%s'; the palette has %s, or write #rrggbb", s, all.s);
	else
		diag(DIAG_ERROR, it->pos,
		     "unknown colour '%s'; the sheet has no palette, write #rrggbb", s);
	sb_free(&all);
	free(names);
	return false;
}

/* Checks the {fields} of a template. */
static bool parse_template(const sk_item *it)
{
	const char *s = it->text;
	bool ok = true;
	for (const char *p = s; *p; p++) {
		if (*p == '}') {
			diag(DIAG_ERROR, item_pos(it, (size_t)(p - s)),
			     "'}' without '{' in a template; fields are written {page}");
			return false;
		}
		if (*p != '{')
			continue;
		const char *end = strchr(p, '}');
		if (!end) {
			diag(DIAG_ERROR, item_pos(it, (size_t)(p - s)),
			     "'{' without '}' in a template; fields are written {page}");
			return false;
		}
		char name[64];
		size_t len = (size_t)(end - p - 1);
		snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), p + 1);
		bool known = false;
		for (int f = 0; f < SF_COUNT; f++)
			known |= strcmp(name, style_fields[f]) == 0;
		if (!known) {
			const char *near = closest_word(name, style_fields);
			strbuf all = { 0 };
			for (int f = 0; f < SF_COUNT; f++)
				sb_printf(&all, "%s{%s}", f ? ", " : "", style_fields[f]);
			if (near)
				diag(DIAG_ERROR, item_pos(it, (size_t)(p - s)),
				     "unknown field '{%s}' (did you mean '{%s}'?)", name, near);
			else
				diag(DIAG_ERROR, item_pos(it, (size_t)(p - s)),
				     "unknown field '{%s}'; the fields are %s", name, all.s);
			sb_free(&all);
			ok = false;
		}
		p = end;
	}
	return ok;
}

static bool parse_numbering(const stylekey *k, const sk_item *it)
{
	const char *s = it->text;
	for (const char *p = s; *p; p++) {
		if (*p != '{')
			continue;
		srcpos at = item_pos(it, (size_t)(p - s));
		const char *end = strchr(p, '}');
		if (!end) {
			diag(DIAG_ERROR, at, "'{' without '}' in a numbering; write e.g. {1}.{2}");
			return false;
		}
		bool ok = p[1] >= '1' && p[1] <= '0' + k->max &&
			  (p + 2 == end || (p[2] == ':' && p + 4 == end && strchr("1aAiI", p[3])));
		if (!ok) {
			diag(DIAG_ERROR, at,
			     "'%.*s' is not a number of this level; use {1} to {%d}, optionally "
			     "with :a, :A, :i or :I as in {1:I}",
			     (int)(end - p + 1), p, k->max);
			return false;
		}
		p = end;
	}
	return true;
}

static const char *sheet_dir(arena *a, const char *file)
{
	const char *slash = file ? strrchr(file, '/') : NULL;
	return slash ? arena_strndup(a, file, (size_t)(slash - file)) : NULL;
}

static bool parse_image(const sk_item *it, const sk_ctx *ctx, const char **out)
{
	const char *s = it->text;
	if (!*s) {
		*out = NULL;
		return true;
	}
	size_t n = strlen(s);
	if (n < 5 || (strcasecmp(s + n - 4, ".svg") != 0 && strcasecmp(s + n - 4, ".png") != 0)) {
		diag(DIAG_ERROR, it->pos, "logo '%s' must be an .svg or a .png file", s);
		return false;
	}
	const char *dir = s[0] == '/' ? NULL : sheet_dir(ctx->a, it->pos.file);
	const char *path = dir ? arena_printf(ctx->a, "%s/%s", dir, s) : arena_strdup(ctx->a, s);
	if (access(path, R_OK) != 0) {
		diag(DIAG_ERROR, it->pos, "cannot read logo '%s' (%s): %s", s, path,
		     strerror(errno));
		return false;
	}
	*out = path;
	return true;
}

const char *const stylekey_features[] = {
	"onum", "lnum", "tnum", "pnum", "liga", "dlig", "clig", "hlig", "calt", "kern",
	"smcp", "c2sc", "case", "zero", "frac", "sups", "subs", "sinf", "ordn", "salt",
	"ss01", "ss02", "ss03", "ss04", "ss05", "ss06", "ss07", "ss08", NULL
};

static bool parse_features(const sk_item *items, size_t n, const sk_ctx *ctx,
			   const char **out)
{
	strbuf css = { 0 };
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const char *tag = items[i].text;
		bool off = tag[0] == '-';
		tag += off;
		bool known = false;
		for (int f = 0; stylekey_features[f]; f++)
			known |= strcmp(tag, stylekey_features[f]) == 0;
		if (!known) {
			const char *near = closest_word(tag, stylekey_features);
			if (near)
				diag(DIAG_ERROR, items[i].pos,
				     "unknown OpenType feature '%s' (did you mean '%s'?)", tag, near);
			else
				diag(DIAG_ERROR, items[i].pos,
				     "unknown OpenType feature '%s'; see docs/styles.md for the "
				     "features satz knows", tag);
			ok = false;
			continue;
		}
		sb_printf(&css, "%s%s %d", css.len ? ", " : "", tag, off ? 0 : 1);
	}
	*out = ok && css.len ? arena_strdup(ctx->a, css.s) : NULL;
	sb_free(&css);
	return ok;
}

static bool parse_bullets(const stylekey *k, const sk_item *items, size_t n,
			  const sk_ctx *ctx, const char **out)
{
	if (n < 1 || n > 3) {
		diag(DIAG_ERROR, n ? items[3].pos : items[0].pos,
		     "%s takes one to three marks, not %zu", k->key, n);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if (!items[i].text[0]) {
			diag(DIAG_ERROR, items[i].pos, "a list mark cannot be empty");
			return false;
		}
	for (size_t i = 0; i < 3; i++)
		out[i] = arena_strdup(ctx->a, items[i % n].text);
	return true;
}

static const char *const weights[] = { "regular", "bold", NULL };
static const char *const slants[] = { "normal", "italic", NULL };
static const char *const bools[] = { "false", "true", NULL };

bool stylekey_parse(const stylekey *k, const sk_item *items, size_t n,
		    const sk_ctx *ctx, style *st)
{
	void *dst = (char *)st + k->off;
	const sk_item *it = &items[0];
	int w;
	switch (k->type) {
	case SK_LENGTH:
	case SK_SIZE:
		return parse_length(k, it, ctx, dst);
	case SK_COLOR:
		return parse_color(it, ctx, dst);
	case SK_FAMILY:
		if (!it->text[0]) {
			diag(DIAG_ERROR, it->pos, "%s needs a font family", k->key);
			return false;
		}
		*(const char **)dst = arena_strdup(ctx->a, it->text);
		return true;
	case SK_WEIGHT:
		if (!parse_word(k, it, weights, &w))
			return false;
		*(int *)dst = w ? 700 : 400;
		return true;
	case SK_SLANT:
	case SK_BOOL:
		if (!parse_word(k, it, k->type == SK_SLANT ? slants : bools, &w))
			return false;
		*(bool *)dst = w;
		return true;
	case SK_INT:
		return parse_int(k, it, dst);
	case SK_ANGLE:
		return parse_angle(k, it, dst);
	case SK_PERCENT:
		return parse_percent(k, it, dst);
	case SK_TEXT:
		*(const char **)dst = arena_strdup(ctx->a, it->text);
		return true;
	case SK_TEMPLATE:
		if (!parse_template(it))
			return false;
		*(const char **)dst = arena_strdup(ctx->a, it->text);
		return true;
	case SK_NUMBERING:
		if (!parse_numbering(k, it))
			return false;
		*(const char **)dst = arena_strdup(ctx->a, it->text);
		return true;
	case SK_IMAGE:
		return parse_image(it, ctx, dst);
	case SK_FEATURES:
		return parse_features(items, n, ctx, dst);
	case SK_BULLETS:
		return parse_bullets(k, items, n, ctx, dst);
	}
	return false;
}

void stylekey_unset(const stylekey *k, style *st)
{
	void *dst = (char *)st + k->off;
	if (k->type == SK_LENGTH || k->type == SK_SIZE || k->type == SK_ANGLE ||
	    k->type == SK_PERCENT)
		*(double *)dst = NAN;
	else if (k->type == SK_TEXT || k->type == SK_TEMPLATE || k->type == SK_IMAGE ||
		 k->type == SK_NUMBERING || k->type == SK_FAMILY || k->type == SK_FEATURES)
		*(const char **)dst = NULL;
}

void stylekey_markdown(strbuf *out)
{
	sb_adds(out, "| key | type | default | meaning |\n|---|---|---|---|\n");
	for (const stylekey *k = stylekeys; k->key; k++) {
		sb_printf(out, "| `%s` | %s | ", k->key, stylekey_type_name(k->type));
		if (!k->def)
			sb_printf(out, "unset: %s", k->unset);
		else if (stylekey_is_list(k->type))
			sb_printf(out, "`[%s]`", k->def);
		else if (!*k->def)
			sb_adds(out, "`\"\"`");
		else
			sb_printf(out, "`%s`", k->def);
		sb_printf(out, " | %s |\n", k->doc);
	}
}
