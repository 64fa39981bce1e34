/* generate: generated blocks (docs/shared-data.md) and complete documents. */
#include "generate.h"
#include "data.h"
#include "parse.h"
#include "srckey.h"

#include <dirent.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int generated;   /* names for generated sections: "gen.N" */

/* --- building blocks ---------------------------------------------------- */

static itext text_of(document *d, const char *s, srcpos pos)
{
	itext t = { 0 };
	if (s && *s)
		doc_text(d, s, pos, &t);
	return t;
}

static block *para_of(document *d, const char *s, srcpos pos)
{
	block *p = doc_block_new(d->a, B_PARA, pos);
	p->text = text_of(d, s, pos);
	return p;
}

static block *section_of(document *d, const char *title, int level, srcpos pos)
{
	block *s = doc_block_new(d->a, B_SECTION, pos);
	s->text = text_of(d, title, pos);
	s->plain = inline_plain(d->a, &s->text);
	s->level = level;
	s->number = "";
	s->id = arena_printf(d->a, "gen.%d", ++generated);
	return s;
}

typedef struct {
	const char *title;
	const char *width;      /* "2fr", "auto" */
	enum col_align align;
} colspec;

/* A numbered table from plain strings (with inline markup). */
static block *table_of(document *d, const char *caption, const colspec *cols, size_t nc,
		       const char **cells, size_t nr, srcpos pos)
{
	arena *a = d->a;
	block *b = doc_block_new(a, B_TABLE, pos);
	table_data *t = arena_alloc(a, sizeof *t);
	b->table = t;
	b->caption = text_of(d, caption, pos);
	t->n_cols = nc;
	t->n_rows = nr;
	t->header = true;
	t->cols = arena_alloc(a, nc * sizeof *t->cols);
	for (size_t c = 0; c < nc; c++) {
		t->cols[c].title = text_of(d, cols[c].title, pos);
		t->cols[c].align = cols[c].align;
		if (cols[c].width && strstr(cols[c].width, "fr"))
			t->cols[c].width.fr = atof(cols[c].width);
	}
	t->cells = arena_alloc(a, (nr * nc + 1) * sizeof *t->cells);
	for (size_t i = 0; i < nr * nc; i++) {
		block *cell = doc_block_new(a, B_CELL, pos);
		block *p = para_of(d, cells[i] ? cells[i] : "", pos);
		doc_block_children(a, cell, &p, 1);
		t->cells[i] = cell;
	}
	doc_block_children(a, b, t->cells, nr * nc);
	return b;
}

static const char *status_name(const char *s)
{
	return !s ? "" : strcmp(s, "idea") == 0 ? "Idee" : strcmp(s, "planned") == 0 ? "in Planung" :
	       strcmp(s, "running") == 0 ? "in Umsetzung" : strcmp(s, "done") == 0 ? "abgeschlossen" : s;
}

static const char *thousands(arena *a, long n)
{
	return n >= 1000 ? arena_printf(a, "%ld.%03ld", n / 1000, n % 1000) : arena_printf(a, "%ld", n);
}

/* --- portfolio ---------------------------------------------------------- */

static block *portfolio(document *d, const ynode *list, srcpos pos)
{
	const char **keys = srcmap_names(&srcmap_project);
	const char *const *statuses = srcmap_find(&srcmap_project, "status")->values;
	if (list->kind != Y_SEQ || list->n == 0) {
		diag(DIAG_ERROR, list->pos, "'portfolio' takes a list of projects with title, "
		     "field, goal, status, period and partners");
		free(keys);
		return NULL;
	}
	bool ok = true;
	size_t n0 = d->n_projects;
	project *all = arena_alloc(d->a, (n0 + list->n) * sizeof *all);
	if (n0)
		memcpy(all, d->projects, n0 * sizeof *all);
	for (size_t i = 0; i < list->n; i++) {
		const ynode *m = list->items[i];
		if (m->kind != Y_MAP) {
			diag(DIAG_ERROR, m->pos, "a project is a mapping with title, field, goal, "
			     "status, period and partners");
			ok = false;
			continue;
		}
		ok &= data_check_keys(m, keys);
		project *p = &all[d->n_projects++];
		p->title = yscalar(ymap_get(m, "title"));
		p->field = yscalar(ymap_get(m, "field"));
		p->goal = yscalar(ymap_get(m, "goal"));
		p->status = yscalar(ymap_get(m, "status"));
		p->period = yscalar(ymap_get(m, "period"));
		p->partners = yscalar(ymap_get(m, "partners"));
		p->municipality = d->municipality;
		if (!p->title || !p->field || !p->goal || !p->status) {
			diag(DIAG_ERROR, m->pos, "a project needs title, field, goal and status");
			ok = false;
			continue;
		}
		if (!data_field(d, p->field, ymap_get(m, "field")->pos))
			ok = false;
		bool known = false;
		for (int k = 0; statuses[k]; k++)
			known |= strcmp(statuses[k], p->status) == 0;
		if (!known) {
			diag(DIAG_ERROR, ymap_get(m, "status")->pos,
			     "status '%s' is not idea, planned, running or done", p->status);
			ok = false;
		}
	}
	d->projects = all;
	free(keys);
	if (!ok)
		return NULL;
	static const colspec cols[] = {
		{ "Projekt", "2fr", AL_LEFT }, { "Handlungsfeld", NULL, AL_LEFT },
		{ "Ziel", "2fr", AL_LEFT }, { "Status", NULL, AL_LEFT },
		{ "Zeitraum", NULL, AL_LEFT }, { "Partner", "1.5fr", AL_LEFT },
	};
	size_t nr = d->n_projects - n0;
	const char **cells = arena_alloc(d->a, nr * 6 * sizeof *cells);
	for (size_t i = 0; i < nr; i++) {
		const project *p = &all[n0 + i];
		const field *f = data_field(d, p->field, pos);
		const char *row[] = { p->title, f ? f->shortname : p->field, p->goal,
				      status_name(p->status), p->period, p->partners };
		memcpy(cells + i * 6, row, sizeof row);
	}
	return table_of(d, "Projektportfolio", cols, 6, cells, nr, pos);
}

/* --- municipalities ------------------------------------------------------ */

static const char *role_name(const char *r)
{
	return strcmp(r, "pioneer") == 0 ? "Pionierkommune" :
	       strcmp(r, "core") == 0 ? "Kernkommune" : "angeschlossen";
}

static block *municipalities(document *d, const ynode *n, srcpos pos)
{
	const shared_data *s = data_of(d, n->pos);
	if (!s)
		return NULL;
	bool want[3] = { false, false, false };
	const char *const *roles = srcblock_find("municipalities")->map->keys[0].values;
	size_t nv = n->kind == Y_SEQ ? n->n : 1;
	for (size_t i = 0; i < nv; i++) {
		const ynode *v = n->kind == Y_SEQ ? n->items[i] : n;
		int k = 0;
		while (roles[k] && (!yscalar(v) || strcmp(roles[k], v->value) != 0))
			k++;
		if (!roles[k]) {
			diag(DIAG_ERROR, v->pos, "'municipalities' takes roles: pioneer, core, adopting");
			return NULL;
		}
		want[k] = true;
	}
	static const colspec cols[] = {
		{ "Kommune", "2fr", AL_LEFT }, { "Kreis", "2fr", AL_LEFT },
		{ "Einwohner", NULL, AL_RIGHT }, { "Rolle", NULL, AL_LEFT },
		{ "Ratsbeschluss", NULL, AL_LEFT },
	};
	const char **cells = arena_alloc(d->a, (s->n_municipalities * 5 + 1) * sizeof *cells);
	size_t nr = 0;
	bool examples = false;
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < s->n_municipalities; i++) {
			const municipality *m = &s->municipalities[i];
			if (!want[k] || strcmp(m->role, roles[k]) != 0)
				continue;
			char date[32] = "–";
			if (m->resolution) {
				int y, mo, dd;
				if (sscanf(m->resolution, "%d-%d-%d", &y, &mo, &dd) == 3)
					snprintf(date, sizeof date, "%02d.%02d.%04d%s", dd, mo, y,
						 m->example ? "\xc2\xa0*" : "");
			}
			examples |= m->example;
			const char *row[] = { m->name, m->district ? m->district : "–",
					      m->inhabitants ? arena_printf(d->a, "rund %s",
						      thousands(d->a, m->inhabitants)) : "–",
					      role_name(m->role), arena_strdup(d->a, date) };
			memcpy(cells + nr * 5, row, sizeof row);
			nr++;
		}
	for (size_t i = 0; i < nr * 5; i++)   /* the '*' of examples is literal */
		if (strstr(cells[i], "\xc2\xa0*"))
			cells[i] = arena_printf(d->a, "%.*s\xc2\xa0\\*", (int)(strlen(cells[i]) - 3),
						cells[i]);
	block *t = table_of(d, examples ? "Die Kommunen des Netzwerks (* Beispielwert, kein "
				  "amtliches Datum)" : "Die Kommunen des Netzwerks",
			    cols, 5, cells, nr, pos);
	return t;
}

/* --- other sources ------------------------------------------------------- */

static document *load_other(document *d, const char *path, srcpos pos)
{
	if (d->include_depth >= 2) {
		diag(DIAG_ERROR, pos, "'%s' includes documents that include documents; "
		     "include from one level only", path);
		return NULL;
	}
	doc_add_file(d, path);
	document *o = generate_document(d->a, path);
	if (o)
		o->include_depth = d->include_depth + 1;
	return o;
}

/* The *.yaml files of a directory under the sources, sorted. */
static char **list_sources(document *d, const char *dir, srcpos pos, size_t *n)
{
	const char *path = arena_printf(d->a, "%s%s", d->data ? d->data->root : data_sources_root(d->a, d->path), dir);
	*n = 0;
	if (dir[0] == '/') {
		diag(DIAG_ERROR, pos, "directory '%s' is absolute; give it relative to the "
		     "sources directory, e.g. teilstrategien", dir);
		return NULL;
	}
	if (!data_inside_project(path, dir, pos, "directory"))
		return NULL;
	DIR *dd = opendir(path);
	if (!dd) {
		diag(DIAG_ERROR, pos, "no directory '%s' under the sources (looked for %s)", dir, path);
		return NULL;
	}
	doc_add_file(d, path);   /* a new file there changes this document */
	size_t cap = 16;
	char **files = xmalloc(cap * sizeof *files);
	for (struct dirent *e; (e = readdir(dd));) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0 || e->d_name[0] == '.')
			continue;
		if (*n == cap)
			files = xrealloc(files, (cap *= 2) * sizeof *files);
		files[(*n)++] = arena_printf(d->a, "%s/%s", path, e->d_name);
	}
	closedir(dd);
	for (size_t i = 1; i < *n; i++)   /* insertion sort: a few dozen names */
		for (size_t j = i; j > 0 && strcmp(files[j - 1], files[j]) > 0; j--) {
			char *t = files[j];
			files[j] = files[j - 1];
			files[j - 1] = t;
		}
	char **r = arena_alloc(d->a, (*n + 1) * sizeof *r);
	memcpy(r, files, *n * sizeof *r);
	free(files);
	return r;
}

/* A copy of text from another document: links into it become plain text,
 * references name the other document (footnotes are numbered here by
 * doc_number, as all of this document's are). */
static itext copy_text(document *d, const document *from, const itext *src)
{
	itext t = *src;
	if (!src->n)
		return t;
	t.spans = arena_alloc(d->a, src->n * sizeof *t.spans);
	memcpy(t.spans, src->spans, src->n * sizeof *t.spans);
	for (size_t i = 0; i < t.n; i++) {
		ispan *s = &t.spans[i];
		s->ref = NULL;
		if (s->xref) {
			s->xref = NULL;
			s->text = arena_printf(d->a, "(siehe %s)", from->title);
			s->len = strlen(s->text);
		}
		if (s->note) {
			itext *note = arena_alloc(d->a, sizeof *note);
			*note = copy_text(d, from, s->note);
			s->note = note;
			s->note_id = NULL;
		}
	}
	return t;
}

/* A deep copy of a block tree at a new section level. */
static block *copy_block(document *d, const document *from, const block *b, int level)
{
	block *c = doc_block_new(d->a, b->kind, b->pos);
	*c = *b;
	c->text = copy_text(d, from, &b->text);
	c->by = copy_text(d, from, &b->by);
	c->term = copy_text(d, from, &b->term);
	c->caption = copy_text(d, from, &b->caption);
	if (b->kind == B_SECTION) {
		c->level = level;
		c->id = arena_printf(d->a, "gen.%d", ++generated);
	}
	if (b->kind == B_TABLE || b->kind == B_FIGURE || b->kind == B_CHART)
		c->id = NULL;   /* ids and numbers are the other document's */
	if (b->kind == B_FIGURE)
		doc_add_file(d, b->figure->file);
	c->children = arena_alloc(d->a, (b->n + 1) * sizeof *c->children);
	for (size_t i = 0; i < b->n; i++)
		c->children[i] = copy_block(d, from, b->children[i],
					    b->children[i]->kind == B_SECTION ? level + 1 : level);
	if (b->kind == B_TABLE) {
		table_data *t = arena_alloc(d->a, sizeof *t);
		*t = *b->table;
		t->cells = c->children;
		c->table = t;
	}
	return c;
}

static block *include(document *d, const ynode *n, int level)
{
	const char *v = yscalar(n);
	const char *hash = v ? strchr(v, '#') : NULL;
	if (!hash || hash == v || !hash[1]) {
		diag(DIAG_ERROR, n->pos, "'include' takes FILE.yaml#id, e.g. rahmenstrategie.yaml#vision");
		return NULL;
	}
	const char *file = arena_strndup(d->a, v, (size_t)(hash - v));
	if (file[0] == '/') {
		diag(DIAG_ERROR, n->pos, "'include' path '%s' is absolute; give it relative to "
		     "the sources directory, e.g. rahmenstrategie.yaml#vision", file);
		return NULL;
	}
	const char *path = arena_printf(d->a, "%s%s", data_sources_root(d->a, d->path), file);
	if (!data_inside_project(path, file, n->pos, "included file"))
		return NULL;
	document *o = load_other(d, path, n->pos);
	if (!o)
		return NULL;
	const block *sec = doc_find_section(o, hash + 1);
	if (!sec) {
		const char **ids = arena_alloc(d->a, (o->n_ids + 1) * sizeof *ids);
		size_t k = 0;
		const doc_named *named = o->ids;
		for (size_t i = 0; i < o->n_ids; i++)
			if (named[i].t.kind == T_SECTION)
				ids[k++] = named[i].id;
		ids[k] = NULL;
		const char *near = closest_word(hash + 1, ids);
		if (near)
			diag(DIAG_ERROR, n->pos, "'%s' has no section with id '%s' (did you mean "
			     "'%s'?)", file, hash + 1, near);
		else
			diag(DIAG_ERROR, n->pos, "'%s' has no section with id '%s'; give the "
			     "section 'id: %s' there", file, hash + 1, hash + 1);
		return NULL;
	}
	return copy_block(d, o, sec, level + 1);
}

/* The Teilstrategien, loaded, with their municipalities. */
typedef struct {
	document *doc;
	const municipality *m;
} strategy;

static strategy *strategies(document *d, const ynode *n, size_t *count)
{
	const char *dir = yscalar(n);
	*count = 0;
	if (!dir) {
		diag(DIAG_ERROR, n->pos, "give the directory of the Teilstrategien, e.g. teilstrategien");
		return NULL;
	}
	shared_data *data = data_of(d, n->pos);
	if (!data)
		return NULL;
	/* visions, matrix, portfolios and charts read the same strategies:
	 * load them once per document */
	if (data->strategies_dir && strcmp(data->strategies_dir, dir) == 0) {
		*count = data->n_strategies;
		return (strategy *)data->strategies;
	}
	size_t nf;
	char **files = list_sources(d, dir, n->pos, &nf);
	if (!files)
		return NULL;
	strategy *s = arena_alloc(d->a, (nf + 1) * sizeof *s);
	bool ok = true;
	for (size_t i = 0; i < nf; i++) {
		document *o = load_other(d, files[i], n->pos);
		if (!o || !o->municipality) {
			if (o)
				diag(DIAG_ERROR, (srcpos){ o->path, 1, 1 },
				     "a Teilstrategie needs 'municipality'");
			ok = false;
			continue;
		}
		s[*count].doc = o;
		s[*count].m = data_municipality(d, o->municipality, n->pos);
		(*count)++;
	}
	if (!ok)
		return NULL;
	data->strategies_dir = dir;
	data->strategies = s;
	data->n_strategies = *count;
	return s;
}

static block *visions(document *d, const ynode *n, int level)
{
	size_t ns;
	strategy *s = strategies(d, n, &ns);
	if (!s)
		return NULL;
	block *box = doc_block_new(d->a, B_BOX, n->pos);   /* a group without a frame */
	box->kind = B_SECTION;
	box->level = -1;
	block **secs = arena_alloc(d->a, (ns + 1) * sizeof *secs);
	size_t k = 0;
	for (size_t i = 0; i < ns; i++) {
		const block *v = doc_find_section(s[i].doc, "vision");
		if (!v) {
			diag(DIAG_ERROR, (srcpos){ s[i].doc->path, 1, 1 },
			     "a Teilstrategie needs a section with 'id: vision'");
			return NULL;
		}
		block *sec = section_of(d, s[i].m ? s[i].m->name : s[i].doc->title, level + 1, n->pos);
		block **ch = arena_alloc(d->a, (v->n + 1) * sizeof *ch);
		for (size_t c = 0; c < v->n; c++)
			ch[c] = copy_block(d, s[i].doc, v->children[c], level + 2);
		doc_block_children(d->a, sec, ch, v->n);
		secs[k++] = sec;
	}
	doc_block_children(d->a, box, secs, k);
	return box;
}

static block *field_matrix(document *d, const ynode *n)
{
	size_t ns;
	strategy *s = strategies(d, n, &ns);
	if (!s)
		return NULL;
	const shared_data *data = d->data;
	colspec *cols = arena_alloc(d->a, (ns + 1) * sizeof *cols);
	cols[0] = (colspec){ "Handlungsfeld", "2fr", AL_LEFT };
	for (size_t i = 0; i < ns; i++)
		cols[i + 1] = (colspec){ s[i].m ? s[i].m->name : s[i].doc->title, NULL, AL_RIGHT };
	const char **cells = arena_alloc(d->a, (data->n_fields * (ns + 1) + 1) * sizeof *cells);
	for (size_t f = 0; f < data->n_fields; f++) {
		cells[f * (ns + 1)] = data->fields[f].name;
		for (size_t i = 0; i < ns; i++) {
			int count = 0;
			for (size_t p = 0; p < s[i].doc->n_projects; p++)
				count += strcmp(s[i].doc->projects[p].field, data->fields[f].id) == 0;
			cells[f * (ns + 1) + i + 1] = count ? arena_printf(d->a, "%d", count) : "–";
		}
	}
	return table_of(d, "Projekte je Handlungsfeld und Kommune", cols, ns + 1, cells,
			data->n_fields, n->pos);
}

static block *portfolios(document *d, const ynode *n, int level)
{
	size_t ns;
	strategy *s = strategies(d, n, &ns);
	if (!s)
		return NULL;
	const shared_data *data = d->data;
	block *group = doc_block_new(d->a, B_SECTION, n->pos);
	group->level = -1;
	block **secs = arena_alloc(d->a, (data->n_fields + 1) * sizeof *secs);
	size_t k = 0;
	static const colspec cols[] = {
		{ "Projekt", "2fr", AL_LEFT }, { "Kommune", NULL, AL_LEFT },
		{ "Ziel", "2fr", AL_LEFT }, { "Status", NULL, AL_LEFT },
		{ "Zeitraum", NULL, AL_LEFT },
	};
	for (size_t f = 0; f < data->n_fields; f++) {
		size_t nr = 0;
		for (size_t i = 0; i < ns; i++)
			for (size_t p = 0; p < s[i].doc->n_projects; p++)
				nr += strcmp(s[i].doc->projects[p].field, data->fields[f].id) == 0;
		if (!nr)
			continue;
		const char **cells = arena_alloc(d->a, nr * 5 * sizeof *cells);
		size_t r = 0;
		for (size_t i = 0; i < ns; i++)
			for (size_t p = 0; p < s[i].doc->n_projects; p++) {
				const project *pr = &s[i].doc->projects[p];
				if (strcmp(pr->field, data->fields[f].id) != 0)
					continue;
				const char *row[] = { pr->title, s[i].m ? s[i].m->name : "",
						      pr->goal, status_name(pr->status),
						      pr->period ? pr->period : "" };
				memcpy(cells + r++ * 5, row, sizeof row);
			}
		block *sec = section_of(d, data->fields[f].name, level + 1, n->pos);
		block *t = table_of(d, arena_printf(d->a, "Projekte im Handlungsfeld %s",
						    data->fields[f].name), cols, 5, cells, nr, n->pos);
		doc_block_children(d->a, sec, &t, 1);
		secs[k++] = sec;
	}
	doc_block_children(d->a, group, secs, k);
	return group;
}

/* --- charts -------------------------------------------------------------- */

/* Whether v is one of the allowed values of key in m. */
static bool allowed(const srcmap *m, const char *key, const char *v)
{
	for (const char *const *p = srcmap_find(m, key)->values; v && *p; p++)
		if (strcmp(*p, v) == 0)
			return true;
	return false;
}

static block *chart(document *d, const ynode *n)
{
	const char *type = yscalar(ymap_get(n, "chart"));
	const char *data = yscalar(ymap_get(n, "data"));
	if (!allowed(&srcmap_chart, "chart", type)) {
		diag(DIAG_ERROR, ymap_get(n, "chart")->pos, "'chart' is bar or stacked-bar");
		return NULL;
	}
	if (!allowed(&srcmap_chart, "data", data)) {
		diag(DIAG_ERROR, ymap_get(n, "data") ? ymap_get(n, "data")->pos : n->pos,
		     "'data' is inhabitants or projects-by-field");
		return NULL;
	}
	const shared_data *s = data_of(d, n->pos);
	if (!s)
		return NULL;
	arena *a = d->a;
	chart_data *c = arena_alloc(a, sizeof *c);
	strbuf alt = { 0 };
	if (strcmp(data, "inhabitants") == 0) {
		c->unit = "Einwohner";
		c->n_series = 1;
		c->series = arena_alloc(a, sizeof *c->series);
		c->colors = arena_alloc(a, sizeof *c->colors);
		c->series[0] = "Einwohner";
		c->colors[0] = s->n_fields ? s->fields[0].color : "#00546b";
		c->labels = arena_alloc(a, (s->n_municipalities + 1) * sizeof *c->labels);
		c->values = arena_alloc(a, (s->n_municipalities + 1) * sizeof *c->values);
		sb_adds(&alt, "Balkendiagramm der Einwohnerzahlen (gerundet): ");
		for (size_t i = 0; i < s->n_municipalities; i++) {
			const municipality *m = &s->municipalities[i];
			if (strcmp(m->role, "pioneer") != 0 || !m->inhabitants)
				continue;
			c->labels[c->n_labels] = m->name;
			c->values[c->n_labels++] = (double)m->inhabitants;
			sb_printf(&alt, "%s%s %s", c->n_labels > 1 ? ", " : "", m->name,
				  thousands(a, m->inhabitants));
		}
	} else {
		const ynode *src = ymap_get(n, "source");
		ynode dflt = { .kind = Y_SCALAR, .value = "teilstrategien", .len = 14, .pos = n->pos };
		size_t ns;
		strategy *st = strategies(d, src ? src : &dflt, &ns);
		if (!st)
			return NULL;
		c->unit = "Projekte";
		c->n_labels = ns;
		c->labels = arena_alloc(a, (ns + 1) * sizeof *c->labels);
		for (size_t i = 0; i < ns; i++)
			c->labels[i] = st[i].m ? st[i].m->name : st[i].doc->title;
		c->n_series = s->n_fields;
		c->series = arena_alloc(a, (s->n_fields + 1) * sizeof *c->series);
		c->colors = arena_alloc(a, (s->n_fields + 1) * sizeof *c->colors);
		c->values = arena_alloc(a, (s->n_fields * ns + 1) * sizeof *c->values);
		sb_adds(&alt, "Gestapeltes Balkendiagramm der Projekte je Kommune und Handlungsfeld: ");
		for (size_t f = 0; f < s->n_fields; f++) {
			c->series[f] = s->fields[f].shortname;
			c->colors[f] = s->fields[f].color;
		}
		for (size_t i = 0; i < ns; i++) {
			int total = 0;
			for (size_t f = 0; f < s->n_fields; f++) {
				int count = 0;
				for (size_t p = 0; p < st[i].doc->n_projects; p++)
					count += strcmp(st[i].doc->projects[p].field, s->fields[f].id) == 0;
				c->values[f * ns + i] = count;
				total += count;
			}
			sb_printf(&alt, "%s%s %d Projekte", i ? ", " : "", c->labels[i], total);
		}
	}
	sb_addc(&alt, '.');
	c->alt = arena_strdup(a, alt.s);
	sb_free(&alt);
	block *b = doc_block_new(a, B_CHART, n->pos);
	b->chart = c;
	const char *cap = yscalar(ymap_get(n, "caption"));
	b->caption = text_of(d, cap, ymap_get(n, "caption") ? ymap_get(n, "caption")->pos : n->pos);
	return b;
}

/* --- the guide catalogue -------------------------------------------------- */

/* Pages of a rendered PDF, read with libqpdf; 0 if it is not there. */
static int pdf_pages(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	fclose(f);
	qpdf_data q = qpdf_init();
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	int pages = 0;
	if (!(qpdf_read(q, path, NULL) & QPDF_ERRORS))
		pages = qpdf_get_num_pages(q);
	qpdf_cleanup(&q);
	return pages < 0 ? 0 : pages;
}

static block *guides(document *d, const ynode *n, int level)
{
	const char *dir = yscalar(n);
	if (!dir) {
		diag(DIAG_ERROR, n->pos, "give the directory of the guides, e.g. leitfaeden");
		return NULL;
	}
	const shared_data *s = data_of(d, n->pos);
	if (!s)
		return NULL;
	size_t nf;
	char **files = list_sources(d, dir, n->pos, &nf);
	if (!files)
		return NULL;
	document **g = arena_alloc(d->a, (nf + 1) * sizeof *g);
	size_t ng = 0;
	for (size_t i = 0; i < nf; i++) {
		document *o = load_other(d, files[i], n->pos);
		if (!o)
			return NULL;
		if (!o->number || !o->topic) {
			diag(DIAG_ERROR, (srcpos){ o->path, 1, 1 }, "a guide needs 'number' and 'topic'");
			return NULL;
		}
		g[ng++] = o;
	}
	for (size_t i = 1; i < ng; i++)   /* by number */
		for (size_t j = i; j > 0 && g[j - 1]->number > g[j]->number; j--) {
			document *t = g[j];
			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	arena *a = d->a;
	block *group = doc_block_new(a, B_SECTION, n->pos);
	group->level = -1;
	block **secs = arena_alloc(a, (s->n_topics + 2) * sizeof *secs);
	size_t k = 0;
	const char *out_root = "out/";
	for (size_t t = 0; t < s->n_topics; t++) {
		block **items = arena_alloc(a, (3 * ng + 1) * sizeof *items);
		size_t ni = 0;
		for (size_t i = 0; i < ng; i++) {
			if (strcmp(g[i]->topic, s->topics[t].id) != 0)
				continue;
			/* the guide's PDF, beside this one: out/leitfaeden/NN.pdf */
			const char *rel = g[i]->path + strlen(s->root);
			const char *pdf_rel = arena_printf(a, "%.*s.pdf", (int)(strlen(rel) - 5), rel);
			const char *pdf = arena_printf(a, "%s%s", out_root, pdf_rel);
			doc_add_file(d, pdf);
			int pages = pdf_pages(pdf);
			char date[64];
			int y = 0, m = 0, dd = 0;
			sscanf(g[i]->date, "%d-%d-%d", &y, &m, &dd);
			snprintf(date, sizeof date, "%02d.%02d.%04d", dd, m, y);
			block *head = doc_block_new(a, B_PARA, n->pos);
			head->text = text_of(d, arena_printf(a, "**Leitfaden \\#%02d:** %s", g[i]->number,
							       g[i]->title), n->pos);
			/* the whole heading opens the guide's PDF: one link */
			const char *href = arena_printf(a, "file:%s", pdf_rel);
			for (size_t sp = 0; sp < head->text.n; sp++)
				head->text.spans[sp].href = href;
			strbuf meta = { 0 };
			for (size_t au = 0; au < g[i]->n_authors; au++)
				sb_printf(&meta, "%s%s", au ? ", " : "", g[i]->authors[au]);
			sb_printf(&meta, "%s%s", meta.len ? " · " : "", date);
			if (g[i]->audience)
				sb_printf(&meta, " · Für: %s", g[i]->audience);
			if (pages)
				sb_printf(&meta, " · %d Seiten", pages);
			items[ni++] = head;
			items[ni++] = para_of(d, meta.s, n->pos);
			sb_free(&meta);
			if (g[i]->summary)
				items[ni++] = para_of(d, g[i]->summary, n->pos);
			if (!pages)
				diag(DIAG_WARNING, n->pos, "%s is not rendered yet, so its page count "
				     "is missing; run make papers", pdf);
		}
		if (!ni)
			continue;
		block *sec = section_of(d, s->topics[t].name, level + 1, n->pos);
		doc_block_children(a, sec, items, ni);
		secs[k++] = sec;
	}
	/* the keyword index: each keyword with the guides that carry it */
	size_t nk = 0;
	const char **kw = arena_alloc(a, 256 * sizeof *kw);
	for (size_t i = 0; i < ng; i++)
		for (size_t w = 0; w < g[i]->n_keywords && nk < 256; w++) {
			bool seen = false;
			for (size_t x = 0; x < nk && !seen; x++)
				seen = strcmp(kw[x], g[i]->keywords[w]) == 0;
			if (!seen)
				kw[nk++] = g[i]->keywords[w];
		}
	for (size_t i = 1; i < nk; i++)
		for (size_t j = i; j > 0 && strcoll(kw[j - 1], kw[j]) > 0; j--) {
			const char *t = kw[j];
			kw[j] = kw[j - 1];
			kw[j - 1] = t;
		}
	if (nk) {
		block *idx = section_of(d, "Stichwortverzeichnis", level + 1, n->pos);
		block *dl = doc_block_new(a, B_DEFLIST, n->pos);
		block **items = arena_alloc(a, nk * sizeof *items);
		for (size_t x = 0; x < nk; x++) {
			strbuf nums = { 0 };
			for (size_t i = 0; i < ng; i++)
				for (size_t w = 0; w < g[i]->n_keywords; w++)
					if (strcmp(g[i]->keywords[w], kw[x]) == 0)
						sb_printf(&nums, "%s\\#%02d", nums.len ? ", " : "",
							  g[i]->number);
			block *it = doc_block_new(a, B_ITEM, n->pos);
			it->term = text_of(d, kw[x], n->pos);
			it->text = text_of(d, nums.s, n->pos);
			sb_free(&nums);
			items[x] = it;
		}
		doc_block_children(a, dl, items, nk);
		doc_block_children(a, idx, &dl, 1);
		secs[k++] = idx;
	}
	doc_block_children(a, group, secs, k);
	return group;
}

/* What the placeholder ph stands for (its keys were checked by parse). */
static block *generate_block(document *d, const block *ph)
{
	const ynode *n = ph->source;
	const char *key = ymap_key(n, 0)->value;
	const ynode *v = ymap_val(n, 0);
	int level = ph->level;
	if (strcmp(key, "chart") == 0)
		return chart(d, n);
	if (strcmp(key, "portfolio") == 0)
		return portfolio(d, v, n->pos);
	if (strcmp(key, "municipalities") == 0)
		return municipalities(d, v, n->pos);
	if (strcmp(key, "include") == 0)
		return include(d, v, level);
	if (strcmp(key, "visions") == 0)
		return visions(d, v, level);
	if (strcmp(key, "field-matrix") == 0)
		return field_matrix(d, v);
	if (strcmp(key, "portfolios") == 0)
		return portfolios(d, v, level);
	if (strcmp(key, "guides") == 0)
		return guides(d, v, level);
	return NULL;
}

/* Replaces child i of b, a placeholder, by what it generates: a group (a
 * section of level -1) by its sections, a table or chart in the
 * placeholder itself, which ids already name, with the placeholder's own
 * id and caption.  Returns how many children took its place. */
static size_t expand_child(document *d, block *b, size_t i, bool *ok)
{
	block *ph = b->children[i];
	int before = diag_errors();
	block *g = generate_block(d, ph);
	if (!g || diag_errors() > before)
		*ok = false;
	size_t add = !g ? 0 : g->kind == B_SECTION && g->level < 0 ? g->n : 1;
	if (g && add == 1 && g->kind != B_SECTION) {
		const char *id = ph->id;
		itext caption = ph->caption;
		*ph = *g;
		ph->id = id;
		if (caption.n)
			ph->caption = caption;
		return 1;
	}
	block **children = arena_alloc(d->a, (b->n + add) * sizeof *children);
	memcpy(children, b->children, i * sizeof *children);
	if (add == 1)
		children[i] = g;
	else if (add)
		memcpy(children + i, g->children, add * sizeof *children);
	memcpy(children + i + add, b->children + i + 1, (b->n - i - 1) * sizeof *children);
	b->children = children;
	b->n += add - 1;
	return add;
}

/* Expands every placeholder in reading order, so that generated section
 * names ("gen.N") and the projects a portfolio collects come in the order
 * of the source.  Generated blocks hold no placeholders and are skipped. */
static bool expand(document *d)
{
	typedef struct {
		block *b;
		size_t next;    /* the next child to visit */
	} frame;
	size_t cap = 32, top = 0;
	frame *stack = xmalloc(cap * sizeof *stack);
	bool ok = true;
	stack[top++] = (frame){ d->body, 0 };
	while (top) {
		frame *f = &stack[top - 1];
		if (f->next == f->b->n) {
			top--;
			continue;
		}
		block *c = f->b->children[f->next];
		if (c->kind == B_GENERATED) {
			f->next += expand_child(d, f->b, f->next, &ok);
			continue;
		}
		f->next++;
		if (top == cap)
			stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
		stack[top++] = (frame){ c, 0 };
	}
	free(stack);
	return ok;
}

/* The stages after parse; d was parsed with errors unless ok. */
static document *complete(document *d, bool ok)
{
	if (!d)
		return NULL;
	ok &= expand(d);
	doc_number(d);
	if (ok)
		ok = parse_check_refs(d);
	return ok ? d : NULL;
}

document *generate_document(arena *a, const char *path)
{
	bool ok;
	document *d = parse_file(a, path, &ok);
	return complete(d, ok);
}

document *generate_from_tree(arena *a, const char *path, const ynode *root)
{
	bool ok;
	document *d = parse_tree(a, path, root, &ok);
	return complete(d, ok);
}
