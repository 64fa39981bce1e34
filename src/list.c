/* list: lists and definition lists in the vertical list. */
#include "list.h"
#include "para.h"

#include <string.h>

static void roman(strbuf *b, int n, bool upper)
{
	static const int val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	static const char *const lo[] = { "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x",
					  "ix", "v", "iv", "i" };
	static const char *const up[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X",
					  "IX", "V", "IV", "I" };
	for (int k = 0; k < 13; k++)
		while (n >= val[k]) {
			sb_adds(b, upper ? up[k] : lo[k]);
			n -= val[k];
		}
}

/* The marker of item n (1-based) of a list: "•", "3.", "c)", "iv.", "☐". */
static const char *list_mark(layout *l, const block *list, const block *item, int n)
{
	const style *st = l->st;
	strbuf b = { 0 };
	switch (list->format) {
	case LF_BULLET:
		return st->bullets[(list->level - 1) % 3];
	case LF_CHECK:
		return item->checked ? "\xe2\x98\x91" : "\xe2\x98\x90";
	case LF_DECIMAL:
		sb_printf(&b, "%d", n);
		break;
	case LF_LOWER_ALPHA:
	case LF_UPPER_ALPHA:
		/* a..z, aa..zz */
		for (int k = 0; k <= (n - 1) / 26; k++)
			sb_addc(&b, (char)((list->format == LF_LOWER_ALPHA ? 'a' : 'A') + (n - 1) % 26));
		break;
	case LF_LOWER_ROMAN:
	case LF_UPPER_ROMAN:
		roman(&b, n, list->format == LF_UPPER_ROMAN);
		break;
	}
	sb_adds(&b, list->suffix ? list->suffix : ".");
	const char *r = arena_strdup(l->doc->a, b.s);
	sb_free(&b);
	return r;
}

void list_lay(layout *l, const block *list, snode *parent, double x, double width)
{
	const style *st = l->st;
	snode *L = vl_snode(l, "L", parent);
	/* what a screen reader announces for the labels (PDF's ListNumbering) */
	static const char *const numbering[] = {
		[LF_BULLET] = "/Disc", [LF_DECIMAL] = "/Decimal", [LF_LOWER_ALPHA] = "/LowerAlpha",
		[LF_UPPER_ALPHA] = "/UpperAlpha", [LF_LOWER_ROMAN] = "/LowerRoman",
		[LF_UPPER_ROMAN] = "/UpperRoman", [LF_CHECK] = "/None",
	};
	L->numbering = numbering[list->format];
	double indent = st->list_indent + (list->numbered ? 4 : 0);
	if (list->numbered && (list->format == LF_LOWER_ROMAN || list->format == LF_UPPER_ROMAN ||
			       list->start + (int)list->n > 99))
		indent += 8;
	for (size_t i = 0; i < list->n; i++) {
		const block *item = list->children[i];
		snode *li = vl_snode(l, "LI", L);
		const char *mark = list_mark(l, list, item, list->start + (int)i);
		para *label = para_text(l, mark, &st->body, indent - 4, PANGO_ALIGN_RIGHT);
		snode *body = vl_snode(l, "LBody", li);
		para_shape sh = { width - indent, 0, st->justify, PANGO_ALIGN_LEFT, false, true };
		para *p = para_make(l, &item->text, NULL, &st->body, sh);
		size_t first = para_push(l, p, x + indent, vl_snode(l, "P", body));
		l->items[first].label = label;
		l->items[first].label_x = x;
		l->items[first].label_tag = vl_snode(l, "Lbl", li);
		for (size_t k = 0; k < item->n; k++) {
			vl_glue(l, st->list_item_skip, false);
			list_lay(l, item->children[k], body, x + indent, width - indent);
		}
		if (i + 1 < list->n)
			vl_glue(l, st->list_item_skip, false);
	}
}

/* Definition list: the term in bold, its description indented below. */
void list_lay_definitions(layout *l, const block *dl, snode *parent, double x, double width)
{
	const style *st = l->st;
	snode *L = vl_snode(l, "L", parent);
	L->numbering = "/None";   /* terms, not numbers */
	font_style term = st->body;
	term.weight = 700;
	for (size_t i = 0; i < dl->n; i++) {
		const block *item = dl->children[i];
		snode *li = vl_snode(l, "LI", L);
		para_shape sh = { width, 0, false, PANGO_ALIGN_LEFT, false, false };
		size_t first = para_push(l, para_make(l, &item->term, NULL, &term, sh), x,
					  vl_snode(l, "Lbl", li));
		for (size_t k = first; k < l->n_items; k++)
			l->items[k].keep = true;   /* a term stays with its text */
		sh = (para_shape){ width - st->list_indent, 0, st->justify, PANGO_ALIGN_LEFT, false, true };
		para_push(l, para_make(l, &item->text, NULL, &st->body, sh), x + st->list_indent,
			   vl_snode(l, "P", vl_snode(l, "LBody", li)));
		if (i + 1 < dl->n)
			vl_glue(l, st->list_item_skip + 2, false);
	}
}
