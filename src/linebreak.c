/* linebreak: Knuth and Plass, "Breaking Paragraphs into Lines" (1981),
 * with TeX's parameters: pass 1 without hyphenation at a pretolerance,
 * pass 2 with hyphenation, pass 3 taking the least bad solution.  Font
 * expansion (pdfTeX's hz) gives each justified line more stretch and
 * shrink: its glyphs take a line's difference first, up to the limit, and
 * its spaces take the rest, so badness measures what the spaces show. */
#include "linebreak.h"
#include "base.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum item_kind { BOX, GLUE, PENALTY };

typedef struct {
	enum item_kind kind;
	double width, stretch, shrink;   /* pt */
	int penalty;                     /* PENALTY: cost of breaking here */
	bool flagged;                    /* PENALTY: a hyphen ends the line */
	bool hyphen;                     /* PENALTY: draw a '-' */
	size_t pos;                      /* byte where the line ends if broken here */
	size_t next;                     /* byte where the next line starts */
	double hang;                     /* pt of margin kerning: GLUE, PENALTY: what
					  * a line ending here hangs out on the right;
					  * BOX: on the left, of a line it starts */
} item;

/* The penalties, demerits and tolerances, tuned on the project's sources
 * and a 100-page German text (docs/typography.md): a hyphen costs about
 * as much as a line whose spaces stretch by half, so lines stay even and
 * hyphens stay rare; pass 2 takes any line a hyphen cannot mend. */
enum {
	INF_PENALTY = 10000,
	LINE_PENALTY = 10,
	HYPHEN_PENALTY = 110,
	EXHYPHEN_PENALTY = 110,
	OTHER_BREAK_PENALTY = 100,
	RAGGED_HYPHEN_PENALTY = 300,
	DOUBLE_HYPHEN_DEMERITS = 10000,
	FINAL_HYPHEN_DEMERITS = 5000,
	ADJ_DEMERITS = 10000,
	PRETOLERANCE = 50,
	TOLERANCE = 100,
	MAX_HYPHEN_RUN = 2,
	EXPANSION_DEMERITS = 200,   /* for a line expanded to the limit */
};

/* What a space may stretch and shrink, as a share of its width: it is set
 * from 0.6 to 1.5 times its width in passes 1 and 2, cramped or loose
 * lines costing badness 100 at the ends (shrinking is weighed with a
 * steeper curve, so moderate shrink is cheap and full shrink is not). */
#define SPACE_STRETCH 0.5
#define SPACE_SHRINK 0.4

/* In the last pass a space may shrink to this share of its width. */
#define EMERGENCY_SHRINK 0.45

typedef struct node node;
struct node {
	int at;              /* item index of the break; -1 for the start */
	int line;            /* lines before the break */
	int fitness;         /* 0 very loose .. 3 tight */
	int hyph_run;        /* hyphenated lines ending here in a row */
	double demerits;
	node *prev;          /* the break before */
	node *next_active;
	double ratio;
	bool overfull;
};

typedef struct {
	item *items;
	size_t n, cap;
	double *sw, *sy, *sz;  /* sums of width, stretch, shrink before item i */
	double *sb;            /* sum of the widths of boxes (glyphs) before item i */
	int *sinf;             /* infinite stretch before item i */
	int *start_after;      /* first item of a line broken at i */
	node *pool;            /* nodes, chained through blocks */
	node **blocks;
	size_t n_blocks, used;
	double hyphen_width;
	double font_size;
} breaker;

/* Character protrusion into the margins, as a share of the glyph's width
 * (after LaTeX's microtype): punctuation and hyphens hang out, so the
 * margins look straight. */
double lb_protrusion(unsigned cp, bool right)
{
	switch (cp) {
	case '-': case 0x2010: case 0xad:
		return right ? 0.7 : 0;
	case '.': case ',':
		return right ? 0.7 : 0;
	case ':': case ';':
		return right ? 0.4 : 0;
	case '!': case '?':
		return right ? 0.2 : 0;
	case 0x2013: case 0x2014:
		return right ? 0.3 : 0.2;
	case 0x201e: case 0x201a: case 0x201c: case 0x2018: case 0x201d: case 0x2019:
	case '"': case '\'': case 0xab: case 0xbb:
		return 0.5;
	default:
		return 0;
	}
}

static item *add_item(breaker *b, enum item_kind kind)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->items = xrealloc(b->items, b->cap * sizeof *b->items);
	}
	item *it = &b->items[b->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

static void add_box(breaker *b, double w)
{
	/* adjacent boxes merge; breaks only happen at glue and penalties */
	if (b->n && b->items[b->n - 1].kind == BOX) {
		b->items[b->n - 1].width += w;
		return;
	}
	add_item(b, BOX)->width = w;
}

static void add_penalty(breaker *b, int cost, double w, bool flagged, bool hyphen,
			size_t pos, size_t next)
{
	item *it = add_item(b, PENALTY);
	it->penalty = cost;
	it->width = w;
	it->flagged = flagged;
	it->hyphen = hyphen;
	it->pos = pos;
	it->next = next;
}

/* Width of a hyphen in the font, remembered for the last font asked:
 * paragraphs come in runs of the same font. */
static double hyphen_width_of(PangoContext *ctx, const PangoFontDescription *font)
{
	static PangoFontDescription *last;
	static double width;
	if (last && pango_font_description_equal(last, font))
		return width;
	PangoLayout *pl = pango_layout_new(ctx);
	pango_layout_set_font_description(pl, font);
	pango_layout_set_text(pl, "-", 1);
	PangoRectangle logical;
	pango_layout_get_extents(pl, NULL, &logical);
	g_object_unref(pl);
	if (last)
		pango_font_description_free(last);
	last = pango_font_description_copy(font);
	width = logical.width / (double)PANGO_SCALE;
	return width;
}

/* Advance widths per byte of the paragraph shaped as one line, and the
 * Unicode line-break opportunities pango found on the way (chars + 1). */
static double *measure(const lb_text *t, size_t len, PangoLogAttr *la, size_t chars)
{
	double *adv = xcalloc(len + 1, sizeof *adv);
	for (size_t r = 0; r < t->n_runs; r++) {
		const PangoGlyphItem *run = t->runs[r];
		for (int g = 0; g < run->glyphs->num_glyphs; g++) {
			size_t at = (size_t)run->item->offset + (size_t)run->glyphs->log_clusters[g];
			if (at < len)
				adv[at] += run->glyphs->glyphs[g].geometry.width / (double)PANGO_SCALE;
		}
	}
	int n = t->n_attrs < (int)chars + 1 ? t->n_attrs : (int)chars + 1;
	if (n > 0)
		memcpy(la, t->attrs, (size_t)n * sizeof *la);
	return adv;
}

static double span_width(const double *adv, size_t a, size_t b)
{
	double w = 0;
	for (size_t i = a; i < b; i++)
		w += adv[i];
	return w;
}

static bool is_hyphen_at(const char *s, size_t i, size_t *len)
{
	if (s[i] == '-') {
		*len = 1;
		return true;
	}
	if ((unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0x90) {   /* U+2010 */
		*len = 3;
		return true;
	}
	return false;
}

/* Bytes of a joint at s[i] between words hyphenated one by one, else 0:
 * a no-break space (U+00A0, U+202F), or a gender star, colon or
 * underscore or a slash with a letter after it ("Bürger*innen"). */
static size_t joint_len(const char *s, size_t i)
{
	if ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0)
		return 2;
	if ((unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0xaf)
		return 3;
	unsigned char next = (unsigned char)s[i + 1];
	bool letter = (next | 0x20) >= 'a' && (next | 0x20) <= 'z';
	if (i > 0 && strchr("*:_/", s[i]) && (letter || next >= 0xc3))
		return 1;
	return 0;
}

static bool is_shy_at(const char *s, size_t i)
{
	return (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xad;
}

/* Margin kerning of the character that ends before byte i (right) or
 * starts at it (left), pt. */
static double hang_at(const char *text, size_t i, const double *adv, bool right)
{
	size_t at = i;
	if (right) {
		if (i == 0)
			return 0;
		for (at = i - 1; at > 0 && ((unsigned char)text[at] & 0xc0) == 0x80; at--)
			;
	}
	unsigned cp;
	utf8_decode(text + at, &cp);
	return lb_protrusion(cp, right) * adv[at];
}

/* One word (no spaces): boxes between its break points. */
static void add_word(breaker *b, const char *text, size_t a, size_t e, const double *adv,
		     const PangoLogAttr *la, const size_t *char_index, const lb_params *p,
		     bool *hbreaks)
{
	size_t n = e - a;
	memset(hbreaks, 0, (n + 1) * sizeof *hbreaks);
	/* words joined by a no-break space ("Abbildung 2") are hyphenated one
	 * by one, as TeX does with '~': the space never breaks, the words may;
	 * so are the parts of "Bürger*innen", "Nutzer:innen" */
	for (size_t pa = a, pe; p->hyph && pa < e; pa = pe + (pe < e ? joint_len(text, pe) : 0)) {
		pe = pa;
		while (pe < e && (pe == pa || !joint_len(text, pe)))
			pe++;
		/* a footnote mark (digits after a letter or a stop) is not part
		 * of the word: "Bedingungen.3" still breaks as "Bedingungen." */
		size_t w = pe - pa;
		while (w > 0 && text[pa + w - 1] >= '0' && text[pa + w - 1] <= '9')
			w--;
		if (w == 0 || w == pe - pa || (text[pa + w - 1] >= '0' && text[pa + w - 1] <= '9'))
			w = pe - pa;
		hyph_word(p->hyph, text + pa, w, p->left_min, p->right_min, hbreaks + (pa - a));
	}
	size_t last = a, first = b->n;
	bool hang = p->protrude;
	for (size_t i = a; i < e;) {
		size_t hl;
		if (is_shy_at(text, i)) {
			add_box(b, span_width(adv, last, i));
			add_penalty(b, HYPHEN_PENALTY, b->hyphen_width, true, true, i, i + 2);
			b->items[b->n - 1].hang = hang ? lb_protrusion('-', true) * b->hyphen_width : 0;
			i += 2;
			last = i;
			continue;
		}
		if (is_hyphen_at(text, i, &hl) && i > a && i + hl < e) {
			/* an explicit hyphen inside a word: break after it */
			i += hl;
			add_box(b, span_width(adv, last, i));
			add_penalty(b, EXHYPHEN_PENALTY, 0, true, false, i, i);
			b->items[b->n - 1].hang = hang ? hang_at(text, i, adv, true) : 0;
			last = i;
			continue;
		}
		if (i == a || i == last) {
			/* no second break where one was just made */
		} else if (hbreaks[i - a]) {
			add_box(b, span_width(adv, last, i));
			add_penalty(b, HYPHEN_PENALTY, b->hyphen_width, true, true, i, i);
			b->items[b->n - 1].hang = hang ? lb_protrusion('-', true) * b->hyphen_width : 0;
			last = i;
		} else if (la && la[char_index[i]].is_line_break) {
			/* other breaks the Unicode rules allow, e.g. after '/' */
			add_box(b, span_width(adv, last, i));
			add_penalty(b, OTHER_BREAK_PENALTY, 0, false, false, i, i);
			last = i;
		}
		i++;
		while (i < e && ((unsigned char)text[i] & 0xc0) == 0x80)
			i++;
	}
	add_box(b, span_width(adv, last, e));
	if (hang && first < b->n && b->items[first].kind == BOX)
		b->items[first].hang = hang_at(text, a, adv, false);
}

static void build_items(breaker *b, const lb_text *t, const lb_params *p)
{
	const char *text = t->text;
	size_t len = t->len;
	const PangoFontDescription *font = t->font;
	b->hyphen_width = hyphen_width_of(t->ctx, font);
	b->font_size = pango_font_description_get_size(font) / (double)PANGO_SCALE;
	/* the Unicode line-break opportunities, indexed by character */
	PangoLogAttr *la = NULL;
	size_t *char_index = xmalloc((len + 1) * sizeof *char_index);
	size_t chars = 0;
	for (size_t i = 0; i < len; i++) {
		char_index[i] = chars;
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			chars++;
	}
	char_index[len] = chars;
	la = xcalloc(chars + 1, sizeof *la);
	double *adv = measure(t, len, la, chars);
	bool *hbreaks = xmalloc((len + 1) * sizeof *hbreaks);
	size_t i = 0;
	while (i < len) {
		if (text[i] == ' ') {
			size_t j = i;
			double w = 0;
			while (j < len && text[j] == ' ')
				w += adv[j++];
			if (j < len && text[j] != '\n') {
				item *g = add_item(b, GLUE);
				g->width = w;
				if (p->justify) {
					g->stretch = w * SPACE_STRETCH;
					g->shrink = w * SPACE_SHRINK;
				}
				g->pos = i;
				g->next = j;
				g->hang = p->protrude ? hang_at(text, i, adv, true) : 0;
			}
			i = j;
			continue;
		}
		if (text[i] == '\n') {
			/* a forced line break, set like the end of a paragraph */
			item *fill = add_item(b, GLUE);
			fill->stretch = INFINITY;
			fill->pos = fill->next = i;
			add_penalty(b, -INF_PENALTY, 0, false, false, i, i + 1);
			i++;
			continue;
		}
		size_t e = i;
		while (e < len && text[e] != ' ' && text[e] != '\n')
			e++;
		add_word(b, text, i, e, adv, la, char_index, p, hbreaks);
		i = e;
	}
	/* \parfillskip and the forced end of the paragraph */
	item *fill = add_item(b, GLUE);
	fill->stretch = INFINITY;
	fill->pos = fill->next = len;
	add_penalty(b, -INF_PENALTY, 0, false, false, len, len);
	free(hbreaks);
	free(la);
	free(char_index);
	free(adv);
}

static void prepare_sums(breaker *b)
{
	b->sw = xmalloc((b->n + 1) * sizeof *b->sw);
	b->sy = xmalloc((b->n + 1) * sizeof *b->sy);
	b->sz = xmalloc((b->n + 1) * sizeof *b->sz);
	b->sb = xmalloc((b->n + 1) * sizeof *b->sb);
	b->sinf = xmalloc((b->n + 1) * sizeof *b->sinf);
	b->start_after = xmalloc((b->n + 1) * sizeof *b->start_after);
	double w = 0, y = 0, z = 0, g = 0;
	int inf = 0;
	for (size_t i = 0; i < b->n; i++) {
		b->sw[i] = w, b->sy[i] = y, b->sz[i] = z, b->sb[i] = g, b->sinf[i] = inf;
		const item *it = &b->items[i];
		if (it->kind == BOX || it->kind == GLUE)
			w += it->width;
		if (it->kind == BOX)
			g += it->width;
		if (it->kind == GLUE) {
			if (isinf(it->stretch))
				inf++;
			else
				y += it->stretch;
			z += it->shrink;
		}
	}
	b->sw[b->n] = w, b->sy[b->n] = y, b->sz[b->n] = z, b->sb[b->n] = g, b->sinf[b->n] = inf;
	/* after a break, glue and penalties up to the next box vanish */
	int next_box = (int)b->n;
	for (size_t i = b->n; i-- > 0;) {
		b->start_after[i] = next_box;
		if (b->items[i].kind == BOX)
			next_box = (int)i;
	}
	b->start_after[b->n] = (int)b->n;
}

static node *new_node(breaker *b)
{
	enum { BLOCK = 256 };
	if (b->n_blocks == 0 || b->used == BLOCK) {
		b->blocks = xrealloc(b->blocks, (b->n_blocks + 1) * sizeof *b->blocks);
		b->blocks[b->n_blocks++] = xmalloc(BLOCK * sizeof(node));
		b->used = 0;
	}
	node *n = &b->blocks[b->n_blocks - 1][b->used++];
	memset(n, 0, sizeof *n);
	return n;
}

static void free_nodes(breaker *b)
{
	for (size_t i = 0; i < b->n_blocks; i++)
		free(b->blocks[i]);
	free(b->blocks);
	b->blocks = NULL;
	b->n_blocks = b->used = 0;
}

static double line_width(const lb_params *p, int line)
{
	if (line == 0)
		return p->width - (p->indent > 0 ? p->indent : 0);
	return p->width - (p->indent < 0 ? -p->indent : 0);
}

static int fitness_of(double r)
{
	return r < -0.5 ? 3 : r <= 0.5 ? 2 : r <= 1 ? 1 : 0;
}

/* The share of the difference d that font expansion takes on a line whose
 * glyphs are B pt wide: all of it, up to the limit. */
static double expansion_part(const lb_params *p, double d, double B)
{
	double x = p->justify ? p->expansion * B : 0;
	return d > x ? x : d < -x ? -x : d;
}

/* One pass; returns the best final node or NULL when the pass found no
 * feasible breaks (never NULL in the final pass). */
static node *pass(breaker *b, const lb_params *p, double tolerance, bool hyphenate,
		  bool final)
{
	/* the last pass weighs every line by its real badness, uncapped, so a
	 * line stretched far is still worse than one stretched less (TeX's
	 * \emergencystretch has the same aim), and in it spaces may shrink
	 * beyond their limit, to EMERGENCY_SHRINK of their width, at a steep
	 * price: a cramped line reads better than a hole */
	double min_r = final ? -(1 - EMERGENCY_SHRINK) / SPACE_SHRINK : -1;
	node *active = new_node(b);
	active->at = -1;
	active->fitness = 2;
	double ragged = p->justify ? 0 : 3 * b->font_size;
	for (size_t i = 0; i < b->n && active; i++) {
		const item *it = &b->items[i];
		bool legal = false;
		if (it->kind == GLUE)   /* never at \parfillskip: no empty last lines */
			legal = i > 0 && b->items[i - 1].kind == BOX && !isinf(it->stretch);
		else if (it->kind == PENALTY)
			legal = it->penalty < INF_PENALTY && (hyphenate || !it->hyphen ||
							      it->penalty == -INF_PENALTY);
		if (!legal)
			continue;
		bool forced = it->kind == PENALTY && it->penalty <= -INF_PENALTY;
		bool flagged = it->kind == PENALTY && it->flagged;
		/* best candidate per fitness class and hyphen run */
		node *best[4][MAX_HYPHEN_RUN + 1] = { { 0 } };
		double best_d[4][MAX_HYPHEN_RUN + 1];
		node *prev = NULL, *last_dropped = NULL;
		double last_dropped_r = 0;
		for (node *a = active, *next; a; a = next) {
			next = a->next_active;
			int start = a->at < 0 ? 0 : b->start_after[a->at];
			/* what hangs into the margins leaves room on the line */
			double L = b->sw[i] - b->sw[start] + (it->kind == PENALTY ? it->width : 0) -
				   it->hang - (start < (int)b->n ? b->items[start].hang : 0);
			double Y = b->sy[i] - b->sy[start] + ragged;
			double Z = b->sz[i] - b->sz[start];
			int inf = b->sinf[i] - b->sinf[start] + (it->kind == GLUE && isinf(it->stretch));
			double W = line_width(p, a->line);
			/* the glyphs first (never on a last line), the spaces the rest */
			double B = b->sb[i] - b->sb[start] + (it->kind == PENALTY ? it->width : 0);
			double e = inf ? 0 : expansion_part(p, W - L, B);
			double R = W - L - e;
			double r;
			if (R > 0)
				r = inf ? 0 : Y > 0 ? R / Y : INFINITY;
			else if (R < 0)
				r = Z > 0 ? R / Z : -INFINITY;
			else
				r = 0;
			if (forced && inf == 0 && !p->justify)
				r = 0;  /* a ragged last line costs nothing */
			double ar = fabs(r);   /* multiplications: pow() costs a call per node */
			double bad = r < min_r ? INFINITY : (r > 0 ? 100 * ar * ar * ar : 100 * ar * ar * ar * ar);
			if (!final)
				bad = fmin(bad, 10000);
			else if (r < -1)
				bad *= 4;
			if (r < min_r || forced) {
				/* a is done: no later line from it can fit */
				if (prev)
					prev->next_active = next;
				else
					active = next;
				if (r < min_r) {
					last_dropped = a;
					last_dropped_r = r;
				}
			} else {
				prev = a;
			}
			int run = flagged ? a->hyph_run + 1 : 0;
			if (r < min_r || bad > tolerance || run > MAX_HYPHEN_RUN)
				continue;
			if (forced && a->hyph_run > 0 && !final)
				continue;   /* no hyphen on the last full line */
			double d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
			if (it->kind == PENALTY && !forced) {
				/* ragged lines need no hyphens to fill them: make them dearer */
				double pen = it->flagged && !p->justify ? RAGGED_HYPHEN_PENALTY : it->penalty;
				d += pen >= 0 ? pen * pen : -pen * pen;
			}
			if (flagged && a->hyph_run > 0)
				d += DOUBLE_HYPHEN_DEMERITS;
			if (forced && a->hyph_run > 0)
				d += FINAL_HYPHEN_DEMERITS;
			/* fitness from glyphs and spaces together: how loose the line looks */
			double X = p->justify ? p->expansion * B : 0, rc = r;
			if (X > 0 && !inf) {
				d += EXPANSION_DEMERITS * (e / X) * (e / X);
				double room = W - L > 0 ? X + Y : X + Z;
				rc = room > 0 ? (W - L) / room : r;
			}
			int fit = fitness_of(rc);
			if (abs(fit - a->fitness) > 1)
				d += ADJ_DEMERITS;
			d += a->demerits;
			if (!best[fit][run] || d < best_d[fit][run]) {
				if (!best[fit][run])
					best[fit][run] = new_node(b);
				node *c = best[fit][run];
				*c = (node){ (int)i, a->line + 1, fit, run, d, a, NULL, r, false };
				best_d[fit][run] = d;
			}
		}
		bool any = false;
		for (int f = 0; f < 4; f++)
			for (int h = 0; h <= MAX_HYPHEN_RUN; h++)
				if (best[f][h]) {
					best[f][h]->next_active = active;
					active = best[f][h];
					any = true;
				}
		if (!any && !active && final && last_dropped) {
			/* nothing fits: an overfull line from the last node given up,
			 * as TeX's final pass does */
			node *c = new_node(b);
			*c = (node){ (int)i, last_dropped->line + 1, 3,
				     flagged ? last_dropped->hyph_run + 1 : 0,
				     last_dropped->demerits + 100000, last_dropped, NULL,
				     last_dropped_r, true };
			active = c;
		}
	}
	/* after the forced break every active node ends the paragraph */
	node *bestn = NULL;
	for (node *a = active; a; a = a->next_active)
		if (a->at == (int)b->n - 1 && (!bestn || a->demerits < bestn->demerits))
			bestn = a;
	return bestn;
}

static void collect(breaker *b, node *last, const lb_params *p, const char *text,
		    lb_result *out)
{
	int n = 0;
	for (node *k = last; k && k->at >= 0; k = k->prev)
		n++;
	node **seq = xmalloc((size_t)(n ? n : 1) * sizeof *seq);
	int k = n;
	for (node *nd = last; nd && nd->at >= 0; nd = nd->prev)
		seq[--k] = nd;
	out->n = n;
	out->lines = xcalloc((size_t)(n ? n : 1), sizeof *out->lines);
	size_t start = 0;
	for (int i = 0; i < n; i++) {
		lb_line *ln = &out->lines[i];
		const item *it = &b->items[seq[i]->at];
		int first = i == 0 ? 0 : b->start_after[seq[i - 1]->at];
		ln->start = start;
		ln->end = it->pos;
		ln->hyphen = it->kind == PENALTY && it->hyphen;
		ln->explicit_hyphen = it->kind == PENALTY && it->flagged && !it->hyphen;
		ln->ratio = seq[i]->ratio;
		ln->width = line_width(p, i);
		ln->natural = b->sw[seq[i]->at] - b->sw[first] +
			      (it->kind == PENALTY ? it->width : 0);
		ln->last = it->kind == PENALTY && it->penalty <= -INF_PENALTY;
		/* the glyphs' share, in whole steps: spaces take what rounding leaves */
		bool fill = b->sinf[seq[i]->at] - b->sinf[first] > 0;
		double B = b->sb[seq[i]->at] - b->sb[first] + (it->kind == PENALTY ? it->width : 0);
		if (!ln->last && !fill && B > 0) {
			double hang = it->hang + (first < (int)b->n ? b->items[first].hang : 0);
			double e = expansion_part(p, ln->width - ln->natural + hang, B) / B;
			e = round(e / LB_EXPANSION_STEP) * LB_EXPANSION_STEP;
			double lim = p->justify ? p->expansion : 0;
			ln->expand = e > lim ? lim : e < -lim ? -lim : e;
		}
		if (seq[i]->overfull) {
			double shrink = b->sz[seq[i]->at] - b->sz[first];
			ln->overfull = fmax(ln->natural - shrink - ln->width, 0);
		}
		start = it->next;
		while (text[start] == ' ')
			start++;
	}
	free(seq);
}

void lb_break(const lb_text *t, const lb_params *p, lb_result *out)
{
	breaker b = { 0 };
	build_items(&b, t, p);
	prepare_sums(&b);
	node *last = pass(&b, p, PRETOLERANCE, false, false);
	if (!last)
		last = pass(&b, p, TOLERANCE, true, false);
	if (!last)
		last = pass(&b, p, INFINITY, true, true);
	collect(&b, last, p, t->text, out);
	free_nodes(&b);
	free(b.items);
	free(b.sw);
	free(b.sy);
	free(b.sz);
	free(b.sb);
	free(b.sinf);
	free(b.start_after);
}

void lb_result_free(lb_result *r)
{
	free(r->lines);
	r->lines = NULL;
	r->n = 0;
}
