/* newsource: templates of new sources. */
#include "newsource.h"
#include "data.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *const newsource_kinds[] = { "leitfaden", "teilstrategie", NULL };

/* Today as YYYY-MM-DD: SOURCE_DATE_EPOCH (UTC) when set, else local. */
static void today(char buf[16])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;
	char *end;
	if (epoch && *epoch) {
		long long v = strtoll(epoch, &end, 10);
		if (*end == '\0' && v >= 0) {
			t = (time_t)v;
			gmtime_r(&t, &tm);
			strftime(buf, 16, "%Y-%m-%d", &tm);
			return;
		}
	}
	localtime_r(&t, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
}

/* A file name from a title: a-z, digits and '-', German letters spelled
 * out, at most about 40 characters, cut at a word. */
static char *slug(const char *title)
{
	static const struct { const char *from, *to; } letters[] = {
		{ "\xc3\xa4", "ae" }, { "\xc3\xb6", "oe" }, { "\xc3\xbc", "ue" },
		{ "\xc3\x84", "ae" }, { "\xc3\x96", "oe" }, { "\xc3\x9c", "ue" },
		{ "\xc3\x9f", "ss" },
	};
	strbuf b = { 0 };
	for (const char *p = title; *p;) {
		bool done = false;
		for (size_t i = 0; i < sizeof letters / sizeof letters[0] && !done; i++)
			if (strncmp(p, letters[i].from, 2) == 0) {
				sb_adds(&b, letters[i].to);
				p += 2;
				done = true;
			}
		if (done)
			continue;
		unsigned cp;
		int n = utf8_decode(p, &cp);
		if (cp < 128 && ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')))
			sb_addc(&b, (char)cp);
		else if (cp >= 'A' && cp <= 'Z')
			sb_addc(&b, (char)(cp + 32));
		else if (b.len && b.s[b.len - 1] != '-')
			sb_addc(&b, '-');
		p += n;
	}
	while (b.len && b.s[b.len - 1] == '-')
		b.s[--b.len] = '\0';
	if (b.len > 40) {
		size_t cut = 40;
		while (cut > 0 && b.s[cut] != '-')
			cut--;
		b.len = cut ? cut : 40;
		b.s[b.len] = '\0';
	}
	return b.s ? b.s : xstrdup("");
}

/* A YAML double-quoted scalar. */
static void quoted(strbuf *b, const char *s)
{
	sb_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_addc(b, '\\');
		sb_addc(b, *s);
	}
	sb_addc(b, '"');
}

/* The next free guide number: one more than the highest NN- of dir. */
static int next_guide(const char *dir)
{
	int max = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 1;
	for (struct dirent *e; (e = readdir(d));) {
		char *end;
		long n = strtol(e->d_name, &end, 10);
		if (end != e->d_name && *end == '-' && n > max && n < 999)
			max = (int)n;
	}
	closedir(d);
	return max + 1;
}

static void guide(strbuf *b, const shared_data *s, int number, const char *title,
		  const char *date)
{
	sb_printf(b, "# yaml-language-server: $schema=../../schemas/source.schema.json\n"
		  "# Leitfaden #%02d, angelegt mit 'satz new leitfaden'.  Jedes TODO ist ein\n"
		  "# Platzhalter: 'satz check' meldet es, bis es ersetzt ist\n"
		  "# (docs/source-format.md, docs/shared-data.md).\n"
		  "kind: leitfaden\nnumber: %d\ntitle: ", number, number);
	if (title)
		quoted(b, title);
	else
		sb_adds(b, "\"TODO: der Titel, als Frage gestellt\"");
	sb_printf(b, "\nsubtitle: \"Leitfaden #%02d\"\n", number);
	sb_adds(b, "publisher: Südwestfalen Agentur GmbH\n"
		"authors:\n  - \"TODO: wer den Leitfaden geschrieben hat\"\n");
	sb_printf(b, "date: %s\nversion: \"0.1\"\nstatus: entwurf\nlanguage: de\n", date);
	sb_adds(b, "# das Thema, nach dem der Katalog ordnet:");
	for (size_t i = 0; i < s->n_topics; i++)
		sb_printf(b, " %s", s->topics[i].id);
	sb_printf(b, "\ntopic: %s\n", s->n_topics ? s->topics[0].id : "TODO");
	sb_adds(b,
		"audience: \"TODO: für wen der Leitfaden ist\"\n"
		"summary: >-\n"
		"  TODO: worum es geht und was man nach dem Lesen tun kann, in einem\n"
		"  Absatz.\n"
		"keywords:\n  - \"TODO: Schlagwort\"\n"
		"style: leitfaden\n"
		"body:\n"
		"  - section: Worum es geht\n"
		"    id: einleitung\n"
		"    body:\n"
		"      - \"TODO: die Frage des Leitfadens und warum sie sich stellt.\"\n"
		"  - section: Schritt für Schritt\n"
		"    id: schritte\n"
		"    body:\n"
		"      - numbered:\n"
		"          - \"TODO: der erste Schritt\"\n"
		"          - \"TODO: der zweite Schritt\"\n"
		"  - section: Checkliste\n"
		"    id: checkliste\n"
		"    body:\n"
		"      - checklist:\n"
		"          - \"[ ] TODO: was erledigt sein sollte\"\n");
}

static void strategy(strbuf *b, const shared_data *s, const municipality *m,
		     const char *title, const char *date, const char *style)
{
	sb_printf(b, "# yaml-language-server: $schema=../../schemas/source.schema.json\n"
		  "# Teilstrategie von %s, angelegt mit 'satz new teilstrategie'.  Jedes\n"
		  "# TODO ist ein Platzhalter: 'satz check' meldet es, bis es ersetzt ist\n"
		  "# (docs/source-format.md, docs/shared-data.md).\n"
		  "kind: teilstrategie\nmunicipality: %s\ntitle: ", m->name, m->id);
	if (title)
		quoted(b, title);
	else
		sb_printf(b, "Smart-City-Strategie %s", m->name);
	sb_printf(b, "\nsubtitle: \"TODO: eine Zeile unter dem Titel\"\n"
		  "publisher: %s\nauthors: \"TODO: wer die Strategie geschrieben hat\"\n"
		  "date: %s\nversion: \"0.1\"\nstatus: entwurf\nlanguage: de\nstyle: %s\n",
		  m->name, date, style);
	sb_adds(b,
		"keywords:\n  - Smart City\n  - Teilstrategie\n"
		"body:\n"
		"  - section: Unsere Vision\n"
		"    id: vision\n"
		"    body:\n"
		"      - \"TODO: die Vision, die die Gesamtstrategie zitiert.\"\n"
		"  - section: Projekte\n"
		"    id: projekte\n"
		"    body:\n"
		"      - \"TODO: die Projekte im Überblick.\"\n"
		"      - portfolio:\n"
		"          - title: Erstes Projekt\n"
		"            field: ");
	sb_printf(b, "%s\n"
		  "            goal: Das Ziel des Projekts\n"
		  "            status: idea\n", s->n_fields ? s->fields[0].id : "TODO");
}

int newsource_write(const char *sources, const char *kind, const char *title, char **path)
{
	*path = NULL;
	arena *a = arena_new();
	document *d = arena_alloc(a, sizeof *d);
	d->a = a;
	d->path = arena_printf(a, "%snew.yaml", sources);
	srcpos none = { 0 };
	shared_data *s = data_of(d, none);
	if (!s) {
		arena_free(a);
		return 1;
	}
	char date[16];
	today(date);
	strbuf text = { 0 };
	const char *file = NULL;
	if (strcmp(kind, "leitfaden") == 0) {
		const char *dir = arena_printf(a, "%sleitfaeden", sources);
		int n = next_guide(dir);
		char *sl = slug(title ? title : "neuer Leitfaden");
		file = arena_printf(a, "%s/%02d-%s.yaml", dir, n, *sl ? sl : "leitfaden");
		free(sl);
		guide(&text, s, n, title, date);
	} else {
		const municipality *m = NULL;
		for (size_t i = 0; i < s->n_municipalities && !m; i++) {
			const char *f = arena_printf(a, "%steilstrategien/%s.yaml", sources,
						     s->municipalities[i].id);
			if (access(f, F_OK) != 0) {
				m = &s->municipalities[i];
				file = f;
			}
		}
		if (!m) {
			diag(DIAG_ERROR, none, "every municipality of %sdata/municipalities.yaml "
			     "has a Teilstrategie in %steilstrategien/; add the municipality "
			     "there first", sources, sources);
			arena_free(a);
			return 1;
		}
		const char *sheet = arena_printf(a, "kommune-%s", m->id);
		char *st = arena_printf(a, "%s../styles/%s.yaml", sources, sheet);
		strategy(&text, s, m, title, date, access(st, R_OK) == 0 ? sheet : "regional");
	}
	/* O_EXCL: an existing file stays as it is */
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
	int status = 0;
	if (fd < 0 && errno == EEXIST) {
		diag(DIAG_ERROR, none, "%s exists already; satz new never overwrites a file", file);
		status = 1;
	} else if (fd < 0) {
		diag(DIAG_ERROR, none, "cannot create %s: %s", file, strerror(errno));
		status = 3;
	} else {
		bool written = write(fd, text.s, text.len) == (ssize_t)text.len;
		if (close(fd) != 0 || !written) {
			diag(DIAG_ERROR, none, "cannot write %s: %s", file, strerror(errno));
			unlink(file);
			status = 3;
		}
	}
	if (status == 0)
		*path = xstrdup(file);
	sb_free(&text);
	arena_free(a);
	return status;
}
