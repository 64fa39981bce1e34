/* floor: the greedy floor for `make bench` (docs/bench.md).
 *
 *   floor FONTS-DIR TEXT OUT.pdf
 *
 * Sets the text file written by tests/bench/gen.py (one block a line,
 * "KIND\ttext") with plain PangoLayouts -- pango's own greedy line
 * breaking, no hyphenation, no justification, no tags, no links, no
 * outline, no finishing -- onto A4 pages of a bare cairo PDF, with the
 * measures and fonts of the regional style (styles/regional.yaml).
 * Footnotes are set small right after their block, table rows as equal
 * columns, pages break between lines greedily.  Prints the page count and
 * the wall time.  What satz does beyond this is what the ratio measures. */
#include <cairo-pdf.h>
#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define TOP (27 * MM)
#define BOTTOM (30 * MM)
#define INNER (30 * MM)
#define OUTER (25 * MM)
#define MEASURE (PAGE_W - INNER - OUTER)

typedef struct {
	cairo_t *cr;
	PangoContext *ctx;
	int page; /* 1-based */
	double y; /* from the top of the text area */
} state;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double left(const state *s)
{
	return s->page % 2 ? INNER : OUTER;
}

static void new_page(state *s)
{
	cairo_show_page(s->cr);
	s->page++;
	s->y = 0;
}

static PangoLayout *make(state *s, const char *text, const char *font, double width)
{
	PangoLayout *pl = pango_layout_new(s->ctx);
	PangoFontDescription *d = pango_font_description_from_string(font);
	pango_layout_set_font_description(pl, d);
	pango_font_description_free(d);
	pango_layout_set_width(pl, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(pl, PANGO_WRAP_WORD);
	pango_layout_set_text(pl, text, -1);
	return pl;
}

/* Sets a block line by line at a fixed line height, breaking the page
 * where the next line does not fit. */
static void block(state *s, const char *text, const char *font, double indent,
		  double line_height, double above, double below)
{
	PangoLayout *pl = make(s, text, font, MEASURE - indent);
	s->y += above;
	PangoLayoutIter *it = pango_layout_get_iter(pl);
	do {
		if (s->y + line_height > PAGE_H - TOP - BOTTOM)
			new_page(s);
		PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		cairo_move_to(s->cr, left(s) + indent + r.x / (double)PANGO_SCALE,
			      TOP + s->y + line_height * 0.75);
		pango_cairo_show_layout_line(s->cr, ln);
		s->y += line_height;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(pl);
	s->y += below;
}

/* A table row: equal columns, each cell a layout; the row moves to the
 * next page whole when it does not fit. */
static void row(state *s, char *cells)
{
	char *cell[32];
	int n = 0;
	for (char *c = strtok(cells, "\t"); c && n < 32; c = strtok(NULL, "\t"))
		cell[n++] = c;
	if (n == 0)
		return;
	double w = MEASURE / n, lh = 12, h = 0;
	PangoLayout *pl[32];
	for (int i = 0; i < n; i++) {
		pl[i] = make(s, cell[i], "Noto Sans 8.5", w - 4);
		double hh = pango_layout_get_line_count(pl[i]) * lh;
		if (hh > h)
			h = hh;
	}
	if (s->y + h + 4 > PAGE_H - TOP - BOTTOM)
		new_page(s);
	for (int i = 0; i < n; i++) {
		PangoLayoutIter *it = pango_layout_get_iter(pl[i]);
		double y = s->y + 2;
		do {
			cairo_move_to(s->cr, left(s) + i * w, TOP + y + lh * 0.75);
			pango_cairo_show_layout_line(s->cr, pango_layout_iter_get_line_readonly(it));
			y += lh;
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
		g_object_unref(pl[i]);
	}
	s->y += h + 4;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: floor FONTS-DIR TEXT OUT.pdf\n");
		return 2;
	}
	double t0 = now();
	/* the project's fonts only, added file by file as src/fonts.c does
	 * (FcConfigAppFontAddDir would also try to write a cache) */
	FcConfig *fc = FcConfigCreate();
	DIR *dir = opendir(argv[1]);
	int n_fonts = 0;
	for (struct dirent *e; dir && (e = readdir(dir));) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".ttf") != 0)
			continue;
		char *path = g_build_filename(argv[1], e->d_name, NULL);
		n_fonts += FcConfigAppFontAddFile(fc, (const FcChar8 *)path) ? 1 : 0;
		g_free(path);
	}
	if (dir)
		closedir(dir);
	if (n_fonts == 0) {
		fprintf(stderr, "floor: no fonts in %s\n", argv[1]);
		return 3;
	}
	FcConfigSetCurrent(fc); /* the font map below uses only the project's fonts */
	PangoFontMap *fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0);
	FILE *in = fopen(argv[2], "r");
	if (!in) {
		perror(argv[2]);
		return 3;
	}
	cairo_surface_t *surf = cairo_pdf_surface_create(argv[3], PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surf);
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *opt = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, opt);
	cairo_font_options_destroy(opt);
	pango_context_set_language(ctx, pango_language_from_string("de-de"));
	pango_cairo_update_context(cr, ctx);
	state s = { cr, ctx, 1, 0 };
	cairo_set_source_rgb(cr, 0.11, 0.12, 0.14);

	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		char *text = tab + 1;
		switch (line[0]) {
		case 'H':
			switch (line[1]) {
			case '1': block(&s, text, "Noto Sans Bold 17", 0, 21, 22, 10); break;
			case '2': block(&s, text, "Noto Sans Bold 13", 0, 17, 16, 6); break;
			default: block(&s, text, "Noto Sans Bold 11", 0, 15, 12, 4); break;
			}
			break;
		case 'L': {
			int depth = line[1] - '0';
			double indent = (depth > 0 ? depth : 1) * 6 * MM;
			char *item = g_strconcat("\xe2\x80\xa2 ", text, NULL);
			block(&s, item, "Noto Serif 10.5", indent, 15, 0, 3);
			g_free(item);
			break;
		}
		case 'T': row(&s, text); break;
		case 'N': block(&s, text, "Noto Serif 8.5", 0, 11, 0, 2); break;
		case 'Q': block(&s, text, "Noto Serif Italic 10.5", 8 * MM, 15, 0, 6); break;
		default: block(&s, text, "Noto Serif 10.5", 0, 15, 0, 6); break;
		}
	}
	free(line);
	fclose(in);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	int status = cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS ? 0 : 3;
	cairo_surface_destroy(surf);
	g_object_unref(ctx);
	g_object_unref(fm);
	FcConfigDestroy(fc);
	printf("%s: %d pages, %.3f s\n", argv[3], s.page, now() - t0);
	return status;
}
