/* Measures the hyphenation module: load time, memory, words a second.
 * usage: bench DATA EXCEPTIONS|- WORDS [ROUNDS]
 * WORDS has one word a line; '-', '=' and '#' comments as in words.txt are
 * ignored, so the test's list serves, and so does /usr/share/dict/ngerman. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base.h"
#include "hyphenate.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Resident memory in KiB (Linux), or -1. */
static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size, resident;
	int n = f ? fscanf(f, "%ld %ld", &size, &resident) : 0;
	if (f)
		fclose(f);
	return n == 2 ? resident * 4 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 4 || argc > 5) {
		fputs("usage: bench DATA EXCEPTIONS|- WORDS [ROUNDS]\n",
		      stderr);
		return 2;
	}
	const char *ex = strcmp(argv[2], "-") == 0 ? NULL : argv[2];
	int rounds = argc == 5 ? atoi(argv[4]) : 20;

	/* The words, marks removed, in one buffer. */
	FILE *f = fopen(argv[3], "r");
	if (!f) {
		perror(argv[3]);
		return 1;
	}
	strbuf text = { 0 };
	size_t n_words = 0, max_len = 0;
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "#\r\n")] = 0;
		size_t len = 0;
		for (char *p = line; *p; p++)
			if (*p != '-' && *p != '=' && *p != ' ')
				line[len++] = *p;
		line[len] = 0;
		if (!len)
			continue;
		sb_add(&text, line, len + 1);
		n_words++;
		if (len > max_len)
			max_len = len;
	}
	fclose(f);
	if (!n_words) {
		fprintf(stderr, "%s: no words\n", argv[3]);
		return 1;
	}

	long rss0 = rss_kib();
	double t0 = now();
	hyph_dict *d = hyph_load(argv[1], ex);
	double first = now() - t0;
	if (!d)
		return 1;
	hyph_free(d);
	int loads = 200;
	t0 = now();
	for (int i = 0; i < loads; i++)
		hyph_free(hyph_load(argv[1], ex));
	double each = (now() - t0) / loads;

	d = hyph_load(argv[1], ex);
	long rss1 = rss_kib();
	bool *breaks = xmalloc(max_len + 1);
	long found = 0;
	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (const char *w = text.s; w < text.s + text.len;) {
			size_t len = strlen(w);
			found += hyph_word(d, w, len, HYPH_LEFT_MIN,
					   HYPH_RIGHT_MIN, breaks);
			w += len + 1;
		}
	double t = now() - t0;
	long rss2 = rss_kib();

	printf("load: first %.3f ms, then %.3f ms each (%d loads)\n",
	       first * 1e3, each * 1e3, loads);
	printf("memory: %ld KiB resident after load, %ld KiB after "
	       "hyphenating (data file mapped, shared)\n",
	       rss1 - rss0, rss2 - rss0);
	double calls = (double)n_words * rounds;
	printf("speed: %zu words x %d rounds in %.3f s: %.0f words/s, "
	       "%.2f us/word (%ld breaks)\n", n_words, rounds, t,
	       calls / t, t * 1e6 / calls, found / rounds);
	free(breaks);
	hyph_free(d);
	sb_free(&text);
	return 0;
}
