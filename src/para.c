/* para: paragraphs shaped once, broken into lines, justified. */
#include "para.h"
#include "fonts.h"
#include "linebreak.h"
#include "preshape.h"
#include "shape.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void keep_layout(layout *l, PangoLayout *pl)
{
	if (l->n_layouts == l->cap_layouts) {
		l->cap_layouts = l->cap_layouts ? l->cap_layouts * 2 : 64;
		l->layouts = xrealloc(l->layouts, l->cap_layouts * sizeof *l->layouts);
	}
	l->layouts[l->n_layouts++] = pl;
}

/* The pass holds p's glyph runs until layout_free. */
static void keep_para(layout *l, para *p)
{
	if (l->n_broken == l->cap_broken) {
		l->cap_broken = l->cap_broken ? l->cap_broken * 2 : 64;
		l->broken = xrealloc(l->broken, l->cap_broken * sizeof *l->broken);
	}
	l->broken[l->n_broken++] = p;
	p->refs++;
}

static void free_run(void *data)
{
	PangoGlyphItem *gi = data;
	pango_item_free(gi->item);
	pango_glyph_string_free(gi->glyphs);
	g_slice_free(PangoGlyphItem, gi);
}

/* --- a line's glyph runs, packed ---------------------------------------
 * Lines keep their glyphs from breaking until they are drawn, so a long
 * document holds most of its glyphs at once.  Pango's form costs 24 bytes
 * a glyph and six allocations a run (glyph item, item, its attributes,
 * glyph string, glyphs, clusters); packed, a line is one block: for each
 * run what drawing reads (the analysis with its font, the item's place,
 * the run's offsets), then per glyph its id, width, cluster (2 bytes when
 * the run is short) and flags (1 byte), x/y offsets only where a run has
 * any (marks). */
typedef struct {
	PangoAnalysis analysis;  /* holds a reference on the font; no attributes */
	int offset, length, num_chars;
	int y_offset, start_x_offset, end_x_offset;
	int n;                   /* glyphs */
	bool offsets;            /* x/y offsets stored after the flags */
	bool wide;               /* clusters of 4 bytes (a run over 64 KiB) */
} packed_run;

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Where a run's arrays start in its bytes: ids and widths (4 bytes each)
 * at 0, clusters, flags, then (aligned) the x/y offsets. */
static size_t clusters_at(const packed_run *r)
{
	return 8 * (size_t)r->n;
}

static size_t flags_at(const packed_run *r)
{
	return clusters_at(r) + (r->wide ? 4 : 2) * (size_t)r->n;
}

static size_t offsets_at(const packed_run *r)
{
	return align4(flags_at(r) + (size_t)r->n);
}

static size_t run_bytes(const packed_run *r)
{
	return offsets_at(r) + (r->offsets ? 8 * (size_t)r->n : 0);
}

/* The block: the number of runs (8 bytes), the runs, their glyphs. */
#define PACKED_HEAD 8

static unsigned char *pack_runs(GSList *runs)
{
	uint32_t n_runs = g_slist_length(runs);
	size_t size = PACKED_HEAD + sizeof(packed_run) * n_runs;
	packed_run *head = xcalloc(n_runs, sizeof *head);
	uint32_t i = 0;
	for (GSList *r = runs; r; r = r->next, i++) {
		const PangoGlyphItem *gi = r->data;
		packed_run *pr = &head[i];
		pr->analysis = gi->item->analysis;
		pr->analysis.extra_attrs = NULL;
		/* a font of preshape's map becomes ours: one subset per face */
		pr->analysis.font = fonts_own(pr->analysis.font);
		if (pr->analysis.font)
			g_object_ref(pr->analysis.font);
		pr->offset = gi->item->offset;
		pr->length = gi->item->length;
		pr->num_chars = gi->item->num_chars;
		pr->y_offset = gi->y_offset;
		pr->start_x_offset = gi->start_x_offset;
		pr->end_x_offset = gi->end_x_offset;
		pr->n = gi->glyphs->num_glyphs;
		pr->wide = gi->item->length > 0xffff;
		for (int g = 0; g < pr->n && !pr->offsets; g++)
			pr->offsets = gi->glyphs->glyphs[g].geometry.x_offset ||
				      gi->glyphs->glyphs[g].geometry.y_offset;
		size += run_bytes(pr);
	}
	unsigned char *packed = xmalloc(size);
	unsigned char *at = packed + PACKED_HEAD + sizeof *head * n_runs;
	memcpy(packed, &n_runs, sizeof n_runs);
	memcpy(packed + PACKED_HEAD, head, sizeof *head * n_runs);
	i = 0;
	for (GSList *r = runs; r; r = r->next, i++) {
		const PangoGlyphString *gs = ((const PangoGlyphItem *)r->data)->glyphs;
		const packed_run *pr = &head[i];
		size_t n = (size_t)pr->n;
		uint32_t *id = (uint32_t *)at;
		int32_t *width = (int32_t *)(at + 4 * n);
		unsigned char *cl = at + clusters_at(pr), *flags = at + flags_at(pr);
		for (size_t g = 0; g < n; g++) {
			id[g] = gs->glyphs[g].glyph;
			width[g] = gs->glyphs[g].geometry.width;
			if (pr->wide)
				((int32_t *)cl)[g] = gs->log_clusters[g];
			else
				((uint16_t *)cl)[g] = (uint16_t)gs->log_clusters[g];
			flags[g] = (unsigned char)(gs->glyphs[g].attr.is_cluster_start |
						   gs->glyphs[g].attr.is_color << 1);
		}
		if (pr->offsets) {
			int32_t *off = (int32_t *)(at + offsets_at(pr));
			for (size_t g = 0; g < n; g++) {
				off[2 * g] = gs->glyphs[g].geometry.x_offset;
				off[2 * g + 1] = gs->glyphs[g].geometry.y_offset;
			}
		}
		at += run_bytes(pr);
	}
	free(head);
	return packed;
}

/* Pango's glyph items again, for drawing one line. */
static GSList *unpack_runs(const unsigned char *packed)
{
	uint32_t n_runs;
	memcpy(&n_runs, packed, sizeof n_runs);
	const packed_run *head = (const packed_run *)(packed + PACKED_HEAD);
	const unsigned char *at = packed + PACKED_HEAD + sizeof *head * n_runs;
	GSList *runs = NULL;
	for (uint32_t i = 0; i < n_runs; i++) {
		const packed_run *pr = &head[i];
		size_t n = (size_t)pr->n;
		PangoGlyphItem *gi = g_slice_new0(PangoGlyphItem);
		gi->item = pango_item_new();
		gi->item->analysis = pr->analysis;
		if (gi->item->analysis.font)
			g_object_ref(gi->item->analysis.font);
		gi->item->offset = pr->offset;
		gi->item->length = pr->length;
		gi->item->num_chars = pr->num_chars;
		gi->y_offset = pr->y_offset;
		gi->start_x_offset = pr->start_x_offset;
		gi->end_x_offset = pr->end_x_offset;
		gi->glyphs = pango_glyph_string_new();
		pango_glyph_string_set_size(gi->glyphs, pr->n);
		const uint32_t *id = (const uint32_t *)at;
		const int32_t *width = (const int32_t *)(at + 4 * n);
		const unsigned char *cl = at + clusters_at(pr), *flags = at + flags_at(pr);
		const int32_t *off = pr->offsets ? (const int32_t *)(at + offsets_at(pr)) : NULL;
		for (size_t g = 0; g < n; g++) {
			PangoGlyphInfo *info = &gi->glyphs->glyphs[g];
			info->glyph = id[g];
			info->geometry.width = width[g];
			info->geometry.x_offset = off ? off[2 * g] : 0;
			info->geometry.y_offset = off ? off[2 * g + 1] : 0;
			info->attr.is_cluster_start = flags[g] & 1;
			info->attr.is_color = flags[g] >> 1 & 1;
			gi->glyphs->log_clusters[g] = pr->wide ? ((const int32_t *)cl)[g]
							       : ((const uint16_t *)cl)[g];
		}
		runs = g_slist_prepend(runs, gi);
		at += run_bytes(pr);
	}
	return g_slist_reverse(runs);
}

static void free_packed(unsigned char *packed)
{
	if (!packed)
		return;
	uint32_t n_runs;
	memcpy(&n_runs, packed, sizeof n_runs);
	const packed_run *head = (const packed_run *)(packed + PACKED_HEAD);
	for (uint32_t i = 0; i < n_runs; i++)
		if (head[i].analysis.font)
			g_object_unref(head[i].analysis.font);
	free(packed);
}

void para_drop_runs(para *p)
{
	for (int k = 0; k < p->n_lines; k++) {
		free_packed(p->lines[k].glyphs);
		p->lines[k].glyphs = NULL;
	}
}

void para_release(para *p)
{
	if (--p->refs > 0)
		return;
	para_drop_runs(p);
}

/* Ascent and descent of a font, cached: asking pango for metrics costs a
 * font load each time, and a document uses a dozen fonts. */
static void font_extents(const font_style *f, double *asc, double *desc)
{
	static struct {
		char family[64];
		double size, asc, desc;
		int weight;
		bool italic;
	} cache[32];
	static int n_cache;
	for (int i = 0; i < n_cache; i++)
		if (cache[i].size == f->size && cache[i].weight == f->weight &&
		    cache[i].italic == f->italic && strcmp(cache[i].family, f->family) == 0) {
			*asc = cache[i].asc;
			*desc = cache[i].desc;
			return;
		}
	PangoFontDescription *d = shape_font(f);
	PangoFontMetrics *m = pango_context_get_metrics(fonts_context(), d, NULL);
	*asc = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
	*desc = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
	pango_font_metrics_unref(m);
	pango_font_description_free(d);
	if (n_cache < 32 && strlen(f->family) < sizeof cache[0].family) {
		strcpy(cache[n_cache].family, f->family);
		cache[n_cache].size = f->size;
		cache[n_cache].weight = f->weight;
		cache[n_cache].italic = f->italic;
		cache[n_cache].asc = *asc;
		cache[n_cache++].desc = *desc;
	}
}

static void set_metrics(para *p, const font_style *f)
{
	double asc, desc;
	font_extents(f, &asc, &desc);
	p->leading = f->leading;
	/* centre the font's height in the line box, as TeX's struts do */
	p->ascent = (f->leading - (asc + desc)) / 2 + asc;
}

const char *para_line_text(const para *p, int k)
{
	const pline *ln = &p->lines[k];
	return ln->layout ? pango_layout_get_text(ln->layout) : ln->text;
}

PangoLayoutLine *para_line(const para *p, int k, PangoLayoutLine *scratch, const char **text,
			   size_t *offset)
{
	const pline *ln = &p->lines[k];
	if (text)
		*text = para_line_text(p, k);
	if (offset)
		*offset = ln->start;
	memset(scratch, 0, sizeof *scratch);
	if (ln->layout)
		return pango_layout_get_line_readonly(ln->layout, 0);
	scratch->runs = ln->glyphs ? unpack_runs(ln->glyphs) : NULL;
	return scratch;
}

void para_line_done(PangoLayoutLine *scratch)
{
	g_slist_free_full(scratch->runs, free_run);
	scratch->runs = NULL;
}

static double line_natural(PangoLayout *pl);

double para_line_width(const para *p, int k)
{
	const pline *ln = &p->lines[k];
	return ln->layout ? line_natural(ln->layout) : ln->natural;
}

static srcpos pos_of(const para *p, size_t off, const char *path)
{
	srcpos pos = { path, 0, 0 };
	if (p->text) {
		pos = p->text->pos;
		for (size_t s = 0; s < p->text->n && p->span_start[s] <= off; s++)
			pos = p->text->spans[s].pos;
	}
	return pos;
}

/* The compound joints of the text, where no ligature may form. */
static void find_joints(layout *l, para *p, const char *text, size_t len)
{
	size_t *pairs;
	p->n_joints = shape_joints(l->lig, text, len, &pairs);
	if (p->n_joints) {
		p->joint = arena_alloc(l->doc->a, 2 * p->n_joints * sizeof *p->joint);
		memcpy(p->joint, pairs, 2 * p->n_joints * sizeof *p->joint);
	}
	free(pairs);
}

static PangoLayout *shape_line(layout *l, const PangoFontDescription *d, const char *text,
			       size_t len, PangoAttrList *attrs)
{
	PangoLayout *pl = pango_layout_new(fonts_context());
	keep_layout(l, pl);
	pango_layout_set_font_description(pl, d);
	pango_layout_set_text(pl, text, (int)len);
	pango_layout_set_attributes(pl, attrs);
	return pl;
}

static double line_natural(PangoLayout *pl)
{
	PangoRectangle logical;
	pango_layout_get_extents(pl, NULL, &logical);
	return logical.width / (double)PANGO_SCALE;
}

/* Width of the first (or last) glyph of a shaped line and its character. */
static double edge_glyph(PangoLayoutLine *line, const char *text, bool last, unsigned *cp)
{
	*cp = 0;
	if (!line->runs)
		return 0;
	GSList *r = line->runs;
	if (last)
		r = g_slist_last(r);
	PangoGlyphItem *gi = r->data;
	if (gi->glyphs->num_glyphs == 0)
		return 0;
	int g = last ? gi->glyphs->num_glyphs - 1 : 0;
	utf8_decode(text + gi->item->offset + gi->glyphs->log_clusters[g], cp);
	return gi->glyphs->glyphs[g].geometry.width / (double)PANGO_SCALE;
}

/* Widens (or narrows) every inter-word space of a line by extra pt. */
static void spread_spaces(GSList *runs, const char *text, double extra)
{
	int add = (int)lround(extra * PANGO_SCALE);
	for (GSList *r = runs; r; r = r->next) {
		PangoGlyphItem *gi = r->data;
		for (int g = 0; g < gi->glyphs->num_glyphs; g++)
			if (text[gi->item->offset + gi->glyphs->log_clusters[g]] == ' ')
				gi->glyphs->glyphs[g].geometry.width += add;
	}
}

static int count_spaces(const char *s, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == ' ';
	return c;
}

static double aligned_x(const para_shape *sh, double line_width, double natural)
{
	if (sh->align == PANGO_ALIGN_RIGHT)
		return line_width - natural;
	if (sh->align == PANGO_ALIGN_CENTER)
		return (line_width - natural) / 2;
	return 0;
}

/* Bytes of the first n characters of s. */
static size_t utf8_prefix(const char *s, size_t n)
{
	size_t i = 0;
	for (size_t c = 0; s[i] && c < n; c++) {
		unsigned cp;
		i += (size_t)utf8_decode(s + i, &cp);
	}
	return i;
}

/* A paragraph shaped once as one line; its lines are cut from it. */
typedef struct {
	const char *text;         /* the paragraph's text */
	size_t len;
	PangoGlyphItem **runs;    /* its runs, in text order */
	size_t n_runs;
	size_t next;              /* first run not wholly before the line being cut */
	const font_style *f;
	const PangoFontDescription *font;
} shaped_para;

/* Glyphs [from, from + n) of gs in a glyph string of exactly n, their
 * clusters less shift: pango's own strings grow by doubling, and a
 * document's lines keep their glyphs until they are drawn. */
static PangoGlyphString *glyphs_exact(const PangoGlyphString *gs, int from, int n, int shift)
{
	PangoGlyphString *out = pango_glyph_string_new();
	if (n > 0) {
		out->glyphs = g_new(PangoGlyphInfo, n);
		out->log_clusters = g_new(int, n);
		memcpy(out->glyphs, gs->glyphs + from, (size_t)n * sizeof *out->glyphs);
		for (int g = 0; g < n; g++)
			out->log_clusters[g] = gs->log_clusters[from + g] - shift;
	}
	out->num_glyphs = n;
	out->space = n;
	return out;
}

static PangoGlyphItem *copy_run(const PangoGlyphItem *r, int shift)
{
	PangoGlyphItem *gi = g_slice_new0(PangoGlyphItem);
	gi->item = pango_item_copy(r->item);
	gi->item->offset += shift;
	gi->glyphs = glyphs_exact(r->glyphs, 0, r->glyphs->num_glyphs, 0);
	gi->y_offset = r->y_offset;
	gi->start_x_offset = r->start_x_offset;
	gi->end_x_offset = r->end_x_offset;
	return gi;
}

/* The first glyph of gs whose cluster starts at or after byte x. */
static int glyph_at(const PangoGlyphString *gs, int x)
{
	int lo = 0, hi = gs->num_glyphs;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (gs->log_clusters[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The glyphs of run r for the paragraph's bytes [a, b), with offsets from
 * the line's start; NULL when a or b is inside a cluster or the run is
 * set right to left (the caller shapes the piece again). */
static PangoGlyphItem *cut_run(const PangoGlyphItem *r, const char *text, size_t a, size_t b,
			       size_t line_start)
{
	const PangoGlyphString *gs = r->glyphs;
	int off = r->item->offset, n = gs->num_glyphs;
	if (r->item->analysis.level % 2)
		return NULL;
	int ga = glyph_at(gs, (int)a - off), gb = glyph_at(gs, (int)b - off);
	if (ga == n || gs->log_clusters[ga] != (int)a - off ||
	    (gb < n && gs->log_clusters[gb] != (int)b - off))
		return NULL;
	PangoGlyphItem *gi = g_slice_new0(PangoGlyphItem);
	gi->item = pango_item_copy(r->item);
	gi->item->offset = (int)(a - line_start);
	gi->item->length = (int)(b - a);
	gi->item->num_chars = (int)g_utf8_strlen(text + a, (gssize)(b - a));
	gi->glyphs = glyphs_exact(gs, ga, gb - ga, (int)a - off);
	gi->y_offset = r->y_offset;
	return gi;
}

/* Prepends to *out the paragraph's glyphs for [a, b); false when a piece
 * cannot be cut (what was prepended stays for the caller to free). */
static bool cut_glyphs(shaped_para *sp, size_t a, size_t b, size_t line_start, GSList **out)
{
	while (sp->next < sp->n_runs &&
	       (size_t)(sp->runs[sp->next]->item->offset + sp->runs[sp->next]->item->length) <= a)
		sp->next++;
	for (size_t i = sp->next; i < sp->n_runs; i++) {
		const PangoGlyphItem *r = sp->runs[i];
		size_t ra = (size_t)r->item->offset, rb = ra + (size_t)r->item->length;
		if (ra >= b)
			break;
		PangoGlyphItem *gi = cut_run(r, sp->text, a > ra ? a : ra, b < rb ? b : rb,
					     line_start);
		if (!gi)
			return false;
		*out = g_slist_prepend(*out, gi);
	}
	return true;
}

/* Prepends to *out the paragraph's bytes [a, b), and a hyphen if asked,
 * shaped on their own: a word cut at the line's edge. */
static void shape_piece(layout *l, const para *p, const shaped_para *sp, size_t a, size_t b,
			bool hyphen, size_t line_start, GSList **out)
{
	strbuf s = { 0 };
	sb_add(&s, sp->text + a, b - a);
	if (hyphen)
		sb_addc(&s, '-');
	PangoAttrList *attrs = shape_attrs(p, l->st, sp->f, a, b, hyphen);
	PangoLayout *pl = pango_layout_new(fonts_context());
	pango_layout_set_font_description(pl, sp->font);
	pango_layout_set_text(pl, s.s ? s.s : "", (int)s.len);
	pango_layout_set_attributes(pl, attrs);
	pango_attr_list_unref(attrs);
	for (GSList *ln = pango_layout_get_lines_readonly(pl); ln; ln = ln->next)
		for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r; r = r->next)
			*out = g_slist_prepend(*out, copy_run(r->data, (int)(a - line_start)));
	g_object_unref(pl);
	sb_free(&s);
}

/* The glyph runs of the line [a, e): the paragraph's own glyphs between
 * the first and the last space, the words at the edges shaped again when
 * the line starts or ends inside a word (so a broken word gets its
 * hyphen, and no ligature or kerning spans the break). */
static GSList *line_runs(layout *l, const para *p, shaped_para *sp, const lb_line *ln)
{
	const char *text = sp->text;
	size_t a = ln->start, e = ln->end, head = a, tail = e;
	if (a > 0 && text[a - 1] != ' ' && text[a - 1] != '\n')
		while (head < e && text[head] != ' ')
			head++;
	if (ln->hyphen || (e < sp->len && text[e] != ' ' && text[e] != '\n'))
		while (tail > head && text[tail - 1] != ' ')
			tail--;
	GSList *runs = NULL;
	if (head < tail) {
		if (head > a)
			shape_piece(l, p, sp, a, head, false, a, &runs);
		if (cut_glyphs(sp, head, tail, a, &runs)) {
			if (tail < e || ln->hyphen)
				shape_piece(l, p, sp, tail, e, ln->hyphen, a, &runs);
			return g_slist_reverse(runs);
		}
		g_slist_free_full(runs, free_run);
		runs = NULL;
	}
	if (a < e || ln->hyphen)
		shape_piece(l, p, sp, a, e, ln->hyphen, a, &runs);
	return g_slist_reverse(runs);
}

static double runs_width(GSList *runs)
{
	int w = 0;
	for (GSList *r = runs; r; r = r->next)
		w += pango_glyph_string_get_width(((PangoGlyphItem *)r->data)->glyphs);
	return w / (double)PANGO_SCALE;
}

static void set_line(layout *l, para *p, int k, const para_shape *sh, const lb_line *ln,
		     shaped_para *sp)
{
	pline *pl = &p->lines[k];
	strbuf s = { 0 };
	sb_add(&s, sp->text + ln->start, ln->end - ln->start);
	if (ln->hyphen)
		sb_addc(&s, '-');
	pl->text = arena_strndup(l->doc->a, s.s ? s.s : "", s.len);
	PangoLayoutLine line = { .runs = line_runs(l, p, sp, ln) };
	pl->start = ln->start;
	pl->ratio = ln->ratio;
	pl->first_note = -1;
	for (size_t i = 0; p->text && i < p->text->n; i++)
		if (p->text->spans[i].note && p->span_start[i] >= ln->start &&
		    p->span_start[i] < ln->end + (ln->last ? 1 : 0)) {
			if (pl->first_note < 0)
				pl->first_note = p->text->spans[i].number - 1;
			pl->n_notes++;
		}
	pl->hyphen = ln->hyphen || ln->explicit_hyphen;
	pl->added_hyphen = ln->hyphen;
	double natural = pl->natural = runs_width(line.runs);
	double offset = k == 0 ? (sh->indent > 0 ? sh->indent : 0)
			       : (sh->indent < 0 ? -sh->indent : 0);
	unsigned first_cp, last_cp;
	double first_w = edge_glyph(&line, pl->text, false, &first_cp);
	double last_w = edge_glyph(&line, pl->text, true, &last_cp);
	double left = l->st->protrude ? lb_protrusion(first_cp, false) * first_w : 0;
	double right = l->st->protrude ? lb_protrusion(last_cp, true) * last_w : 0;
	int spaces = count_spaces(pl->text, s.len);
	/* font expansion scales the whole line, spaces and protrusion too:
	 * (1 + e) * (natural + spread) fills the measure */
	double f = sh->justify && !ln->last ? 1 + ln->expand : 1;
	pl->expand = f - 1;
	double room = ln->width / f + left + right - natural;
	if (spaces > 0 && ((sh->justify && !ln->last) || room < 0)) {
		/* justify; a last or ragged line only ever shrinks to fit */
		spread_spaces(line.runs, pl->text,
			      (sh->justify && !ln->last ? room : fmin(room, 0)) / spaces);
		pl->x = offset - left * f;
	} else {
		pl->x = offset + aligned_x(sh, ln->width, natural) -
			(sh->align == PANGO_ALIGN_LEFT ? left : 0);
	}
	pl->overfull = ln->overfull > 0.1 ? ln->overfull : 0;
	pl->glyphs = pack_runs(line.runs);
	g_slist_free_full(line.runs, free_run);
	sb_free(&s);
}

/* Warns of the paragraph's overfull lines, named by their start (a
 * 10,000-letter word is not repeated). */
static void warn_overfull(layout *l, const para *p)
{
	for (int k = 0; k < p->n_lines; k++) {
		const pline *pl = &p->lines[k];
		if (pl->overfull <= 0)
			continue;
		const char *s = pl->text;
		size_t len = strlen(s);
		int show = len > 60 ? (int)utf8_prefix(s, 57) : (int)len;
		diag(DIAG_WARNING, pos_of(p, pl->start, l->doc->path),
		     "overfull line (+%.1fpt) in paragraph: '%.*s%s'; rephrase or allow a break "
		     "(\\- marks a possible hyphen)", pl->overfull, show, s, len > 60 ? "…" : "");
		l->stats.overfull++;
	}
}

static void count_lines(layout *l, const para *p, const para_shape *sh)
{
	int run = 0;
	l->stats.paragraphs++;
	for (int k = 0; k < p->n_lines; k++) {
		const pline *ln = &p->lines[k];
		l->stats.lines++;
		if (ln->hyphen) {
			l->stats.hyphenated++;
			if (++run > l->stats.longest_run)
				l->stats.longest_run = run;
		} else {
			run = 0;
		}
		if (sh->justify && k < p->n_lines - 1) {
			l->stats.loose += ln->ratio > 1;
			l->stats.tight += ln->ratio < -0.5;
		}
	}
}

static void lay_note(layout *l, const ispan *s);

/* Where span s links (target, from shape_span), after what the link
 * entails in this pass: a footnote is laid out when its mark is met, and
 * a reference that prints a page is recorded (refs_changed compares the
 * pages of two passes). */
static const char *span_link(layout *l, const ispan *s, const doc_target *target, int printed)
{
	if (s->note)
		lay_note(l, s);
	else if (shape_prints_page(s)) {
		l->xrefs = xrealloc(l->xrefs, (l->n_xrefs + 1) * sizeof *l->xrefs);
		l->xrefs[l->n_xrefs++] = (struct xref_use){ *target, printed };
	}
	return vl_dest(l, target);
}

/* A look-up key: its length, then its bytes. */
static void key_add(strbuf *k, const void *v, size_t n)
{
	sb_add(k, v, n);
}

guint para_key_hash(gconstpointer key)
{
	size_t n;
	memcpy(&n, key, sizeof n);
	const unsigned char *s = (const unsigned char *)key + sizeof n;
	guint h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

gboolean para_key_equal(gconstpointer a, gconstpointer b)
{
	size_t n, m;
	memcpy(&n, a, sizeof n);
	memcpy(&m, b, sizeof m);
	return n == m && memcmp(a, b, sizeof n + n) == 0;
}

/* The look-up key of a text set in font f and shape sh: the values
 * themselves, not printed (printing the numbers cost more than the
 * look-up saved on short texts). */
static char *para_key(const itext *t, const font_style *f, const para_shape *sh,
		      const char *text, size_t len)
{
	strbuf k = { 0 };
	size_t n = 0;
	key_add(&k, &n, sizeof n);   /* the length, set below */
	/* the font by value: callers pass styles built on the stack */
	key_add(&k, &t, sizeof t);
	key_add(&k, &f->size, sizeof f->size);
	key_add(&k, &f->weight, sizeof f->weight);
	key_add(&k, &f->italic, sizeof f->italic);
	key_add(&k, &f->leading, sizeof f->leading);
	key_add(&k, &f->color, sizeof f->color);
	key_add(&k, &sh->width, sizeof sh->width);
	key_add(&k, &sh->indent, sizeof sh->indent);
	key_add(&k, &sh->justify, sizeof sh->justify);
	key_add(&k, &sh->align, sizeof sh->align);
	key_add(&k, &sh->hyphenate, sizeof sh->hyphenate);
	key_add(&k, &sh->ellipsize, sizeof sh->ellipsize);
	key_add(&k, f->family, strlen(f->family) + 1);
	if (f->features)
		key_add(&k, f->features, strlen(f->features));
	key_add(&k, "", 1);
	key_add(&k, text, len);
	n = k.len - sizeof n;
	memcpy(k.s, &n, sizeof n);
	return k.s;
}

/* The paragraph the previous pass broke from the same text, font and
 * shape, now also this pass's; NULL if there is none.  *key is set to
 * the look-up key (the caller's to insert or free). */
static para *reuse_para(layout *l, const itext *t, const font_style *f, const para_shape *sh,
			const char *text, size_t len, char **key)
{
	*key = para_key(t, f, sh, text, len);
	para *p = l->prev ? g_hash_table_lookup(l->prev->made, *key) : NULL;
	if (!p)
		return NULL;
	keep_para(l, p);
	g_hash_table_insert(l->made, *key, p);
	*key = NULL;
	return p;
}

/* A paragraph made in this pass: its scratch copy and span arrays moved
 * into the arena (a paragraph the last pass made is taken instead, and
 * the scratch is dropped: the second pass allocates nothing for it). */
static para *keep_scratch(layout *l, const para *scratch)
{
	para *p = arena_alloc(l->doc->a, sizeof *p);
	*p = *scratch;
	font_style *fc = arena_alloc(l->doc->a, sizeof *fc);
	*fc = *scratch->font;   /* callers pass styles built on the stack */
	p->font = fc;
	if (p->text) {
		size_t n = p->text->n + 1;
		size_t *ss = arena_alloc(l->doc->a, n * sizeof *ss);
		size_t *sl = arena_alloc(l->doc->a, n * sizeof *sl);
		const char **sd = arena_alloc(l->doc->a, n * sizeof *sd);
		memcpy(ss, scratch->span_start, n * sizeof *ss);
		memcpy(sl, scratch->span_len, n * sizeof *sl);
		memcpy(sd, scratch->span_dest, n * sizeof *sd);
		p->span_start = ss;
		p->span_len = sl;
		p->span_dest = sd;
	}
	return p;
}

/* The span arrays para_make fills before it knows which paragraph to
 * keep. */
static void drop_scratch(para *scratch)
{
	free((void *)scratch->span_start);
	free((void *)scratch->span_len);
	free((void *)scratch->span_dest);
}

para *para_make(layout *l, const itext *t, const char *plain,
		       const font_style *f, para_shape sh)
{
	para scratch = { 0 }, *p = &scratch;
	para *reused;
	char *key = NULL;
	p->color = f->color;
	p->font = f;
	strbuf all = { 0 };
	if (t) {
		p->text = t;
		p->span_start = xmalloc((t->n + 1) * sizeof *p->span_start);
		p->span_len = xmalloc((t->n + 1) * sizeof *p->span_len);
		p->span_dest = xmalloc((t->n + 1) * sizeof *p->span_dest);
		for (size_t i = 0; i < t->n; i++) {
			doc_target target;
			int printed;
			p->span_start[i] = all.len;
			bool links = shape_span(l->doc, l->st, l->prev, &t->spans[i], &all, &target,
						&printed);
			p->span_len[i] = all.len - p->span_start[i];
			p->span_dest[i] = links ? span_link(l, &t->spans[i], &target, printed) : NULL;
		}
		p->span_start[t->n] = p->span_len[t->n] = 0;
		p->span_dest[t->n] = NULL;
	} else {
		sb_adds(&all, plain);
	}
	const char *text = all.s ? all.s : "";
	bool one_line = sh.width <= 0 || sh.ellipsize;
	if (one_line) {
		/* the same one-line text again: a list mark, a number */
		key = para_key(t, f, &sh, text, all.len);
		if ((reused = g_hash_table_lookup(l->one_lines, key))) {
			drop_scratch(&scratch);
			sb_free(&all);
			free(key);
			return reused;
		}
	}
	if (!one_line && (reused = reuse_para(l, t, f, &sh, text, all.len, &key))) {
		drop_scratch(&scratch);
		p = reused;
		warn_overfull(l, p);
		count_lines(l, p, &sh);
		sb_free(&all);
		return p;
	}
	p = keep_scratch(l, &scratch);
	drop_scratch(&scratch);
	find_joints(l, p, text, all.len);
	PangoFontDescription *d = shape_font(f);
	set_metrics(p, f);
	if (sh.width <= 0 || sh.ellipsize) {
		/* one line: numbers, labels, running heads */
		PangoAttrList *attrs = shape_attrs(p, l->st, f, 0, all.len, false);
		p->n_lines = 1;
		p->lines = arena_alloc(l->doc->a, sizeof *p->lines);
		PangoLayout *pl = shape_line(l, d, text, all.len, attrs);
		pango_attr_list_unref(attrs);
		if (sh.ellipsize) {
			pango_layout_set_width(pl, (int)lround(sh.width * PANGO_SCALE));
			pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
		}
		p->lines[0] = (pline){ .layout = pl, .first_note = -1 };
		if (sh.width > 0)
			p->lines[0].x = aligned_x(&sh, sh.width, line_natural(pl));
		g_hash_table_insert(l->one_lines, key, p);
		key = NULL;
	} else {
		double t0 = clock_seconds();
		/* shaped once, here or ahead on preshape's thread: the breaker
		 * measures it, the lines are cut from it */
		lb_text lt;
		PangoLayout *whole = NULL;
		if (l->pre && preshape_take(l->pre, t, f, text, all.len, &lt))
			l->stats.shaped_ahead++;
		else
			whole = shape_whole(fonts_context(), p, l->st, f, d, text, all.len, &lt);
		lt.font = d;
		lt.ctx = fonts_context();
		lb_params lp = { sh.width, sh.indent, sh.justify,
				 sh.hyphenate && l->st->hyphenate ? l->hyph : NULL,
				 l->st->hyph_left, l->st->hyph_right, l->st->expansion,
				 l->st->protrude };
		double t1 = clock_seconds();
		lb_result res;
		lb_break(&lt, &lp, &res);
		double t2 = clock_seconds();
		shaped_para sp = { .text = text, .len = all.len, .f = f, .font = d,
				   .runs = lt.runs, .n_runs = lt.n_runs };
		p->n_lines = res.n;
		p->lines = arena_alloc(l->doc->a, (size_t)res.n * sizeof *p->lines);
		for (int k = 0; k < res.n; k++)
			set_line(l, p, k, &sh, &res.lines[k], &sp);
		if (whole) {
			free(lt.runs);
			g_object_unref(whole);
		} else {
			shape_free(&lt);
		}
		lb_result_free(&res);
		keep_para(l, p);
		l->stats.t_break += t2 - t1;
		l->stats.t_shape += (t1 - t0) + (clock_seconds() - t2);
		g_hash_table_insert(l->made, key, p);
		key = NULL;
	}
	if (sh.width > 0 && !sh.ellipsize) {   /* broken into lines */
		warn_overfull(l, p);
		count_lines(l, p, &sh);
	}
	p->layout = p->lines[0].layout;
	pango_font_description_free(d);
	sb_free(&all);
	free(key);
	return p;
}

para *para_text(layout *l, const char *text, const font_style *f, double width,
		  PangoAlignment align)
{
	para_shape sh = { width, 0, false, align, false, false };
	return para_make(l, NULL, text, f, sh);
}

para *para_text_fit(layout *l, const char *text, const font_style *f, double width,
		      PangoAlignment align)
{
	para_shape sh = { width, 0, false, align, true, false };
	return para_make(l, NULL, text, f, sh);
}

/* Pushes the lines of p; returns the index of the first.  Keeps at least
 * two lines of a paragraph on each side of a page break. */
size_t para_push(layout *l, para *p, double x, snode *tag)
{
	int n = p->n_lines;
	size_t first = l->n_items;
	for (int k = 0; k < n; k++) {
		vitem *v = vl_push(l, V_LINE);
		v->height = p->leading;
		v->para = p;
		v->line = k;
		v->x = x;
		v->tag = tag;
		v->keep = k < n - 1 && !(k >= 1 && n - 1 - k >= 2);
	}
	return first;
}

void para_lay(layout *l, const itext *t, const font_style *f, snode *parent,
		     double x, double width, double indent, bool justify)
{
	para_shape sh = { width, indent, justify, PANGO_ALIGN_LEFT, false, true };
	para *p = para_make(l, t, NULL, f, sh);
	para_push(l, p, x, vl_snode(l, "P", parent));
}

/* "Tabelle 3: " in bold before a caption. */
itext *para_numbered_caption(layout *l, const char *name, const block *b)
{
	itext *t = arena_alloc(l->doc->a, sizeof *t);
	ispan *spans = arena_alloc(l->doc->a, (b->caption.n + 1) * sizeof *spans);
	spans[0] = (ispan){ .text = arena_printf(l->doc->a, "%s\xc2\xa0%s%s", name, b->number,
						 b->caption.n ? ": " : ""),
			    .flags = IN_STRONG, .pos = b->pos };
	spans[0].len = strlen(spans[0].text);
	if (b->caption.n)
		memcpy(spans + 1, b->caption.spans, b->caption.n * sizeof *spans);
	*t = (itext){ spans, b->caption.n + 1, b->caption.n ? b->caption.pos : b->pos };
	return t;
}

size_t para_caption(layout *l, const char *name, const block *b, snode *parent,
			  double x, double width)
{
	para_shape sh = { width, 0, false, PANGO_ALIGN_LEFT, false, true };
	para *p = para_make(l, para_numbered_caption(l, name, b), NULL, &l->st->caption, sh);
	return para_push(l, p, x, vl_snode(l, "Caption", parent));
}

double para_natural(const para *p)
{
	double w = 0;
	for (int k = 0; k < p->n_lines; k++)
		w = fmax(w, p->lines[k].x + para_line_width(p, k));
	return w;
}

static void lay_note(layout *l, const ispan *s)
{
	lnote *n = &l->notes[s->number - 1];
	if (n->text)
		return;
	const style *st = l->st;
	n->ref = s;
	double num_w = st->footnote.size * 1.6;
	para_shape sh = { l->col_measure - num_w, 0, st->justify, PANGO_ALIGN_LEFT, false, true };
	n->text = para_make(l, s->note, NULL, &st->footnote, sh);
	n->label = para_text(l, arena_printf(l->doc->a, "%d", s->number), &st->footnote,
			       0, PANGO_ALIGN_LEFT);
	n->height = n->text->n_lines * st->footnote.leading + 2;
	n->tag = vl_snode(l, "Note", l->root);
}
