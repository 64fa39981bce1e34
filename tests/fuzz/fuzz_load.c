/* libFuzzer target: YAML loading and document validation (load_yaml_mem,
 * doc_from_tree), diagnostics captured so nothing prints.  Run from the
 * project root: shared data and images resolve against sources/. */
#include <stdint.h>
#include <string.h>

#include "base.h"
#include "doc.h"
#include "generate.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	strbuf msgs = { 0 };
	diag_capture(&msgs);
	char *text = arena_strndup(a, (const char *)data, size);
	ynode *root = load_yaml_mem(a, "sources/fuzz.yaml", text, size);
	if (root) {
		document *d = generate_from_tree(a, "sources/fuzz.yaml", root);
		if (d) {
			strbuf dump = { 0 };
			doc_dump(d, &dump);
			sb_free(&dump);
		}
	}
	diag_capture(NULL);
	diag_reset();
	sb_free(&msgs);
	arena_free(a);
	return 0;
}
