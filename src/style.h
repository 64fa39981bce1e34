/* style: every measure, font and colour the layout uses, in one struct.
 * style_default() holds the built-in defaults (documented in
 * docs/styles.md); style sheets override them. */
#ifndef SATZ_STYLE_H
#define SATZ_STYLE_H

#include <stdbool.h>

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
} heading_style;

typedef struct {
	double page_width, page_height;     /* pt */
	double margin_top, margin_bottom, margin_inner, margin_outer;  /* pt */
	double header_offset, footer_offset;  /* baseline distance from the text area, pt */

	font_style body;
	double par_skip;          /* space between paragraphs, pt */
	double par_indent;        /* first-line indent, pt */
	bool justify;
	bool hyphenate;           /* automatic hyphenation */
	int hyph_left, hyph_right; /* letters kept before and after a hyphen */
	bool protrude;            /* margin kerning: punctuation hangs into the margin */

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

	heading_style heading[5]; /* [1]..[4]; [0] unused */
	int toc_depth;            /* levels shown in the contents */
	font_style toc_title;
	font_style toc_entry;

	double list_indent;       /* per level, pt */
	double list_item_skip;    /* between items, pt */
	const char *bullets[3];   /* per nesting level */

	font_style quote;
	double quote_indent;      /* left and right, pt */

	font_style header, footer;
	rgb accent;               /* cover band, links, rules */
	rgb link;

	font_style cover_title, cover_subtitle, cover_meta;
	double cover_band;        /* height of the colour band, pt */
} style;

/* The built-in design; the returned struct is static and must not be freed. */
const style *style_default(void);

#endif
