/* style: every measure, font and colour the layout and the drawing use, in
 * one struct, and the template fields and heading numbers they expand.
 * sheet resolves a struct style from a style sheet (styles/NAME.yaml), the
 * sheets it extends and the built-in defaults of src/stylekey.c
 * (docs/styles.md).  A loaded style and all its strings live in the
 * caller's arena. */
#ifndef SATZ_STYLE_H
#define SATZ_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base.h"

typedef struct {
	double r, g, b;      /* 0..1 */
} rgb;

typedef struct {
	const char *family;
	double size;         /* pt */
	int weight;          /* 400 regular, 700 bold */
	bool italic;
	double leading;      /* baseline distance, pt */
	rgb color;
	const char *features; /* OpenType features, CSS syntax: "onum 1, liga 0"; NULL for none */
} font_style;

typedef struct {
	font_style font;
	double space_before, space_after;   /* pt */
	bool new_page;
	/* The heading's number, made by style_number(): "{1}.{2}" gives
	 * "2.1"; "" numbers nothing (the heading then has no number in the
	 * text, the contents or the outline). */
	const char *numbering;
} heading_style;

/* The three parts of a running header or footer, templates with fields
 * (style_expand).  In a variant (first, left_page, right_page) a NULL part
 * falls back to the part of `all`. */
typedef struct {
	const char *left, *centre, *right;
} run_parts;

typedef struct {
	font_style font;
	double offset;        /* header: from the bottom of its line box to the
			       * top of the text area; footer: from the bottom
			       * of the text area to the top of its line box, pt */
	double rule;          /* thickness of the line between it and the text, pt; 0: none */
	double rule_gap;      /* between that line and the header or footer, pt */
	rgb rule_color;
	run_parts all;
	run_parts first;      /* the first page after the cover */
	run_parts left_page;  /* even pages */
	run_parts right_page; /* odd pages */
} running_style;

/* A text on the cover.  Unused members stay 0. */
typedef struct {
	font_style font;
	double x, y;          /* its top left corner from the page's, pt;
			       * x NAN: at the inner margin */
	double space_before;  /* subtitle: below the title, pt */
	const char *text;     /* tagline: the text ("" or NULL: none) */
} cover_text;

typedef struct {
	double band_height;   /* pt; 0: no band */
	rgb band_color;
	const char *logo;     /* path of an .svg or .png; NULL: none */
	double logo_x, logo_y, logo_width;   /* pt; logo_x NAN: at the inner margin */
	double logo_aspect;   /* the logo's height / width */
	cover_text publisher, tagline, title, subtitle, meta;
	double meta_rule, meta_rule_width;   /* the short line above meta, pt */
	double meta_rule_gap;                /* between it and meta, pt */
	rgb meta_rule_color;
} cover_style;

typedef struct {
	const char *text;     /* drawn when the status is 'entwurf'; "" none */
	font_style font;
	double angle;         /* degrees, counter-clockwise */
} draft_style;

typedef struct {
	const char *name;         /* "kommune-olpe" */
	const char *description;
	/* The sheets of the extends chain (the named one first) and the files
	 * they use (logos): prerequisites for dependency files. */
	const char **files;
	size_t n_files;

	double page_width, page_height;     /* pt */
	double margin_top, margin_bottom, margin_inner, margin_outer;  /* pt */
	bool facing;              /* inner margin left on odd pages, right on even */
	int columns;              /* text columns of body pages (layout: to wire) */
	double column_gap;        /* between columns, pt (layout: to wire) */

	font_style body;
	double par_skip;          /* space between paragraphs, pt */
	double par_indent;        /* first-line indent, pt */
	bool justify;
	bool hyphenate;           /* automatic hyphenation */
	int hyph_left, hyph_right; /* letters kept before and after a hyphen */
	bool protrude;            /* margin kerning: punctuation hangs into the margin */
	double expansion;         /* font expansion: a justified line's glyphs may be
				   * this share wider or narrower (0.02); 0: none */

	heading_style heading[5]; /* [1]..[4]; [0] unused */
	int toc_depth;            /* levels shown in the contents */
	font_style toc_title;
	font_style toc_entry;
	double toc_leader_gap;    /* at least between an entry and its dots, pt */
	double toc_leader_step;   /* between two dots, pt */

	double list_indent;       /* per level, pt */
	double list_item_skip;    /* between items, pt */
	const char *bullets[3];   /* per nesting level */

	font_style quote;
	double quote_indent;      /* left and right, pt */

	rgb link;

	/* words in generated text: "Tabelle 3", "siehe Abschnitt 2 auf Seite 5" */
	const char *name_section, *name_table, *name_figure, *name_note, *name_page,
		   *name_on_page, *name_contents, *name_tables, *name_figures;
	bool list_of_tables, list_of_figures;   /* after the contents */
	font_style caption;       /* "Tabelle 3: …", "Abbildung 2: …" */
	font_style footnote;
	font_style table_text, table_head;
	rgb table_head_fill, table_zebra, table_rule;
	double cell_pad;          /* pt, each side */
	rgb box_fill, box_frame;
	double box_pad;           /* pt */

	running_style header, footer;
	cover_style cover;
	draft_style draft;
} style;

/* The fields of header and footer templates: {title} ... */
enum {
	SF_TITLE, SF_SUBTITLE, SF_PUBLISHER, SF_SECTION, SF_PAGE, SF_PAGES,
	SF_VERSION, SF_DATE, SF_COUNT
};
extern const char *const style_fields[SF_COUNT + 1];   /* NULL-terminated */

/* tmpl with each {field} replaced by values[SF_*] (NULL: empty). */
char *style_expand(arena *a, const char *tmpl, const char *const values[SF_COUNT]);

/* A heading's number from its level's format and the counters of levels
 * 1..level (counters[0] is level 1): "{1}.{2}" with {2, 1} gives "2.1";
 * "{1:A}" letters, "{1:i}" and "{1:I}" roman numbers. */
char *style_number(arena *a, const char *format, const int *counters, int level);

#endif
