/* doc: the document model: building, walking, numbering, dumping. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

block *doc_block_new(arena *a, enum block_kind kind, srcpos pos)
{
	block *b = arena_alloc(a, sizeof *b);
	b->kind = kind;
	b->pos = pos;
	return b;
}

void doc_block_children(arena *a, block *b, block **children, size_t n)
{
	b->children = arena_alloc(a, (n ? n : 1) * sizeof *children);
	if (n)
		memcpy(b->children, children, n * sizeof *children);
	b->n = n;
}

bool doc_text(document *d, const char *text, srcpos pos, itext *out)
{
	return inline_parse(d->a, text, pos, false, out);
}

void doc_add_file(document *d, const char *path)
{
	for (size_t i = 0; i < d->n_files; i++)
		if (strcmp(d->files[i], path) == 0)
			return;
	const char **files = arena_alloc(d->a, (d->n_files + 1) * sizeof *files);
	if (d->n_files)
		memcpy(files, d->files, d->n_files * sizeof *files);
	files[d->n_files++] = path;
	d->files = files;
}

bool doc_find_target(const document *d, const char *id, doc_target *out)
{
	const doc_named *ids = d->ids;
	for (size_t i = 0; i < d->n_ids; i++)
		if (strcmp(ids[i].id, id) == 0) {
			*out = ids[i].t;
			return true;
		}
	return false;
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

/* Footnote numbers for the notes of t, in order. */
static void number_notes(document *d, itext *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->spans[i].note)
			t->spans[i].number = ++d->n_notes;
}

void doc_number(document *d)
{
	typedef struct {
		block *b;
		bool after;    /* its children are done */
	} visit;
	size_t cap = 64, top = 0;
	visit *stack = xmalloc(cap * sizeof *stack);
	d->n_tables = d->n_figures = d->n_notes = 0;
	stack[top++] = (visit){ d->body, false };
	while (top) {
		visit v = stack[--top];
		block *b = v.b;
		if (v.after) {
			number_notes(d, &b->by);   /* an attribution follows its quote */
			continue;
		}
		number_notes(d, &b->term);
		number_notes(d, &b->text);
		number_notes(d, &b->caption);
		if (b->table)
			for (size_t c = 0; c < b->table->n_cols; c++)
				number_notes(d, &b->table->cols[c].title);
		if (b->kind == B_TABLE)
			b->number = arena_printf(d->a, "%d", ++d->n_tables);
		else if (b->kind == B_FIGURE || b->kind == B_CHART)
			b->number = arena_printf(d->a, "%d", ++d->n_figures);
		if (top + b->n + 1 > cap) {
			cap = 2 * (top + b->n + 1);
			stack = xrealloc(stack, cap * sizeof *stack);
		}
		stack[top++] = (visit){ b, true };
		for (size_t i = b->n; i-- > 0;)
			stack[top++] = (visit){ b->children[i], false };
	}
	free(stack);
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
	static const char *const names[] = { "section", "para", "list", "item", "quote",
					     "table", "figure", "box", "definitions", "cell",
					     "chart", "generated" };
	sb_printf(out, "%*s%s", indent * 2, "", names[b->kind]);
	if (b->kind == B_SECTION)
		sb_printf(out, " %s #%s", b->number ? b->number : "-", b->id);
	if (b->kind == B_LIST)
		sb_adds(out, b->numbered ? " numbered" : " bullets");
	if (b->kind == B_TABLE)
		sb_printf(out, " %s %zux%zu%s", b->number, b->table->n_rows, b->table->n_cols,
			  b->table->header ? " header" : "");
	if (b->kind == B_TABLE && b->table->n_foot)
		sb_printf(out, " foot %zu", b->table->n_foot);
	if (b->kind == B_FIGURE)
		sb_printf(out, " %s %s alt=\"%s\"", b->number, b->figure->path,
			  b->figure->alt ? b->figure->alt : "");
	if (b->kind == B_CHART)
		sb_printf(out, " %s alt=\"%s\"", b->number, b->chart->alt);
	if ((b->kind == B_TABLE || b->kind == B_FIGURE || b->kind == B_CHART) && b->id)
		sb_printf(out, " #%s", b->id);
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
