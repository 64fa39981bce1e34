/* Unit tests: the inline markup spec (tests/inline.spec), loading with
 * positions, and document validation messages (tests/load.spec).
 * Prints one line per failure and ends with "N passed, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "doc.h"
#include "generate.h"
#include "inline.h"
#include "load.h"
#include "synopse.h"

static int passed, failed;

static void check(bool ok, const char *name, const char *expected, const char *got)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s\n--- expected\n%s--- got\n%s---\n", name, expected, got);
}

static char *slurp(const char *path)
{
	strbuf b = { 0 };
	if (!read_file(path, (size_t)1 << 30, &b)) {
		perror(path);
		exit(3);
	}
	return b.s ? b.s : xstrdup("");
}

/* A spec file holds examples:
 *   ### name
 *   input (one or more lines)
 *   .
 *   expected output (until the next ### or the end)
 * Trailing blank lines are ignored on both sides. */
typedef struct {
	char *name, *input, *expected;
} example;

static void trim_newlines(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '\n')
		s[--n] = '\0';
	if (n)
		s[n] = '\n', s[n + 1] = '\0';
}

static size_t parse_spec(const char *text, example **out)
{
	size_t n = 0, cap = 0;
	example *ex = NULL;
	strbuf in = { 0 }, exp = { 0 };
	int state = 0;   /* 0 before an example, 1 input, 2 expected */
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		bool header = len >= 4 && strncmp(p, "### ", 4) == 0;
		if (header || (state == 1 && len == 1 && p[0] == '.')) {
			if (header && state == 2) {
				ex[n - 1].input = xstrdup(in.s ? in.s : "");
				ex[n - 1].expected = xmalloc(exp.len + 2);
				strcpy(ex[n - 1].expected, exp.s ? exp.s : "");
				trim_newlines(ex[n - 1].expected);
			}
			if (header) {
				if (n == cap)
					ex = xrealloc(ex, (cap = cap ? cap * 2 : 32) * sizeof *ex);
				ex[n++] = (example){ strndup(p + 4, len - 4), NULL, NULL };
				in.len = exp.len = 0;
				if (in.s)
					in.s[0] = '\0';
				if (exp.s)
					exp.s[0] = '\0';
				state = 1;
			} else {
				state = 2;
			}
		} else if (state == 1) {
			if (in.len)
				sb_addc(&in, '\n');
			sb_add(&in, p, len);
		} else if (state == 2) {
			sb_add(&exp, p, len);
			sb_addc(&exp, '\n');
		}
		p += len + (nl ? 1 : 0);
	}
	if (state == 2) {
		ex[n - 1].input = xstrdup(in.s ? in.s : "");
		ex[n - 1].expected = xmalloc(exp.len + 2);
		strcpy(ex[n - 1].expected, exp.s ? exp.s : "");
		trim_newlines(ex[n - 1].expected);
	} else if (n && state == 1) {
		n--;   /* an example without '.' line */
		free(ex[n].name);
	}
	sb_free(&in);
	sb_free(&exp);
	*out = ex;
	return n;
}

static void free_examples(example *ex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ex[i].name);
		free(ex[i].input);
		free(ex[i].expected);
	}
	free(ex);
}

/* Runs one example: writes the result to out, or returns false when the
 * input was refused (the messages are then the result). */
typedef bool (*spec_runner)(arena *a, const char *input, strbuf *out);

/* inline.spec: the spans of the markup, positions from column 1. */
static bool inline_example(arena *a, const char *input, strbuf *out)
{
	itext t;
	if (!inline_parse(a, input, (srcpos){ "in", 1, 1 }, true, &t))
		return false;
	inline_dump(&t, out);
	return true;
}

/* load.spec: the tree dump of a YAML document named "in.yaml". */
static bool load_example(arena *a, const char *input, strbuf *out)
{
	ynode *root = load_yaml_mem(a, "in.yaml", input, strlen(input));
	document *d = root ? generate_from_tree(a, "in.yaml", root) : NULL;
	if (!d)
		return false;
	doc_dump(d, out);
	return true;
}

/* synopse.spec: the word difference of "old\n---\nnew". */
static bool synopse_example(arena *a, const char *input, strbuf *out)
{
	const char *sep = strncmp(input, "---", 3) == 0 ? input : strstr(input, "\n---");
	if (sep && sep != input)
		sep++;
	if (!sep || (sep[3] != '\n' && sep[3] != '\0')) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "an example needs a line '---'");
		return false;
	}
	char *old = arena_strndup(a, input, (size_t)(sep - input));
	synopse_diff_words(old, sep[3] ? sep + 4 : "", out);
	return true;
}

/* A long paragraph with one changed word is cheap (the diff's cost grows
 * with the differences), and two long unlike ones count as replaced. */
static void test_synopse_long(void)
{
	strbuf a = { 0 }, b = { 0 }, c = { 0 }, out = { 0 };
	for (int i = 0; i < 100000; i++) {
		sb_printf(&a, "w%d ", i);
		sb_printf(&b, i == 50000 ? "neu " : "w%d ", i);
		sb_printf(&c, "x%d ", i);
	}
	double t0 = clock_seconds();
	synopse_diff_words(a.s, b.s, &out);
	double t = clock_seconds() - t0;
	check(strstr(out.s, " [-w50000-] {+neu+} w50001 ") != NULL && t < 2,
	      "synopse: one change in 100,000 words", "[-w50000-] {+neu+}, under 2 s\n",
	      strstr(out.s, "[-") ? strstr(out.s, "[-") : out.s);
	out.len = 0;
	t0 = clock_seconds();
	synopse_diff_words(a.s, c.s, &out);
	t = clock_seconds() - t0;
	check(strncmp(out.s, "[-w0 w1 ", 8) == 0 && strstr(out.s, "-] {+x0 x1 ") && t < 5,
	      "synopse: 100,000 words, all different", "[-w0 w1 ... -] {+x0 x1 ...+}, under 5 s\n",
	      out.s);
	sb_free(&a);
	sb_free(&b);
	sb_free(&c);
	sb_free(&out);
}

static void run_spec(const char *path, spec_runner run)
{
	char *text = slurp(path);
	example *ex;
	size_t n = parse_spec(text, &ex);
	for (size_t i = 0; i < n; i++) {
		arena *a = arena_new();
		strbuf got = { 0 }, errs = { 0 };
		diag_capture(&errs);
		bool ok = run(a, ex[i].input, &got);
		diag_capture(NULL);
		if (!ok) {
			got.len = 0;
			sb_add(&got, errs.s ? errs.s : "", errs.len);
		}
		if (!got.s)
			sb_adds(&got, "");
		trim_newlines(got.s);
		check(strcmp(got.s, ex[i].expected) == 0, ex[i].name, ex[i].expected, got.s);
		sb_free(&got);
		sb_free(&errs);
		arena_free(a);
	}
	free_examples(ex, n);
	free(text);
}

static void test_positions(void)
{
	const char *src = "title: Hallo\nbody:\n  - eins\n  - \"zwei\"\n";
	arena *a = arena_new();
	ynode *root = load_yaml_mem(a, "p.yaml", src, strlen(src));
	char got[128] = "";
	if (root) {
		ynode *body = ymap_get(root, "body");
		snprintf(got, sizeof got, "%d:%d %d:%d %d:%d\n", ymap_key(root, 0)->pos.line,
			 ymap_key(root, 0)->pos.col, body->items[0]->pos.line,
			 body->items[0]->pos.col, body->items[1]->pos.line, body->items[1]->pos.col);
	}
	check(strcmp(got, "1:1 3:5 4:5\n") == 0, "positions are 1-based", "1:1 3:5 4:5\n", got);
	arena_free(a);
}

static void test_closest(void)
{
	static const char *const words[] = { "title", "subtitle", "publisher", NULL };
	const char *h = closest_word("titel", words);
	check(h && strcmp(h, "title") == 0, "closest_word titel", "title\n", h ? h : "(none)\n");
	h = closest_word("zzzzzz", words);
	check(h == NULL, "closest_word no hint", "(none)\n", h ? h : "(none)\n");
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests";
	char path[4096];
	snprintf(path, sizeof path, "%s/inline.spec", dir);
	run_spec(path, inline_example);
	snprintf(path, sizeof path, "%s/load.spec", dir);
	run_spec(path, load_example);
	snprintf(path, sizeof path, "%s/synopse.spec", dir);
	run_spec(path, synopse_example);
	test_synopse_long();
	test_positions();
	test_closest();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
