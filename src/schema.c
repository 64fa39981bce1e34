/* schema: JSON Schemas of sources and style sheets from the key tables.
 *
 * Every YAML scalar is text to satz, so a value that YAML reads as a
 * number or a boolean is taken wherever satz takes its text ("1.0" and
 * 1.0, "true" and true).  The nesting limits of the format (sections 4
 * levels, lists 3) are written out level by level.  docs/schemas.md says
 * what a schema cannot check. */
#include "schema.h"
#include "data.h"
#include "doc.h"
#include "sheet.h"
#include "srckey.h"
#include "style.h"
#include "stylekey.h"

#include <stdlib.h>
#include <string.h>

#define DRAFT "http://json-schema.org/draft-07/schema#"

/* ---- writing JSON ------------------------------------------------------ */

typedef struct {
	strbuf *b;
	arena *a;             /* for the texts made on the way */
	int depth;
	bool first[64];       /* nothing written yet at this depth */
} jw;

static void j_string(strbuf *b, const char *s)
{
	sb_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sb_printf(b, "\\%c", c);
		else if (c == '\n')
			sb_adds(b, "\\n");
		else if (c < 0x20)
			sb_printf(b, "\\u%04x", c);
		else
			sb_addc(b, (char)c);
	}
	sb_addc(b, '"');
}

/* Starts a member (key != NULL) or an element of the open container. */
static void j_item(jw *w, const char *key)
{
	if (w->depth > 0) {
		sb_adds(w->b, w->first[w->depth] ? "\n" : ",\n");
		w->first[w->depth] = false;
		for (int i = 0; i < w->depth; i++)
			sb_adds(w->b, "  ");
	}
	if (key) {
		j_string(w->b, key);
		sb_adds(w->b, ": ");
	}
}

static void j_open(jw *w, const char *key, char c)
{
	j_item(w, key);
	sb_addc(w->b, c);
	w->first[++w->depth] = true;
}

static void j_close(jw *w, char c)
{
	bool empty = w->first[w->depth--];
	if (!empty) {
		sb_addc(w->b, '\n');
		for (int i = 0; i < w->depth; i++)
			sb_adds(w->b, "  ");
	}
	sb_addc(w->b, c);
}

static void j_str(jw *w, const char *key, const char *v)
{
	j_item(w, key);
	j_string(w->b, v);
}

/* A number, true, false or another piece of JSON written as it is. */
static void j_raw(jw *w, const char *key, const char *raw)
{
	j_item(w, key);
	sb_adds(w->b, raw);
}

static void j_int(jw *w, const char *key, int v)
{
	j_item(w, key);
	sb_printf(w->b, "%d", v);
}

/* ["a", "b"] on one line. */
static void j_strs(jw *w, const char *key, const char *const *v)
{
	j_item(w, key);
	sb_addc(w->b, '[');
	for (size_t i = 0; v[i]; i++) {
		sb_adds(w->b, i ? ", " : "");
		j_string(w->b, v[i]);
	}
	sb_addc(w->b, ']');
}

static void j_ref(jw *w, const char *key, const char *def)
{
	j_open(w, key, '{');
	j_str(w, "$ref", def);
	j_close(w, '}');
}

/* ---- value patterns ---------------------------------------------------- */

/* A decimal number as satz's parsers read it (no sign, no exponent). */
#define NUM "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)"
/* The same, at most 10000 and at most 100. */
#define NUM_10000 "0*(?:[0-9]{1,4}(?:\\.[0-9]*)?|10000(?:\\.0*)?|\\.[0-9]+)"
#define NUM_100 "0*(?:[0-9]{1,2}(?:\\.[0-9]*)?|100(?:\\.0*)?|\\.[0-9]+)"

/* The types YAML gives a scalar that satz reads as text. */
#define SCALAR "\"string\", \"number\", \"boolean\""

static const char *const bool_words[] = { "true", "false", "yes", "no", NULL };

typedef struct {
	arena *a;
	const char **styles, **municipalities, **fields, **topics;
} src_ctx;

/* A text: not empty, never null. */
static void text_body(jw *w)
{
	j_raw(w, "type", "[" SCALAR "]");
	j_int(w, "minLength", 1);
}

static void text_schema(jw *w, const char *key)
{
	j_open(w, key, '{');
	text_body(w);
	j_close(w, '}');
}

/* 1 to max as a whole number or as its digits ("08" is 8 to satz). */
static void number_body(jw *w, int min, int max)
{
	int digits = 0;
	for (int m = max; m > 0; m /= 10)
		digits++;
	j_open(w, "anyOf", '[');
	j_open(w, NULL, '{');
	j_str(w, "type", "integer");
	j_int(w, "minimum", min);
	j_int(w, "maximum", max);
	j_close(w, '}');
	j_open(w, NULL, '{');
	j_str(w, "type", "string");
	/* the tables have min 1 and max 9, 99, 999 ... */
	j_str(w, "pattern", arena_printf(w->a, "^0*[1-9][0-9]{0,%d}$", digits - 1));
	j_close(w, '}');
	j_close(w, ']');
}

static const char *length_pattern(bool fr)
{
	return fr ? "^(?:auto|(?![0.]*(?:mm|cm|pt|%|fr)$)(?:" NUM_10000 "(?:mm|cm|pt|fr)|"
		    NUM_100 "%))$"
		  : "^(?:auto|(?![0.]*(?:mm|cm|pt|%)$)(?:" NUM_10000 "(?:mm|cm|pt)|" NUM_100 "%))$";
}

static void enum_body(jw *w, const char *const *values)
{
	j_strs(w, "enum", values);
}

/* The list formats: "1." is a number to YAML, so 1 is one too. */
static void list_formats(jw *w)
{
	strbuf b = { 0 };
	sb_addc(&b, '[');
	for (const char *c = srckey_list_numbers; *c; c++)
		for (const char *s = srckey_list_suffixes; *s; s++)
			sb_printf(&b, "\"%c%c\", ", *c, *s);
	sb_adds(&b, "1]");
	j_raw(w, "enum", arena_strdup(w->a, b.s));
	sb_free(&b);
}

static void description(jw *w, const char *doc, const char *def)
{
	if (def)
		j_str(w, "description", arena_printf(w->a, "%s. Default: %s.", doc, def));
	else
		j_str(w, "description", arena_printf(w->a, "%s.", doc));
}

/* ---- the source schema ------------------------------------------------- */

typedef struct {
	int level;       /* section level of the blocks of a body */
	int depth;       /* list depth of items */
	const char *kind;  /* the block kind of the mapping */
} where;

static void map_schema(jw *w, const src_ctx *c, const char *key, const srcmap *m, where at);

#define def_name(fmt, n) arena_printf(w->a, fmt, n)

/* The schema of one value, without its description. */
static void value_body(jw *w, const src_ctx *c, const srckey *k, where at)
{
	switch (k->type) {
	case SV_TEXT:
	case SV_PLAIN:
		text_body(w);
		return;
	case SV_TITLE:
		j_raw(w, "type", "[" SCALAR ", \"null\"]");
		return;
	case SV_TEXTS:
		j_open(w, "anyOf", '[');
		text_schema(w, NULL);
		j_open(w, NULL, '{');
		j_str(w, "type", "array");
		text_schema(w, "items");
		j_close(w, '}');
		j_close(w, ']');
		return;
	case SV_CHOICE:
		enum_body(w, k->values);
		return;
	case SV_CHOICES:
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		enum_body(w, k->values);
		j_close(w, '}');
		j_open(w, NULL, '{');
		j_str(w, "type", "array");
		j_open(w, "items", '{');
		enum_body(w, k->values);
		j_close(w, '}');
		j_close(w, '}');
		j_close(w, ']');
		return;
	case SV_DATE:
		j_str(w, "type", "string");
		j_str(w, "pattern", "^(?:19[0-9]{2}|[2-9][0-9]{3})-(?:0[1-9]|1[0-2])-"
		      "(?:0[1-9]|[12][0-9]|3[01])$");
		j_str(w, "format", "date");
		return;
	case SV_LANGUAGE:
		j_str(w, "type", "string");
		j_str(w, "pattern", "^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$");
		j_int(w, "maxLength", 35);
		return;
	case SV_ID:
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", "^[a-z0-9-]+$");
		j_close(w, '}');
		j_open(w, NULL, '{');
		j_str(w, "type", "integer");
		j_int(w, "minimum", 0);
		j_close(w, '}');
		j_close(w, ']');
		return;
	case SV_STYLE:
		enum_body(w, c->styles);
		return;
	case SV_MUNICIPALITY:
		enum_body(w, c->municipalities);
		return;
	case SV_FIELD:
		enum_body(w, c->fields);
		return;
	case SV_TOPIC:
		enum_body(w, c->topics);
		return;
	case SV_NUMBER:
		number_body(w, k->min, k->max);
		return;
	case SV_BOOL:
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "boolean");
		j_close(w, '}');
		j_open(w, NULL, '{');
		enum_body(w, bool_words);
		j_close(w, '}');
		j_close(w, ']');
		return;
	case SV_LENGTH:
	case SV_WIDTH:
		j_str(w, "type", "string");
		j_str(w, "pattern", length_pattern(k->type == SV_WIDTH));
		return;
	case SV_LIST_FORMAT:
		list_formats(w);
		return;
	case SV_PICTURE:
		j_str(w, "type", "string");
		j_str(w, "pattern", "^(?!/).+\\.(?:[pP][nN][gG]|[jJ][pP][eE]?[gG]|[sS][vV][gG])$");
		return;
	case SV_INCLUDE:
		j_str(w, "type", "string");
		j_str(w, "pattern", "^(?!/)[^#]+#.+$");
		return;
	case SV_FOLDER:
		j_raw(w, "type", "[\"string\", \"number\"]");
		j_str(w, "pattern", "^[^/]");
		return;
	case SV_BLOCKS:
		j_str(w, "$ref", def_name("#/definitions/blocks-%d", at.level));
		return;
	case SV_ITEMS:
		j_str(w, "$ref", def_name("#/definitions/items-%d", at.depth));
		return;
	case SV_CHECK_ITEMS:
		j_str(w, "$ref", "#/definitions/checklist-items");
		return;
	case SV_PARAS:
		j_open(w, "anyOf", '[');
		text_schema(w, NULL);
		j_open(w, NULL, '{');
		j_str(w, "type", "array");
		j_int(w, "minItems", 1);
		j_int(w, "maxItems", k->max);
		text_schema(w, "items");
		j_close(w, '}');
		j_close(w, ']');
		return;
	case SV_MAPS:
		j_str(w, "type", "array");
		j_int(w, "minItems", 1);
		j_ref(w, "items", arena_printf(w->a, "#/definitions/%s", k->map->id));
		return;
	case SV_COLUMNS:
		j_str(w, "type", "array");
		j_int(w, "minItems", 1);
		j_int(w, "maxItems", k->max);
		j_open(w, "items", '{');
		j_open(w, "anyOf", '[');
		text_schema(w, NULL);
		j_ref(w, NULL, "#/definitions/column");
		j_close(w, ']');
		j_close(w, '}');
		return;
	case SV_ROWS:
		j_str(w, "type", "array");
		j_int(w, "minItems", 1);
		j_open(w, "items", '{');
		j_str(w, "type", "array");
		j_ref(w, "items", "#/definitions/cell");
		j_close(w, '}');
		return;
	}
}

/* A JSON default for what leaving the key out means, where that is a value. */
static void default_value(jw *w, const srckey *k)
{
	if (!k->def)
		return;
	if (k->type == SV_BOOL)
		j_raw(w, "default", strcmp(k->def, "true") == 0 ? "true" : "false");
	else if (k->type == SV_NUMBER)
		j_raw(w, "default", k->def);
	else if (k->type == SV_CHOICE || k->type == SV_STYLE || k->type == SV_LANGUAGE ||
		 k->type == SV_LIST_FORMAT || k->type == SV_WIDTH || k->type == SV_FOLDER)
		j_str(w, "default", k->def);
}

static void value_schema(jw *w, const src_ctx *c, const srckey *k, where at)
{
	j_open(w, k->key, '{');
	description(w, k->doc, k->def);
	bool ref = k->type == SV_BLOCKS || k->type == SV_ITEMS || k->type == SV_CHECK_ITEMS;
	if (ref) {
		/* keywords beside a $ref are ignored in draft-07 */
		j_open(w, "allOf", '[');
		j_open(w, NULL, '{');
		value_body(w, c, k, at);
		j_close(w, '}');
		j_close(w, ']');
	} else {
		default_value(w, k);
		value_body(w, c, k, at);
	}
	j_close(w, '}');
}

/* Whether key k belongs in the mapping of block kind `kind`. */
static bool key_in(const srckey *k, where at)
{
	if ((k->flags & SK_KIND) && at.kind && strcmp(k->key, at.kind) != 0)
		return false;
	if (k->only && (!at.kind || strcmp(k->only, at.kind) != 0))
		return false;
	/* no nested list below the deepest level */
	if (k->type == SV_ITEMS && at.depth >= SRC_MAX_LIST_DEPTH)
		return false;
	return true;
}

static void map_schema(jw *w, const src_ctx *c, const char *key, const srcmap *m, where at)
{
	j_open(w, key, '{');
	j_str(w, "description", arena_printf(w->a, "%s%s.", at.kind && m->keys[0].flags & SK_KIND
					     ? arena_printf(w->a, "%s: ", at.kind) : "", m->doc));
	j_str(w, "type", "object");
	j_open(w, "properties", '{');
	for (const srckey *k = m->keys; k->key; k++)
		if (key_in(k, at))
			value_schema(w, c, k, at);
	j_close(w, '}');
	j_open(w, "required", '[');
	for (const srckey *k = m->keys; k->key; k++)
		if (key_in(k, at) && (k->flags & (SK_REQUIRED | SK_KIND)))
			j_str(w, NULL, k->key);
	j_close(w, ']');
	j_raw(w, "additionalProperties", "false");
	j_close(w, '}');
}

/* The alternatives of a block in a body of section level `level`. */
static void block_defs(jw *w, const src_ctx *c, int level)
{
	j_open(w, def_name("blocks-%d", level), '{');
	j_str(w, "description", level ? "The blocks of the section." : "The blocks of the text.");
	j_str(w, "type", "array");
	j_ref(w, "items", def_name("#/definitions/block-%d", level));
	j_close(w, '}');

	j_open(w, def_name("block-%d", level), '{');
	j_str(w, "description", "A paragraph (a text) or a mapping whose first key names "
	      "the block.");
	j_open(w, "anyOf", '[');
	text_schema(w, NULL);
	for (const srcblock *b = srcblocks; b->key; b++) {
		if (strcmp(b->key, "section") == 0 && level >= DOC_MAX_SECTION_LEVEL)
			continue;
		const char *name = strcmp(b->key, "section") == 0 ?
			def_name("section-%d", level + 1) :
			strcmp(b->key, "box") == 0 ? def_name("box-%d", level) :
			arena_printf(w->a, "block-%s", b->key);
		j_ref(w, NULL, arena_printf(w->a, "#/definitions/%s", name));
	}
	j_close(w, ']');
	j_close(w, '}');

	if (level < DOC_MAX_SECTION_LEVEL)
		map_schema(w, c, def_name("section-%d", level + 1), &srcmap_section,
			   (where){ level + 1, 0, "section" });
	map_schema(w, c, def_name("box-%d", level), &srcmap_box,
		   (where){ level, 0, "box" });
}

static void item_defs(jw *w, const src_ctx *c, int depth)
{
	j_open(w, def_name("items-%d", depth), '{');
	j_str(w, "type", "array");
	j_int(w, "minItems", 1);
	j_open(w, "items", '{');
	j_open(w, "anyOf", '[');
	text_schema(w, NULL);
	j_ref(w, NULL, def_name("#/definitions/item-%d", depth));
	j_close(w, ']');
	j_close(w, '}');
	j_close(w, '}');
	map_schema(w, c, def_name("item-%d", depth), &srcmap_item,
		   (where){ 0, depth + 1, "list" });
}

static bool source_schema(const src_ctx *c, strbuf *out)
{
	jw w = { .b = out, .a = c->a };
	j_open(&w, NULL, '{');
	j_str(&w, "$schema", DRAFT);
	j_str(&w, "title", "satz source (format v1)");
	j_str(&w, "description", "A document of the project office, typeset by satz "
	      "(docs/source-format.md, docs/shared-data.md). Generated by "
	      "'satz schema source'; do not edit.");
	j_str(&w, "type", "object");
	j_open(&w, "properties", '{');
	for (const srckey *k = srcmap_document.keys; k->key; k++)
		value_schema(&w, c, k, (where){ 0, 0, NULL });
	j_close(&w, '}');
	j_open(&w, "required", '[');
	for (const srckey *k = srcmap_document.keys; k->key; k++)
		if (k->flags & SK_REQUIRED)
			j_str(&w, NULL, k->key);
	j_close(&w, ']');
	j_raw(&w, "additionalProperties", "false");

	j_open(&w, "definitions", '{');
	for (int level = 0; level <= DOC_MAX_SECTION_LEVEL; level++)
		block_defs(&w, c, level);
	for (const srcblock *b = srcblocks; b->key; b++)
		if (strcmp(b->key, "section") != 0 && strcmp(b->key, "box") != 0)
			map_schema(&w, c, arena_printf(w.a, "block-%s", b->key), b->map,
				   (where){ 0, 0, b->key });
	for (int depth = 0; depth < SRC_MAX_LIST_DEPTH; depth++)
		item_defs(&w, c, depth);

	/* checklist items: "[x] text", "[ ] text", or a mapping with done */
	j_open(&w, "checklist-items", '{');
	j_str(&w, "type", "array");
	j_int(&w, "minItems", 1);
	j_open(&w, "items", '{');
	j_open(&w, "anyOf", '[');
	j_open(&w, NULL, '{');
	text_body(&w);
	j_str(&w, "pattern", "^(?:\\[[xX ]\\] [\\s\\S]|(?!\\[[^\\]]{0,4}\\](?!\\()))");
	j_close(&w, '}');
	j_ref(&w, NULL, "#/definitions/checklist-item");
	j_close(&w, ']');
	j_close(&w, '}');
	j_close(&w, '}');
	map_schema(&w, c, "checklist-item", &srcmap_item, (where){ 0, 1, "checklist" });

	map_schema(&w, c, "definition", &srcmap_definition, (where){ 0, 0, NULL });
	map_schema(&w, c, "column", &srcmap_column, (where){ 0, 0, NULL });
	map_schema(&w, c, "project", &srcmap_project, (where){ 0, 0, NULL });
	j_open(&w, "cell", '{');
	j_str(&w, "description", "A cell: a text, or a list of paragraphs.");
	j_open(&w, "anyOf", '[');
	j_open(&w, NULL, '{');
	j_raw(&w, "type", "[" SCALAR ", \"null\"]");
	j_close(&w, '}');
	j_open(&w, NULL, '{');
	j_str(&w, "type", "array");
	j_int(&w, "minItems", 1);
	j_int(&w, "maxItems", SRC_MAX_CELL_PARAS);
	text_schema(&w, "items");
	j_close(&w, '}');
	j_close(&w, ']');
	j_close(&w, '}');
	j_close(&w, '}');
	j_close(&w, '}');
	sb_addc(out, '\n');
	return true;
}

/* The ids of one kind of shared data, NULL-ended. */
#define IDS(arr, n) do {                                                    \
		ids = arena_alloc(a, (s->n + 1) * sizeof *ids);             \
		for (size_t i = 0; i < s->n; i++)                           \
			ids[i] = s->arr[i].id;                              \
		ids[s->n] = NULL;                                           \
	} while (0)

bool schema_source(const char *sources, const char *const *style_dirs, strbuf *out)
{
	arena *a = arena_new();
	document *d = arena_alloc(a, sizeof *d);
	d->a = a;
	d->path = arena_printf(a, "%s%sschema.yaml", sources,
			       *sources && sources[strlen(sources) - 1] != '/' ? "/" : "");
	shared_data *s = data_of(d, (srcpos){ d->path, 0, 0 });
	if (!s) {
		arena_free(a);
		return false;
	}
	src_ctx c = { .a = a };
	size_t n;
	c.styles = sheet_names(a, style_dirs, &n);
	const char **ids;
	IDS(municipalities, n_municipalities);
	c.municipalities = ids;
	IDS(fields, n_fields);
	c.fields = ids;
	IDS(topics, n_topics);
	c.topics = ids;
	bool ok = source_schema(&c, out);
	arena_free(a);
	return ok;
}

/* ---- the style schema -------------------------------------------------- */

/* Whole numbers from min to max as text, for SK_INT. */
static const char *int_pattern(arena *a, int min, int max)
{
	strbuf b = { 0 };
	sb_adds(&b, "^0*(?:");
	for (int v = min; v <= max; v++)
		sb_printf(&b, "%s%d", v > min ? "|" : "", v);
	sb_adds(&b, ")$");
	const char *p = arena_strdup(a, b.s);
	sb_free(&b);
	return p;
}

/* A pattern that matches name in any case, as fonts are looked up. */
static const char *any_case(arena *a, const char *const *names)
{
	strbuf b = { 0 };
	sb_adds(&b, "^(?:");
	for (size_t i = 0; names[i]; i++) {
		sb_adds(&b, i ? "|" : "");
		for (const char *p = names[i]; *p; p++) {
			char lo = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			char up = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
			if (lo != up)
				sb_printf(&b, "[%c%c]", up, lo);
			else if (strchr("\\^$.|?*+()[]{}", *p))
				sb_printf(&b, "\\%c", *p);
			else
				sb_addc(&b, *p);
		}
	}
	sb_adds(&b, ")$");
	const char *p = arena_strdup(a, b.s);
	sb_free(&b);
	return p;
}

static const char *const weights[] = { "regular", "bold", NULL };
static const char *const slants[] = { "normal", "italic", NULL };
static const char *const true_false[] = { "true", "false", NULL };

typedef struct {
	arena *a;
	const char **styles, **families;
} style_ctx;

static void style_leaf(jw *w, const style_ctx *c, const stylekey *k, const char *name)
{
	j_open(w, name, '{');
	const char *def = !k->def ? arena_printf(w->a, "unset: %s", k->unset) :
			  stylekey_is_list(k->type) ? arena_printf(w->a, "[%s]", k->def) :
			  !*k->def ? "\"\"" : k->def;
	j_str(w, "description", arena_printf(w->a, "%s (%s). Default: %s.", k->doc,
					       stylekey_type_name(k->type), def));
	switch (k->type) {
	case SK_LENGTH:
	case SK_SIZE: {
		/* 'em' is the body size, so body.size itself cannot use it */
		const char *units = k->em == k->off ? "pt|mm|cm" : "pt|mm|cm|em";
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", arena_printf(w->a, "^(?:" NUM "(?:%s)|0*\\.?0*)$", units));
		j_close(w, '}');
		j_open(w, NULL, '{');
		j_int(w, "const", 0);
		j_close(w, '}');
		j_close(w, ']');
		break;
	}
	case SK_COLOR:
		j_str(w, "type", "string");
		j_str(w, "pattern", "^(?:#[0-9a-fA-F]{6}|[a-z][a-z0-9-]*)$");
		break;
	case SK_FAMILY:
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		enum_body(w, c->families);
		j_close(w, '}');
		j_open(w, NULL, '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", any_case(w->a, c->families));
		j_close(w, '}');
		j_close(w, ']');
		break;
	case SK_WEIGHT:
		enum_body(w, weights);
		break;
	case SK_SLANT:
		enum_body(w, slants);
		break;
	case SK_BOOL:
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "boolean");
		j_close(w, '}');
		j_open(w, NULL, '{');
		enum_body(w, true_false);
		j_close(w, '}');
		j_close(w, ']');
		break;
	case SK_INT:
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "integer");
		j_int(w, "minimum", k->min);
		j_int(w, "maximum", k->max);
		j_close(w, '}');
		j_open(w, NULL, '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", int_pattern(w->a, k->min, k->max));
		j_close(w, '}');
		j_close(w, ']');
		break;
	case SK_ANGLE:
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "number");
		j_int(w, "minimum", -90);
		j_int(w, "maximum", 90);
		j_close(w, '}');
		j_open(w, NULL, '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", "^-?0*(?:[0-8]?[0-9](?:\\.[0-9]*)?|90(?:\\.0*)?|\\.[0-9]+)$");
		j_close(w, '}');
		j_close(w, ']');
		break;
	case SK_PERCENT:
		/* 0, or a share with '%' up to k->max (a one-digit maximum) */
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "number");
		j_int(w, "minimum", 0);
		j_int(w, "maximum", 0);
		j_close(w, '}');
		j_open(w, NULL, '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", arena_printf(w->a, "^(?:0(?:\\.0*)?|(?:[0-%d](?:\\.[0-9]*)?|%d(?:\\.0*)?)%%)$",
						  k->max - 1, k->max));
		j_close(w, '}');
		j_close(w, ']');
		break;
	case SK_TEXT:
		j_raw(w, "type", "[" SCALAR ", \"null\"]");
		break;
	case SK_TEMPLATE: {
		strbuf b = { 0 };
		sb_adds(&b, "^(?:[^{}]|\\{(?:");
		for (int f = 0; f < SF_COUNT; f++)
			sb_printf(&b, "%s%s", f ? "|" : "", style_fields[f]);
		sb_adds(&b, ")\\})*$");
		j_raw(w, "type", "[" SCALAR ", \"null\"]");
		j_str(w, "pattern", arena_strdup(w->a, b.s));
		sb_free(&b);
		break;
	}
	case SK_NUMBERING:
		j_raw(w, "type", "[" SCALAR ", \"null\"]");
		j_str(w, "pattern", arena_printf(w->a, "^(?:[^{]|\\{[1-%d](?::[1aAiI])?\\})*$",
						  k->max));
		break;
	case SK_IMAGE:
		j_raw(w, "type", "[\"string\", \"null\"]");
		j_str(w, "pattern", "^(?:|.+\\.(?:[sS][vV][gG]|[pP][nN][gG]))$");
		break;
	case SK_FEATURES: {
		strbuf b = { 0 };
		sb_adds(&b, "^-?(?:");
		for (size_t i = 0; stylekey_features[i]; i++)
			sb_printf(&b, "%s%s", i ? "|" : "", stylekey_features[i]);
		sb_adds(&b, ")$");
		const char *tag = arena_strdup(w->a, b.s);
		sb_free(&b);
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "array");
		j_open(w, "items", '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", tag);
		j_close(w, '}');
		j_close(w, '}');
		j_open(w, NULL, '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", tag);
		j_close(w, '}');
		j_close(w, ']');
		break;
	}
	case SK_BULLETS:
		j_open(w, "anyOf", '[');
		j_open(w, NULL, '{');
		j_str(w, "type", "array");
		j_int(w, "minItems", 1);
		j_int(w, "maxItems", 3);
		text_schema(w, "items");
		j_close(w, '}');
		text_schema(w, NULL);
		j_close(w, ']');
		break;
	}
	j_close(w, '}');
}

/* The keys below prefix ("" for the top), as nested mappings. */
static void style_group(jw *w, const style_ctx *c, const char *prefix)
{
	size_t plen = strlen(prefix);
	const char **seen = arena_alloc(w->a, 512 * sizeof *seen);
	size_t n_seen = 0;
	j_open(w, "properties", '{');
	if (!plen) {
		j_open(w, "extends", '{');
		j_str(w, "description", "The sheet this one builds on: styles/NAME.yaml.");
		enum_body(w, c->styles);
		j_close(w, '}');
		j_open(w, "palette", '{');
		j_str(w, "description", "Colours by name (a-z, digits, '-'), each #rrggbb; "
		      "any colour key may name one.");
		j_str(w, "type", "object");
		j_open(w, "propertyNames", '{');
		j_str(w, "pattern", "^[a-z][a-z0-9-]*$");
		j_close(w, '}');
		j_open(w, "additionalProperties", '{');
		j_str(w, "type", "string");
		j_str(w, "pattern", "^#[0-9a-fA-F]{6}$");
		j_close(w, '}');
		j_close(w, '}');
	}
	for (const stylekey *k = stylekeys; k->key; k++) {
		if (plen && (strncmp(k->key, prefix, plen) != 0 || k->key[plen] != '.'))
			continue;
		const char *rest = k->key + plen + (plen ? 1 : 0);
		const char *dot = strchr(rest, '.');
		if (!dot) {
			style_leaf(w, c, k, rest);
			continue;
		}
		const char *seg = arena_strndup(w->a, rest, (size_t)(dot - rest));
		bool done = false;
		for (size_t i = 0; i < n_seen; i++)
			done |= strcmp(seen[i], seg) == 0;
		if (done || n_seen == 512)
			continue;
		seen[n_seen++] = seg;
		j_open(w, seg, '{');
		j_str(w, "type", "object");
		style_group(w, c, plen ? arena_printf(w->a, "%s.%s", prefix, seg) : seg);
		j_close(w, '}');
	}
	j_close(w, '}');
	/* satz also reads a key written with dots ("margin.top: 27mm"); the
	 * schema lets such keys through unchecked */
	j_open(w, "patternProperties", '{');
	j_open(w, "^[a-z0-9-]+(?:\\.[a-z0-9-]+)+$", '{');
	j_close(w, '}');
	j_close(w, '}');
	j_raw(w, "additionalProperties", "false");
}

bool schema_style(const char *const *style_dirs, strbuf *out)
{
	arena *a = arena_new();
	size_t n;
	style_ctx c = { a, sheet_names(a, style_dirs, &n), sheet_families(a, &n) };
	jw w = { .b = out, .a = a };
	j_open(&w, NULL, '{');
	j_str(&w, "$schema", DRAFT);
	j_str(&w, "title", "satz style sheet");
	j_str(&w, "description", "A style sheet styles/NAME.yaml: every font, size, colour "
	      "and distance of a PDF (docs/styles.md). Generated by 'satz schema style'; "
	      "do not edit.");
	j_str(&w, "type", "object");
	style_group(&w, &c, "");
	j_close(&w, '}');
	sb_addc(out, '\n');
	arena_free(a);
	return true;
}

/* ---- the key reference of docs/source-format.md ------------------------ */

static void value_doc(strbuf *b, const srckey *k)
{
	switch (k->type) {
	case SV_CHOICE:
	case SV_CHOICES:
		sb_printf(b, "%s ", srckey_type_doc(k));
		for (size_t i = 0; k->values[i]; i++)
			sb_printf(b, "%s`%s`", i ? ", " : "", k->values[i]);
		return;
	case SV_NUMBER:
		sb_printf(b, "whole number, %d to %d", k->min, k->max);
		return;
	case SV_PARAS:
		sb_printf(b, "a text or a list of 1 to %d paragraphs", k->max);
		return;
	case SV_COLUMNS:
		sb_printf(b, "list of 1 to %d columns (`column`)", k->max);
		return;
	case SV_MAPS:
		sb_printf(b, "list of `%s`", k->map->id);
		return;
	case SV_ITEMS:
		sb_adds(b, "list of items: texts, or `item` mappings");
		return;
	case SV_CHECK_ITEMS:
		sb_adds(b, "list of items: `\"[x] text\"`, `\"[ ] text\"`, or `item` "
		       "mappings with `done`");
		return;
	case SV_LIST_FORMAT:
		sb_adds(b, "list format:");
		for (const char *c = srckey_list_numbers; *c; c++)
			for (const char *s = srckey_list_suffixes; *s; s++)
				sb_printf(b, " `%c%c`", *c, *s);
		return;
	default:
		sb_adds(b, srckey_type_doc(k));
	}
}

void schema_source_markdown(strbuf *out)
{
	for (const srcmap *const *m = srcmaps; *m; m++) {
		sb_printf(out, "%s**`%s`**: %s.\n\n", m == srcmaps ? "" : "\n", (*m)->id,
			  (*m)->doc);
		sb_adds(out, "| key | value | required | meaning |\n|---|---|---|---|\n");
		for (const srckey *k = (*m)->keys; k->key; k++) {
			sb_printf(out, "| `%s` | ", k->key);
			value_doc(out, k);
			sb_printf(out, " | %s | %s", k->flags & SK_KIND ? "first key" :
				  k->flags & SK_REQUIRED ? "yes" : "no", k->doc);
			if (k->only)
				sb_printf(out, "; `%s` only", k->only);
			if (k->def)
				sb_printf(out, " (default: %s)", k->def);
			sb_adds(out, " |\n");
		}
	}
}
