/* parse: source format v1 (docs/source-format.md) into the document model. */
#define _XOPEN_SOURCE 700   /* realpath */
#include "parse.h"
#include "data.h"
#include "srckey.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef doc_named named;

typedef struct {
	arena *a;
	document *d;
	bool ok;
	/* ids seen, for duplicates and reference checks */
	const block **sections;
	size_t n_sections, cap_sections;
	named *ids;
	size_t n_ids, cap_ids;
	int counters[DOC_MAX_SECTION_LEVEL + 1];
	int auto_ids;
} loader;

/* The allowed values of a key (src/srckey.c). */
static const char *const *values_of(const srcmap *m, const char *key)
{
	return srcmap_find(m, key)->values;
}

/* Whether the key of m applies to the block kind named kind. */
static bool applies(const srcmap *m, const char *key, const char *kind)
{
	const char *only = srcmap_find(m, key)->only;
	return !only || strcmp(only, kind) == 0;
}

static void fail(loader *L, srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(loader *L, srcpos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
	L->ok = false;
}

static void unknown_key(loader *L, const ynode *key, const srcmap *m)
{
	const char *where = m->name;
	const char **known = srcmap_names(m);
	const char *hint = closest_word(key->value, known);
	if (hint)
		fail(L, key->pos, "unknown key '%s' in %s (did you mean '%s'?)",
		     key->value, where, hint);
	else {
		strbuf list = { 0 };
		for (const char *const *k = known; *k; k++)
			sb_printf(&list, "%s%s", k == known ? "" : ", ", *k);
		fail(L, key->pos, "unknown key '%s' in %s; known keys: %s",
		     key->value, where, list.s);
		sb_free(&list);
	}
	free(known);
}

static bool check_keys(loader *L, const ynode *map, const srcmap *m)
{
	bool ok = true;
	for (size_t i = 0; i < map->n; i++) {
		const ynode *k = ymap_key(map, i);
		if (!srcmap_find(m, k->value)) {
			unknown_key(L, k, m);
			ok = false;
		}
	}
	return ok;
}

/* A placeholder "TODO" (as a word, in capitals) left in a text, as `satz
 * new` writes them: a warning at the word until it is replaced. */
static void todo(const ynode *n, const char *what)
{
	for (const char *p = n->value; (p = strstr(p, "TODO")); p += 4) {
		bool word = (p == n->value || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[4]);
		if (!word)
			continue;
		srcpos at = n->pos;
		if (!memchr(n->value, '\n', n->len) && (n->plain || !strchr(n->value, '\\')))
			at.col += (n->plain ? 0 : 1) + (int)utf8_chars(n->value, (size_t)(p - n->value));
		diag(DIAG_WARNING, at, "TODO in '%s': replace the placeholder with the real text",
		     what);
		return;
	}
}

/* A text value: a scalar that is not empty. */
static const char *text_value(loader *L, const ynode *n, const char *what)
{
	if (!n)
		return NULL;
	if (n->kind != Y_SCALAR) {
		fail(L, n->pos, "'%s' must be text, not a %s; %s", what,
		     ynode_kind_name(n->kind), n->kind == Y_SEQ ?
		     "put a text that starts with '[' in quotes" :
		     "put a text with ': ' in it in quotes");
		return NULL;
	}
	if (n->len == 0 || (n->plain && strcmp(n->value, "null") == 0) ||
	    (n->plain && strcmp(n->value, "~") == 0)) {
		bool required = srckey_required(what);
		if (strcmp(what, "paragraph") == 0 || strcmp(what, "list item") == 0)
			fail(L, n->pos, "empty %s; write its text after the '- ', or remove "
			     "the line", what);
		else if (strcmp(what, "section") == 0)
			fail(L, n->pos, "a section needs a title; write it after 'section:'");
		else if (required)
			fail(L, n->pos, "'%s' is empty; write its value after '%s:' (it cannot "
			     "be left out)", what, what);
		else
			fail(L, n->pos, "'%s' is empty; give it a value or remove the key", what);
		return NULL;
	}
	todo(n, what);
	return n->value;
}

static const char *required_text(loader *L, const ynode *map, const char *key)
{
	const ynode *n = ymap_get(map, key);
	if (!n) {
		fail(L, map->pos, "missing required key '%s' in the document", key);
		return NULL;
	}
	return text_value(L, n, key);
}

static const char *one_of(loader *L, const ynode *n, const char *what,
			  const char *const *allowed)
{
	const char *v = text_value(L, n, what);
	if (!v)
		return NULL;
	for (const char *const *p = allowed; *p; p++)
		if (strcmp(*p, v) == 0)
			return v;
	strbuf list = { 0 };
	for (const char *const *p = allowed; *p; p++)
		sb_printf(&list, "%s%s", p == allowed ? "" : ", ", *p);
	const char *hint = closest_word(v, allowed);
	if (hint)
		fail(L, n->pos, "'%s' is not a valid %s (did you mean '%s'?)", v, what, hint);
	else
		fail(L, n->pos, "'%s' is not a valid %s; use one of: %s", v, what, list.s);
	sb_free(&list);
	return NULL;
}

/* A list of texts; a single text is a list of one. */
static const char **text_list(loader *L, const ynode *n, const char *what,
			      size_t *count)
{
	*count = 0;
	if (!n)
		return NULL;
	if (n->kind == Y_SCALAR) {
		const char **v = arena_alloc(L->a, sizeof *v);
		v[0] = text_value(L, n, what);
		*count = v[0] ? 1 : 0;
		return v;
	}
	if (n->kind != Y_SEQ) {
		fail(L, n->pos, "'%s' must be a text or a list of texts such as [Smart City, "
		     "Open Data], not a %s", what, ynode_kind_name(n->kind));
		return NULL;
	}
	const char **v = arena_alloc(L->a, (n->n + 1) * sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		const char *s = text_value(L, n->items[i], what);
		if (s)
			v[(*count)++] = s;
	}
	return v;
}

static bool valid_date(const char *s)
{
	int y, m, d;
	char extra;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
		return false;
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

/* A language tag as PDF readers expect it (BCP 47): two or three
 * letters, then subtags of one to eight letters or digits after '-'. */
static bool valid_language(const char *s)
{
	size_t n = 0;
	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 3 || strlen(s) > 35)
		return false;
	for (s += n; *s; s += n) {
		if (*s++ != '-')
			return false;
		for (n = 0; isalnum((unsigned char)s[n]); n++)
			;
		if (n < 1 || n > 8)
			return false;
	}
	return true;
}

static bool valid_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
			return false;
	return true;
}

static bool single_line_scalar(const ynode *n)
{
	return n->plain && !memchr(n->value, '\n', n->len);
}

static bool register_id(loader *L, const char *id, srcpos pos, doc_target t);

/* Longest text of one paragraph, title or cell.  Shaping and breaking
 * take time that grows with the paragraph, and a runaway one (a missing
 * blank line, generated text) is a mistake: stop at its position.
 * $SATZ_MAX_TEXT overrides it (docs/robustness.md). */
#define DOC_MAX_TEXT_BYTES 1000000u

static size_t max_text(void)
{
	return env_limit("SATZ_MAX_TEXT", DOC_MAX_TEXT_BYTES, SIZE_MAX / 2);
}

static bool parse_inline(loader *L, const ynode *n, const char *what, itext *out)
{
	const char *s = text_value(L, n, what);
	if (!s)
		return false;
	size_t max = max_text();
	if (n->len > max) {
		fail(L, n->pos, "%s of %zu bytes, more than the limit of %zu; split it "
		     "into several (or raise SATZ_MAX_TEXT)", what, n->len, max);
		return false;
	}
	srcpos pos = n->pos;
	if (!n->plain && !memchr(n->value, '\n', n->len))
		pos.col++;   /* the opening quote */
	bool track = single_line_scalar(n) ||
		     (!n->plain && n->len > 0 && !strchr(s, '\n') && !strchr(s, '\\'));
	if (!inline_parse(L->a, s, pos, track, out)) {
		L->ok = false;
		return false;
	}
	for (size_t i = 0; i < out->n; i++) {
		ispan *sp = &out->spans[i];
		if (sp->note && sp->note_id)
			register_id(L, sp->note_id, sp->target_pos, (doc_target){ T_NOTE, NULL, sp });
	}
	return true;
}

static const char *meta_text(loader *L, const ynode *n, const char *what)
{
	itext t;
	if (!n || !parse_inline(L, n, what, &t))
		return NULL;
	return inline_plain(L->a, &t);
}

static block *new_block(loader *L, enum block_kind kind, srcpos pos)
{
	block *b = arena_alloc(L->a, sizeof *b);
	b->kind = kind;
	b->pos = pos;
	return b;
}

static void set_children(loader *L, block *b, block **tmp, size_t n)
{
	b->children = arena_alloc(L->a, (n ? n : 1) * sizeof *tmp);
	if (n)
		memcpy(b->children, tmp, n * sizeof *tmp);
	b->n = n;
}

static block *parse_block(loader *L, const ynode *n, int level, int list_depth);
static void parse_body(loader *L, block *parent, const ynode *seq, int level,
		       int list_depth);

static bool parse_bool(loader *L, const ynode *n, const char *what, bool *out);

/* "[x] text" or "[ ] text": a checklist item's state, then its text. */
static bool check_prefix(loader *L, const ynode *it, block *item)
{
	const char *v = it->value;
	if (it->len >= 4 && v[0] == '[' && v[2] == ']' && v[3] == ' ' &&
	    (v[1] == 'x' || v[1] == 'X' || v[1] == ' ')) {
		item->checked = v[1] != ' ';
		ynode rest = *it;
		rest.value = v + 4;
		rest.len -= 4;
		rest.pos.col += 4;
		return parse_inline(L, &rest, "list item", &item->text);
	}
	const char *close = it->len > 1 && v[0] == '[' ? memchr(v, ']', it->len < 6 ? it->len : 6) : NULL;
	if (close && close[1] != '(') {
		srcpos at = it->pos;
		if (!it->plain)
			at.col++;
		fail(L, at, "a checklist item starts with '[x] ' (done) or '[ ] ' (open), "
		     "not '%.*s'", (int)(close - v + 1), v);
		return false;
	}
	return parse_inline(L, it, "list item", &item->text);
}

static block *parse_list_items(loader *L, const ynode *items, bool numbered, bool check,
			       srcpos pos, int level, int list_depth);

static block *parse_list(loader *L, const ynode *items, bool numbered, srcpos pos,
			 int level, int list_depth)
{
	return parse_list_items(L, items, numbered, false, pos, level, list_depth);
}

static block *parse_list_items(loader *L, const ynode *items, bool numbered, bool check,
			       srcpos pos, int level, int list_depth)
{
	block *list = new_block(L, B_LIST, pos);
	list->numbered = numbered;
	list->format = numbered ? LF_DECIMAL : LF_BULLET;
	list->suffix = ".";
	list->start = 1;
	list->level = list_depth + 1;
	if (list_depth >= SRC_MAX_LIST_DEPTH) {
		fail(L, pos, "lists nested deeper than 3 levels; flatten the list");
		return list;
	}
	if (items->kind != Y_SEQ || items->n == 0) {
		fail(L, items->pos, "a list needs one or more items, written '- item'");
		return list;
	}
	block **tmp = xmalloc(items->n * sizeof *tmp);
	size_t count = 0;
	for (size_t i = 0; i < items->n; i++) {
		const ynode *it = items->items[i];
		block *item = new_block(L, B_ITEM, it->pos);
		tmp[count++] = item;
		if (it->kind == Y_SCALAR) {
			if (check)
				check_prefix(L, it, item);
			else
				parse_inline(L, it, "list item", &item->text);
			continue;
		}
		if (it->kind != Y_MAP) {
			fail(L, it->pos, "a list item is text, or a mapping with 'text' and a nested 'list' or 'numbered'");
			continue;
		}
		check_keys(L, it, &srcmap_item);
		const ynode *done = ymap_get(it, "done");
		if (done && !applies(&srcmap_item, "done", check ? "checklist" : "list"))
			fail(L, ymap_key(it, 0)->pos, "'done' applies to 'checklist' items only; "
			     "make the list a 'checklist:' or remove 'done'");
		else if (done)
			parse_bool(L, done, "done", &item->checked);
		const ynode *t = ymap_get(it, "text");
		if (!t)
			fail(L, it->pos, "list item without 'text'; give the item its own text "
			     "with 'text:'");
		else
			parse_inline(L, t, "text", &item->text);
		const ynode *sub_b = ymap_get(it, "list"), *sub_n = ymap_get(it, "numbered");
		block *subs[2];
		size_t ns = 0;
		if (sub_b)
			subs[ns++] = parse_list(L, sub_b, false, sub_b->pos, level, list_depth + 1);
		if (sub_n)
			subs[ns++] = parse_list(L, sub_n, true, sub_n->pos, level, list_depth + 1);
		set_children(L, item, subs, ns);
	}
	set_children(L, list, tmp, count);
	free(tmp);
	return list;
}

/* Every id is unique in the document, whatever it names. */
static bool register_id(loader *L, const char *id, srcpos pos, doc_target t)
{
	if (!valid_id(id)) {
		/* the id it was probably meant to be: "Mein Ziel" -> "mein-ziel" */
		strbuf like = { 0 };
		for (const char *c = id; *c; c++) {
			if (isupper((unsigned char)*c))
				sb_addc(&like, (char)tolower((unsigned char)*c));
			else if (islower((unsigned char)*c) || isdigit((unsigned char)*c))
				sb_addc(&like, *c);
			else if (strchr(" _.-", *c) && like.len && like.s[like.len - 1] != '-')
				sb_addc(&like, '-');
		}
		while (like.len && like.s[like.len - 1] == '-')
			like.s[--like.len] = '\0';
		if (like.len)
			fail(L, pos, "id '%s' may only hold lower-case letters a-z, digits and "
			     "'-'; write e.g. '%s'", id, like.s);
		else
			fail(L, pos, "id '%s' may only hold lower-case letters a-z, digits and '-'",
			     id);
		sb_free(&like);
		return false;
	}
	for (size_t i = 0; i < L->n_ids; i++)
		if (strcmp(L->ids[i].id, id) == 0) {
			fail(L, pos, "id '%s' is already used at line %d; give each section, "
			     "table, figure and footnote an id of its own", id,
			     L->ids[i].pos.line);
			return false;
		}
	if (L->n_ids == L->cap_ids) {
		L->cap_ids = L->cap_ids ? L->cap_ids * 2 : 32;
		L->ids = xrealloc(L->ids, L->cap_ids * sizeof *L->ids);
	}
	L->ids[L->n_ids++] = (named){ id, pos, t };
	return true;
}

static const char *block_id(loader *L, const ynode *idnode, block *b, enum target_kind kind)
{
	if (!idnode)
		return NULL;
	const char *id = text_value(L, idnode, "id");
	if (id && register_id(L, id, idnode->pos, (doc_target){ kind, b, NULL }))
		return id;
	return NULL;
}

static void register_section(loader *L, block *sec, const ynode *idnode)
{
	sec->id = block_id(L, idnode, sec, T_SECTION);
	if (!sec->id) {
		/* a name no source id can have, for links from the contents */
		sec->id = arena_printf(L->a, "sec.%d", ++L->auto_ids);
	}
	if (L->n_sections == L->cap_sections) {
		L->cap_sections = L->cap_sections ? L->cap_sections * 2 : 32;
		L->sections = xrealloc(L->sections, L->cap_sections * sizeof *L->sections);
	}
	L->sections[L->n_sections++] = sec;
}

static block *parse_section(loader *L, const ynode *map, int level)
{
	block *sec = new_block(L, B_SECTION, map->pos);
	sec->level = level;
	check_keys(L, map, &srcmap_section);
	const ynode *t = ymap_get(map, "section");
	if (parse_inline(L, t, "section", &sec->text))
		sec->plain = inline_plain(L->a, &sec->text);
	else
		sec->plain = "";
	if (level > DOC_MAX_SECTION_LEVEL) {
		fail(L, map->pos, "sections nested deeper than %d levels; "
		     "move this section up a level", DOC_MAX_SECTION_LEVEL);
		return sec;
	}
	L->counters[level]++;
	for (int k = level + 1; k <= DOC_MAX_SECTION_LEVEL; k++)
		L->counters[k] = 0;
	strbuf num = { 0 };
	for (int k = 1; k <= level; k++)
		sb_printf(&num, k == 1 ? "%d" : ".%d", L->counters[k]);
	sec->number = arena_strdup(L->a, num.s);
	sb_free(&num);
	register_section(L, sec, ymap_get(map, "id"));
	const ynode *body = ymap_get(map, "body");
	if (body)
		parse_body(L, sec, body, level, 0);
	return sec;
}


/* "30mm", "2.5cm", "12pt", "40%", "2fr" or "auto". */
static bool parse_length(loader *L, const ynode *n, const char *what, bool allow_fr,
			 length *out)
{
	memset(out, 0, sizeof *out);
	const char *v = text_value(L, n, what);
	if (!v)
		return false;
	if (strcmp(v, "auto") == 0)
		return true;
	char *end;
	double x = strtod(v, &end);
	if (end != v && x <= 0) {
		fail(L, n->pos, "%s '%s' must be more than 0", what, v);
		return false;
	}
	if (end == v || x > 10000) {
		fail(L, n->pos, "'%s' is not a length; write e.g. 80mm, 8cm, 120pt or 50%%%s",
		     v, allow_fr ? ", 2fr or auto" : "");
		return false;
	}
	if (strcmp(end, "mm") == 0)
		out->pt = x * 72 / 25.4;
	else if (strcmp(end, "cm") == 0)
		out->pt = x * 72 / 2.54;
	else if (strcmp(end, "pt") == 0)
		out->pt = x;
	else if (strcmp(end, "%") == 0 && x <= 100)
		out->percent = x;
	else if (strcmp(end, "%") == 0) {
		fail(L, n->pos, "%s '%s' is more than the whole text width; use at most 100%%",
		     what, v);
		return false;
	}
	else if (allow_fr && strcmp(end, "fr") == 0)
		out->fr = x;
	else {
		fail(L, n->pos, "'%s' has no known unit; use mm, cm, pt%s", v,
		     allow_fr ? ", %, fr or auto" : " or %");
		return false;
	}
	return true;
}

static bool parse_bool(loader *L, const ynode *n, const char *what, bool *out)
{
	const char *v = text_value(L, n, what);
	if (!v)
		return false;
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
		*out = true;
	else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
		*out = false;
	else {
		fail(L, n->pos, "'%s' must be true or false, not '%s'", what, v);
		return false;
	}
	return true;
}

/* A cell: a text, or a list of paragraphs. */
static block *parse_cell(loader *L, const ynode *n)
{
	block *cell = new_block(L, B_CELL, n->pos);
	block *tmp[SRC_MAX_CELL_PARAS];
	size_t count = 0;
	if (n->kind == Y_SCALAR) {
		tmp[count] = new_block(L, B_PARA, n->pos);
		if (n->len > 0)
			parse_inline(L, n, "cell", &tmp[count]->text);
		count++;
	} else if (n->kind == Y_SEQ && n->n > 0 && n->n <= SRC_MAX_CELL_PARAS) {
		for (size_t i = 0; i < n->n; i++) {
			tmp[count] = new_block(L, B_PARA, n->items[i]->pos);
			parse_inline(L, n->items[i], "cell", &tmp[count++]->text);
		}
	} else {
		fail(L, n->pos, "a table cell is a text or a list of 1 to %d paragraphs%s",
		     SRC_MAX_CELL_PARAS, n->kind == Y_MAP ? "; put a text with ': ' in it in quotes" : "");
	}
	set_children(L, cell, tmp, count);
	return cell;
}

/* format: "1." "1)" "a)" "a." "A." "i." "I." ...; start: the first number. */
static void list_format(loader *L, block *list, const ynode *fmt, const ynode *start)
{
	if (list->format != LF_CHECK)
		list->format = list->numbered ? LF_DECIMAL : LF_BULLET;
	list->suffix = ".";
	list->start = 1;
	if (fmt) {
		const char *v = text_value(L, fmt, "format");
		if (!v)
			return;
		if (!applies(&srcmap_list, "format", list->numbered ? "numbered" : "list")) {
			fail(L, fmt->pos, "'format' applies to 'numbered' lists only; make the "
			     "list a 'numbered:' or remove 'format'");
			return;
		}
		size_t n = strlen(v);
		char suffix = n == 2 ? v[1] : 0;
		if (n != 2 || !suffix || !strchr(srckey_list_suffixes, suffix) ||
		    !strchr(srckey_list_numbers, v[0])) {
			fail(L, fmt->pos, "'%s' is not a list format; write 1. 1) a) a. A. i. or I.", v);
			return;
		}
		list->format = v[0] == '1' ? LF_DECIMAL : v[0] == 'a' ? LF_LOWER_ALPHA :
			       v[0] == 'A' ? LF_UPPER_ALPHA : v[0] == 'i' ? LF_LOWER_ROMAN :
			       LF_UPPER_ROMAN;
		list->suffix = suffix == '.' ? "." : ")";
	}
	if (start) {
		const srckey *k = srcmap_find(&srcmap_list, "start");
		const char *v = text_value(L, start, "start");
		char *end;
		long x = v ? strtol(v, &end, 10) : 0;
		if (!v || *end || x < k->min || x > k->max) {
			if (v)
				fail(L, start->pos, "'start' must be a number from %d to %d, not '%s'",
				     k->min, k->max, v);
			return;
		}
		if (!applies(&srcmap_list, "start", list->numbered ? "numbered" : "list")) {
			fail(L, start->pos, "'start' applies to 'numbered' lists only; make the "
			     "list a 'numbered:' or remove 'start'");
			return;
		}
		list->start = (int)x;
	}
}

/* The cells of rows, as the table's rows from row `first` on. */
static void parse_rows(loader *L, table_data *t, const ynode *rows, size_t first,
		       const char *what)
{
	for (size_t r = 0; r < rows->n; r++) {
		const ynode *row = rows->items[r];
		if (row->kind != Y_SEQ) {
			fail(L, row->pos, "%s %zu is a %s, not a list of cells; write it as "
			     "[cell, cell, ...] with %zu cells", what, r + 1,
			     ynode_kind_name(row->kind), t->n_cols);
			continue;
		}
		if (row->n != t->n_cols) {
			fail(L, row->pos, "%s %zu has %zu cells, the table has %zu columns; "
			     "write each row as a list of %zu cells (\"\" for an empty one)",
			     what, r + 1, row->n, t->n_cols, t->n_cols);
			continue;
		}
		for (size_t c = 0; c < t->n_cols; c++)
			t->cells[(first + r) * t->n_cols + c] = parse_cell(L, row->items[c]);
	}
}

static block *parse_table(loader *L, const ynode *map)
{
	block *b = new_block(L, B_TABLE, map->pos);
	check_keys(L, map, &srcmap_table);
	table_data *t = arena_alloc(L->a, sizeof *t);
	b->table = t;
	const ynode *v = ymap_get(map, "table");
	if (v->kind != Y_SCALAR || (v->len && !(v->plain && strcmp(v->value, "null") == 0))) {
		if (v->kind == Y_SCALAR)
			parse_inline(L, v, "table", &b->caption);
		else
			fail(L, v->pos, "'table' takes the caption (or nothing); give columns and rows as keys of the block");
	}
	const ynode *cap = ymap_get(map, "caption");
	if (cap)
		parse_inline(L, cap, "caption", &b->caption);
	b->id = block_id(L, ymap_get(map, "id"), b, T_TABLE);
	const ynode *land = ymap_get(map, "landscape");
	if (land)
		parse_bool(L, land, "landscape", &t->landscape);
	const ynode *cols = ymap_get(map, "columns"), *rows = ymap_get(map, "rows");
	if (!cols || cols->kind != Y_SEQ || cols->n == 0 || cols->n > SRC_MAX_COLUMNS) {
		fail(L, cols ? cols->pos : map->pos,
		     "a table needs 'columns': a list of 1 to %d columns (title, width, align)",
		     SRC_MAX_COLUMNS);
		return b;
	}
	if (!rows || rows->kind != Y_SEQ || rows->n == 0) {
		fail(L, rows ? rows->pos : map->pos, "a table needs 'rows': a list of rows, each a list of cells");
		return b;
	}
	t->n_cols = cols->n;
	t->cols = arena_alloc(L->a, t->n_cols * sizeof *t->cols);
	const char *const *aligns = values_of(&srcmap_column, "align");
	for (size_t c = 0; c < cols->n; c++) {
		const ynode *cn = cols->items[c];
		column *col = &t->cols[c];
		if (cn->kind == Y_SCALAR) {
			parse_inline(L, cn, "column title", &col->title);
			t->header = true;
			continue;
		}
		if (cn->kind != Y_MAP) {
			fail(L, cn->pos, "a column is a title, or a mapping with title, width and align");
			continue;
		}
		check_keys(L, cn, &srcmap_column);
		const ynode *ti = ymap_get(cn, "title"), *w = ymap_get(cn, "width"),
			    *al = ymap_get(cn, "align");
		if (ti && parse_inline(L, ti, "title", &col->title))
			t->header = true;
		if (w)
			parse_length(L, w, "width", true, &col->width);
		if (al) {
			const char *a = one_of(L, al, "alignment", aligns);
			for (int k = 0; a && aligns[k]; k++)
				if (strcmp(a, aligns[k]) == 0)
					col->align = (enum col_align)k;
		}
	}
	const ynode *foot = ymap_get(map, "foot");
	if (foot && (foot->kind != Y_SEQ || foot->n == 0)) {
		fail(L, foot->pos, "'foot' takes a list of rows, each a list of cells, e.g. "
		     "[Summe, \"1.234\"]");
		foot = NULL;
	}
	t->n_foot = foot ? foot->n : 0;
	t->n_rows = rows->n + t->n_foot;
	t->cells = arena_alloc(L->a, t->n_rows * t->n_cols * sizeof *t->cells);
	parse_rows(L, t, rows, 0, "row");
	if (foot)
		parse_rows(L, t, foot, rows->n, "foot row");
	/* the cells are the table's children, so every walk sees them */
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		if (!t->cells[i])
			t->cells[i] = new_block(L, B_CELL, map->pos);
	set_children(L, b, t->cells, t->n_rows * t->n_cols);
	return b;
}

/* The directory part of path, with a trailing '/', or "". */
static char *dir_of(arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? arena_strndup(a, path, (size_t)(slash - path) + 1) : arena_strdup(a, "");
}

/* A picture's first bytes must match its name, so that `check` finds a
 * text or a JPEG saved as .png before the renderer does. */
static void check_image_type(loader *L, const figure_data *f, srcpos pos)
{
	unsigned char head[8] = { 0 };
	FILE *fp = fopen(f->file, "rb");
	size_t got = fp ? fread(head, 1, sizeof head, fp) : 0;
	if (fp)
		fclose(fp);
	bool png = got == 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0;
	bool jpeg = got >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff;
	size_t n = strlen(f->path);
	bool want_png = strcasecmp(f->path + n - 4, ".png") == 0;
	bool want_jpeg = !want_png && strcasecmp(f->path + n - 4, ".svg") != 0;
	const char *is = png ? "a PNG" : jpeg ? "a JPEG" : NULL;
	if ((want_png && !png) || (want_jpeg && !jpeg)) {
		if (is)
			fail(L, pos, "'%s' is %s file, not a %s; rename it to end in %s", f->path,
			     is, want_png ? "PNG" : "JPEG", png ? ".png" : ".jpg");
		else
			fail(L, pos, "'%s' is not a %s file (its content does not start like one); "
			     "save the picture as %s again", f->path, want_png ? "PNG" : "JPEG",
			     want_png ? "PNG" : "JPEG");
	}
}

static block *parse_figure(loader *L, const ynode *map)
{
	block *b = new_block(L, B_FIGURE, map->pos);
	check_keys(L, map, &srcmap_figure);
	figure_data *f = arena_alloc(L->a, sizeof *f);
	b->figure = f;
	const ynode *p = ymap_get(map, "figure");
	f->path = text_value(L, p, "figure");
	f->path_pos = p->pos;
	const ynode *alt = ymap_get(map, "alt");
	if (!alt)
		fail(L, map->pos, "figure without 'alt': describe the picture for readers who "
		     "cannot see it (the PDF must be accessible)");
	else
		f->alt = text_value(L, alt, "alt");
	const ynode *cap = ymap_get(map, "caption");
	if (cap)
		parse_inline(L, cap, "caption", &b->caption);
	b->id = block_id(L, ymap_get(map, "id"), b, T_FIGURE);
	const ynode *w = ymap_get(map, "width"), *h = ymap_get(map, "height");
	if (w)
		parse_length(L, w, "width", false, &f->width);
	if (h)
		parse_length(L, h, "height", false, &f->height);
	if (!f->path)
		return b;
	size_t n = strlen(f->path);
	static const char *const exts[] = { ".png", ".jpg", ".jpeg", ".svg" };
	bool known = false;
	for (int k = 0; k < 4; k++) {
		size_t e = strlen(exts[k]);
		known |= n > e && strcasecmp(f->path + n - e, exts[k]) == 0;
	}
	if (f->path[0] == '/') {
		fail(L, p->pos, "image path '%s' is absolute; give it relative to the source file", f->path);
		return b;
	}
	if (!known) {
		fail(L, p->pos, "'%s' is not a PNG, JPEG or SVG file (.png, .jpg, .jpeg, .svg); "
		     "save the picture in one of these formats", f->path);
		return b;
	}
	f->file = arena_printf(L->a, "%s%s", dir_of(L->a, L->d->path), f->path);
	char *real = realpath(f->file, NULL), *root = realpath(".", NULL);
	if (!real) {
		fail(L, p->pos, "image '%s' not found (looked for %s)", f->path, f->file);
	} else if (!root || strncmp(real, root, strlen(root)) != 0 ||
		   (real[strlen(root)] != '/' && real[strlen(root)] != '\0')) {
		fail(L, p->pos, "image '%s' lies outside the project; keep images inside it", f->path);
	} else {
		doc_add_file(L->d, f->file);
		check_image_type(L, f, p->pos);
	}
	free(real);
	free(root);
	return b;
}

static block *parse_box(loader *L, const ynode *map, int level)
{
	block *b = new_block(L, B_BOX, map->pos);
	check_keys(L, map, &srcmap_box);
	const ynode *t = ymap_get(map, "box");
	if (t->kind == Y_SCALAR && t->len > 0 && !(t->plain && strcmp(t->value, "null") == 0))
		parse_inline(L, t, "box", &b->text);
	const ynode *body = ymap_get(map, "body");
	if (!body)
		fail(L, map->pos, "a box needs a 'body' with its blocks");
	else
		parse_body(L, b, body, level, 0);
	return b;
}

static block *parse_deflist(loader *L, const ynode *seq)
{
	block *b = new_block(L, B_DEFLIST, seq->pos);
	if (seq->kind != Y_SEQ || seq->n == 0) {
		fail(L, seq->pos, "'definitions' takes a list of items, each with 'term' and 'text'");
		return b;
	}
	block **tmp = xmalloc(seq->n * sizeof *tmp);
	size_t count = 0;
	for (size_t i = 0; i < seq->n; i++) {
		const ynode *it = seq->items[i];
		block *item = new_block(L, B_ITEM, it->pos);
		tmp[count++] = item;
		if (it->kind != Y_MAP) {
			fail(L, it->pos, "a definition is a mapping with 'term' and 'text', written "
			     "'- term: ...' with 'text: ...' below it");
			continue;
		}
		check_keys(L, it, &srcmap_definition);
		const ynode *term = ymap_get(it, "term"), *text = ymap_get(it, "text");
		if (!term || !text) {
			fail(L, it->pos, "a definition needs both 'term' and 'text'; this one has "
			     "no '%s'", term ? "text" : "term");
			continue;
		}
		parse_inline(L, term, "term", &item->term);
		parse_inline(L, text, "text", &item->text);
	}
	set_children(L, b, tmp, count);
	free(tmp);
	return b;
}

/* Generated blocks (docs/shared-data.md): their keys are checked here;
 * what they hold is made by generate once the whole source is read. */
static bool is_generated(const char *key)
{
	const srcblock *b = srcblock_find(key);
	return b && b->generated;
}

/* A placeholder for a generated block, at section level `level`.  A
 * generated table may carry an id and a caption of its own, a chart an
 * id, a caption and the directory its data come from. */
static block *parse_generated(loader *L, const ynode *n, int level)
{
	const char *key = ymap_key(n, 0)->value;
	const srcmap *m = srcblock_find(key)->map;
	bool chart = m == &srcmap_chart;
	/* a generated table takes an id and a caption */
	bool table = !chart && srcmap_find(m, "caption");
	if (chart) {
		const char **names = srcmap_names(m);
		bool ok = data_check_keys(n, names);
		free(names);
		if (!ok) {
			L->ok = false;
			return NULL;
		}
	}
	for (size_t i = 1; i < n->n && !chart; i++) {
		const char *k2 = ymap_key(n, i)->value;
		if (!srcmap_find(m, k2) || (srcmap_find(m, k2)->flags & SK_KIND)) {
			fail(L, ymap_key(n, i)->pos, "'%s' takes %s", key,
			     table ? "only 'id' and 'caption' besides its value" : "no other keys");
			return NULL;
		}
	}
	block *b = new_block(L, B_GENERATED, n->pos);
	b->source = n;
	b->level = level;
	const ynode *cap = ymap_get(n, "caption");
	if (cap && table)
		parse_inline(L, cap, "caption", &b->caption);
	if (table || chart)
		b->id = block_id(L, ymap_get(n, "id"), b, table ? T_TABLE : T_FIGURE);
	return b;
}

static block *parse_block(loader *L, const ynode *n, int level, int list_depth)
{
	if (n->kind == Y_SCALAR) {
		block *p = new_block(L, B_PARA, n->pos);
		parse_inline(L, n, "paragraph", &p->text);
		return p;
	}
	if (n->kind != Y_MAP || n->n == 0) {
		fail(L, n->pos, "a block is a paragraph (text) or a mapping starting with "
		     "one of: section, paragraph, list, numbered, checklist, definitions, "
		     "quote, box, table, figure, or a generated block (docs/shared-data.md)%s",
		     n->kind == Y_SEQ ? "; for a bullet list, write 'list:' before the items" : "");
		return NULL;
	}
	const ynode *first = ymap_key(n, 0);
	const char *k = first->value;
	if (strcmp(k, "section") == 0)
		return parse_section(L, n, level + 1);
	if (strcmp(k, "paragraph") == 0) {
		check_keys(L, n, &srcmap_paragraph);
		block *p = new_block(L, B_PARA, n->pos);
		parse_inline(L, ymap_val(n, 0), "paragraph", &p->text);
		return p;
	}
	if (strcmp(k, "list") == 0 || strcmp(k, "numbered") == 0 || strcmp(k, "checklist") == 0) {
		check_keys(L, n, &srcmap_list);
		for (size_t i = 1; i < n->n; i++) {
			const char *k2 = ymap_key(n, i)->value;
			const srckey *other = srcmap_find(&srcmap_list, k2);
			if (other && (other->flags & SK_KIND)) {
				fail(L, ymap_key(n, i)->pos, "one block holds one list, but this "
				     "one also has '%s'; start a block of its own with '- %s:'",
				     k2, k2);
				return NULL;
			}
		}
		block *list = parse_list_items(L, ymap_val(n, 0), k[0] == 'n', k[0] == 'c', n->pos,
					       level, list_depth);
		if (k[0] == 'c')
			list->format = LF_CHECK;
		list_format(L, list, ymap_get(n, "format"), ymap_get(n, "start"));
		return list;
	}
	if (is_generated(k))
		return parse_generated(L, n, level);
	if (strcmp(k, "table") == 0)
		return parse_table(L, n);
	if (strcmp(k, "figure") == 0)
		return parse_figure(L, n);
	if (strcmp(k, "box") == 0)
		return parse_box(L, n, level);
	if (strcmp(k, "definitions") == 0) {
		check_keys(L, n, &srcmap_definitions);
		return parse_deflist(L, ymap_val(n, 0));
	}
	if (strcmp(k, "quote") == 0) {
		check_keys(L, n, &srcmap_quote);
		block *q = new_block(L, B_QUOTE, n->pos);
		const ynode *body = ymap_val(n, 0);
		const ynode *by = ymap_get(n, "by");
		block *tmp[SRC_MAX_QUOTE_PARAS];
		size_t count = 0;
		if (body->kind == Y_SCALAR) {
			tmp[count] = new_block(L, B_PARA, body->pos);
			parse_inline(L, body, "quote", &tmp[count++]->text);
		} else if (body->kind == Y_SEQ && body->n > 0 && body->n <= SRC_MAX_QUOTE_PARAS) {
			for (size_t i = 0; i < body->n; i++) {
				tmp[count] = new_block(L, B_PARA, body->items[i]->pos);
				parse_inline(L, body->items[i], "quote", &tmp[count++]->text);
			}
		} else {
			fail(L, body->pos, "'quote' takes a text or a list of 1 to %d paragraphs%s",
			     SRC_MAX_QUOTE_PARAS, body->kind == Y_MAP ? "; write the text right after 'quote:' and "
			     "its source in 'by:' beside it" : "");
		}
		set_children(L, q, tmp, count);
		if (by)
			parse_inline(L, by, "by", &q->by);
		return q;
	}
	const char **block_keys = srcmap_names(NULL);
	const char *near = closest_word(k, block_keys);
	free(block_keys);
	if (near)
		fail(L, first->pos, "unknown block '%s' (did you mean '%s'?)", k, near);
	else if (n->n == 1 && ymap_val(n, 0)->kind == Y_SCALAR)
		/* "- Hinweis: bitte beachten" is a mapping to YAML */
		fail(L, first->pos, "unknown block '%s' (blocks are section, paragraph, list, "
		     "numbered, checklist, definitions, quote, box, table, figure and the "
		     "generated ones); if this is a paragraph with ': ' in it, put the whole "
		     "text in quotes", k);
	else
		fail(L, first->pos, "unknown block '%s'; blocks are section, paragraph, list, "
		     "numbered, checklist, definitions, quote, box, table, figure, or a "
		     "generated block (docs/shared-data.md)", k);
	return NULL;
}

static void parse_body(loader *L, block *parent, const ynode *seq, int level,
		       int list_depth)
{
	if (seq->kind != Y_SEQ) {
		fail(L, seq->pos, "'body' must be a list of blocks, each starting with '- '");
		return;
	}
	block **tmp = xmalloc((seq->n ? seq->n : 1) * sizeof *tmp);
	size_t count = 0;
	size_t cap = seq->n ? seq->n : 1;
	for (size_t i = 0; i < seq->n; i++) {
		block *b = parse_block(L, seq->items[i], level, list_depth);
		if (!b)
			continue;
		/* a generated group (level -1) adds its blocks here */
		size_t add = b->kind == B_SECTION && b->level < 0 ? b->n : 1;
		if (count + add > cap) {
			cap = (count + add) * 2;
			tmp = xrealloc(tmp, cap * sizeof *tmp);
		}
		if (b->kind == B_SECTION && b->level < 0)
			for (size_t k = 0; k < b->n; k++)
				tmp[count++] = b->children[k];
		else
			tmp[count++] = b;
	}
	set_children(L, parent, tmp, count);
	free(tmp);
}

static void unknown_target(loader *L, const char *id, srcpos pos, const char *what)
{
	const named *all = L->d->ids;
	const char **ids = xmalloc((L->d->n_ids + 1) * sizeof *ids);
	size_t n = 0;
	for (size_t k = 0; k < L->d->n_ids; k++)
		ids[n++] = all[k].id;
	ids[n] = NULL;
	const char *hint = closest_word(id, ids);
	if (hint)
		fail(L, pos, "%s to unknown id '%s' (did you mean '%s'?)", what, id, hint);
	else
		fail(L, pos, "%s to unknown id '%s'; give the section, table, figure or "
		     "footnote 'id: %s'", what, id, id);
	free(ids);
}

/* Every internal link and cross-reference must name an id that exists. */
static void check_refs_in(loader *L, const itext *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const ispan *s = &t->spans[i];
		doc_target tg;
		if (s->note)
			check_refs_in(L, s->note);
		if (s->xref && !doc_find_target(L->d, s->xref, &tg))
			unknown_target(L, s->xref, s->target_pos, "cross-reference");
		if (!s->ref || (i > 0 && t->spans[i - 1].ref == s->ref))
			continue;
		if (!doc_find_target(L->d, s->ref, &tg))
			unknown_target(L, s->ref, s->target_pos, "link");
	}
}

static void check_refs(loader *L, const block *root)
{
	block_iter it;
	block_iter_init(&it, root);
	for (const block *b; (b = block_iter_next(&it));) {
		check_refs_in(L, &b->text);
		check_refs_in(L, &b->by);
		check_refs_in(L, &b->term);
		check_refs_in(L, &b->caption);
		if (b->table)
			for (size_t c = 0; c < b->table->n_cols; c++)
				check_refs_in(L, &b->table->cols[c].title);
	}
	block_iter_free(&it);
}

document *parse_tree(arena *a, const char *path, const ynode *root, bool *ok)
{
	document *d = arena_alloc(a, sizeof *d);
	loader L = { .a = a, .d = d, .ok = true };
	d->a = a;
	d->path = path;
	d->root = root;
	*ok = false;
	if (root->kind != Y_MAP) {
		fail(&L, root->pos, "a document is a mapping of keys such as 'title:' and 'body:'%s",
		     root->kind == Y_SEQ ? ", written without '- ' in front" : "");
		return NULL;
	}
	check_keys(&L, root, &srcmap_document);
	d->kind = ymap_get(root, "kind") ? one_of(&L, ymap_get(root, "kind"), "kind",
						  values_of(&srcmap_document, "kind"))
					 : (fail(&L, root->pos, "missing required key 'kind' in the document"), NULL);
	/* title, subtitle and publisher get the typography of the markup
	 * (quotes, dashes, escapes) and are used as plain text */
	d->title = ymap_get(root, "title") ? meta_text(&L, ymap_get(root, "title"), "title")
					   : required_text(&L, root, "title");
	d->subtitle = meta_text(&L, ymap_get(root, "subtitle"), "subtitle");
	d->publisher = ymap_get(root, "publisher") ? meta_text(&L, ymap_get(root, "publisher"), "publisher")
						   : required_text(&L, root, "publisher");
	d->date = required_text(&L, root, "date");
	if (d->date && !valid_date(d->date))
		fail(&L, ymap_get(root, "date")->pos,
		     "'%s' is not a date; write it as YYYY-MM-DD, e.g. 2020-06-15", d->date);
	d->version = required_text(&L, root, "version");
	const ynode *st = ymap_get(root, "status");
	d->status = st ? one_of(&L, st, "status", values_of(&srcmap_document, "status"))
		       : srcmap_find(&srcmap_document, "status")->def;
	const ynode *lang = ymap_get(root, "language");
	d->language = lang ? text_value(&L, lang, "language") : "de";
	if (d->language && !valid_language(d->language))
		fail(&L, lang->pos, "'%s' is not a language tag; write e.g. 'de' or 'de-DE'",
		     d->language);
	const ynode *style = ymap_get(root, "style");
	d->style = style ? text_value(&L, style, "style") : NULL;
	d->style_pos = style ? style->pos : root->pos;
	d->authors = text_list(&L, ymap_get(root, "authors"), "authors", &d->n_authors);
	const ynode *mun = ymap_get(root, "municipality"), *num = ymap_get(root, "number"),
		    *top = ymap_get(root, "topic");
	d->municipality = text_value(&L, mun, "municipality");
	if (d->municipality && !data_municipality(d, d->municipality, mun->pos))
		L.ok = false;
	d->topic = text_value(&L, top, "topic");
	if (d->topic && !data_topic(d, d->topic, top->pos))
		L.ok = false;
	d->audience = meta_text(&L, ymap_get(root, "audience"), "audience");
	d->summary = text_value(&L, ymap_get(root, "summary"), "summary");
	if (num) {
		const char *v = text_value(&L, num, "number");
		char *end;
		long x = v ? strtol(v, &end, 10) : 0;
		const srckey *k = srcmap_find(&srcmap_document, "number");
		if (v && (*end || x < k->min || x > k->max))
			fail(&L, num->pos, "'number' must be a number from %d to %d, not '%s'",
			     k->min, k->max, v);
		d->number = (int)x;
	}
	d->keywords = text_list(&L, ymap_get(root, "keywords"), "keywords", &d->n_keywords);
	const ynode *kind = ymap_get(root, "kind"), *title = ymap_get(root, "title");
	d->identity_pos = mun ? mun->pos : num ? num->pos : d->kind && strcmp(d->kind, "test") == 0 && title
			  ? title->pos : kind ? kind->pos : root->pos;

	d->body = new_block(&L, B_SECTION, root->pos);
	d->body->id = "dokument";
	const ynode *body = ymap_get(root, "body");
	if (!body)
		fail(&L, root->pos, "missing required key 'body' in the document");
	else
		parse_body(&L, d->body, body, 0, 0);
	named *ids = arena_alloc(a, (L.n_ids + 1) * sizeof *ids);
	if (L.n_ids)
		memcpy(ids, L.ids, L.n_ids * sizeof *ids);
	d->ids = ids;
	d->n_ids = L.n_ids;
	free(L.sections);
	free(L.ids);
	*ok = L.ok;
	return d;
}

document *parse_file(arena *a, const char *path, bool *ok)
{
	ynode *root = load_yaml(a, path);
	*ok = false;
	return root ? parse_tree(a, path, root, ok) : NULL;
}

bool parse_check_refs(document *d)
{
	loader L = { .a = d->a, .d = d, .ok = true };
	check_refs(&L, d->body);
	return L.ok;
}