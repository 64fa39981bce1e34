/* figure: image loading and drawing. */
#include "figure.h"
#include "fonts.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <librsvg/rsvg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);
	return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* The size of a PNG or JPEG from its header, before anything is decoded:
 * pictures over the pixel limit (decompression bombs) are refused here. */
static bool pixel_size(const figure_data *fd, const char *type, int *pw, int *ph)
{
	if (!gdk_pixbuf_get_file_info(fd->file, pw, ph) || *pw <= 0 || *ph <= 0) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' is not a readable %s file", fd->path, type);
		return false;
	}
	size_t max = env_limit("SATZ_MAX_PIXELS", FIGURE_MAX_PIXELS, SIZE_MAX / 2);
	if ((double)*pw * *ph > (double)max) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' has %d x %d pixels, more than %zu; "
		     "scale it down (or raise SATZ_MAX_PIXELS)", fd->path, *pw, *ph, max);
		return false;
	}
	return true;
}

static bool load_jpeg(lfigure *f, const figure_data *fd, double *w, double *h)
{
	int pw, ph;
	if (!pixel_size(fd, "JPEG", &pw, &ph))
		return false;
	strbuf jpeg = { 0 };
	if (!read_file(fd->file, SIZE_MAX - 1, &jpeg) || !jpeg.len) {
		diag(DIAG_ERROR, fd->path_pos, "cannot read '%s'", fd->path);
		sb_free(&jpeg);
		return false;
	}
	unsigned char *data = (unsigned char *)jpeg.s;
	size_t len = jpeg.len;
	/* the surface only carries the size; the PDF gets the JPEG bytes */
	f->image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
	cairo_surface_set_mime_data(f->image, CAIRO_MIME_TYPE_JPEG, data, len, free, data);
	*w = pw * 0.75;
	*h = ph * 0.75;
	return true;
}

static bool load_png(lfigure *f, const figure_data *fd, double *w, double *h)
{
	int pw, ph;
	if (!pixel_size(fd, "PNG", &pw, &ph))
		return false;
	f->image = cairo_image_surface_create_from_png(fd->file);
	if (cairo_surface_status(f->image) != CAIRO_STATUS_SUCCESS) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' is not a readable PNG file: %s", fd->path,
		     cairo_status_to_string(cairo_surface_status(f->image)));
		cairo_surface_destroy(f->image);
		f->image = NULL;
		return false;
	}
	*w = pw * 0.75;   /* 96 pixels per inch */
	*h = ph * 0.75;
	return true;
}

static bool load_svg(lfigure *f, const figure_data *fd, double *w, double *h)
{
	GError *err = NULL;
	RsvgHandle *svg = rsvg_handle_new_from_file(fd->file, &err);
	if (!svg) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' is not a readable SVG file: %s", fd->path,
		     err ? err->message : "unknown error");
		g_clear_error(&err);
		return false;
	}
	gdouble pw = 0, ph = 0;
	if (!rsvg_handle_get_intrinsic_size_in_pixels(svg, &pw, &ph) || pw <= 0 || ph <= 0) {
		RsvgRectangle ink, logical;
		if (rsvg_handle_get_geometry_for_element(svg, NULL, &ink, &logical, NULL)) {
			pw = logical.width;
			ph = logical.height;
		}
	}
	if (pw <= 0 || ph <= 0) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' has no size; give the SVG a width and "
		     "height or a viewBox", fd->path);
		g_object_unref(svg);
		return false;
	}
	f->svg = svg;
	*w = pw * 0.75;
	*h = ph * 0.75;
	return true;
}

bool figure_load(lfigure *f, const block *b, double max_width, double max_height)
{
	const figure_data *fd = b->figure;
	double w, h;
	bool ok;
	if (has_ext(fd->file, ".svg"))
		ok = load_svg(f, fd, &w, &h);
	else if (has_ext(fd->file, ".png"))
		ok = load_png(f, fd, &w, &h);
	else
		ok = load_jpeg(f, fd, &w, &h);
	if (!ok)
		return false;
	double scale = 1;
	if (fd->width.pt || fd->width.percent)
		scale = (fd->width.pt ? fd->width.pt : max_width * fd->width.percent / 100) / w;
	else if (fd->height.pt)
		scale = fd->height.pt / h;
	if (w * scale > max_width)
		scale = max_width / w;
	if (h * scale > max_height)
		scale = max_height / h;
	f->width = w * scale;
	f->height = h * scale;
	return true;
}

static void hex_color(cairo_t *cr, const char *hex)
{
	unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);
	cairo_set_source_rgb(cr, ((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0,
			     (v & 255) / 255.0);
}

/* Text of a chart: one line, its left edge at x, or centred/right. */
static void chart_text(cairo_t *cr, const lfigure *f, const char *text, double size,
		       double x, double y, int align)
{
	PangoLayout *pl = pango_layout_new(fonts_context());
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, f->font);
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	pango_layout_set_font_description(pl, d);
	pango_font_description_free(d);
	pango_layout_set_text(pl, text, -1);
	PangoRectangle logical;
	pango_layout_get_extents(pl, NULL, &logical);
	double w = logical.width / (double)PANGO_SCALE;
	double h = logical.height / (double)PANGO_SCALE;
	cairo_move_to(cr, x - (align == 0 ? 0 : align == 1 ? w / 2 : w), y - h / 2);
	pango_cairo_show_layout(cr, pl);
	g_object_unref(pl);
}

/* 1, 2 or 5 times a power of ten: a step for about four grid lines. */
static double nice_step(double max)
{
	double raw = max / 4, p = pow(10, floor(log10(raw)));
	double m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void number_text(char *buf, size_t size, double v)
{
	long n = lround(v);
	if (n >= 1000)
		snprintf(buf, size, "%ld.%03ld", n / 1000, n % 1000);
	else
		snprintf(buf, size, "%ld", n);
}

static void draw_chart(cairo_t *cr, const lfigure *f, double x, double y)
{
	const chart_data *c = f->chart;
	size_t nl = c->n_labels, ns = c->n_series;
	double legend = ns > 1 ? 16 : 0, left = 38, bottom = 16, top = 10 + legend;
	double pw = f->width - left - 4, ph = f->height - bottom - top;
	double max = 0;
	for (size_t i = 0; i < nl; i++) {
		double sum = 0;
		for (size_t s = 0; s < ns; s++)
			sum += c->values[s * nl + i];
		max = fmax(max, sum);
	}
	if (max <= 0)
		max = 1;
	double step = nice_step(max), top_v = ceil(max / step) * step;
	char buf[32];
	/* grid and axis labels */
	cairo_set_line_width(cr, 0.4);
	for (double v = 0; v <= top_v + step / 2; v += step) {
		double gy = y + top + ph - ph * v / top_v;
		cairo_set_source_rgb(cr, 0.8, 0.82, 0.84);
		cairo_move_to(cr, x + left, gy);
		cairo_line_to(cr, x + left + pw, gy);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0.3, 0.32, 0.35);
		number_text(buf, sizeof buf, v);
		chart_text(cr, f, buf, 7, x + left - 4, gy, 2);
	}
	double slot = pw / (double)nl;
	for (size_t i = 0; i < nl; i++) {
		double bx = x + left + i * slot + slot * 0.2, bw = slot * 0.6, acc = 0;
		for (size_t s = 0; s < ns; s++) {
			double v = c->values[s * nl + i];
			if (v <= 0)
				continue;
			double h = ph * v / top_v;
			hex_color(cr, c->colors[s]);
			cairo_rectangle(cr, bx, y + top + ph - ph * acc / top_v - h, bw, h);
			cairo_fill(cr);
			acc += v;
		}
		cairo_set_source_rgb(cr, 0.11, 0.12, 0.14);
		number_text(buf, sizeof buf, acc);
		chart_text(cr, f, buf, 7, bx + bw / 2, y + top + ph - ph * acc / top_v - 6, 1);
		chart_text(cr, f, c->labels[i], 7.5, bx + bw / 2, y + top + ph + 8, 1);
	}
	/* the legend names the stacked series in their colours */
	double lx = x + left;
	for (size_t s = 0; ns > 1 && s < ns; s++) {
		hex_color(cr, c->colors[s]);
		cairo_rectangle(cr, lx, y + 3, 7, 7);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.11, 0.12, 0.14);
		chart_text(cr, f, c->series[s], 7, lx + 10, y + 6.5, 0);
		lx += 12 + 5.2 * (double)strlen(c->series[s]);
	}
}

void figure_draw(cairo_t *cr, const lfigure *f, double x, double y)
{
	cairo_save(cr);
	if (f->chart) {
		draw_chart(cr, f, x, y);
	} else if (f->svg) {
		RsvgRectangle vp = { x, y, f->width, f->height };
		GError *err = NULL;
		if (!rsvg_handle_render_document(f->svg, cr, &vp, &err))
			g_clear_error(&err);
	} else if (f->image) {
		double sx = f->width / cairo_image_surface_get_width(f->image);
		double sy = f->height / cairo_image_surface_get_height(f->image);
		cairo_translate(cr, x, y);
		cairo_scale(cr, sx, sy);
		cairo_set_source_surface(cr, f->image, 0, 0);
		cairo_paint(cr);
	}
	cairo_restore(cr);
}

void figure_free(lfigure *f)
{
	if (f->image)
		cairo_surface_destroy(f->image);
	if (f->svg)
		g_object_unref(f->svg);
	f->image = NULL;
	f->svg = NULL;
}
