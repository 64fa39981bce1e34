/* figure: image loading and drawing. */
#include "figure.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
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

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	strbuf b = { 0 };
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		sb_add(&b, chunk, got);
	fclose(fp);
	*len = b.len;
	return (unsigned char *)b.s;
}

static bool load_jpeg(lfigure *f, const figure_data *fd, double *w, double *h)
{
	int pw, ph;
	if (!gdk_pixbuf_get_file_info(fd->file, &pw, &ph) || pw <= 0 || ph <= 0) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' is not a readable JPEG file", fd->path);
		return false;
	}
	if ((double)pw * ph > FIGURE_MAX_PIXELS) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' has %d x %d pixels, more than %u; "
		     "scale it down", fd->path, pw, ph, FIGURE_MAX_PIXELS);
		return false;
	}
	size_t len;
	unsigned char *data = read_all(fd->file, &len);
	if (!data) {
		diag(DIAG_ERROR, fd->path_pos, "cannot read '%s'", fd->path);
		return false;
	}
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
	if (!gdk_pixbuf_get_file_info(fd->file, &pw, &ph) || pw <= 0 || ph <= 0) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' is not a readable PNG file", fd->path);
		return false;
	}
	if ((double)pw * ph > FIGURE_MAX_PIXELS) {
		diag(DIAG_ERROR, fd->path_pos, "'%s' has %d x %d pixels, more than %u; "
		     "scale it down", fd->path, pw, ph, FIGURE_MAX_PIXELS);
		return false;
	}
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

void figure_draw(cairo_t *cr, const lfigure *f, double x, double y)
{
	cairo_save(cr);
	if (f->svg) {
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
