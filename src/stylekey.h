/* stylekey: every key a style sheet may set, with its type, its field in
 * struct style and its built-in default (the one table of them), and the
 * parsing and checking of one value.  Results live in the caller's arena. */
#ifndef SATZ_STYLEKEY_H
#define SATZ_STYLEKEY_H

#include <stddef.h>

#include "base.h"
#include "style.h"

enum sk_type {
	SK_LENGTH,     /* 12pt, 25mm, 1.2cm, 1.5em; never negative */
	SK_SIZE,       /* a text size: a length, 'em' of the body text */
	SK_COLOR,      /* #rrggbb or a palette name */
	SK_FAMILY,     /* a font family of fonts/ */
	SK_WEIGHT,     /* regular | bold */
	SK_SLANT,      /* normal | italic */
	SK_FEATURES,   /* OpenType feature tags, '-tag' turns one off */
	SK_BOOL,       /* true | false */
	SK_INT,        /* a whole number in [min, max] */
	SK_ANGLE,      /* degrees, -90 to 90 */
	SK_TEXT,       /* any text */
	SK_TEMPLATE,   /* text with {fields} (STYLE_FIELDS) */
	SK_NUMBERING,  /* heading numbers: {1} to {max}, {1:a} {1:A} {1:i} {1:I} */
	SK_IMAGE,      /* an .svg or .png file, relative to the sheet */
	SK_BULLETS,    /* one to three marks, per list level */
	SK_PERCENT,    /* a share such as 2% (stored as 0.02), 0 to max percent */
};

typedef struct {
	const char *key;      /* "page.margin.top" */
	enum sk_type type;
	size_t off;           /* of the field in struct style */
	size_t em;            /* of the text size that 'em' means here */
	const char *def;      /* built-in default as a sheet writes it (lists:
			       * items separated by spaces); NULL: unset */
	const char *unset;    /* def NULL: what an unset key means */
	const char *doc;      /* one line for docs/styles.md */
	int min, max;         /* SK_INT range; SK_NUMBERING: max level */
} stylekey;

/* One scalar of a value (a list value has several). */
typedef struct {
	const char *text;
	srcpos pos;           /* where the scalar starts */
	bool quoted;          /* the text starts one column after pos */
} sk_item;

typedef struct {
	const char *name;
	rgb color;
	const char *text;     /* "#005469" */
	srcpos pos;
} sk_colour;

typedef struct {
	arena *a;
	const sk_colour *palette;   /* NULL: names are checked for form only */
	size_t n_palette;
	double em;                  /* pt */
} sk_ctx;

/* The table, in the order `satz styles` prints; ends with key NULL. */
extern const stylekey stylekeys[];
/* The OpenType features a sheet may name, NULL-ended. */
extern const char *const stylekey_features[];

const stylekey *stylekey_find(const char *key);
const char *stylekey_type_name(enum sk_type t);
bool stylekey_is_list(enum sk_type t);
/* Parses the items of a value into k's field of st; false after reporting
 * every mistake at its position. */
bool stylekey_parse(const stylekey *k, const sk_item *items, size_t n,
		    const sk_ctx *ctx, style *st);
/* Sets k's field of st to its unset value (NAN, NULL). */
void stylekey_unset(const stylekey *k, style *st);
/* "#rrggbb" to a colour; false when s is not of that form. */
bool stylekey_hex(const char *s, rgb *out);
/* Whether s has the form of a palette name: a-z, 0-9, '-'. */
bool stylekey_is_name(const char *s);
/* The key reference of docs/styles.md: a Markdown table. */
void stylekey_markdown(strbuf *out);

#endif
