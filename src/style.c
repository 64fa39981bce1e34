/* style: the built-in defaults; loading style sheets comes with issue #4. */
#include "style.h"

#include <stddef.h>

#define MM (72.0 / 25.4)
#define SERIF "Noto Serif"
#define SANS "Noto Sans"

static const style defaults = {
	.page_width = 210 * MM, .page_height = 297 * MM,
	.margin_top = 27 * MM, .margin_bottom = 30 * MM,
	.margin_inner = 25 * MM, .margin_outer = 25 * MM,
	.header_offset = 9 * MM, .footer_offset = 12 * MM,

	.body = { SERIF, 10.5, 400, false, 15.0, { 0.11, 0.12, 0.14 } },
	.par_skip = 6.0,
	.par_indent = 0,
	.justify = true,
	.hyphenate = true,
	.hyph_left = 2,
	.hyph_right = 3,
	.protrude = true,

	.name_section = "Abschnitt", .name_table = "Tabelle", .name_figure = "Abbildung",
	.name_note = "Fußnote", .name_page = "Seite", .name_on_page = "auf",
	.name_contents = "Inhalt", .name_tables = "Tabellen", .name_figures = "Abbildungen",
	.list_of_tables = true, .list_of_figures = true,
	.caption = { SANS, 9, 400, false, 12, { 0.25, 0.27, 0.30 }, NULL },
	.footnote = { SERIF, 8.5, 400, false, 11, { 0.11, 0.12, 0.14 }, NULL },
	.table_text = { SANS, 8.5, 400, false, 11.5, { 0.11, 0.12, 0.14 }, "tnum 1" },
	.table_head = { SANS, 8.5, 700, false, 11.5, { 1, 1, 1 }, "tnum 1" },
	.table_head_fill = { 0.0, 0.33, 0.42 },
	.table_zebra = { 0.94, 0.96, 0.97 },
	.table_rule = { 0.75, 0.79, 0.82 },
	.cell_pad = 4,
	.box_fill = { 0.92, 0.95, 0.96 },
	.box_frame = { 0.0, 0.33, 0.42 },
	.box_pad = 9,

	.heading = {
		[1] = { { SANS, 17, 700, false, 21, { 0.0, 0.33, 0.42 } }, 22, 10, false },
		[2] = { { SANS, 13, 700, false, 17, { 0.0, 0.33, 0.42 } }, 16, 6, false },
		[3] = { { SANS, 11, 700, false, 15, { 0.11, 0.12, 0.14 } }, 12, 4, false },
		[4] = { { SANS, 10.5, 700, true, 15, { 0.11, 0.12, 0.14 } }, 10, 3, false },
	},
	.toc_depth = 2,
	.toc_title = { SANS, 17, 700, false, 21, { 0.0, 0.33, 0.42 } },
	.toc_entry = { SERIF, 10.5, 400, false, 16, { 0.11, 0.12, 0.14 } },

	.list_indent = 16,
	.list_item_skip = 3,
	.bullets = { "\xe2\x80\xa2", "\xe2\x80\x93", "\xe2\x80\xa2" },

	.quote = { SERIF, 10.5, 400, true, 15, { 0.11, 0.12, 0.14 } },
	.quote_indent = 20,

	.header = { SANS, 8.5, 400, false, 11, { 0.38, 0.40, 0.43 } },
	.footer = { SANS, 8.5, 400, false, 11, { 0.38, 0.40, 0.43 } },
	.accent = { 0.0, 0.33, 0.42 },
	.link = { 0.0, 0.33, 0.42 },

	.cover_title = { SANS, 30, 700, false, 36, { 0.11, 0.12, 0.14 } },
	.cover_subtitle = { SANS, 15, 400, false, 20, { 0.0, 0.33, 0.42 } },
	.cover_meta = { SANS, 10, 400, false, 14, { 0.38, 0.40, 0.43 } },
	.cover_band = 60 * MM,
};

const style *style_default(void)
{
	return &defaults;
}
