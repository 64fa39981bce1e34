/* libFuzzer target: inline markup (inline_parse, inline_plain,
 * inline_dump).  The first byte chooses single-line mode. */
#include <stdint.h>
#include <string.h>

#include "base.h"
#include "inline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool single = data[0] & 1;
	data++, size--;
	/* the loader guarantees valid UTF-8 without NUL bytes */
	if (memchr(data, '\0', size) || !utf8_valid((const char *)data, size, NULL))
		return 0;
	arena *a = arena_new();
	strbuf msgs = { 0 };
	diag_capture(&msgs);
	char *text = arena_strndup(a, (const char *)data, size);
	itext t;
	if (inline_parse(a, text, (srcpos){ "fuzz.yaml", 1, 1 }, single, &t)) {
		inline_plain(a, &t);
		strbuf dump = { 0 };
		inline_dump(&t, &dump);
		sb_free(&dump);
	}
	diag_capture(NULL);
	diag_reset();
	sb_free(&msgs);
	arena_free(a);
	return 0;
}
