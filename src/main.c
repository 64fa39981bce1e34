/* satz: the command line.  Exit status: 0 success, 1 errors in the input,
 * 2 usage errors, 3 I/O or internal errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "base.h"
#include "coverage.h"
#include "doc.h"
#include "draw.h"
#include "finish.h"
#include "fonts.h"
#include "generate.h"
#include "hyphenate.h"
#include "layout.h"
#include "preshape.h"
#include "ligature.h"
#include "newsource.h"
#include "output.h"
#include "schema.h"
#include "sheet.h"
#include "style.h"
#include "stylekey.h"
#include "synopse.h"
#include "verify.h"

#ifndef SATZ_VERSION
#define SATZ_VERSION "0.1.0"
#endif

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* The style of a document that names none. */
#define DEFAULT_STYLE "regional"

static const char usage[] =
	"usage: satz render SOURCE [-o OUT.pdf] [--style NAME] [--styles DIR] [--fonts DIR]\n"
	"                   [--deps FILE] [--dump=tree|lines] [--stats] [-q]\n"
	"                   [--version-stamp VERSION] [--cover-png FILE.png]\n"
	"       satz check SOURCE... [--style NAME] [--styles DIR] [--fonts DIR]\n"
	"       satz new leitfaden|teilstrategie [TITLE]\n"
	"       satz schema source|style [--styles DIR] [--fonts DIR] [--keys]\n"
	"       satz styles [NAME] [--styles DIR] [--keys]\n"
	"       satz hyphenate [--ligatures] WORD...\n"
	"       satz verify FILE.pdf...\n"
	"       satz synopse OLD.yaml NEW.yaml [-o OUT.pdf] [--old-version V] [--old-date D]\n"
	"                    [--new-version V] [--new-date D] [--style NAME] [--styles DIR] [-q]\n"
	"       satz --help | --version\n";

static const char help[] =
	"satz typesets the YAML sources of the Smart Cities Südwestfalen project\n"
	"office into PDF.\n"
	"\n"
	"Commands:\n"
	"  render SOURCE     typeset SOURCE into a PDF.  The default output for\n"
	"                    sources/X.yaml is out/X.pdf, written safely: a failed\n"
	"                    build never leaves a partial file or removes the last\n"
	"                    good one.\n"
	"  check SOURCE...   validate sources and their style sheets without writing\n"
	"                    anything; takes --style, --styles and --fonts as render\n"
	"                    does, and warns of characters no font has and of TODO\n"
	"                    placeholders.\n"
	"  new KIND [TITLE]  write a new source from a template and print its path:\n"
	"                    leitfaden takes the next free number of\n"
	"                    sources/leitfaeden/, teilstrategie the first\n"
	"                    municipality without one; never overwrites a file.\n"
	"  schema source|style\n"
	"                    print the JSON Schema of sources or of style sheets,\n"
	"                    generated from satz's key tables (docs/schemas.md);\n"
	"                    source --keys prints the key reference instead.\n"
	"  styles [NAME]     print the style sheet NAME as resolved after inheritance,\n"
	"                    each value with the file, line and column it comes from;\n"
	"                    without NAME, list the style sheets.  --keys prints the\n"
	"                    table of every key (docs/styles.md).\n"
	"  hyphenate WORD... print each word with its possible breaks, as the\n"
	"                    line breaker sees them (exceptions first, then the\n"
	"                    German patterns): Ge-samt-stra-te-gie.  With\n"
	"                    --ligatures: where no ligature joins the parts of\n"
	"                    a compound (styles/ligatures-de.txt): Auf|lage.\n"
	"  verify FILE.pdf... check each PDF against the machine-checkable rules\n"
	"                    of PDF/UA-1 and PDF/A-2u; prints one line per failed\n"
	"                    rule ('FILE: rule ID: message (object N)', ID from\n"
	"                    the Matterhorn Protocol or veraPDF's rules, e.g.\n"
	"                    'Matterhorn 13-004') and exits 1 if any failed\n"
	"                    (docs/accessibility.md).\n"
	"  synopse OLD.yaml NEW.yaml\n"
	"                    typeset the Synopse of two versions of one document:\n"
	"                    each changed section as a table, the old wording on\n"
	"                    the left with deleted words struck through, the new\n"
	"                    on the right with inserted words underlined; in NEW's\n"
	"                    style sheet.  Default output for sources/X.yaml:\n"
	"                    out/synopse/X.pdf.  The versions are called by the\n"
	"                    documents' 'version' and 'date' unless --old-version,\n"
	"                    --old-date, --new-version, --new-date say otherwise\n"
	"                    (make release passes the release versions).  Writes\n"
	"                    nothing when the text is the same (docs/releases.md).\n"
	"\n"
	"Options for render (check takes --style, --styles and --fonts too):\n"
	"  -o OUT.pdf        write the PDF to OUT.pdf\n"
	"  --style NAME      use the style sheet NAME instead of the document's\n"
	"                    'style' (which defaults to " DEFAULT_STYLE ")\n"
	"  --styles DIR      look for style sheets (NAME.yaml) in DIR first, then in\n"
	"                    ./styles or styles/ of the program's project\n"
	"  --deps FILE       write a make dependency file for the PDF (like gcc -MD)\n"
	"  --fonts DIR       the fonts directory (default: $SATZ_FONTS, ./fonts,\n"
	"                    or fonts/ beside the program's build/ directory)\n"
	"  --dump=tree       print the document tree instead of rendering\n"
	"  --dump=lines      print the lines of each page instead of rendering\n"
	"  --stats           print typesetting statistics of the document\n"
	"  --version-stamp VERSION\n"
	"                    a release version that overrides the document's\n"
	"                    'version': on the cover, in the footer and in the\n"
	"                    PDF's keywords (docs/releases.md)\n"
	"  --cover-png FILE.png\n"
	"                    draw only the cover (page 1) with cairo into a PNG\n"
	"                    thumbnail 360 pixels wide instead of the PDF\n"
	"  -q, --quiet       print nothing but diagnostics\n"
	"\n"
	"Diagnostics go to stderr as 'file:line:col: error: message'.\n"
	"Exit status: 0 success, 1 errors in the input, 2 usage errors,\n"
	"3 I/O or internal errors.\n"
	"\n"
	"The PDF's dates come from SOURCE_DATE_EPOCH when it is set, otherwise\n"
	"from the document's 'date'; the same inputs give the same bytes.\n"
	"A second thread shapes the text ahead of the layout; SATZ_PRESHAPE=0\n"
	"turns it off (the same bytes, more time: docs/bench.md).\n"
	"The source format is described in docs/source-format.md, the style\n"
	"sheets in docs/styles.md.\n"
	"\n"
	"Limits (docs/robustness.md), each settable in the environment:\n"
	"  SATZ_MAX_BYTES  size of a source, style sheet or data file (8388608)\n"
	"  SATZ_MAX_DEPTH  nesting of YAML lists and mappings (64, at most 1000)\n"
	"  SATZ_MAX_TEXT   bytes of one paragraph, title, item or cell (1000000)\n"
	"  SATZ_MAX_PAGES  pages of one document (2000)\n"
	"  SATZ_MAX_PIXELS pixels of one PNG or JPEG picture (50000000)\n";

typedef struct {
	const char *source, *out, *style, *styles, *deps, *fonts, *dump;
	const char *stamp, *cover_png;
	bool quiet, stats;
} render_opts;

static int usage_error(const char *fmt, const char *arg)
{
	fputs("satz: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	fputs(usage, stderr);
	return EXIT_USAGE;
}

static char *default_output(const char *source)
{
	const char *rel = source;
	if (strncmp(rel, "./", 2) == 0)
		rel += 2;
	/* the tree below sources/ is mirrored; any other path, or one that
	 * climbs with '..', gives its file name only: output stays in out/ */
	if (strncmp(rel, "sources/", 8) == 0 && !strstr(rel, "../"))
		rel += 8;
	else if (strrchr(rel, '/'))
		rel = strrchr(rel, '/') + 1;
	if (strcmp(rel, "..") == 0 || strcmp(rel, ".") == 0)
		rel = "document";
	size_t n = strlen(rel);
	if (n > 5 && strcmp(rel + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(rel + n - 4, ".yml") == 0)
		n -= 4;
	strbuf b = { 0 };
	sb_adds(&b, "out/");
	sb_add(&b, rel, n);
	sb_adds(&b, ".pdf");
	return b.s;
}

/* The PDF's date: SOURCE_DATE_EPOCH wins, so rebuilds are reproducible. */
static void pdf_date(const document *d, char *buf, size_t size)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end;
		long long t = strtoll(epoch, &end, 10);
		time_t tt = (time_t)t;
		struct tm tm;
		if (*end == '\0' && t >= 0 && gmtime_r(&tt, &tm)) {
			strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
			return;
		}
		diag(DIAG_WARNING, (srcpos){ 0 },
		     "SOURCE_DATE_EPOCH='%s' is not a number of seconds; using the document date",
		     epoch);
	}
	snprintf(buf, size, "%sT00:00:00Z", d->date);
}

/* A project file: path relative to the working directory when it is
 * there (make runs satz from the project root), else relative to the
 * project that holds this program (build/satz). */
static const char *project_file(const char *path, char *buf, size_t size)
{
	if (access(path, R_OK) == 0)
		return path;
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return path;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {   /* strip "/satz", then "/build" */
		char *slash = strrchr(exe, '/');
		if (!slash)
			return path;
		*slash = '\0';
	}
	if (strlen(exe) + strlen(path) + 2 > size)
		return path;
	strcpy(buf, exe);
	strcat(buf, "/");
	strcat(buf, path);
	return buf;
}

/* $SATZ_FONTS, else ./fonts, else fonts/ of the program's project. */
static const char *fonts_default(void)
{
	static char buf[4096];
	const char *env = getenv("SATZ_FONTS");
	if (env && *env)
		return env;
	return project_file("fonts", buf, sizeof buf);
}

/* The hyphenation data built by make, and the project's exception list. */
static hyph_dict *load_hyphenation(void)
{
	char data[4096], exc[4096];
	const char *d = getenv("SATZ_HYPH_DATA");
	const char *e = getenv("SATZ_HYPH_EXCEPTIONS");
	return hyph_load(d && *d ? d : project_file("build/hyph-de.bin", data, sizeof data),
			 e && *e ? e : project_file("styles/hyphenation-de.txt", exc, sizeof exc));
}

/* The compound joints where German sets no ligature ($SATZ_LIGATURES,
 * else styles/ligatures-de.txt); NULL after an error in the list. */
static lig_list *load_ligatures(void)
{
	char buf[4096];
	const char *e = getenv("SATZ_LIGATURES");
	return lig_load(e && *e ? e : project_file("styles/ligatures-de.txt", buf, sizeof buf));
}

/* Where style sheets are looked up: DIR of --styles, then ./styles, else
 * styles/ of the program's project.  NULL-terminated. */
static const char *const *style_dirs(const char *first)
{
	static char buf[4200];
	static const char *dirs[3];
	size_t n = 0;
	if (first)
		dirs[n++] = first;
	dirs[n++] = project_file("styles", buf, sizeof buf);
	dirs[n] = NULL;
	return dirs;
}

/* The style of d: --style, else the document's 'style', else the default. */
static const style *load_style(arena *a, const document *d, const char *name,
			       const char *dir)
{
	srcpos at = { 0 };
	if (!name && d->style) {
		name = d->style;
		at = d->style_pos;
	}
	return sheet_load(a, style_dirs(dir), name ? name : DEFAULT_STYLE, at);
}

/* Everything the PDF was made from, for make. */
static bool write_deps(const render_opts *o, const char *out, const document *d,
		       const style *st, const hyph_dict *hyph, const lig_list *lig)
{
	const char *const *lists[] = { fonts_files(), hyph ? hyph_files(hyph) : NULL };
	size_t n = 3 + st->n_files + d->n_files;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; lists[k] && lists[k][i]; i++)
			n++;
	const char **pre = xmalloc(n * sizeof *pre);
	n = 0;
	pre[n++] = o->source;
	for (size_t i = 0; i < st->n_files; i++)   /* style sheets and logos */
		pre[n++] = st->files[i];
	for (size_t i = 0; i < d->n_files; i++)    /* images, data, other sources */
		pre[n++] = d->files[i];
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; lists[k] && lists[k][i]; i++)
			pre[n++] = lists[k][i];
	if (lig)
		pre[n++] = lig_path(lig);
	pre[n++] = finish_icc_path();   /* embedded as the output intent */
	bool ok = out_write_deps(o->deps, out, pre, n);
	free(pre);
	return ok;
}

typedef struct {
	vbuf raw;
	finisher *fin;
	int pages;
} drawing;

static bool to_raw(void *closure, const unsigned char *data, size_t n)
{
	return vbuf_add(&((drawing *)closure)->raw, data, n);
}

static void page_drawn(void *closure)
{
	drawing *dr = closure;
	finish_feed(dr->fin);
#ifdef __GLIBC__
	if (++dr->pages % 16 == 0)
		malloc_trim(0);
#endif
}

/* cairo draws into memory while finishing reads it on a second thread
 * (finish_begin), and finish writes the PDF/UA file to out: only the
 * finished file ever reaches the disk. */
static bool draw_finished(layout *l, FILE *out, const draw_options *dopt)
{
	drawing dr = { 0 };
	layout_drop_lookups(l);
	vbuf_init(&dr.raw);
	dr.fin = finish_begin(&dr.raw);
	draw_sink sink = { to_raw, page_drawn, &dr };
	double t0 = clock_seconds();
	bool ok = draw_pdf_sink(l, &sink, dopt);
	l->stats.t_draw = clock_seconds() - t0;
	layout_release_drawn(l);
	size_t n_alts;
	const char **alts = finish_figure_alts(l, &n_alts);
	finish_info fi = {
		.language = l->doc->language, .date = dopt->date,
		.producer = dopt->creator, .icc_path = finish_icc_path(),
		.alts = alts, .n_alts = n_alts, .doc = l->doc, .layout = l,
	};
	t0 = clock_seconds();
	ok = finish_end(dr.fin, ok ? out : NULL, ok ? &fi : NULL) && ok;
	l->stats.t_finish = clock_seconds() - t0;
	free(alts);
	vbuf_free(&dr.raw);
	return ok;
}

/* A release version stamped on d (cover and metadata keywords) and a copy
 * of st whose footer shows it in a free corner. */
static const style *stamp_version(arena *a, document *d, const style *st,
				  const char *version)
{
	d->version = version;
	const char **kw = arena_alloc(a, (d->n_keywords + 1) * sizeof *kw);
	for (size_t i = 0; i < d->n_keywords; i++)
		kw[i] = d->keywords[i];
	kw[d->n_keywords++] = arena_printf(a, "Version %s", version);
	d->keywords = kw;
	style *s = arena_alloc(a, sizeof *s);
	*s = *st;
	run_parts *parts[] = { &s->footer.all, &s->footer.first, &s->footer.left_page,
			       &s->footer.right_page };
	bool left_free = true, right_free = true;
	for (size_t i = 0; i < 4; i++) {
		left_free = left_free && (!parts[i]->left || !*parts[i]->left);
		right_free = right_free && (!parts[i]->right || !*parts[i]->right);
	}
	if (left_free)
		s->footer.all.left = "Version {version}";
	else if (right_free)
		s->footer.all.right = "Version {version}";
	return s;
}

static void print_stats(const char *out, const layout_stats *s)
{
	printf("%s:\n"
	       "  paragraphs %d, lines %d\n"
	       "  hyphenated lines %d, longest run of hyphenated lines %d\n"
	       "  loose lines %d, tight lines %d, overfull lines %d\n"
	       "  widows %d, orphans %d, headings alone at a page foot %d\n"
	       "  time: load %.3f s, style %.3f s, shaping %.3f s, breaking %.3f s, "
	       "pages %.3f s, drawing %.3f s, finishing %.3f s (%d layout passes)\n"
	       "  shaped ahead on a second thread: %d paragraphs\n",
	       out, s->paragraphs, s->lines, s->hyphenated, s->longest_run, s->loose,
	       s->tight, s->overfull, s->widows, s->orphans, s->stranded_headings,
	       s->t_load, s->t_style, s->t_shape, s->t_break, s->t_pages, s->t_draw,
	       s->t_finish, s->passes, s->shaped_ahead);
}

/* When the stages ran: the start of the run, of loading and of the style. */
typedef struct {
	struct timespec w0;
	double t_load, t_style0;
} run_clock;

/* The stages after the document model and its style: hyphenation, the
 * layout passes, and drawing and finishing into the output (or --dump,
 * --cover-png).  number: number the sections as the style says (a
 * Synopse's headings carry the numbers of the documents it compares).
 * Frees the fonts and the arena. */
static int typeset(const render_opts *o, arena *a, document *d, const style *st, bool number,
		   run_clock *rc, const char *summary)
{
	struct timespec w1;
	int status = 0;
	if (o->stamp)
		st = stamp_version(a, d, st, o->stamp);
	hyph_dict *hyph = st->hyphenate ? load_hyphenation() : NULL;
	if (st->hyphenate && !hyph) {
		fonts_free();
		arena_free(a);
		return EXIT_IO;
	}
	/* the joints of German compounds; other languages have their own rules */
	lig_list *lig = strncmp(d->language, "de", 2) == 0 ? load_ligatures() : NULL;
	if (!lig && strncmp(d->language, "de", 2) == 0) {
		hyph_free(hyph);
		fonts_free();
		arena_free(a);
		return EXIT_INPUT;
	}
	if (number)
		layout_number_sections(d, st);
	double t_style = clock_seconds() - rc->t_style0;   /* fonts, style sheets, patterns */
	/* cross-references print page numbers: lay out again until they
	 * agree; only the last pass's warnings are shown */
	strbuf msgs = { 0 };
	diag_capture(&msgs);
	/* a second thread shapes the text ahead of each pass (a later pass
	 * shapes again only the texts that print references) */
	preshaper *pre = preshape_start(d, st, lig, NULL);
	layout *l = layout_document(d, st, hyph, lig, NULL, pre);
	preshape_stop(pre);
	for (int pass = 0; pass < 4 && (l->n_xrefs > 0 && (pass == 0 || l->refs_changed)); pass++) {
		msgs.len = 0;
		layout_keep_lookups(l);
		pre = preshape_start(d, st, lig, l);
		layout *next = layout_document(d, st, hyph, lig, l, pre);
		preshape_stop(pre);
		layout_free(l);
		l = next;
	}
	l->stats.t_load = rc->t_load;
	l->stats.t_style = t_style;
	diag_capture(NULL);
	if (msgs.len)
		fwrite(msgs.s, 1, msgs.len, stderr);
	sb_free(&msgs);
	if (diag_errors()) {
		status = EXIT_INPUT;
		goto done;
	}
	if (o->dump) {
		strbuf b = { 0 };
		layout_dump(l, &b);
		fputs(b.s ? b.s : "", stdout);
		sb_free(&b);
		goto done;
	}
	if (o->cover_png) {
		outfile pf;
		if (!out_open(&pf, o->cover_png)) {
			status = EXIT_IO;
		} else if (!draw_cover_png(l, pf.f, 360)) {
			out_abort(&pf);
			status = EXIT_IO;
		} else if (!out_commit(&pf)) {
			status = EXIT_IO;
		}
		goto done;
	}
	char *out = o->out ? xstrdup(o->out) : default_output(o->source);
	char date[32];
	pdf_date(d, date, sizeof date);
	draw_options dopt = { "satz " SATZ_VERSION, date };
	outfile f;
	if (!out_open(&f, out)) {
		status = EXIT_IO;
	} else if (!draw_finished(l, f.f, &dopt)) {
		out_abort(&f);
		status = EXIT_IO;
	} else if (!out_commit(&f)) {
		status = EXIT_IO;
	}
	if (status == 0 && o->deps && !write_deps(o, out, d, st, hyph, lig))
		status = EXIT_IO;
	clock_gettime(CLOCK_MONOTONIC, &w1);
	if (status == 0 && o->stats)
		print_stats(out, &l->stats);
	if (status == 0 && !o->quiet)
		printf("%s: %s%zu pages, %.2f s\n", out, summary ? summary : "", l->n_pages,
		       (double)(w1.tv_sec - rc->w0.tv_sec) + (w1.tv_nsec - rc->w0.tv_nsec) / 1e9);
	free(out);
done:
	layout_free(l);
	hyph_free(hyph);
	lig_free(lig);
	fonts_free();
	arena_free(a);
	if (status == 0 && diag_errors())
		status = EXIT_INPUT;
	return status;
}

static int render(const render_opts *o)
{
	run_clock rc;
	clock_gettime(CLOCK_MONOTONIC, &rc.w0);
	arena *a = arena_new();
	rc.t_load = clock_seconds();
	document *d = generate_document(a, o->source);
	rc.t_load = clock_seconds() - rc.t_load;
	rc.t_style0 = clock_seconds();
	if (!d) {
		arena_free(a);
		return EXIT_INPUT;
	}
	if (o->dump && strcmp(o->dump, "tree") == 0) {
		strbuf b = { 0 };
		doc_dump(d, &b);
		fputs(b.s, stdout);
		sb_free(&b);
		arena_free(a);
		return 0;
	}
	if (!fonts_init(o->fonts ? o->fonts : fonts_default())) {
		arena_free(a);
		return EXIT_IO;
	}
	coverage_document(d);
	const style *st = load_style(a, d, o->style, o->styles);
	if (!st) {
		fonts_free();
		arena_free(a);
		return EXIT_INPUT;
	}
	return typeset(o, a, d, st, true, &rc, NULL);
}

/* satz synopse OLD NEW: the two versions' models, compared (synopse.c),
 * and the Synopse typeset like any document, in the new version's style. */
typedef struct {
	render_opts r;         /* r.source: NEW, for the default output */
	const char *old;
	synopse_labels lb;
} synopse_opts;

static int synopse(synopse_opts *o)
{
	run_clock rc;
	clock_gettime(CLOCK_MONOTONIC, &rc.w0);
	arena *a = arena_new();
	rc.t_load = clock_seconds();
	document *old = generate_document(a, o->old);
	document *new = old ? generate_document(a, o->r.source) : NULL;
	rc.t_load = clock_seconds() - rc.t_load;
	rc.t_style0 = clock_seconds();
	if (!new || !synopse_same_document(old, new)) {
		arena_free(a);
		return EXIT_INPUT;
	}
	if (!fonts_init(o->r.fonts ? o->r.fonts : fonts_default())) {
		arena_free(a);
		return EXIT_IO;
	}
	const style *st = load_style(a, new, o->r.style, o->r.styles);
	if (!st) {
		fonts_free();
		arena_free(a);
		return EXIT_INPUT;
	}
	/* both versions numbered as the new one is printed */
	layout_number_sections(old, st);
	layout_number_sections(new, st);
	synopse_labels lb = o->lb;
	lb.old_version = lb.old_version ? lb.old_version : old->version;
	lb.old_date = lb.old_date ? lb.old_date : old->date;
	lb.new_version = lb.new_version ? lb.new_version : new->version;
	lb.new_date = lb.new_date ? lb.new_date : new->date;
	synopse_counts n;
	document *d = synopse_build(a, old, new, st, &lb, &n);
	if (!d) {
		if (!o->r.quiet)
			printf("%s and %s: the same text in all %zu sections; no Synopse written\n",
			       o->old, o->r.source, n.sections);
		fonts_free();
		arena_free(a);
		return diag_errors() ? EXIT_INPUT : 0;
	}
	coverage_document(d);
	char summary[96];
	snprintf(summary, sizeof summary, "%zu of %zu sections changed, ", n.changed, n.sections);
	return typeset(&o->r, a, d, st, false, &rc, summary);
}

/* "out/synopse/X.pdf" for sources/X.yaml. */
static char *synopse_output(const char *source)
{
	char *plain = default_output(source);   /* out/X.pdf */
	strbuf b = { 0 };
	sb_printf(&b, "out/synopse/%s", plain + 4);
	free(plain);
	return b.s;
}

/* A date as YYYY-MM-DD (a longer ISO time is allowed). */
static bool valid_day(const char *s)
{
	int y, m, d;
	char rest[2];
	return strlen(s) >= 10 && sscanf(s, "%4d-%2d-%2d%1s", &y, &m, &d, rest) >= 3 &&
	       s[4] == '-' && s[7] == '-' && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int cmd_synopse(int argc, char **argv)
{
	synopse_opts o = { 0 };
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "-o") == 0)
			slot = &o.r.out;
		else if (strcmp(a, "--style") == 0)
			slot = &o.r.style;
		else if (strcmp(a, "--styles") == 0)
			slot = &o.r.styles;
		else if (strcmp(a, "--fonts") == 0)
			slot = &o.r.fonts;
		else if (strcmp(a, "--old-version") == 0)
			slot = &o.lb.old_version;
		else if (strcmp(a, "--old-date") == 0)
			slot = &o.lb.old_date;
		else if (strcmp(a, "--new-version") == 0)
			slot = &o.lb.new_version;
		else if (strcmp(a, "--new-date") == 0)
			slot = &o.lb.new_date;
		else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o.r.quiet = true;
			continue;
		} else if (a[0] == '-') {
			return usage_error("unknown option '%s'", a);
		} else if (!o.old) {
			o.old = a;
			continue;
		} else if (!o.r.source) {
			o.r.source = a;
			continue;
		} else {
			return usage_error("synopse takes two sources; '%s' is one too many", a);
		}
		if (i + 1 >= argc || !argv[i + 1][0])
			return usage_error("option '%s' needs a value", a);
		*slot = argv[++i];
	}
	if (!o.r.source)
		return usage_error("%s", "synopse needs two sources, OLD.yaml and NEW.yaml");
	const char *dates[] = { o.lb.old_date, o.lb.new_date };
	for (int k = 0; k < 2; k++)
		if (dates[k] && !valid_day(dates[k]))
			return usage_error("'%s' is not a date; write it as YYYY-MM-DD", dates[k]);
	char *out = o.r.out ? NULL : synopse_output(o.r.source);
	if (out)
		o.r.out = out;
	int status = synopse(&o);
	free(out);
	return status;
}

static int cmd_render(int argc, char **argv)
{
	render_opts o = { 0 };
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "-o") == 0)
			slot = &o.out;
		else if (strcmp(a, "--style") == 0)
			slot = &o.style;
		else if (strcmp(a, "--styles") == 0)
			slot = &o.styles;
		else if (strcmp(a, "--deps") == 0)
			slot = &o.deps;
		else if (strcmp(a, "--fonts") == 0)
			slot = &o.fonts;
		else if (strcmp(a, "--version-stamp") == 0)
			slot = &o.stamp;
		else if (strcmp(a, "--cover-png") == 0)
			slot = &o.cover_png;
		else if (strncmp(a, "--dump=", 7) == 0) {
			o.dump = a + 7;
			if (strcmp(o.dump, "tree") != 0 && strcmp(o.dump, "lines") != 0)
				return usage_error("--dump takes 'tree' or 'lines', not '%s'", o.dump);
			continue;
		} else if (strcmp(a, "--stats") == 0) {
			o.stats = true;
			continue;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o.quiet = true;
			continue;
		} else if (a[0] == '-') {
			return usage_error("unknown option '%s'", a);
		} else if (o.source) {
			return usage_error("render takes one source; '%s' is one too many", a);
		} else {
			o.source = a;
			continue;
		}
		if (i + 1 >= argc)
			return usage_error("option '%s' needs a value", a);
		*slot = argv[++i];
	}
	if (!o.source)
		return usage_error("%s", "render needs a SOURCE file");
	if (o.stamp && !*o.stamp)
		return usage_error("%s", "--version-stamp needs a non-empty VERSION");
	return render(&o);
}

/* Each word with its break points, as TeX's \showhyphens shows them. */
static int cmd_hyphenate(int argc, char **argv)
{
	if (argc == 0)
		return usage_error("%s", "hyphenate needs one or more words");
	if (strcmp(argv[0], "--ligatures") == 0) {
		/* where the compound list keeps ligatures apart: Auf|lage */
		if (argc == 1)
			return usage_error("%s", "hyphenate --ligatures needs one or more words");
		lig_list *lig = load_ligatures();
		if (!lig)
			return EXIT_INPUT;
		for (int i = 1; i < argc; i++) {
			char *shown = lig_show(lig, argv[i]);
			puts(shown);
			free(shown);
		}
		lig_free(lig);
		return 0;
	}
	hyph_dict *h = load_hyphenation();
	if (!h)
		return EXIT_IO;
	for (int i = 0; i < argc; i++) {
		char *shown = hyph_show(h, argv[i]);
		puts(shown);
		free(shown);
	}
	hyph_free(h);
	return diag_errors() ? EXIT_INPUT : 0;
}

/* satz verify FILE.pdf...: 0 when every file passes, 1 when a rule
 * fails, 3 when a file cannot be read. */
static int cmd_verify(int argc, char **argv)
{
	if (argc == 0)
		return usage_error("%s", "verify needs one or more PDF files");
	int status = 0;
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			return usage_error("unknown option '%s'", argv[i]);
	}
	for (int i = 0; i < argc; i++) {
		int n = verify_pdf(argv[i]);
		if (n < 0)
			status = EXIT_IO;
		else if (n > 0 && status == 0)
			status = EXIT_INPUT;
	}
	return status;
}

/* Reads "--style NAME" and "--styles DIR" at argv[*i]; false: not one. */
static bool style_option(int argc, char **argv, int *i, const char **name,
			 const char **dir, int *status)
{
	const char **slot = strcmp(argv[*i], "--style") == 0 ? name :
			    strcmp(argv[*i], "--styles") == 0 ? dir : NULL;
	if (!slot)
		return false;
	if (*i + 1 >= argc)
		*status = usage_error("option '%s' needs a value", argv[*i]);
	else
		*slot = argv[++*i];
	return true;
}

/* Reads "--fonts DIR" at argv[*i]; false: not it. */
static bool fonts_option(int argc, char **argv, int *i, const char **dir, int *status)
{
	if (strcmp(argv[*i], "--fonts") != 0)
		return false;
	if (*i + 1 >= argc)
		*status = usage_error("option '%s' needs a value", argv[*i]);
	else
		*dir = argv[++*i];
	return true;
}

static int cmd_check(int argc, char **argv)
{
	const char *sname = NULL, *sdir = NULL, *fonts = NULL;
	const char **sources = xmalloc(((size_t)argc + 1) * sizeof *sources);
	size_t n = 0;
	int status = 0;
	for (int i = 0; i < argc && !status; i++) {
		if (style_option(argc, argv, &i, &sname, &sdir, &status) ||
		    fonts_option(argc, argv, &i, &fonts, &status))
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			status = usage_error("unknown option '%s'", argv[i]);
		else
			sources[n++] = argv[i];
	}
	if (!status && n == 0)
		status = usage_error("%s", "check needs one or more SOURCE files");
	if (!status && !fonts_init(fonts ? fonts : fonts_default()))
		status = EXIT_IO;
	for (size_t i = 0; i < n && status != EXIT_USAGE && status != EXIT_IO; i++) {
		arena *a = arena_new();
		document *d = generate_document(a, sources[i]);
		if (d)
			coverage_document(d);
		if (!d || !load_style(a, d, sname, sdir))
			status = EXIT_INPUT;
		arena_free(a);
	}
	fonts_free();
	free(sources);
	return status;
}

/* satz new KIND [TITLE]: a new source; prints its path. */
static int cmd_new(int argc, char **argv)
{
	if (argc < 1 || argc > 2)
		return usage_error("%s", "new takes a KIND and an optional TITLE");
	bool known = false;
	for (const char *const *k = newsource_kinds; *k; k++)
		known |= strcmp(*k, argv[0]) == 0;
	if (!known)
		return usage_error("new makes a leitfaden or a teilstrategie, not '%s'", argv[0]);
	if (argc == 2 && !*argv[1])
		return usage_error("%s", "new needs a non-empty TITLE (or none)");
	if (access("sources", F_OK) != 0) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "no sources/ here; run satz new from the "
		     "project's root");
		return EXIT_INPUT;
	}
	char *path;
	int status = newsource_write("sources/", argv[0], argc == 2 ? argv[1] : NULL, &path);
	if (status)
		return status == 1 ? EXIT_INPUT : EXIT_IO;
	puts(path);
	free(path);
	return 0;
}

/* satz schema source|style: a JSON Schema from the key tables. */
static int cmd_schema(int argc, char **argv)
{
	const char *which = NULL, *sname = NULL, *sdir = NULL, *fonts = NULL;
	bool keys = false;
	int status = 0;
	for (int i = 0; i < argc && !status; i++) {
		if (style_option(argc, argv, &i, &sname, &sdir, &status) ||
		    fonts_option(argc, argv, &i, &fonts, &status))
			continue;
		if (strcmp(argv[i], "--keys") == 0)
			keys = true;
		else if (argv[i][0] == '-')
			status = usage_error("unknown option '%s'", argv[i]);
		else if (which)
			status = usage_error("schema takes one of source or style; '%s' is one too many",
					     argv[i]);
		else if (strcmp(argv[i], "source") != 0 && strcmp(argv[i], "style") != 0)
			status = usage_error("schema takes source or style, not '%s'", argv[i]);
		else
			which = argv[i];
	}
	if (status)
		return status;
	if (!which)
		return usage_error("%s", "schema needs source or style");
	if (sname)
		return usage_error("%s", "schema takes --styles DIR, not --style");
	if (keys && strcmp(which, "source") != 0)
		return usage_error("%s", "--keys of style sheets: satz styles --keys");
	strbuf out = { 0 };
	if (keys) {
		schema_source_markdown(&out);
	} else if (strcmp(which, "source") == 0) {
		char buf[4096];
		if (!schema_source(project_file("sources/", buf, sizeof buf), style_dirs(sdir), &out))
			status = EXIT_INPUT;
	} else if (!fonts_init(fonts ? fonts : fonts_default())) {
		status = EXIT_IO;
	} else {
		schema_style(style_dirs(sdir), &out);
		fonts_free();
	}
	if (!status)
		fputs(out.s ? out.s : "", stdout);
	sb_free(&out);
	return status;
}

/* satz styles [NAME]: the resolved sheet with origins, or the list. */
static int cmd_styles(int argc, char **argv)
{
	const char *name = NULL, *sname = NULL, *sdir = NULL;
	bool keys = false;
	int status = 0;
	for (int i = 0; i < argc && !status; i++) {
		if (style_option(argc, argv, &i, &sname, &sdir, &status))
			continue;
		if (strcmp(argv[i], "--keys") == 0)
			keys = true;
		else if (argv[i][0] == '-')
			status = usage_error("unknown option '%s'", argv[i]);
		else if (name)
			status = usage_error("styles takes one NAME; '%s' is one too many", argv[i]);
		else
			name = argv[i];
	}
	if (status)
		return status;
	if (sname)
		return usage_error("%s", "styles takes the NAME itself, not --style");
	strbuf out = { 0 };
	arena *a = arena_new();
	if (keys) {
		stylekey_markdown(&out);
	} else if (!name) {
		sheet_list(a, style_dirs(sdir), &out);
	} else if (!fonts_init(fonts_default())) {
		status = EXIT_IO;
	} else {
		if (!sheet_print(a, style_dirs(sdir), name, &out))
			status = EXIT_INPUT;
		fonts_free();
	}
	if (!status)
		fputs(out.s ? out.s : "", stdout);
	sb_free(&out);
	arena_free(a);
	return status;
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
	/* one heap for all threads: what layout and drawing free is used
	 * again by finishing on its thread (docs/bench.md) */
	mallopt(M_ARENA_MAX, 1);
#endif
	/* cairo deflates every page's content, and finishing inflates it to
	 * mark the artifacts and deflates it again.  cairo 1.16 has no API for
	 * plain content streams, only this variable; with it, cairo's thread
	 * (the main one) skips the deflate and finishing, on its own thread,
	 * deflates once (finish.c deflates every stream cairo leaves plain).
	 * Set before any thread starts: setenv is not thread-safe. */
	setenv("CAIRO_DEBUG_PDF", "1", 0);
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		fputs("\n", stdout);
		fputs(help, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("satz %s\n", SATZ_VERSION);
		return 0;
	}
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 2, argv + 2);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 2, argv + 2);
	if (strcmp(cmd, "hyphenate") == 0)
		return cmd_hyphenate(argc - 2, argv + 2);
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(argc - 2, argv + 2);
	if (strcmp(cmd, "styles") == 0)
		return cmd_styles(argc - 2, argv + 2);
	if (strcmp(cmd, "schema") == 0)
		return cmd_schema(argc - 2, argv + 2);
	if (strcmp(cmd, "new") == 0)
		return cmd_new(argc - 2, argv + 2);
	if (strcmp(cmd, "synopse") == 0)
		return cmd_synopse(argc - 2, argv + 2);
	return usage_error("unknown command '%s'", cmd);
}
