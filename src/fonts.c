/* fonts: an application-only fontconfig configuration made current before
 * pango builds its font map. */
#include "fonts.h"
#include "base.h"

#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

static FcConfig *config;
static PangoFontMap *fontmap;
static PangoContext *context;
static char *dir_path;
static FcCharSet *coverage;   /* every character some font of fonts/ has */
/* fonts_lack of the characters below LOW_CHARS, one bit each, worked out
 * once: nearly every character of a German text is one of them */
#define LOW_CHARS 0x800
static unsigned char low_lack[LOW_CHARS / 8];
static bool needs_no_glyph(unsigned cp);
static GHashTable *own_fonts;   /* another font map's font -> ours */
static char **files;
static size_t n_files;

/* A font map of the fonts of fonts/ and a context on it set up for PDF
 * output: exact advances, no hinting, no rounding to whole points. */
static PangoContext *new_context(PangoFontMap **map)
{
	*map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(*map), config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(*map), 72.0);
	PangoContext *ctx = pango_font_map_create_context(*map);
	cairo_font_options_t *opt = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(opt, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(ctx, opt);
	cairo_font_options_destroy(opt);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_language(ctx, pango_language_from_string("de-de"));
	return ctx;
}

PangoContext *fonts_context_new(void)
{
	PangoFontMap *map;
	PangoContext *ctx = new_context(&map);
	g_object_unref(map);   /* the context holds it */
	return ctx;
}

/* The file and face of a font, for telling two font maps' fonts apart. */
static bool font_file(PangoFont *f, const char **file, int *index)
{
	if (!PANGO_IS_FC_FONT(f))
		return false;
	FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(f));
	FcChar8 *s;
	if (!p || FcPatternGetString(p, FC_FILE, 0, &s) != FcResultMatch)
		return false;
	*file = (const char *)s;
	if (FcPatternGetInteger(p, FC_INDEX, 0, index) != FcResultMatch)
		*index = 0;
	return true;
}

PangoFont *fonts_own(PangoFont *f)
{
	if (!f || pango_font_get_font_map(f) == fontmap)
		return f;
	if (!own_fonts)
		own_fonts = g_hash_table_new_full(NULL, NULL, g_object_unref, g_object_unref);
	PangoFont *mine = g_hash_table_lookup(own_fonts, f);
	if (mine)
		return mine;
	PangoFontDescription *d = pango_font_describe_with_absolute_size(f);
	mine = pango_font_map_load_font(fontmap, context, d);
	pango_font_description_free(d);
	const char *fa, *fb;
	int ia, ib;
	if (!mine || !font_file(f, &fa, &ia) || !font_file(mine, &fb, &ib) || ia != ib ||
	    strcmp(fa, fb) != 0) {
		/* not the same face: keep the other map's font (cairo then embeds
		 * a subset of its own for it, the glyphs are right either way) */
		if (mine)
			g_object_unref(mine);
		mine = g_object_ref(f);
	}
	g_hash_table_insert(own_fonts, g_object_ref(f), mine);
	return mine;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t cap = 16;
	files = xmalloc(cap * sizeof *files);
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len < 5 || (strcmp(e->d_name + len - 4, ".ttf") != 0 &&
				strcmp(e->d_name + len - 4, ".otf") != 0))
			continue;
		if (n_files + 2 > cap)
			files = xrealloc(files, (cap *= 2) * sizeof *files);
		strbuf p = { 0 };
		sb_printf(&p, "%s/%s", dir, e->d_name);
		files[n_files++] = p.s;
	}
	closedir(d);
	qsort(files, n_files, sizeof *files, cmp_str);
	files[n_files] = NULL;
}

bool fonts_init(const char *dir)
{
	srcpos none = { 0 };
	list_files(dir);
	if (n_files == 0) {
		diag(DIAG_ERROR, none,
		     "no fonts (.ttf, .otf) in '%s'; run satz from the project root or give --fonts DIR",
		     dir);
		fonts_free();
		return false;
	}
	config = FcConfigCreate();
	for (size_t i = 0; i < n_files; i++)
		if (!FcConfigAppFontAddFile(config, (const FcChar8 *)files[i])) {
			diag(DIAG_ERROR, none, "cannot load font %s", files[i]);
			fonts_free();
			return false;
		}
	coverage = FcCharSetCreate();
	FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
	for (int i = 0; set && i < set->nfont; i++) {
		FcCharSet *cs;
		if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch)
			FcCharSetMerge(coverage, cs, NULL);
	}
	for (unsigned cp = 0; cp < LOW_CHARS; cp++)
		if (!needs_no_glyph(cp) && !FcCharSetHasChar(coverage, cp))
			low_lack[cp / 8] |= (unsigned char)(1u << (cp % 8));
	context = new_context(&fontmap);
	dir_path = xstrdup(dir);
	return true;
}

void fonts_free(void)
{
	if (own_fonts)
		g_hash_table_destroy(own_fonts);
	own_fonts = NULL;
	if (context)
		g_object_unref(context);
	if (fontmap)
		g_object_unref(fontmap);
	if (config)
		FcConfigDestroy(config);
	if (coverage)
		FcCharSetDestroy(coverage);
	coverage = NULL;
	memset(low_lack, 0, sizeof low_lack);
	context = NULL;
	fontmap = NULL;
	config = NULL;
	for (size_t i = 0; i < n_files; i++)
		free(files[i]);
	free(files);
	files = NULL;
	n_files = 0;
	free(dir_path);
	dir_path = NULL;
}

PangoContext *fonts_context(void) { return context; }
const char *fonts_dir(void) { return dir_path; }
const char *const *fonts_files(void) { return (const char *const *)files; }

bool fonts_has_family(const char *family)
{
	PangoFontFamily **fams;
	int n;
	bool found = false;
	pango_font_map_list_families(fontmap, &fams, &n);
	for (int i = 0; i < n && !found; i++)
		found = g_ascii_strcasecmp(pango_font_family_get_name(fams[i]), family) == 0;
	g_free(fams);
	return found;
}

/* Characters pango sets without a glyph of their own: controls, spaces it
 * makes from the font's space, and the default-ignorable ones (soft
 * hyphen, joiners, direction marks, variation selectors). */
static bool needs_no_glyph(unsigned cp)
{
	static const unsigned ranges[][2] = {
		{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x00ad, 0x00ad },
		{ 0x034f, 0x034f }, { 0x061c, 0x061c }, { 0x115f, 0x1160 },
		{ 0x17b4, 0x17b5 }, { 0x180b, 0x180f }, { 0x2000, 0x200f },
		{ 0x2028, 0x202f }, { 0x205f, 0x206f }, { 0x3000, 0x3000 },
		{ 0x3164, 0x3164 },
		{ 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff }, { 0xffa0, 0xffa0 },
		{ 0xfff0, 0xfff8 }, { 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a },
		{ 0xe0000, 0xe0fff },
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

bool fonts_lack(unsigned cp)
{
	if (cp < LOW_CHARS)
		return coverage && (low_lack[cp / 8] >> (cp % 8) & 1);
	return coverage && !needs_no_glyph(cp) && !FcCharSetHasChar(coverage, cp);
}
