/* Tests the hyphenation module: every word of words.txt, then the rules
 * and the API.  usage: test DATA EXCEPTIONS|- WORDS
 *
 * words.txt marks correct breaks with '-' and correct alternatives with
 * '='.  A break the engine finds anywhere else is wrong and fails the word;
 * a '-' break it does not find is "missed": patterns may leave out allowed
 * breaks, so misses only count towards the share reported at the end
 * (which fails one test when above MAX_MISSED_PERCENT).  Words are broken
 * with 2 letters before and 2 after (TeX's German setting), so that the
 * patterns are judged on most of each word; the all-caps form of each word
 * longer than 5 letters must break the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base.h"
#include "hyphenate.h"

/* In base.c for tests; keeps expected diagnostics off the terminal. */
void diag_capture(strbuf *b);

enum { MAX_MISSED_PERCENT = 10, MAX_LETTERS = 128 };

static int passed, failed;

static void check(bool ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL: %s\n", what);
	}
}

static void checkf(bool ok, const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, arg);
	check(ok, msg);
}

/* A word of the list: its letters and the mark before each. */
struct entry {
	char word[4 * MAX_LETTERS];
	size_t len;
	int n;
	size_t at[MAX_LETTERS + 1];     /* byte where letter k starts */
	char mark[MAX_LETTERS];         /* '-', '=' or 0 before letter k */
};

static bool parse_entry(const char *s, struct entry *e)
{
	memset(e, 0, sizeof *e);
	char mark = 0;
	for (size_t i = 0; s[i];) {
		if (s[i] == '-' || s[i] == '=') {
			mark = s[i++];
			continue;
		}
		unsigned c;
		int k = utf8_decode(s + i, &c);
		if (e->n == MAX_LETTERS || e->len + (size_t)k >= sizeof e->word)
			return false;
		e->at[e->n] = e->len;
		e->mark[e->n++] = mark;
		memcpy(e->word + e->len, s + i, (size_t)k);
		e->len += (size_t)k;
		i += (size_t)k;
		mark = 0;
	}
	e->at[e->n] = e->len;
	e->word[e->len] = 0;
	return e->n > 0;
}

/* The all-caps form: ASCII, umlauts, and ß as the capital sharp s. */
static void upper(const struct entry *e, struct entry *u)
{
	*u = *e;
	u->len = 0;
	for (int k = 0; k < e->n; k++) {
		unsigned c;
		utf8_decode(e->word + e->at[k], &c);
		if (c >= 'a' && c <= 'z')
			c -= 32;
		else if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
			c -= 32;
		else if (c == 0xdf)
			c = 0x1e9e;
		u->at[k] = u->len;
		u->len += (size_t)utf8_encode(c, u->word + u->len);
	}
	u->at[u->n] = u->len;
	u->word[u->len] = 0;
}

/* The breaks found, as letter indexes in got[]; false if one is inside a
 * character. */
static bool breaks_of(const hyph_dict *d, const struct entry *e, bool *got)
{
	bool br[4 * MAX_LETTERS];
	hyph_word(d, e->word, e->len, 2, 2, br);
	bool ok = true;
	for (int k = 0; k < e->n; k++) {
		got[k] = br[e->at[k]];
		for (size_t i = e->at[k] + 1; i < e->at[k + 1]; i++)
			ok &= !br[i];
	}
	return ok;
}

static void show(const struct entry *e, const bool *got, char *out)
{
	size_t o = 0;
	for (int k = 0; k < e->n; k++) {
		if (got[k])
			out[o++] = '-';
		memcpy(out + o, e->word + e->at[k], e->at[k + 1] - e->at[k]);
		o += e->at[k + 1] - e->at[k];
	}
	out[o] = 0;
}

static void test_words(const hyph_dict *d, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		check(false, "the word list can be read");
		return;
	}
	char line[1024];
	int expected = 0, found = 0, line_no = 0;
	while (fgets(line, sizeof line, f)) {
		line_no++;
		line[strcspn(line, "#\r\n")] = 0;
		char *s = line + strspn(line, " \t");
		s[strcspn(s, " \t")] = 0;
		if (!*s)
			continue;
		struct entry e, u;
		if (!parse_entry(s, &e)) {
			printf("%s:%d: bad line\n", path, line_no);
			check(false, "words.txt is well-formed");
			continue;
		}
		upper(&e, &u);
		bool got[MAX_LETTERS], got_upper[MAX_LETTERS];
		int wrong = !breaks_of(d, &e, got);
		wrong += !breaks_of(d, &u, got_upper);
		int missed = 0;
		for (int k = 0; k < e.n; k++) {
			bool counted = k >= 2 && e.n - k >= 2;
			if (got[k] && (!counted || !e.mark[k]))
				wrong++;
			if (counted && e.mark[k] == '-') {
				expected++;
				found += got[k];
				missed += !got[k];
			}
		}
		char out[8 * MAX_LETTERS], msg[24 * MAX_LETTERS];
		show(&e, got, out);
		if (missed && !wrong)
			printf("missed: %s, expected %s\n", out, s);
		snprintf(msg, sizeof msg, "%s: got %s, expected %s", e.word,
			 out, s);
		check(wrong == 0, msg);
		/* All-caps words of up to 5 letters are abbreviations. */
		if (wrong == 0 && e.n > 5 &&
		    memcmp(got, got_upper, (size_t)e.n) != 0) {
			show(&u, got_upper, out);
			snprintf(msg, sizeof msg, "%s: all caps breaks as %s",
				 e.word, out);
			check(false, msg);
		}
	}
	fclose(f);
	double missed = expected ? 100.0 * (expected - found) / expected : 100;
	printf("words.txt: %d of %d expected breaks missed (%.1f%%)\n",
	       expected - found, expected, missed);
	check(expected > 0 && missed <= MAX_MISSED_PERCENT,
	      "missed breaks within the limit");
}

static void expect_show(const hyph_dict *d, const char *word, const char *want)
{
	char *got = hyph_show(d, word);
	char msg[512];
	snprintf(msg, sizeof msg, "hyph_show(\"%s\") = \"%s\", expected \"%s\"",
		 word, got, want);
	check(strcmp(got, want) == 0, msg);
	free(got);
}

static int count(const hyph_dict *d, const char *word, int l, int r)
{
	size_t len = strlen(word);
	bool *br = xmalloc(len + 1);
	int n = hyph_word(d, word, len, l, r, br);
	int set = 0;
	for (size_t i = 0; i < len; i++)
		set += br[i];
	free(br);
	return n == set ? n : -1;
}

static void test_rules(const hyph_dict *d)
{
	expect_show(d, "Gesamtstrategie", "Ge-samt-stra-te-gie");
	expect_show(d, "GESAMTSTRATEGIE", "GE-SAMT-STRA-TE-GIE");
	expect_show(d, "Bürgerbeteiligung", "Bür-ger-be-tei-li-gung");
	expect_show(d, "Zucker", "Zu-cker");
	expect_show(d, "Fenster", "Fens-ter");
	expect_show(d, "STRAẞENBAHN", "STRA-ẞEN-BAHN");

	/* Hyphenated words break after their hyphens only. */
	expect_show(d, "Smart-City-Strategie", "Smart-City-Strategie");
	checkf(count(d, "Smart-City-Strategie", 2, 3) == 2,
	       "%s breaks after both hyphens", "Smart-City-Strategie");
	size_t len = strlen("Smart-City");
	bool br[32];
	hyph_word(d, "Smart-City", len, 2, 3, br);
	check(br[6] && count(d, "Smart-City", 2, 3) == 1,
	      "Smart-City breaks before byte 6, after the hyphen");
	checkf(count(d, "E-Mail-Adresse", 2, 3) == 1,
	       "%s: no break after a single letter", "E-Mail-Adresse");
	checkf(count(d, "Süd\xe2\x80\x90westfalen", 2, 3) == 1,
	       "%s: U+2010 is a hyphen", "Süd‐westfalen");
	checkf(count(d, "Süd\xe2\x80\x91westfalen", 2, 3) == 0,
	       "%s: U+2011 does not break", "Süd‑westfalen");
	expect_show(d, "Kommunal-", "Kom-mu-nal-");
	expect_show(d, "-verwaltung", "-ver-wal-tung");
	expect_show(d, "Stadt\xc2\xadverwaltung", "Stadt-verwaltung");

	/* Abbreviations, numbers, URLs, short words. */
	const char *none[] = {
		"KfW", "NRW", "CDU", "GmbH", "BMWi", "ABCDE", "eGovernment",
		"BürgerApp", "2024", "Seite12", "3-mal", "Verwaltung4.0",
		"www.suedwestfalen.com", "https://smart-city.de",
		"info@stadt-olpe.de", "Haus", "Bürger/innen", "Bürger*innen",
		"z.B.", "Stra\xffße", "", "---", "\xc2\xad\xc2\xad",
		"Digitali\xe2\x80\x8bsierung", NULL };
	for (int i = 0; none[i]; i++)
		checkf(count(d, none[i], 2, 3) == 0, "no breaks in '%s'",
		       none[i]);
	checkf(count(d, "UNESCOWELTERBE", 2, 3) > 0,
	       "long all-caps words break: %s", "UNESCOWELTERBE");

	/* Minimums, in letters. */
	checkf(count(d, "Straße", 2, 3) == 0, "%s: right minimum 3",
	       "Straße");
	checkf(count(d, "Straße", 2, 2) == 1, "%s: right minimum 2",
	       "Straße");
	checkf(count(d, "Digitalisierung", 5, 5) == 2,
	       "%s: Digita-li-sierung with minimums 5, 5", "Digitalisierung");
	checkf(count(d, "Digitalisierung", 0, -3) ==
	       count(d, "Digitalisierung", 1, 1),
	       "%s: minimums below 1 count as 1", "Digitalisierung");
	checkf(count(d, "Ärger", 2, 3) == 1 && count(d, "Ärger", 3, 3) == 0,
	       "%s: letters, not bytes", "Ärger");

	/* Punctuation around the word is not part of it. */
	const char *around[] = { "Digitalisierung.", "(Digitalisierung),",
		"„Digitalisierung“", "»Digitalisierung«!",
		"Digitalisierung…", NULL };
	for (int i = 0; around[i]; i++)
		checkf(count(d, around[i], 2, 3) == 5,
		       "'%s' breaks as Digitalisierung", around[i]);

	/* A pathological word finishes at once and breaks nowhere. */
	size_t big = 100000;
	char *w = xmalloc(big + 1);
	for (size_t i = 0; i < big; i++)
		w[i] = "abcdefghij"[i % 10];
	w[big] = 0;
	check(count(d, w, 2, 3) == 0, "a 100000-letter word has no breaks");
	free(w);
}

static const char exceptions_text[] =
	"\xef\xbb\xbf# test exceptions\n"
	"Ge-samtstrategie   # override the patterns\n"
	"\n"
	"  SÜD-WEST-FALEN\n"
	"Lenne-stadt\n"
	"Lennestadt\t# later line wins\n"
	"Sauer land\n"
	"Stadt-ver--waltung\n"
	"-Olpe\n"
	"Kreis4\n"
	"Stra\xff" "e\n"
	"eGo-vern-ment\n";

static void test_exceptions(const char *data)
{
	char path[] = "/tmp/satz-hyph-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, exceptions_text, sizeof exceptions_text - 1) !=
	    (ssize_t)(sizeof exceptions_text - 1)) {
		check(false, "temporary exceptions file written");
		return;
	}
	close(fd);
	strbuf log = { 0 };
	diag_reset();
	diag_capture(&log);
	hyph_dict *d = hyph_load(data, path);
	diag_capture(NULL);
	check(d != NULL, "loads despite bad exception lines");
	check(diag_errors() == 5 && diag_warnings() == 1,
	      "bad exception lines: 5 errors and 1 warning");
	check(log.s && strstr(log.s, ":7:6: error: one word a line") &&
	      strstr(log.s, ":11:5: error: invalid UTF-8"),
	      "exception errors point at line and column");
	if (d) {
		expect_show(d, "Gesamtstrategie", "Ge-samtstrategie");
		expect_show(d, "südwestfalen", "süd-west-falen");
		expect_show(d, "Lennestadt", "Lennestadt");
		expect_show(d, "eGovernment", "eGo-vern-ment");
		const char *const *files = hyph_files(d);
		check(files[0] && strcmp(files[0], data) == 0 && files[1] &&
		      strcmp(files[1], path) == 0 && !files[2],
		      "hyph_files names the data and the exceptions");
	}
	hyph_free(d);
	sb_free(&log);
	unlink(path);
	diag_reset();
}

static void test_load_errors(const char *data, const char *not_data)
{
	strbuf log = { 0 };
	diag_capture(&log);
	check(hyph_load("/nonexistent/hyph.bin", NULL) == NULL,
	      "a missing data file is an error");
	check(hyph_load(data, "/nonexistent/ex.txt") == NULL,
	      "a missing exceptions file is an error");
	check(hyph_load(not_data, NULL) == NULL,
	      "a file that is not hyphenation data is an error");

	/* A truncated copy. */
	char path[] = "/tmp/satz-hyph-XXXXXX";
	int fd = mkstemp(path);
	FILE *in = fopen(data, "rb");
	char buf[4096];
	size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
	if (in)
		fclose(in);
	bool written = fd >= 0 && write(fd, buf, n) == (ssize_t)n;
	if (fd >= 0)
		close(fd);
	check(written && hyph_load(path, NULL) == NULL,
	      "a truncated data file is an error");
	unlink(path);
	diag_capture(NULL);
	check(log.s && strstr(log.s, "truncated"), "says it is truncated");
	sb_free(&log);
	hyph_free(NULL);
	diag_reset();
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fputs("usage: test DATA EXCEPTIONS|- WORDS\n", stderr);
		return 2;
	}
	const char *exceptions = strcmp(argv[2], "-") == 0 ? NULL : argv[2];
	hyph_dict *d = hyph_load(argv[1], exceptions);
	if (!d) {
		puts("0 passed, 1 failed");
		return 1;
	}
	test_words(d, argv[3]);
	test_rules(d);
	hyph_free(d);
	test_exceptions(argv[1]);
	test_load_errors(argv[1], argv[3]);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
