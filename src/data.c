/* data: the shared data files of sources/data. */
#define _XOPEN_SOURCE 700   /* realpath */
#include "data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The sources directory of a path: everything up to "sources/", else its
 * directory. */
const char *data_sources_root(arena *a, const char *path)
{
	const char *s = strstr(path, "sources/");
	if (s)
		return arena_strndup(a, path, (size_t)(s - path) + 8);
	const char *slash = strrchr(path, '/');
	return slash ? arena_strndup(a, path, (size_t)(slash - path) + 1) : "";
}

/* A file or directory that a source names must exist and, once links and
 * '..' are resolved, lie inside the project (the current directory), as
 * images must (src/parse.c): a source cannot make satz read /etc/passwd. */
bool data_inside_project(const char *path, const char *given, srcpos pos,
			 const char *what)
{
	char *real = realpath(path, NULL), *root = realpath(".", NULL);
	bool ok = false;
	if (!real)
		diag(DIAG_ERROR, pos, "%s '%s' not found (looked for %s)", what, given, path);
	else if (!root || strncmp(real, root, strlen(root)) != 0 ||
		 (real[strlen(root)] != '/' && real[strlen(root)] != '\0'))
		diag(DIAG_ERROR, pos, "%s '%s' lies outside the project (at %s); keep the "
		     "files a source reads inside it", what, given, real);
	else
		ok = true;
	free(real);
	free(root);
	return ok;
}

/* A data file: a mapping with one key holding a list of mappings. */
static const ynode *data_list(arena *a, document *d, const char *file, const char *key,
			      srcpos pos)
{
	const char *path = arena_printf(a, "%sdata/%s", d->data->root, file);
	doc_add_file(d, path);
	if (access(path, R_OK) != 0) {
		diag(DIAG_ERROR, pos, "this needs the shared data file %s, which cannot be "
		     "read (%s); keep documents that use shared data in sources/, beside "
		     "sources/data/", path, strerror(errno));
		return NULL;
	}
	if (!data_inside_project(path, path, pos, "shared data file"))
		return NULL;
	ynode *root = load_yaml(a, path);
	if (!root)
		return NULL;
	const ynode *list = ymap_get(root, key);
	if (!list || list->kind != Y_SEQ) {
		diag(DIAG_ERROR, root->pos, "the file must hold '%s:' with a list", key);
		return NULL;
	}
	for (size_t i = 0; i < list->n; i++)
		if (list->items[i]->kind != Y_MAP || !yscalar(ymap_get(list->items[i], "id"))) {
			diag(DIAG_ERROR, list->items[i]->pos, "each entry needs an 'id'");
			return NULL;
		}
	return list;
}

bool data_check_keys(const ynode *m, const char *const *known)
{
	bool ok = true;
	for (size_t i = 0; i < m->n; i++) {
		const ynode *k = ymap_key(m, i);
		const char *const *p = known;
		while (*p && strcmp(*p, k->value) != 0)
			p++;
		if (!*p) {
			const char *hint = closest_word(k->value, known);
			diag(DIAG_ERROR, k->pos, "unknown key '%s'%s%s%s", k->value,
			     hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
			ok = false;
		}
	}
	return ok;
}

static bool load_data(document *d, shared_data *s, srcpos pos)
{
	arena *a = d->a;
	static const char *const mkeys[] = { "id", "name", "district", "inhabitants", "role",
					     "resolution", "example", NULL };
	const ynode *list = data_list(a, d, "municipalities.yaml", "municipalities", pos);
	if (!list)
		return false;
	bool ok = true;
	s->municipalities = arena_alloc(a, (list->n + 1) * sizeof *s->municipalities);
	for (size_t i = 0; i < list->n; i++) {
		const ynode *m = list->items[i];
		municipality *mu = &s->municipalities[s->n_municipalities++];
		ok &= data_check_keys(m, mkeys);
		mu->id = yscalar(ymap_get(m, "id"));
		mu->name = yscalar(ymap_get(m, "name"));
		mu->district = yscalar(ymap_get(m, "district"));
		mu->role = yscalar(ymap_get(m, "role"));
		mu->resolution = yscalar(ymap_get(m, "resolution"));
		const char *inh = yscalar(ymap_get(m, "inhabitants"));
		mu->inhabitants = inh ? atol(inh) : 0;
		const char *ex = yscalar(ymap_get(m, "example"));
		mu->example = ex && strcmp(ex, "true") == 0;
		if (!mu->name || !mu->role) {
			diag(DIAG_ERROR, m->pos, "a municipality needs 'name' and 'role'");
			ok = false;
		} else if (strcmp(mu->role, "pioneer") && strcmp(mu->role, "core") &&
			   strcmp(mu->role, "adopting")) {
			diag(DIAG_ERROR, ymap_get(m, "role")->pos,
			     "role '%s' is not pioneer, core or adopting", mu->role);
			ok = false;
		}
	}
	static const char *const fkeys[] = { "id", "name", "short", "color", NULL };
	list = data_list(a, d, "fields.yaml", "fields", pos);
	if (!list)
		return false;
	s->fields = arena_alloc(a, (list->n + 1) * sizeof *s->fields);
	for (size_t i = 0; i < list->n; i++) {
		const ynode *m = list->items[i];
		field *f = &s->fields[s->n_fields++];
		ok &= data_check_keys(m, fkeys);
		f->id = yscalar(ymap_get(m, "id"));
		f->name = yscalar(ymap_get(m, "name"));
		f->shortname = yscalar(ymap_get(m, "short"));
		f->color = yscalar(ymap_get(m, "color"));
		if (!f->name || !f->shortname || !f->color || f->color[0] != '#' ||
		    strlen(f->color) != 7) {
			diag(DIAG_ERROR, m->pos, "a field of action needs 'name', 'short' and "
			     "'color' as #rrggbb");
			ok = false;
		}
	}
	static const char *const tkeys[] = { "id", "name", NULL };
	list = data_list(a, d, "topics.yaml", "topics", pos);
	if (!list)
		return false;
	s->topics = arena_alloc(a, (list->n + 1) * sizeof *s->topics);
	for (size_t i = 0; i < list->n; i++) {
		const ynode *m = list->items[i];
		topic *t = &s->topics[s->n_topics++];
		ok &= data_check_keys(m, tkeys);
		t->id = yscalar(ymap_get(m, "id"));
		t->name = yscalar(ymap_get(m, "name"));
		if (!t->name) {
			diag(DIAG_ERROR, m->pos, "a topic needs a 'name'");
			ok = false;
		}
	}
	return ok;
}

shared_data *data_of(document *d, srcpos pos)
{
	if (d->data)
		return d->data->root ? d->data : NULL;
	d->data = arena_alloc(d->a, sizeof *d->data);
	const char *root = data_sources_root(d->a, d->path);
	d->data->root = root;
	if (!load_data(d, d->data, pos)) {
		d->data->root = NULL;
		return NULL;
	}
	return d->data;
}

/* "unknown municipality 'olpee' (did you mean 'olpe'?)" */
static void unknown(const char *what, const char *id, srcpos pos, const char **ids)
{
	const char *hint = closest_word(id, ids);
	strbuf list = { 0 };
	for (size_t i = 0; ids[i]; i++)
		sb_printf(&list, "%s%s", i ? ", " : "", ids[i]);
	if (hint)
		diag(DIAG_ERROR, pos, "unknown %s '%s' (did you mean '%s'?)", what, id, hint);
	else
		diag(DIAG_ERROR, pos, "unknown %s '%s'; known: %s", what, id, list.s ? list.s : "none");
	sb_free(&list);
}

#define FIND(fn, type, arr, n, what)                                              \
	const type *fn(document *d, const char *id, srcpos pos)                       \
	{                                                                              \
		const shared_data *s = data_of(d, pos);                               \
		if (!s)                                                                \
			return NULL;                                                   \
		const char **ids = arena_alloc(d->a, (s->n + 1) * sizeof *ids);        \
		for (size_t i = 0; i < s->n; i++) {                                    \
			if (strcmp(s->arr[i].id, id) == 0)                             \
				return &s->arr[i];                                     \
			ids[i] = s->arr[i].id;                                         \
		}                                                                      \
		unknown(what, id, pos, ids);                                           \
		return NULL;                                                           \
	}

FIND(data_municipality, municipality, municipalities, n_municipalities, "municipality")
FIND(data_field, field, fields, n_fields, "field of action")
FIND(data_topic, topic, topics, n_topics, "topic")
