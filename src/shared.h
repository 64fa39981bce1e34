/* shared: the project's data files (sources/data: municipalities, fields of
 * action, guide topics) and the blocks generated from them and from other
 * sources: portfolios, the municipality table, included sections, the
 * visions and portfolios of all Teilstrategien, the field matrix, charts
 * and the guide catalogue.  Everything lives in the document's arena. */
#ifndef SATZ_SHARED_H
#define SATZ_SHARED_H

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
	/* the Teilstrategien read by generated blocks, loaded once */
	const char *strategies_dir;
	void *strategies;
	size_t n_strategies;
} shared_data;

/* The data of the project d belongs to; NULL after errors in the files. */
shared_data *shared_data_of(document *d);

/* The named thing, or NULL after an error at pos naming what exists. */
const municipality *shared_municipality(document *d, const char *id, srcpos pos);
const field *shared_field(document *d, const char *id, srcpos pos);
const topic *shared_topic(document *d, const char *id, srcpos pos);

/* Whether key names a generated block, and the block (NULL after errors). */
bool shared_is_block(const char *key);
block *shared_block(document *d, const ynode *n, int level);

/* The keys of shared_is_block, NULL-terminated, for hints. */
extern const char *const shared_block_keys[];

#endif
