/* libFuzzer target: style sheets.  style_load reads files, so each input
 * is written as fuzz.yaml into a private temporary directory, looked up
 * before the project's styles/ (so 'extends' may name a real sheet). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "fonts.h"
#include "sheet.h"
#include "style.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], file[96];

static void cleanup(void)
{
	remove(file);
	remove(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/satz-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || !fonts_init("fonts"))
		abort();
	snprintf(file, sizeof file, "%s/fuzz.yaml", dir);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(file, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	const char *const dirs[] = { dir, "styles", NULL };
	arena *a = arena_new();
	strbuf msgs = { 0 };
	diag_capture(&msgs);
	sheet_load(a, dirs, "fuzz", (srcpos){ 0 });
	diag_capture(NULL);
	diag_reset();
	sb_free(&msgs);
	arena_free(a);
	return 0;
}
