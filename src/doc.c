/* doc: validation of source format v1 (see docs/source-format.md). */
#include "doc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	arena *a;
	document *d;
	bool ok;
	/* ids seen, for duplicates and reference checks */
	const block **sections;
	size_t n_sections, cap_sections;
	int counters[DOC_MAX_SECTION_LEVEL + 1];
	int auto_ids;
} loader;

static const char *const meta_keys[] = {
	"kind", "title", "subtitle", "publisher", "authors", "date", "version",
	"status", "language", "keywords", "style", "body", NULL
};

static const char *const kinds[] = {
	"rahmenstrategie", "teilstrategie", "gesamtstrategie", "leitfaden",
	"katalog", "test", NULL
};

static const char *const statuses[] = { "entwurf", "beschlossen", NULL };

static const char *const block_keys[] = {
	"section", "paragraph", "list", "numbered", "quote", NULL
};

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

static void unknown_key(loader *L, const ynode *key, const char *where,
			const char *const *known)
{
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
}

static bool check_keys(loader *L, const ynode *map, const char *where,
		       const char *const *known)
{
	bool ok = true;
	for (size_t i = 0; i < map->n; i++) {
		const ynode *k = ymap_key(map, i);
		const char *const *p = known;
		while (*p && strcmp(*p, k->value) != 0)
			p++;
		if (!*p) {
			unknown_key(L, k, where, known);
			ok = false;
		}
	}
	return ok;
}

/* A text value: a scalar that is not empty. */
static const char *text_value(loader *L, const ynode *n, const char *what)
{
	if (!n)
		return NULL;
	if (n->kind != Y_SCALAR) {
		fail(L, n->pos, "'%s' must be text, not a %s", what,
		     ynode_kind_name(n->kind));
		return NULL;
	}
	if (n->len == 0 || (n->plain && strcmp(n->value, "null") == 0) ||
	    (n->plain && strcmp(n->value, "~") == 0)) {
		fail(L, n->pos, "'%s' is empty; give it a value or remove the key", what);
		return NULL;
	}
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
		fail(L, n->pos, "'%s' must be a list of texts", what);
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

static bool parse_inline(loader *L, const ynode *n, const char *what, itext *out)
{
	const char *s = text_value(L, n, what);
	if (!s)
		return false;
	srcpos pos = n->pos;
	if (!n->plain && !memchr(n->value, '\n', n->len))
		pos.col++;   /* the opening quote */
	bool track = single_line_scalar(n) ||
		     (!n->plain && n->len > 0 && !strchr(s, '\n') && !strchr(s, '\\'));
	if (!inline_parse(L->a, s, pos, track, out)) {
		L->ok = false;
		return false;
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

static block *parse_list(loader *L, const ynode *items, bool numbered, srcpos pos,
			 int level, int list_depth)
{
	block *list = new_block(L, B_LIST, pos);
	list->numbered = numbered;
	list->level = list_depth + 1;
	if (list_depth >= 3) {
		fail(L, pos, "lists nested deeper than 3 levels; flatten the list");
		return list;
	}
	if (items->kind != Y_SEQ || items->n == 0) {
		fail(L, items->pos, "a list needs one or more items, written '- item'");
		return list;
	}
	block **tmp = xmalloc(items->n * sizeof *tmp);
	size_t count = 0;
	static const char *const item_keys[] = { "text", "list", "numbered", NULL };
	for (size_t i = 0; i < items->n; i++) {
		const ynode *it = items->items[i];
		block *item = new_block(L, B_ITEM, it->pos);
		tmp[count++] = item;
		if (it->kind == Y_SCALAR) {
			parse_inline(L, it, "list item", &item->text);
			continue;
		}
		if (it->kind != Y_MAP) {
			fail(L, it->pos, "a list item is text, or a mapping with 'text' and a nested 'list' or 'numbered'");
			continue;
		}
		check_keys(L, it, "list item", item_keys);
		const ynode *t = ymap_get(it, "text");
		if (!t)
			fail(L, it->pos, "list item without 'text'");
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

static void register_section(loader *L, block *sec, const ynode *idnode)
{
	if (idnode) {
		const char *id = text_value(L, idnode, "id");
		if (id && !valid_id(id)) {
			fail(L, idnode->pos,
			     "id '%s' may only hold lower-case letters a-z, digits and '-'", id);
		} else if (id) {
			for (size_t i = 0; i < L->n_sections; i++)
				if (strcmp(L->sections[i]->id, id) == 0) {
					fail(L, idnode->pos,
					     "id '%s' is already used by the section at line %d",
					     id, L->sections[i]->pos.line);
					break;
				}
			sec->id = id;
		}
	}
	if (!sec->id)
		sec->id = arena_printf(L->a, "sec.%d", ++L->auto_ids);
	if (L->n_sections == L->cap_sections) {
		L->cap_sections = L->cap_sections ? L->cap_sections * 2 : 32;
		L->sections = xrealloc(L->sections, L->cap_sections * sizeof *L->sections);
	}
	L->sections[L->n_sections++] = sec;
}

static block *parse_section(loader *L, const ynode *map, int level)
{
	static const char *const keys[] = { "section", "id", "body", NULL };
	block *sec = new_block(L, B_SECTION, map->pos);
	sec->level = level;
	check_keys(L, map, "section", keys);
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

static block *parse_block(loader *L, const ynode *n, int level, int list_depth)
{
	if (n->kind == Y_SCALAR) {
		block *p = new_block(L, B_PARA, n->pos);
		parse_inline(L, n, "paragraph", &p->text);
		return p;
	}
	if (n->kind != Y_MAP || n->n == 0) {
		fail(L, n->pos, "a block is a paragraph (text) or a mapping starting with "
		     "one of: section, paragraph, list, numbered, quote");
		return NULL;
	}
	const ynode *first = ymap_key(n, 0);
	const char *k = first->value;
	if (strcmp(k, "section") == 0)
		return parse_section(L, n, level + 1);
	if (strcmp(k, "paragraph") == 0) {
		static const char *const keys[] = { "paragraph", NULL };
		check_keys(L, n, "paragraph", keys);
		block *p = new_block(L, B_PARA, n->pos);
		parse_inline(L, ymap_val(n, 0), "paragraph", &p->text);
		return p;
	}
	if (strcmp(k, "list") == 0 || strcmp(k, "numbered") == 0) {
		static const char *const keys[] = { "list", "numbered", NULL };
		check_keys(L, n, "list", keys);
		if (n->n > 1) {
			fail(L, ymap_key(n, 1)->pos, "give 'list' or 'numbered', not both");
			return NULL;
		}
		return parse_list(L, ymap_val(n, 0), k[0] == 'n', n->pos, level, list_depth);
	}
	if (strcmp(k, "quote") == 0) {
		static const char *const keys[] = { "quote", "by", NULL };
		check_keys(L, n, "quote", keys);
		block *q = new_block(L, B_QUOTE, n->pos);
		const ynode *body = ymap_val(n, 0);
		const ynode *by = ymap_get(n, "by");
		block *tmp[64];
		size_t count = 0;
		if (body->kind == Y_SCALAR) {
			tmp[count] = new_block(L, B_PARA, body->pos);
			parse_inline(L, body, "quote", &tmp[count++]->text);
		} else if (body->kind == Y_SEQ && body->n > 0 && body->n <= 64) {
			for (size_t i = 0; i < body->n; i++) {
				tmp[count] = new_block(L, B_PARA, body->items[i]->pos);
				parse_inline(L, body->items[i], "quote", &tmp[count++]->text);
			}
		} else {
			fail(L, body->pos, "'quote' takes a text or a list of 1 to 64 paragraphs");
		}
		set_children(L, q, tmp, count);
		if (by)
			parse_inline(L, by, "by", &q->by);
		return q;
	}
	unknown_key(L, first, "a block (the first key names the block)", block_keys);
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
	for (size_t i = 0; i < seq->n; i++) {
		block *b = parse_block(L, seq->items[i], level, list_depth);
		if (b)
			tmp[count++] = b;
	}
	set_children(L, parent, tmp, count);
	free(tmp);
}

/* Every internal link must name a section that exists. */
static void check_refs_in(loader *L, const itext *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *ref = t->spans[i].ref;
		if (!ref || (i > 0 && t->spans[i - 1].ref == ref))
			continue;
		if (doc_find_section(L->d, ref))
			continue;
		const char **ids = xmalloc((L->n_sections + 1) * sizeof *ids);
		for (size_t k = 0; k < L->n_sections; k++)
			ids[k] = L->sections[k]->id;
		ids[L->n_sections] = NULL;
		const char *hint = closest_word(ref, ids);
		if (hint)
			fail(L, t->spans[i].target_pos, "link to unknown section id '%s' (did you mean '%s'?)",
			     ref, hint);
		else
			fail(L, t->spans[i].target_pos,
			     "link to unknown section id '%s'; give the section 'id: %s'", ref, ref);
		free(ids);
	}
}

static void check_refs(loader *L, const block *root)
{
	block_iter it;
	block_iter_init(&it, root);
	for (const block *b; (b = block_iter_next(&it));) {
		check_refs_in(L, &b->text);
		check_refs_in(L, &b->by);
	}
	block_iter_free(&it);
}

document *doc_from_tree(arena *a, const char *path, const ynode *root)
{
	document *d = arena_alloc(a, sizeof *d);
	loader L = { .a = a, .d = d, .ok = true };
	d->a = a;
	d->path = path;
	if (root->kind != Y_MAP) {
		fail(&L, root->pos, "a document is a mapping of keys such as 'title:' and 'body:'");
		return NULL;
	}
	check_keys(&L, root, "the document", meta_keys);
	d->kind = ymap_get(root, "kind") ? one_of(&L, ymap_get(root, "kind"), "kind", kinds)
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
	d->status = st ? one_of(&L, st, "status", statuses) : "entwurf";
	const ynode *lang = ymap_get(root, "language");
	d->language = lang ? text_value(&L, lang, "language") : "de";
	if (d->language && (strlen(d->language) < 2 || strlen(d->language) > 12 ||
			    !isalpha((unsigned char)d->language[0])))
		fail(&L, lang->pos, "'%s' is not a language tag; write e.g. 'de' or 'de-DE'",
		     d->language);
	const ynode *style = ymap_get(root, "style");
	d->style = style ? text_value(&L, style, "style") : NULL;
	d->style_pos = style ? style->pos : root->pos;
	d->authors = text_list(&L, ymap_get(root, "authors"), "authors", &d->n_authors);
	d->keywords = text_list(&L, ymap_get(root, "keywords"), "keywords", &d->n_keywords);

	d->body = new_block(&L, B_SECTION, root->pos);
	d->body->id = "dokument";
	const ynode *body = ymap_get(root, "body");
	if (!body)
		fail(&L, root->pos, "missing required key 'body' in the document");
	else
		parse_body(&L, d->body, body, 0, 0);
	if (L.ok)
		check_refs(&L, d->body);
	free(L.sections);
	return L.ok ? d : NULL;
}

document *doc_load(arena *a, const char *path)
{
	ynode *root = load_yaml(a, path);
	if (!root)
		return NULL;
	return doc_from_tree(a, path, root);
}

const block *doc_find_section(const document *d, const char *id)
{
	block_iter it;
	const block *b;
	block_iter_init(&it, d->body);
	while ((b = block_iter_next(&it)))
		if (b->kind == B_SECTION && b != d->body && strcmp(b->id, id) == 0)
			break;
	block_iter_free(&it);
	return b;
}

void block_iter_init(block_iter *it, const block *root)
{
	it->cap = 32;
	it->stack = xmalloc(it->cap * sizeof *it->stack);
	it->stack[0] = root;
	it->top = 1;
}

const block *block_iter_next(block_iter *it)
{
	if (it->top == 0)
		return NULL;
	const block *b = it->stack[--it->top];
	if (it->top + b->n > it->cap) {
		while (it->top + b->n > it->cap)
			it->cap *= 2;
		it->stack = xrealloc(it->stack, it->cap * sizeof *it->stack);
	}
	for (size_t i = b->n; i-- > 0;)
		it->stack[it->top++] = b->children[i];
	return b;
}

void block_iter_free(block_iter *it)
{
	free(it->stack);
	it->stack = NULL;
}

static void dump_block(const block *b, int indent, strbuf *out)
{
	static const char *const names[] = { "section", "para", "list", "item", "quote" };
	sb_printf(out, "%*s%s", indent * 2, "", names[b->kind]);
	if (b->kind == B_SECTION)
		sb_printf(out, " %s #%s", b->number ? b->number : "-", b->id);
	if (b->kind == B_LIST)
		sb_adds(out, b->numbered ? " numbered" : " bullets");
	sb_printf(out, " @%d:%d\n", b->pos.line, b->pos.col);
	if (b->text.n) {
		strbuf t = { 0 };
		inline_dump(&b->text, &t);
		for (char *line = t.s, *nl; line && *line; line = nl + 1) {
			nl = strchr(line, '\n');
			sb_printf(out, "%*s| %.*s\n", indent * 2 + 2, "", (int)(nl - line), line);
		}
		sb_free(&t);
	}
	for (size_t i = 0; i < b->n; i++)
		dump_block(b->children[i], indent + 1, out);
}

void doc_dump(const document *d, strbuf *out)
{
	sb_printf(out, "kind %s\ntitle %s\ndate %s\nversion %s\nstatus %s\nlanguage %s\n",
		  d->kind, d->title, d->date, d->version, d->status, d->language);
	for (size_t i = 0; i < d->body->n; i++)
		dump_block(d->body->children[i], 0, out);
}
