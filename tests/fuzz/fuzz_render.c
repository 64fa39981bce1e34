/* libFuzzer target: a whole render without a file: load, validate, lay
 * out with the default style (no hyphenation) and draw the PDF into
 * memory.  Slow (pango), so it finds fewer but deeper paths. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "doc.h"
#include "draw.h"
#include "fonts.h"
#include "generate.h"
#include "layout.h"
#include "load.h"
#include "sheet.h"
#include "style.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static arena *style_arena;
static const style *st;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *const dirs[] = { "styles", NULL };
	if (!fonts_init("fonts"))
		abort();
	style_arena = arena_new();
	st = sheet_load(style_arena, dirs, "regional", (srcpos){ 0 });
	if (!st)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 20000)   /* long inputs only slow the search down */
		return 0;
	arena *a = arena_new();
	strbuf msgs = { 0 };
	diag_capture(&msgs);
	char *text = arena_strndup(a, (const char *)data, size);
	ynode *root = load_yaml_mem(a, "sources/fuzz.yaml", text, size);
	document *d = root ? generate_from_tree(a, "sources/fuzz.yaml", root) : NULL;
	if (d && !d->style) {
		layout_number_sections(d, st);
		layout *l = layout_document(d, st, NULL, NULL, NULL, NULL);
		if (l && !diag_errors()) {
			char *raw = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&raw, &len);
			draw_options o = { "satz fuzz", "2024-01-01T00:00:00Z" };
			if (mem) {
				draw_pdf(l, mem, &o);
				fclose(mem);
			}
			free(raw);
		}
		layout_free(l);
	}
	diag_capture(NULL);
	diag_reset();
	sb_free(&msgs);
	arena_free(a);
	return 0;
}
