/* sheet: style sheets.  A sheet is read with its extends chain, every
 * value is checked where it is written, the cascade keeps for each key the
 * value of the most derived sheet, and the result is converted and checked
 * as a whole (sizes, margins, fonts, logo). */
#include "sheet.h"
#include "coverage.h"
#include "fonts.h"
#include "load.h"
#include "stylekey.h"

#include <dirent.h>
#include <strings.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <librsvg/rsvg.h>

#define MM (72.0 / 25.4)

enum { MAX_CHAIN = 16 };


typedef struct {
	const char *name, *path;
	const ynode *root;
	const ynode *extends;     /* its 'extends' value, or NULL */
} sheet;

typedef struct {
	arena *a;
	const char *const *dirs;
	sheet chain[MAX_CHAIN];   /* the named sheet first, its base last */
	size_t n;
	size_t n_keys;
	const ynode **win;        /* per key: the value that wins; NULL: built-in */
	int *depth;               /* per key: chain index of the winner; INT_MAX: built-in */
	sk_colour *palette;
	size_t n_palette, cap_palette;
	style scratch;            /* values parsed for their checks only */
	style *st;
} loader;

/* ---- finding sheets ---------------------------------------------------- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **sheet_names(arena *a, const char *const *dirs, size_t *n)
{
	size_t cap = 16;
	const char **names = arena_alloc(a, cap * sizeof *names);
	*n = 0;
	for (size_t d = 0; dirs[d]; d++) {
		DIR *dir = opendir(dirs[d]);
		if (!dir)
			continue;
		for (struct dirent *e; (e = readdir(dir));) {
			size_t len = strlen(e->d_name);
			if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
				continue;
			char *name = arena_strndup(a, e->d_name, len - 5);
			if (!stylekey_is_name(name))
				continue;
			bool seen = false;
			for (size_t i = 0; i < *n; i++)
				seen |= strcmp(names[i], name) == 0;
			if (seen)
				continue;
			if (*n + 2 > cap) {
				const char **more = arena_alloc(a, 2 * cap * sizeof *more);
				memcpy(more, names, *n * sizeof *names);
				names = more;
				cap *= 2;
			}
			names[(*n)++] = name;
		}
		closedir(dir);
	}
	qsort(names, *n, sizeof *names, cmp_name);
	names[*n] = NULL;
	return names;
}

static const char *find_sheet(arena *a, const char *const *dirs, const char *name)
{
	for (size_t d = 0; dirs[d]; d++) {
		const char *path = arena_printf(a, "%s/%s.yaml", dirs[d], name);
		if (access(path, R_OK) == 0)
			return path;
	}
	return NULL;
}

static void unknown_style(arena *a, const char *const *dirs, const char *name, srcpos at)
{
	size_t n;
	const char **names = sheet_names(a, dirs, &n);
	const char *near = closest_word(name, names);
	strbuf all = { 0 };
	for (size_t i = 0; i < n; i++)
		sb_printf(&all, "%s%s", i ? ", " : "", names[i]);
	if (near)
		diag(DIAG_ERROR, at, "unknown style '%s' (did you mean '%s'?)", name, near);
	else if (n)
		diag(DIAG_ERROR, at, "unknown style '%s'; the styles are %s", name, all.s);
	else
		diag(DIAG_ERROR, at, "unknown style '%s'; there are no style sheets in %s", name,
		     dirs[0] ? dirs[0] : "styles");
	sb_free(&all);
}

/* Reads the sheet NAME and every sheet it extends into L->chain. */
static bool load_chain(loader *L, const char *name, srcpos at)
{
	for (;;) {
		if (!stylekey_is_name(name)) {
			char *lower = arena_strdup(L->a, name);
			for (char *c = lower; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			if (stylekey_is_name(lower))
				diag(DIAG_ERROR, at, "'%s' is not a style name; style names are "
				     "lower-case letters, digits and '-' (did you mean '%s'?)",
				     name, lower);
			else
				diag(DIAG_ERROR, at, "'%s' is not a style name; style names are "
				     "lower-case letters, digits and '-'", name);
			return false;
		}
		for (size_t i = 0; i < L->n; i++) {
			if (strcmp(L->chain[i].name, name) != 0)
				continue;
			strbuf cycle = { 0 };
			for (size_t j = i; j < L->n; j++)
				sb_printf(&cycle, "%s -> ", L->chain[j].name);
			sb_adds(&cycle, name);
			diag(DIAG_ERROR, at, "'extends' makes a cycle: %s; one of these sheets "
			     "must extend another sheet, or none", cycle.s);
			sb_free(&cycle);
			return false;
		}
		if (L->n == MAX_CHAIN) {
			diag(DIAG_ERROR, at, "more than %d style sheets extend each other", MAX_CHAIN);
			return false;
		}
		const char *path = find_sheet(L->a, L->dirs, name);
		if (!path) {
			unknown_style(L->a, L->dirs, name, at);
			return false;
		}
		const ynode *root = load_yaml(L->a, path);
		if (!root)
			return false;
		if (root->kind != Y_MAP) {
			diag(DIAG_ERROR, root->pos, "a style sheet is a mapping of keys, not a %s",
			     ynode_kind_name(root->kind));
			return false;
		}
		const ynode *ext = ymap_get(root, "extends");
		L->chain[L->n++] = (sheet){ arena_strdup(L->a, name), path, root, ext };
		if (!ext)
			return true;
		if (ext->kind != Y_SCALAR) {
			diag(DIAG_ERROR, ext->pos, "'extends' takes the name of a style, not a %s",
			     ynode_kind_name(ext->kind));
			return false;
		}
		name = ext->value;
		at = ext->pos;
	}
}

/* ---- reading the keys of one sheet ------------------------------------- */

/* The scalars of a value; at least one element, so an empty list still
 * has a position. */
static sk_item *value_items(loader *L, const stylekey *k, const ynode *v, size_t *n)
{
	if (v->kind == Y_SCALAR) {
		sk_item *it = arena_alloc(L->a, sizeof *it);
		*it = (sk_item){ v->value, v->pos, !v->plain };
		*n = 1;
		return it;
	}
	if (v->kind == Y_MAP || !stylekey_is_list(k->type)) {
		diag(DIAG_ERROR, v->pos, "%s takes a %s, not a %s", k->key,
		     stylekey_type_name(k->type), ynode_kind_name(v->kind));
		return NULL;
	}
	sk_item *items = arena_alloc(L->a, (v->n + 1) * sizeof *items);
	items[0].pos = v->pos;
	items[0].text = "";
	for (size_t i = 0; i < v->n; i++) {
		const ynode *e = v->items[i];
		if (e->kind != Y_SCALAR) {
			diag(DIAG_ERROR, e->pos, "%s takes a list of words, not of a %s", k->key,
			     ynode_kind_name(e->kind));
			return NULL;
		}
		items[i] = (sk_item){ e->value, e->pos, !e->plain };
	}
	*n = v->n;
	return items;
}

/* The built-in default of k as items (lists: split at spaces). */
static sk_item *default_items(arena *a, const stylekey *k, size_t *n)
{
	sk_item *items = arena_alloc(a, 4 * sizeof *items);
	items[0].text = "";
	*n = 0;
	if (!stylekey_is_list(k->type)) {
		items[0].text = k->def;
		*n = 1;
		return items;
	}
	for (const char *p = k->def; *p && *n < 4;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		items[(*n)++].text = arena_strndup(a, p, len);
		p += len + (sp ? 1 : 0);
	}
	return items;
}

static size_t key_index(const stylekey *k)
{
	return (size_t)(k - stylekeys);
}

static void set_value(loader *L, const stylekey *k, const ynode *v, int depth)
{
	size_t n;
	sk_item *items = value_items(L, k, v, &n);
	sk_ctx ctx = { L->a, NULL, 0, 10 };
	if (!items || !stylekey_parse(k, items, n, &ctx, &L->scratch))
		return;
	L->win[key_index(k)] = v;
	L->depth[key_index(k)] = depth;
}

/* Whether some key lies under the group prefix. */
static bool is_group(const char *prefix)
{
	size_t n = strlen(prefix);
	for (const stylekey *k = stylekeys; k->key; k++)
		if (strncmp(k->key, prefix, n) == 0 && k->key[n] == '.')
			return true;
	return false;
}

/* The keys directly under prefix ("" for the top), without duplicates. */
static const char **children(arena *a, const char *prefix, size_t *n)
{
	size_t plen = strlen(prefix), cap = 8;
	const char **out = arena_alloc(a, cap * sizeof *out);
	*n = 0;
	if (!plen) {
		out[(*n)++] = "extends";
		out[(*n)++] = "palette";
	}
	for (const stylekey *k = stylekeys; k->key; k++) {
		if (plen && (strncmp(k->key, prefix, plen) != 0 || k->key[plen] != '.'))
			continue;
		const char *start = k->key + plen + (plen ? 1 : 0);
		const char *dot = strchr(start, '.');
		char *seg = arena_strndup(a, start, dot ? (size_t)(dot - start) : strlen(start));
		bool seen = false;
		for (size_t i = 0; i < *n; i++)
			seen |= strcmp(out[i], seg) == 0;
		if (seen)
			continue;
		if (*n + 2 > cap) {
			const char **more = arena_alloc(a, 2 * cap * sizeof *more);
			memcpy(more, out, *n * sizeof *out);
			out = more;
			cap *= 2;
		}
		out[(*n)++] = seg;
	}
	out[*n] = NULL;
	return out;
}

static void unknown_key(loader *L, const ynode *key, const char *prefix)
{
	size_t n;
	const char **known = children(L->a, prefix, &n);
	const char *near = closest_word(key->value, known);
	if (near) {
		diag(DIAG_ERROR, key->pos, "unknown key '%s' (did you mean '%s'?)", key->value,
		     near);
		return;
	}
	strbuf all = { 0 };
	for (size_t i = 0; i < n; i++)
		sb_printf(&all, "%s%s", i ? ", " : "", known[i]);
	diag(DIAG_ERROR, key->pos, "unknown key '%s' in %s; known keys: %s", key->value,
	     *prefix ? prefix : "the style sheet", all.s);
	sb_free(&all);
}

static void add_colour(loader *L, const char *name, const ynode *v)
{
	rgb c;
	if (v->kind != Y_SCALAR || !stylekey_hex(v->value, &c)) {
		diag(DIAG_ERROR, v->pos, "palette colour '%s' must be #rrggbb (six hex digits), "
		     "not %s%s%s", name, v->kind == Y_SCALAR ? "'" : "a ",
		     v->kind == Y_SCALAR ? v->value : ynode_kind_name(v->kind),
		     v->kind == Y_SCALAR ? "'" : "");
		return;
	}
	for (size_t i = 0; i < L->n_palette; i++)
		if (strcmp(L->palette[i].name, name) == 0) {
			L->palette[i] = (sk_colour){ name, c, v->value, v->pos };
			return;
		}
	if (L->n_palette == L->cap_palette) {
		L->cap_palette = L->cap_palette ? 2 * L->cap_palette : 16;
		sk_colour *more = arena_alloc(L->a, L->cap_palette * sizeof *more);
		if (L->n_palette)
			memcpy(more, L->palette, L->n_palette * sizeof *more);
		L->palette = more;
	}
	L->palette[L->n_palette++] = (sk_colour){ name, c, v->value, v->pos };
}

static void read_palette(loader *L, const ynode *map)
{
	if (map->kind != Y_MAP) {
		diag(DIAG_ERROR, map->pos, "'palette' holds colours by name (accent: \"#005469\"), "
		     "not a %s", ynode_kind_name(map->kind));
		return;
	}
	for (size_t i = 0; i < map->n; i++) {
		const ynode *key = ymap_key(map, i);
		if (!stylekey_is_name(key->value)) {
			diag(DIAG_ERROR, key->pos, "'%s' is not a colour name; use lower-case "
			     "letters, digits and '-'", key->value);
			continue;
		}
		add_colour(L, key->value, ymap_val(map, i));
	}
}

/* Reads the keys of a mapping under prefix.  Recursion is bounded by the
 * depth of the key table (four levels), not by the input. */
static void read_map(loader *L, const ynode *map, const char *prefix, int depth)
{
	for (size_t i = 0; i < map->n; i++) {
		const ynode *key = ymap_key(map, i), *v = ymap_val(map, i);
		const char *full = *prefix ? arena_printf(L->a, "%s.%s", prefix, key->value)
					   : key->value;
		const stylekey *k = stylekey_find(full);
		if (!*prefix && strcmp(full, "extends") == 0)
			continue;
		if (!*prefix && strcmp(full, "palette") == 0)
			read_palette(L, v);
		else if (k)
			set_value(L, k, v, depth);
		else if (!is_group(full))
			unknown_key(L, key, prefix);
		else if (v->kind != Y_MAP) {
			size_t n;
			const char **sub = children(L->a, full, &n);
			strbuf all = { 0 };
			for (size_t j = 0; j < n; j++)
				sb_printf(&all, "%s%s", j ? ", " : "", sub[j]);
			diag(DIAG_ERROR, v->pos, "'%s' is a group of keys (%s), not a value",
			     key->value, all.s);
			sb_free(&all);
		} else {
			read_map(L, v, full, depth);
		}
	}
}

/* ---- the resolved style ------------------------------------------------ */

static srcpos where(const loader *L, const char *key)
{
	const ynode *v = L->win[key_index(stylekey_find(key))];
	return v ? v->pos : (srcpos){ 0 };
}

static double get(const loader *L, const char *key)
{
	return *(const double *)((const char *)L->st + stylekey_find(key)->off);
}

static const char *mm(arena *a, double pt)
{
	return arena_printf(a, "%.4gmm", pt / MM);
}

/* Reports at the most derived of keys that a sheet sets (the one to
 * change), with a note at each other key a sheet sets. */
static void report(const loader *L, const char *const *keys,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(const loader *L, const char *const *keys, const char *fmt, ...)
{
	size_t best = 0;
	for (size_t i = 1; keys[i]; i++)
		if (L->depth[key_index(stylekey_find(keys[i]))] <
		    L->depth[key_index(stylekey_find(keys[best]))])
			best = i;
	va_list ap;
	va_start(ap, fmt);
	vdiag(DIAG_ERROR, where(L, keys[best]), fmt, ap);
	va_end(ap);
	for (size_t i = 0; keys[i]; i++)
		if (i != best && where(L, keys[i]).file)
			diag(DIAG_NOTE, where(L, keys[i]), "%s is set here", keys[i]);
}

static bool convert(loader *L)
{
	bool ok = true;
	sk_ctx ctx = { L->a, L->palette, L->n_palette, 10 };
	/* sizes first: 'em' refers to them */
	for (int pass = 0; pass < 3; pass++) {
		for (const stylekey *k = stylekeys; k->key; k++) {
			bool body = strcmp(k->key, "body.size") == 0;
			if ((pass == 0) != body || (pass == 1 && k->type != SK_SIZE) ||
			    (pass == 2 && k->type == SK_SIZE))
				continue;
			ctx.em = *(const double *)((const char *)L->st + k->em);
			const ynode *v = L->win[key_index(k)];
			size_t n;
			sk_item *items = v ? value_items(L, k, v, &n) : NULL;
			if (!v && k->def)
				items = default_items(L->a, k, &n);
			if (items)
				ok &= stylekey_parse(k, items, n, &ctx, L->st);
			else
				stylekey_unset(k, L->st);
		}
	}
	return ok;
}

/* A text size, and its line height against it. */
static bool check_size(const loader *L, const stylekey *k)
{
	double v = *(const double *)((const char *)L->st + k->off);
	const char *keys[] = { k->key, NULL };
	if (v < 4) {
		report(L, keys, "text size %.3gpt is too small to read (%s); use at least 4pt",
		       v, k->key);
		return false;
	}
	if (v > 500) {
		report(L, keys, "text size %.4gpt is larger than 500pt (%s)", v, k->key);
		return false;
	}
	char lh[128];
	snprintf(lh, sizeof lh, "%.*s.line-height", (int)(strlen(k->key) - 5), k->key);
	const char *both[] = { lh, k->key, NULL };
	if (stylekey_find(lh) && get(L, lh) < v) {
		report(L, both, "%s %.3gpt is less than the text size %.3gpt; lines would "
		       "overlap", lh, get(L, lh), v);
		return false;
	}
	return true;
}

static bool check_sizes(const loader *L)
{
	const stylekey *body = stylekey_find("body.size");
	if (!check_size(L, body))
		return false;   /* an 'em' of it would repeat the error */
	bool ok = true;
	for (const stylekey *k = stylekeys; k->key; k++)
		if (k->type == SK_SIZE && k != body)
			ok &= check_size(L, k);
	return ok;
}

static bool check_page(const loader *L)
{
	const style *st = L->st;
	arena *a = L->a;
	const char *w[] = { "page.width", NULL }, *h[] = { "page.height", NULL };
	if (st->page_width < 50 * MM || st->page_height < 50 * MM) {
		report(L, st->page_width < 50 * MM ? w : h, "a page of %s by %s is too small; "
		       "pages are at least 50mm wide and high", mm(a, st->page_width),
		       mm(a, st->page_height));
		return false;
	}
	const char *lr[] = { "page.margin.inner", "page.margin.outer", "page.width", NULL };
	const char *tb[] = { "page.margin.top", "page.margin.bottom", "page.height", NULL };
	double measure = st->page_width - st->margin_inner - st->margin_outer;
	double height = st->page_height - st->margin_top - st->margin_bottom;
	bool ok = true;
	if (measure < 30 * MM) {
		report(L, lr, "the margins (inner %s, outer %s) %s the page width (%s); the "
		       "text needs at least 30mm", mm(a, st->margin_inner), mm(a, st->margin_outer),
		       measure <= 0 ? "are wider than" : "leave too little of",
		       mm(a, st->page_width));
		ok = false;
	}
	if (height < 30 * MM) {
		report(L, tb, "the margins (top %s, bottom %s) %s the page height (%s); the "
		       "text needs at least 30mm", mm(a, st->margin_top), mm(a, st->margin_bottom),
		       height <= 0 ? "are higher than" : "leave too little of",
		       mm(a, st->page_height));
		ok = false;
	}
	const char *cols[] = { "page.columns", "page.column-gap", NULL };
	double colw = (measure - (st->columns - 1) * st->column_gap) / st->columns;
	if (ok && colw < 25 * MM) {
		report(L, cols, "%d columns with a gap of %s leave %s per column; a column "
		       "needs at least 25mm", st->columns, mm(a, st->column_gap), mm(a, colw));
		ok = false;
	}
	return ok;
}

/* Leader dots closer than 1pt would never end (and could not be seen). */
static bool check_leaders(const loader *L)
{
	const char *keys[] = { "contents.leaders.step", NULL };
	if (L->st->toc_leader_step >= 1)
		return true;
	report(L, keys, "contents.leaders.step %.3gpt puts the dots on top of each other; "
	       "use at least 1pt", L->st->toc_leader_step);
	return false;
}

static bool check_running(const loader *L)
{
	const style *st = L->st;
	const char *head[] = { "header.offset", "header.line-height", "page.margin.top", NULL };
	const char *foot[] = { "footer.offset", "footer.line-height", "page.margin.bottom",
			       NULL };
	bool ok = true;
	if (st->header.offset + st->header.font.leading > st->margin_top) {
		report(L, head, "the header does not fit above the text: header.offset (%s) and "
		       "its line (%.3gpt) need more than the top margin (%s)",
		       mm(L->a, st->header.offset), st->header.font.leading,
		       mm(L->a, st->margin_top));
		ok = false;
	}
	if (st->footer.offset + st->footer.font.leading > st->margin_bottom) {
		report(L, foot, "the footer does not fit below the text: footer.offset (%s) and "
		       "its line (%.3gpt) need more than the bottom margin (%s)",
		       mm(L->a, st->footer.offset), st->footer.font.leading,
		       mm(L->a, st->margin_bottom));
		ok = false;
	}
	return ok;
}

static bool check_cover(const loader *L)
{
	const style *st = L->st;
	bool ok = true;
	for (const stylekey *k = stylekeys; k->key; k++) {
		size_t n = strlen(k->key);
		if (strncmp(k->key, "cover.", 6) != 0 || n < 2 || k->key[n - 2] != '.' ||
		    (k->key[n - 1] != 'x' && k->key[n - 1] != 'y'))
			continue;
		double v = get(L, k->key);
		double limit = k->key[n - 1] == 'x' ? st->page_width : st->page_height;
		const char *keys[] = { k->key, NULL };
		if (!isnan(v) && v >= limit) {
			report(L, keys, "%s (%s) lies beyond the %s of the page (%s)", k->key,
			       mm(L->a, v), k->key[n - 1] == 'x' ? "right edge" : "bottom",
			       mm(L->a, limit));
			ok = false;
		}
	}
	const char *band[] = { "cover.band.height", NULL };
	if (st->cover.band_height > st->page_height) {
		report(L, band, "the cover band (%s) is higher than the page (%s)",
		       mm(L->a, st->cover.band_height), mm(L->a, st->page_height));
		ok = false;
	}
	const char *logo[] = { "cover.logo.width", "cover.logo.x", NULL };
	double x = isnan(st->cover.logo_x) ? st->margin_inner : st->cover.logo_x;
	if (st->cover.logo && x + st->cover.logo_width > st->page_width) {
		report(L, logo, "the logo (%s wide at %s) reaches beyond the right edge of the "
		       "page (%s)", mm(L->a, st->cover.logo_width), mm(L->a, x),
		       mm(L->a, st->page_width));
		ok = false;
	}
	return ok;
}

/* Pango's generic names, which every font map answers to: a style names
 * a family of fonts/ instead, so the choice never depends on fontconfig. */
static bool generic_family(const char *name)
{
	static const char *const generic[] = {
		"Sans", "Serif", "Monospace", "System-ui", "Cursive", "Fantasy", "Emoji",
		"Math", NULL
	};
	for (size_t i = 0; generic[i]; i++)
		if (g_ascii_strcasecmp(name, generic[i]) == 0)
			return true;
	return false;
}

const char **sheet_families(arena *a, size_t *n)
{
	PangoFontFamily **fams;
	int count;
	pango_context_list_families(fonts_context(), &fams, &count);
	const char **names = arena_alloc(a, ((size_t)count + 1) * sizeof *names);
	*n = 0;
	for (int i = 0; i < count; i++)
		if (!generic_family(pango_font_family_get_name(fams[i])))
			names[(*n)++] = arena_strdup(a, pango_font_family_get_name(fams[i]));
	g_free(fams);
	qsort(names, *n, sizeof *names, cmp_name);
	names[*n] = NULL;
	return names;
}

/* No silent fallback: every family must be in fonts/. */
static bool check_fonts(const loader *L)
{
	if (!fonts_context())
		return true;
	size_t n;
	const char **names = sheet_families(L->a, &n);
	strbuf all = { 0 };
	for (size_t i = 0; i < n; i++)
		sb_printf(&all, "%s%s", i ? ", " : "", names[i]);
	bool ok = true;
	for (const stylekey *k = stylekeys; k->key; k++) {
		if (k->type != SK_FAMILY)
			continue;
		const char *fam = *(const char *const *)((const char *)L->st + k->off);
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = g_ascii_strcasecmp(fam, names[i]) == 0;
		if (found)
			continue;
		const char *near = closest_word(fam, names);
		const char *keys[] = { k->key, NULL };
		if (near)
			report(L, keys, "font family '%s' is not in %s/ (did you mean '%s'?)", fam,
			       fonts_dir(), near);
		else
			report(L, keys, "font family '%s' is not in %s/; add its files there or use "
			       "%s", fam, fonts_dir(), all.s);
		ok = false;
	}
	sb_free(&all);
	return ok;
}

/* The natural width and height of an SVG or PNG file. */
static bool image_size(const char *path, double *w, double *h, strbuf *why)
{
	size_t n = strlen(path);
	if (n > 4 && strcasecmp(path + n - 4, ".png") == 0) {
		cairo_surface_t *s = cairo_image_surface_create_from_png(path);
		cairo_status_t status = cairo_surface_status(s);
		*w = cairo_image_surface_get_width(s);
		*h = cairo_image_surface_get_height(s);
		cairo_surface_destroy(s);
		if (status != CAIRO_STATUS_SUCCESS)
			sb_adds(why, cairo_status_to_string(status));
		return status == CAIRO_STATUS_SUCCESS;
	}
	GError *err = NULL;
	RsvgHandle *svg = rsvg_handle_new_from_file(path, &err);
	if (!svg) {
		sb_adds(why, err ? err->message : "not an SVG file");
		g_clear_error(&err);
		return false;
	}
	bool ok = rsvg_handle_get_intrinsic_size_in_pixels(svg, w, h);
	if (!ok) {
		gboolean has_w, has_h, has_box;
		RsvgLength lw, lh;
		RsvgRectangle box;
		rsvg_handle_get_intrinsic_dimensions(svg, &has_w, &lw, &has_h, &lh, &has_box, &box);
		ok = has_box;
		*w = box.width;
		*h = box.height;
	}
	g_object_unref(svg);
	if (!ok || *w <= 0 || *h <= 0) {
		sb_adds(why, "the SVG has no size; give its <svg> a width and height or a viewBox");
		return false;
	}
	return true;
}

/* Text in an SVG would be set by librsvg in fonts from outside fonts/. */
static bool svg_has_text(const char *path)
{
	size_t n = strlen(path);
	if (n < 4 || strcasecmp(path + n - 4, ".svg") != 0)
		return false;
	gchar *text = NULL;
	bool found = g_file_get_contents(path, &text, NULL, NULL) &&
		     (strstr(text, "<text") || strstr(text, ":text"));
	g_free(text);
	return found;
}

static bool check_logo(loader *L)
{
	style *st = L->st;
	if (!st->cover.logo)
		return true;
	double w, h;
	strbuf why = { 0 };
	bool ok = image_size(st->cover.logo, &w, &h, &why);
	if (ok && svg_has_text(st->cover.logo)) {
		sb_adds(&why, "it has <text>, which would be set in fonts from outside fonts/; "
			"convert the text to paths");
		ok = false;
	}
	if (ok) {
		st->cover.logo_aspect = h / w;
	} else {
		const char *keys[] = { "cover.logo.file", NULL };
		report(L, keys, "cannot use logo %s: %s", st->cover.logo, why.s);
	}
	sb_free(&why);
	return ok;
}

static void add_file(arena *a, style *st, const char *path)
{
	const char **more = arena_alloc(a, (st->n_files + 1) * sizeof *more);
	if (st->n_files)
		memcpy(more, st->files, st->n_files * sizeof *more);
	more[st->n_files++] = path;
	st->files = more;
}

static void loader_init(loader *L, arena *a, const char *const *dirs)
{
	memset(L, 0, sizeof *L);
	L->a = a;
	L->dirs = dirs;
	for (const stylekey *k = stylekeys; k->key; k++)
		L->n_keys++;
	L->win = arena_alloc(a, L->n_keys * sizeof *L->win);
	L->depth = arena_alloc(a, L->n_keys * sizeof *L->depth);
	for (size_t i = 0; i < L->n_keys; i++)
		L->depth[i] = INT_MAX;
}

/* Reads NAME with its chain; the cascade of their values is in L.  A
 * wrong value is reported and skipped (the one it would override stays),
 * so checking goes on; false only when the chain cannot be read. */
static bool read_sheets(loader *L, const char *name, srcpos named_at)
{
	if (!load_chain(L, name, named_at))
		return false;
	for (size_t i = L->n; i-- > 0;)
		read_map(L, L->chain[i].root, "", (int)i);
	return true;
}

/* Texts of the sheet that are printed: characters no font has. */
static void check_texts(const loader *L)
{
	for (const stylekey *k = stylekeys; k->key; k++) {
		const ynode *v = L->win[key_index(k)];
		if (!v || (k->type != SK_TEXT && k->type != SK_TEMPLATE && k->type != SK_BULLETS))
			continue;
		size_t n = v->kind == Y_SEQ ? v->n : 1;
		for (size_t i = 0; i < n; i++) {
			const ynode *t = v->kind == Y_SEQ ? v->items[i] : v;
			srcpos at = t->pos;
			at.col += t->plain ? 0 : 1;
			if (t->kind == Y_SCALAR && !(k->type == SK_TEXT && strcmp(k->key, "description") == 0))
				coverage_text(t->value, at);
		}
	}
}

static bool resolve(loader *L)
{
	int errors = diag_errors();
	L->st = arena_alloc(L->a, sizeof *L->st);
	if (!convert(L) || diag_errors() != errors)
		return false;
	bool ok = check_sizes(L);
	ok &= check_page(L);
	ok &= check_running(L);
	ok &= check_leaders(L);
	ok &= check_cover(L);
	ok &= check_fonts(L);
	ok &= check_logo(L);
	ok &= diag_errors() == errors;
	if (ok)
		check_texts(L);
	for (size_t i = 0; i < L->n; i++)
		add_file(L->a, L->st, L->chain[i].path);
	if (L->st->cover.logo)
		add_file(L->a, L->st, L->st->cover.logo);
	return ok;
}

const style *sheet_load(arena *a, const char *const *dirs, const char *name,
			srcpos named_at)
{
	loader L;
	loader_init(&L, a, dirs);
	int errors = diag_errors();
	bool ok = read_sheets(&L, name, named_at) && resolve(&L) && diag_errors() == errors;
	if (!ok && L.n && named_at.file)
		diag(DIAG_NOTE, named_at, "in the style '%s' named here", name);
	if (!ok)
		return NULL;
	L.st->name = arena_strdup(a, name);
	return L.st;
}

const style *sheet_default(void)
{
	static arena *a;
	static const style *st;
	if (!st) {
		static const char *const none[] = { NULL };
		loader L;
		a = arena_new();
		loader_init(&L, a, none);
		L.st = arena_alloc(a, sizeof *L.st);
		convert(&L);
		L.st->name = "built-in";
		st = L.st;
	}
	return st;
}

/* ---- satz styles ------------------------------------------------------- */

static const char *origin(arena *a, srcpos p)
{
	return p.file ? arena_printf(a, "%s:%d:%d", p.file, p.line, p.col) : "built-in";
}

static void add_text(strbuf *b, const char *s)
{
	if (*s)
		sb_adds(b, s);
	else
		sb_adds(b, "\"\"");
}

/* The value of k as written, with the colour a palette name stands for. */
static const char *shown(loader *L, const stylekey *k)
{
	const ynode *v = L->win[key_index(k)];
	strbuf b = { 0 };
	if (!v && !k->def) {
		sb_printf(&b, "(unset: %s)", k->unset);
	} else if (stylekey_is_list(k->type)) {
		size_t n;
		sk_item *items = v ? value_items(L, k, v, &n) : default_items(L->a, k, &n);
		sb_addc(&b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				sb_adds(&b, ", ");
			add_text(&b, items[i].text);
		}
		sb_addc(&b, ']');
	} else {
		const char *text = v ? v->value : k->def;
		add_text(&b, text);
		const void *field = (const char *)L->st + k->off;
		const rgb *c = field;
		size_t n = strlen(text);
		if (k->type == SK_COLOR && text[0] != '#')
			sb_printf(&b, " (#%02x%02x%02x)", (unsigned)lround(c->r * 255),
				  (unsigned)lround(c->g * 255), (unsigned)lround(c->b * 255));
		if ((k->type == SK_LENGTH || k->type == SK_SIZE) && n > 2 &&
		    strcmp(text + n - 2, "em") == 0)
			sb_printf(&b, " (%.4gpt)", *(const double *)field);
		if (k->type == SK_IMAGE && *text && strcmp(text, *(const char *const *)field) != 0)
			sb_printf(&b, " (%s)", *(const char *const *)field);
	}
	const char *s = arena_strdup(L->a, b.s);
	sb_free(&b);
	return s;
}

typedef struct {
	const char *origin, *line;
} print_line;

static void print_lines(const print_line *lines, size_t n, strbuf *out)
{
	size_t width = 0;
	for (size_t i = 0; i < n; i++)
		if (strlen(lines[i].origin) > width)
			width = strlen(lines[i].origin);
	for (size_t i = 0; i < n; i++)
		sb_printf(out, "%-*s  %s\n", (int)width, lines[i].origin, lines[i].line);
}

bool sheet_print(arena *a, const char *const *dirs, const char *name, strbuf *out)
{
	loader L;
	loader_init(&L, a, dirs);
	int errors = diag_errors();
	if (!read_sheets(&L, name, (srcpos){ 0 }) || !resolve(&L) || diag_errors() != errors)
		return false;
	print_line *lines = arena_alloc(a, (L.n + L.n_palette + L.n_keys) * sizeof *lines);
	size_t n = 0;
	for (size_t i = 0; i < L.n; i++)
		if (L.chain[i].extends)
			lines[n++] = (print_line){ origin(a, L.chain[i].extends->pos),
				arena_printf(a, "extends=%s", L.chain[i].extends->value) };
	for (size_t i = 0; i < L.n_palette; i++)
		lines[n++] = (print_line){ origin(a, L.palette[i].pos),
			arena_printf(a, "palette.%s=%s", L.palette[i].name, L.palette[i].text) };
	for (const stylekey *k = stylekeys; k->key; k++) {
		const ynode *v = L.win[key_index(k)];
		lines[n++] = (print_line){ origin(a, v ? v->pos : (srcpos){ 0 }),
			arena_printf(a, "%s=%s", k->key, shown(&L, k)) };
	}
	print_lines(lines, n, out);
	return true;
}

void sheet_list(arena *a, const char *const *dirs, strbuf *out)
{
	size_t n;
	const char **names = sheet_names(a, dirs, &n);
	print_line *lines = arena_alloc(a, (n + 1) * sizeof *lines);
	for (size_t i = 0; i < n; i++) {
		const ynode *root = load_yaml(a, find_sheet(a, dirs, names[i]));
		const ynode *d = root ? ymap_get(root, "description") : NULL;
		lines[i] = (print_line){ names[i], d && d->kind == Y_SCALAR ? d->value : "" };
	}
	print_lines(lines, n, out);
}
