/* shape: a paragraph's text shaped as one line with pango. */
#include "shape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int target_page(const layout *l, const doc_target *t)
{
	if (!l)
		return 0;
	if (t->kind == T_NOTE)
		return t->note->number <= l->n_notes ? l->notes[t->note->number - 1].page : 0;
	return vl_block_page(l, t->block);
}

int shape_xref(const style *st, const layout *prev, const ispan *s, const doc_target *t,
	       strbuf *out)
{
	strbuf number = { 0 };
	switch (t->kind) {
	case T_SECTION:
		sb_printf(&number, "%s\xc2\xa0%s", st->name_section, t->block->number);
		break;
	case T_TABLE:
		sb_printf(&number, "%s\xc2\xa0%s", st->name_table, t->block->number);
		break;
	case T_FIGURE:
		sb_printf(&number, "%s\xc2\xa0%s", st->name_figure, t->block->number);
		break;
	default:
		sb_printf(&number, "%s\xc2\xa0%d", st->name_note, t->note->number);
		break;
	}
	int pg = target_page(prev, t);
	strbuf pages = { 0 };
	if (pg)
		sb_printf(&pages, "%s\xc2\xa0%d", st->name_page, pg);
	else
		sb_printf(&pages, "%s\xc2\xa0??", st->name_page);
	const char *num = number.s ? number.s : "", *page_text = pages.s;
	switch (s->xref_form) {
	case XREF_PAGE:
		sb_adds(out, page_text);
		break;
	case XREF_FULL:
		sb_printf(out, "%s %s %s", num, st->name_on_page, page_text);
		break;
	case XREF_TITLE:
		if (t->kind == T_SECTION)
			sb_adds(out, t->block->plain);
		else if ((t->kind == T_TABLE || t->kind == T_FIGURE) && t->block->caption.n)
			inline_plain_to(out, &t->block->caption);
		else
			sb_adds(out, num);
		break;
	default:
		sb_adds(out, num);
		break;
	}
	sb_free(&number);
	sb_free(&pages);
	return pg;
}

bool shape_prints_page(const ispan *s)
{
	return s->xref && (s->xref_form == XREF_PAGE || s->xref_form == XREF_FULL);
}

bool shape_span(const document *d, const style *st, const layout *prev, const ispan *s,
		strbuf *out, doc_target *target, int *printed)
{
	*printed = 0;
	if (s->note) {
		sb_printf(out, "%d", s->number);
		*target = (doc_target){ T_NOTE, NULL, s };
		return true;
	}
	if (s->xref && doc_find_target(d, s->xref, target)) {
		*printed = shape_xref(st, prev, s, target, out);
		return true;
	}
	sb_add(out, s->text, s->len);
	return s->ref && doc_find_target(d, s->ref, target);
}

size_t shape_joints(const lig_list *lig, const char *text, size_t len, size_t **pairs)
{
	*pairs = NULL;
	if (!lig)
		return 0;
	bool *at = xmalloc(len + 1);
	size_t n = lig_joints(lig, text, len, at), k = 0;
	if (n) {
		*pairs = xmalloc(2 * n * sizeof **pairs);
		for (size_t i = 0; i < len; i++)
			if (at[i]) {
				unsigned cp;
				(*pairs)[2 * k] = i;
				(*pairs)[2 * k++ + 1] = i + (size_t)utf8_decode(text + i, &cp);
			}
	}
	free(at);
	return k;
}

PangoFontDescription *shape_font(const font_style *f)
{
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, f->family);
	pango_font_description_set_absolute_size(d, f->size * PANGO_SCALE);
	pango_font_description_set_weight(d, (PangoWeight)f->weight);
	pango_font_description_set_style(d, f->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	return d;
}

/* OpenType features of the font style, for the whole text. */
static void add_features(PangoAttrList *attrs, const font_style *f)
{
	if (!f->features || !*f->features)
		return;
	pango_attr_list_insert_before(attrs, pango_attr_font_features_new(f->features));
}

PangoAttrList *shape_attrs(const para *p, const style *st, const font_style *f, size_t a,
			   size_t b, bool with_hyphen)
{
	PangoAttrList *attrs = pango_attr_list_new();
	add_features(attrs, f);
	/* at a compound joint the letter after it is shaped on its own (a
	 * feature of its own makes pango start a new run there; alone it
	 * forms no ligature anyway), so no ligature joins it to the letter
	 * before: Auf|lage, Dorf|laden */
	for (size_t j = 0; j < p->n_joints; j++) {
		size_t at = p->joint[2 * j], end = p->joint[2 * j + 1];
		if (at <= a || at >= b)
			continue;
		PangoAttribute *x = pango_attr_font_features_new("liga 0");
		x->start_index = (guint)(at - a);
		x->end_index = (guint)((end < b ? end : b) - a);
		pango_attr_list_insert(attrs, x);
	}
	if (!p->text)
		return attrs;
	const itext *t = p->text;
	for (size_t i = 0; i < t->n; i++) {
		const ispan *s = &t->spans[i];
		size_t sa = p->span_start[i], sb = sa + p->span_len[i];
		if (sb <= a || sa >= b)
			continue;
		guint from = (guint)((sa > a ? sa : a) - a);
		guint to = (guint)((sb < b ? sb : b) - a) + (with_hyphen && sb >= b ? 1 : 0);
		PangoAttribute *at;
		if (s->flags & IN_EMPH) {
			at = pango_attr_style_new(PANGO_STYLE_ITALIC);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
		if (s->flags & IN_STRONG) {
			at = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
		if (s->flags & (IN_DEL | IN_INS)) {
			/* splits runs at the edges of a Synopse's changes, so draw
			 * finds them whole (and says what they are) */
			at = s->flags & IN_DEL ? pango_attr_strikethrough_new(TRUE)
					       : pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
		if (s->note) {
			at = pango_attr_font_scale_new(PANGO_FONT_SCALE_SUPERSCRIPT);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
			at = pango_attr_baseline_shift_new(PANGO_BASELINE_SHIFT_SUPERSCRIPT);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
		if (s->lang) {
			/* text in another language: its own runs, for its Span */
			at = pango_attr_language_new(pango_language_from_string(s->lang));
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
		if (s->href || p->span_dest[i]) {
			/* splits runs at link edges, so draw finds whole links */
			at = pango_attr_foreground_new((guint16)(st->link.r * 65535),
						       (guint16)(st->link.g * 65535),
						       (guint16)(st->link.b * 65535));
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
	}
	return attrs;
}

PangoLayout *shape_whole(PangoContext *ctx, const para *p, const style *st,
			 const font_style *f, const PangoFontDescription *d, const char *text,
			 size_t len, lb_text *out)
{
	PangoAttrList *attrs = shape_attrs(p, st, f, 0, len, false);
	PangoLayout *whole = pango_layout_new(ctx);
	pango_layout_set_font_description(whole, d);
	pango_layout_set_text(whole, text, (int)len);
	pango_layout_set_attributes(whole, attrs);
	pango_attr_list_unref(attrs);
	*out = (lb_text){ .text = pango_layout_get_text(whole), .len = len };
	size_t cap = 0;
	for (GSList *ln = pango_layout_get_lines_readonly(whole); ln; ln = ln->next)
		for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r; r = r->next) {
			if (out->n_runs == cap) {
				cap = cap ? 2 * cap : 16;
				out->runs = xrealloc(out->runs, cap * sizeof *out->runs);
			}
			out->runs[out->n_runs++] = r->data;
		}
	out->attrs = pango_layout_get_log_attrs_readonly(whole, &out->n_attrs);
	return whole;
}

void shape_ahead(PangoContext *ctx, const document *d, const style *st, const lig_list *lig,
		 const layout *prev, const itext *t, const font_style *f, lb_text *out)
{
	strbuf all = { 0 };
	para p = { .text = t };
	size_t n = t->n + 1;
	size_t *ss = xcalloc(n, sizeof *ss), *sl = xcalloc(n, sizeof *sl);
	const char **sd = xcalloc(n, sizeof *sd);
	for (size_t i = 0; i < t->n; i++) {
		doc_target target;
		int printed;
		ss[i] = all.len;
		bool links = shape_span(d, st, prev, &t->spans[i], &all, &target, &printed);
		sl[i] = all.len - ss[i];
		sd[i] = links ? "link" : NULL;   /* shape_attrs asks only whether */
	}
	p.span_start = ss;
	p.span_len = sl;
	p.span_dest = sd;
	const char *text = all.s ? all.s : "";
	size_t *joints;
	p.n_joints = shape_joints(lig, text, all.len, &joints);
	p.joint = joints;
	PangoFontDescription *fd = shape_font(f);
	lb_text own;
	PangoLayout *whole = shape_whole(ctx, &p, st, f, fd, text, all.len, &own);
	/* copies: the layout and its context stay on this thread */
	*out = (lb_text){ .text = xstrdup(text), .len = all.len, .n_runs = own.n_runs,
			  .n_attrs = own.n_attrs };
	out->runs = xmalloc((own.n_runs + 1) * sizeof *out->runs);
	for (size_t i = 0; i < own.n_runs; i++)
		out->runs[i] = pango_glyph_item_copy(own.runs[i]);
	PangoLogAttr *la = xmalloc(((size_t)own.n_attrs + 1) * sizeof *la);
	memcpy(la, own.attrs, (size_t)own.n_attrs * sizeof *la);
	out->attrs = la;
	free(own.runs);
	g_object_unref(whole);
	pango_font_description_free(fd);
	free(joints);
	free(ss);
	free(sl);
	free(sd);
	sb_free(&all);
}

void shape_free(lb_text *t)
{
	for (size_t i = 0; i < t->n_runs; i++)
		pango_glyph_item_free(t->runs[i]);
	free(t->runs);
	free((void *)t->attrs);
	free((void *)t->text);
	memset(t, 0, sizeof *t);
}
