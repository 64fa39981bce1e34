/* data: the project's shared data files (sources/data: municipalities,
 * fields of action, guide topics), read once per document when it first
 * needs them, and looked up by id; also the checks that keep every file a
 * source names inside the project.  Data live in the document's arena.
 * Below parse and generate: it knows the data files' own format, not the
 * source format. */
#ifndef SATZ_DATA_H
#define SATZ_DATA_H

#include "doc.h"

typedef struct {
	const char *id, *name, *district, *role, *resolution;
	long inhabitants;       /* 0: not given */
	bool example;           /* a sample value, not a fact */
} municipality;

typedef struct {
	const char *id, *name, *shortname, *color;
} field;

typedef struct {
	const char *id, *name;
} topic;

typedef struct shared_data {
	const char *root;       /* the sources directory, with a trailing '/' */
	municipality *municipalities;
	size_t n_municipalities;
	field *fields;
	size_t n_fields;
	topic *topics;
	size_t n_topics;
	/* the Teilstrategien read by generated blocks, loaded once (generate) */
	const char *strategies_dir;
	void *strategies;
	size_t n_strategies;
} shared_data;

/* The data of the project d belongs to, read on first use; pos is where
 * d first needs them.  NULL after errors in the files. */
shared_data *data_of(document *d, srcpos pos);

/* The named thing, or NULL after an error at pos naming what exists. */
const municipality *data_municipality(document *d, const char *id, srcpos pos);
const field *data_field(document *d, const char *id, srcpos pos);
const topic *data_topic(document *d, const char *id, srcpos pos);

/* The sources directory of a source path, with a trailing '/'. */
const char *data_sources_root(arena *a, const char *path);
/* Whether path (named given in the source, a what such as "included
 * file") exists and lies inside the project; false after an error at pos. */
bool data_inside_project(const char *path, const char *given, srcpos pos,
			 const char *what);
/* Reports each key of the mapping m that is not in known (NULL-ended);
 * false if there was one. */
bool data_check_keys(const ynode *m, const char *const *known);

#endif
