/* verify: one pass over catalog, metadata, structure tree, pages, their
 * annotations, fonts and content streams. */
#include "verify.h"
#include "finish.h"

#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	qpdf_data q;
	const char *path;
	int failures;
	int *link_annots;    /* annotations an OBJR of a Link element names */
	size_t n_links, cap_links;
} checker;

static void fail(checker *c, const char *rule, int obj, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail(checker *c, const char *rule, int obj, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s: rule %s: ", c->path, rule);
	vprintf(fmt, ap);
	if (obj > 0)
		printf(" (object %d)", obj);
	putchar('\n');
	va_end(ap);
	c->failures++;
}

static bool is_name(checker *c, qpdf_oh o, const char *name)
{
	return qpdf_oh_is_name_and_equals(c->q, o, name);
}

/* The text of the first XMP element or attribute named key, unescaped. */
static char *xmp_value(const char *xml, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = strstr(xml, key); p; p = strstr(p + 1, key)) {
		const char *v = NULL, *end = NULL;
		if (p > xml && p[-1] == '<' && p[k] == '>') {
			v = p + k + 1;
			const char *li = strstr(v, "<rdf:li");
			const char *close = strstr(v, "</");
			if (li && (!close || li < close) && (li = strchr(li, '>')))
				v = li + 1;
			end = strchr(v, '<');
		} else if (p[k] == '=' && (p[k + 1] == '"' || p[k + 1] == '\'')) {
			v = p + k + 2;
			end = strchr(v, p[k + 1]);
		}
		if (!v || !end)
			continue;
		strbuf b = { 0 };
		for (const char *s = v; s < end; s++) {
			static const char *const ent[][2] = {
				{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
				{ "&quot;", "\"" }, { "&apos;", "'" } };
			size_t e = 0;
			for (; e < 5; e++)
				if (strncmp(s, ent[e][0], strlen(ent[e][0])) == 0)
					break;
			if (e < 5) {
				sb_adds(&b, ent[e][1]);
				s += strlen(ent[e][0]) - 1;
			} else {
				sb_addc(&b, *s);
			}
		}
		if (!b.s)
			sb_adds(&b, "");
		return b.s;
	}
	return NULL;
}

static void check_catalog(checker *c, qpdf_oh root)
{
	qpdf_data q = c->q;
	qpdf_oh mark = qpdf_oh_get_key_if_dict(q, root, "/MarkInfo");
	qpdf_oh marked = qpdf_oh_get_key_if_dict(q, mark, "/Marked");
	if (!qpdf_oh_is_bool(q, marked) || !qpdf_oh_get_bool_value(q, marked))
		fail(c, "1.1", 0, "the catalog's /MarkInfo does not say /Marked true");
	if (!qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, root, "/StructTreeRoot")))
		fail(c, "1.2", 0, "no structure tree (/StructTreeRoot): the PDF is not tagged");
	qpdf_oh lang = qpdf_oh_get_key(q, root, "/Lang");
	if (!qpdf_oh_is_string(q, lang) || !*qpdf_oh_get_utf8_value(q, lang))
		fail(c, "2.1", 0, "no document language (/Lang in the catalog)");
	qpdf_oh prefs = qpdf_oh_get_key_if_dict(q, root, "/ViewerPreferences");
	qpdf_oh ddt = qpdf_oh_get_key_if_dict(q, prefs, "/DisplayDocTitle");
	if (!qpdf_oh_is_bool(q, ddt) || !qpdf_oh_get_bool_value(q, ddt))
		fail(c, "3.1", 0, "/ViewerPreferences does not say /DisplayDocTitle true");

	/* title in Info and XMP; the PDF/A and PDF/UA claims */
	qpdf_oh info = qpdf_oh_get_key_if_dict(q, qpdf_get_trailer(q), "/Info");
	qpdf_oh t = qpdf_oh_get_key_if_dict(q, info, "/Title");
	char *title = qpdf_oh_is_string(q, t) ? xstrdup(qpdf_oh_get_utf8_value(q, t)) : NULL;
	qpdf_oh meta = qpdf_oh_get_key(q, root, "/Metadata");
	char *xml = NULL;
	if (qpdf_oh_is_stream(q, meta)) {
		unsigned char *buf = NULL;
		size_t len = 0;
		if (!(qpdf_oh_get_stream_data(q, meta, qpdf_dl_generalized, NULL, &buf, &len) &
		      QPDF_ERRORS)) {
			xml = xmalloc(len + 1);
			memcpy(xml, buf, len);
			xml[len] = '\0';
		}
		free(buf);
	}
	char *xtitle = xml ? xmp_value(xml, "dc:title") : NULL;
	if (!title || !*title)
		fail(c, "3.2", 0, "no /Title in the document information");
	if (!xml)
		fail(c, "4.1", 0, "no XMP metadata stream (/Metadata in the catalog)");
	else if (!xtitle || !*xtitle)
		fail(c, "3.2", 0, "no dc:title in the XMP metadata");
	else if (title && strcmp(title, xtitle) != 0)
		fail(c, "3.2", 0, "the title in Info ('%s') and in XMP ('%s') differ", title, xtitle);
	if (xml) {
		char *part = xmp_value(xml, "pdfaid:part");
		char *conf = xmp_value(xml, "pdfaid:conformance");
		char *ua = xmp_value(xml, "pdfuaid:part");
		if (!part || strcmp(part, "2") != 0 || !conf || strcmp(conf, "U") != 0)
			fail(c, "4.1", 0, "XMP does not claim PDF/A-2u (pdfaid:part 2, conformance U)");
		if (!ua || strcmp(ua, "1") != 0)
			fail(c, "4.2", 0, "XMP does not claim PDF/UA-1 (pdfuaid:part 1)");
		free(part);
		free(conf);
		free(ua);
	}
	free(title);
	free(xtitle);
	free(xml);

	bool icc = false;
	qpdf_oh ois = qpdf_oh_get_key(q, root, "/OutputIntents");
	int n = qpdf_oh_is_array(q, ois) ? qpdf_oh_get_array_n_items(q, ois) : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh oi = qpdf_oh_get_array_item(q, ois, i);
		if (is_name(c, qpdf_oh_get_key_if_dict(q, oi, "/S"), "/GTS_PDFA1") &&
		    qpdf_oh_is_stream(q, qpdf_oh_get_key_if_dict(q, oi, "/DestOutputProfile")))
			icc = true;
	}
	if (!icc)
		fail(c, "5.1", 0, "no PDF/A output intent (/GTS_PDFA1) with an ICC profile");

	if (qpdf_oh_has_key(q, qpdf_get_trailer(q), "/Encrypt"))
		fail(c, "11.1", 0, "the file is encrypted");
	qpdf_oh names = qpdf_oh_get_key_if_dict(q, root, "/Names");
	if (qpdf_oh_is_dictionary(q, names) && qpdf_oh_has_key(q, names, "/JavaScript"))
		fail(c, "11.2", 0, "the document holds JavaScript (/Names /JavaScript)");
	qpdf_oh open = qpdf_oh_get_key(q, root, "/OpenAction");
	if (is_name(c, qpdf_oh_get_key_if_dict(q, open, "/S"), "/JavaScript"))
		fail(c, "11.2", 0, "the document opens with JavaScript");
}

typedef struct {
	qpdf_oh *v;
	size_t n, cap;
	unsigned char *seen;   /* object numbers visited: a cyclic tree ends */
	size_t n_seen;
} ohstack;

/* False if the indirect object o was visited before. */
static bool first_visit(checker *c, ohstack *s, qpdf_oh o)
{
	int id = qpdf_oh_get_object_id(c->q, o);
	if (id <= 0)
		return true;
	size_t i = (size_t)id;
	if (i >= s->n_seen) {
		size_t n = s->n_seen ? s->n_seen : 1024;
		while (n <= i)
			n *= 2;
		s->seen = xrealloc(s->seen, n);
		memset(s->seen + s->n_seen, 0, n - s->n_seen);
		s->n_seen = n;
	}
	if (s->seen[i])
		return false;
	s->seen[i] = 1;
	return true;
}

static void push(ohstack *s, qpdf_oh o)
{
	if (s->n == s->cap)
		s->v = xrealloc(s->v, (s->cap = s->cap ? s->cap * 2 : 64) * sizeof *s->v);
	s->v[s->n++] = o;
}

/* Pushes the kids of k (a /K value) in reverse, so they pop in order. */
static void push_kids(checker *c, ohstack *s, qpdf_oh k)
{
	if (qpdf_oh_is_array(c->q, k)) {
		for (int i = qpdf_oh_get_array_n_items(c->q, k) - 1; i >= 0; i--)
			push(s, qpdf_oh_get_array_item(c->q, k, i));
	} else {
		push(s, k);
	}
}

static bool table_has_th(checker *c, qpdf_oh table)
{
	ohstack s = { 0 };
	size_t visits = 0;
	bool found = false;
	push_kids(c, &s, qpdf_oh_get_key(c->q, table, "/K"));
	while (s.n > 0 && !found && visits++ < 1000000) {
		qpdf_oh k = s.v[--s.n];
		if (!first_visit(c, &s, k) || !qpdf_oh_is_dictionary(c->q, k) ||
		    !qpdf_oh_has_key(c->q, k, "/S"))
			continue;
		found = is_name(c, qpdf_oh_get_key(c->q, k, "/S"), "/TH");
		push_kids(c, &s, qpdf_oh_get_key(c->q, k, "/K"));
	}
	free(s.v);
	free(s.seen);
	return found;
}

/* Figures, headings and tables in structure order; the annotations Link
 * elements own. */
static void check_structure(checker *c, qpdf_oh root)
{
	qpdf_data q = c->q;
	qpdf_oh str = qpdf_oh_get_key(q, root, "/StructTreeRoot");
	if (!qpdf_oh_is_dictionary(q, str))
		return;
	ohstack s = { 0 };
	size_t visits = 0;
	int last_level = 0;
	push_kids(c, &s, qpdf_oh_get_key(q, str, "/K"));
	while (s.n > 0) {
		if (visits++ > 10000000) {
			fail(c, "1.2", 0, "the structure tree does not end (a cycle?)");
			break;
		}
		qpdf_oh k = s.v[--s.n];
		if (!first_visit(c, &s, k) || !qpdf_oh_is_dictionary(q, k))
			continue;
		int id = qpdf_oh_get_object_id(q, k);
		if (is_name(c, qpdf_oh_get_key(q, k, "/Type"), "/OBJR")) {
			qpdf_oh obj = qpdf_oh_get_key(q, k, "/Obj");
			if (c->n_links == c->cap_links)
				c->link_annots = xrealloc(c->link_annots,
					(c->cap_links = c->cap_links ? c->cap_links * 2 : 64) *
					sizeof *c->link_annots);
			c->link_annots[c->n_links++] = qpdf_oh_get_object_id(q, obj);
			continue;
		}
		qpdf_oh type = qpdf_oh_get_key(q, k, "/S");
		if (!qpdf_oh_is_name(q, type))
			continue;
		const char *name = qpdf_oh_get_name(q, type);
		if (strcmp(name, "/Figure") == 0) {
			qpdf_oh alt = qpdf_oh_get_key(q, k, "/Alt");
			if (!qpdf_oh_is_string(q, alt) || !*qpdf_oh_get_utf8_value(q, alt))
				fail(c, "6.1", id, "a Figure has no alternative text (/Alt)");
		} else if (name[1] == 'H' && name[2] >= '1' && name[2] <= '6' && !name[3]) {
			int level = name[2] - '0';
			if (level > last_level + 1)
				fail(c, "7.1", id, "heading H%d follows %s%d: a level is skipped", level,
				     last_level ? "H" : "the start, not H", last_level ? last_level : 1);
			last_level = level;
		} else if (strcmp(name, "/Table") == 0 && !table_has_th(c, k)) {
			fail(c, "8.1", id, "a Table has no header cell (TH)");
		}
		push_kids(c, &s, qpdf_oh_get_key(q, k, "/K"));
	}
	free(s.v);
	free(s.seen);
}

static bool linked(const checker *c, int id)
{
	for (size_t i = 0; i < c->n_links; i++)
		if (c->link_annots[i] == id)
			return true;
	return false;
}

static void check_font(checker *c, qpdf_oh font, int page_no)
{
	qpdf_data q = c->q;
	int id = qpdf_oh_get_object_id(q, font);
	qpdf_oh sub = qpdf_oh_get_key(q, font, "/Subtype");
	if (is_name(c, sub, "/Type3"))
		return;   /* glyphs are content streams: nothing to embed */
	qpdf_oh desc = qpdf_oh_get_key(q, font, "/FontDescriptor");
	if (is_name(c, sub, "/Type0")) {
		qpdf_oh d = qpdf_oh_get_key(q, font, "/DescendantFonts");
		desc = qpdf_oh_get_key_if_dict(q, qpdf_oh_get_array_item(q, d, 0), "/FontDescriptor");
	}
	if (!qpdf_oh_is_dictionary(q, desc) ||
	    !(qpdf_oh_is_stream(q, qpdf_oh_get_key(q, desc, "/FontFile")) ||
	      qpdf_oh_is_stream(q, qpdf_oh_get_key(q, desc, "/FontFile2")) ||
	      qpdf_oh_is_stream(q, qpdf_oh_get_key(q, desc, "/FontFile3"))))
		fail(c, "10.1", id, "a font on page %d is not embedded", page_no);
	if (!qpdf_oh_is_stream(q, qpdf_oh_get_key(q, font, "/ToUnicode")))
		fail(c, "10.2", id, "a font on page %d has no /ToUnicode map", page_no);
}

static void check_pages(checker *c)
{
	qpdf_data q = c->q;
	int pages = qpdf_get_num_pages(q);
	int *fonts = NULL;
	size_t n_fonts = 0;
	for (int i = 0; i < pages; i++) {
		qpdf_oh pg = qpdf_get_page_n(q, (size_t)i);
		int page_no = i + 1;
		qpdf_oh annots = qpdf_oh_get_key(q, pg, "/Annots");
		int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
		if (n > 0 && !is_name(c, qpdf_oh_get_key(q, pg, "/Tabs"), "/S"))
			fail(c, "9.4", qpdf_oh_get_object_id(q, pg),
			     "page %d has annotations but no /Tabs /S", page_no);
		for (int k = 0; k < n; k++) {
			qpdf_oh a = qpdf_oh_get_array_item(q, annots, k);
			int id = qpdf_oh_get_object_id(q, a);
			qpdf_oh f = qpdf_oh_get_key_if_dict(q, a, "/F");
			long long flags = qpdf_oh_is_integer(q, f) ? qpdf_oh_get_int_value(q, f) : 0;
			if (!(flags & 4) || (flags & 2))
				fail(c, "9.3", id, "an annotation on page %d is not set to print (/F 4)",
				     page_no);
			qpdf_oh act = qpdf_oh_get_key_if_dict(q, a, "/A");
			if (is_name(c, qpdf_oh_get_key_if_dict(q, act, "/S"), "/JavaScript"))
				fail(c, "11.2", id, "a link on page %d runs JavaScript", page_no);
			if (!is_name(c, qpdf_oh_get_key_if_dict(q, a, "/Subtype"), "/Link"))
				continue;
			qpdf_oh text = qpdf_oh_get_key(q, a, "/Contents");
			if (!qpdf_oh_is_string(q, text) || !*qpdf_oh_get_utf8_value(q, text))
				fail(c, "9.1", id, "a link on page %d has no description (/Contents)",
				     page_no);
			if (!qpdf_oh_has_key(q, a, "/StructParent") || !linked(c, id))
				fail(c, "9.2", id, "a link on page %d is not in a Link structure element",
				     page_no);
		}
		/* fonts of the page and of its forms, each once */
		ohstack res = { 0 };
		push(&res, qpdf_oh_get_key(q, pg, "/Resources"));
		for (size_t depth = 0; res.n > 0 && depth < 10000; depth++) {
			qpdf_oh r = res.v[--res.n];
			qpdf_oh fd = qpdf_oh_get_key_if_dict(q, r, "/Font");
			if (qpdf_oh_is_dictionary(q, fd)) {
				qpdf_oh_begin_dict_key_iter(q, fd);
				while (qpdf_oh_dict_more_keys(q)) {
					qpdf_oh font = qpdf_oh_get_key(q, fd, qpdf_oh_dict_next_key(q));
					int id = qpdf_oh_get_object_id(q, font);
					bool seen = false;
					for (size_t j = 0; j < n_fonts && !seen; j++)
						seen = id > 0 && fonts[j] == id;
					if (seen || !qpdf_oh_is_dictionary(q, font))
						continue;
					fonts = xrealloc(fonts, (n_fonts + 1) * sizeof *fonts);
					fonts[n_fonts++] = id;
					check_font(c, font, page_no);
				}
			}
			qpdf_oh xo = qpdf_oh_get_key_if_dict(q, r, "/XObject");
			if (qpdf_oh_is_dictionary(q, xo)) {
				qpdf_oh_begin_dict_key_iter(q, xo);
				while (qpdf_oh_dict_more_keys(q)) {
					qpdf_oh x = qpdf_oh_get_key(q, xo, qpdf_oh_dict_next_key(q));
					qpdf_oh d = qpdf_oh_is_stream(q, x) ? qpdf_oh_get_dict(q, x) : x;
					if (is_name(c, qpdf_oh_get_key_if_dict(q, d, "/Subtype"), "/Form"))
						push(&res, qpdf_oh_get_key(q, d, "/Resources"));
				}
			}
		}
		free(res.v);
		free(res.seen);
		/* every painting operation is tagged content or an artifact */
		unsigned char *data = NULL;
		size_t len = 0;
		if (!(qpdf_oh_get_page_content_data(q, pg, &data, &len) & QPDF_ERRORS)) {
			long untagged = finish_wrap_unmarked(data, len, NULL);
			if (untagged > 0)
				fail(c, "1.3", qpdf_oh_get_object_id(q, pg),
				     "page %d has %ld painting operations neither tagged nor marked as artifacts",
				     page_no, untagged);
			else if (untagged < 0)
				fail(c, "1.3", qpdf_oh_get_object_id(q, pg),
				     "the content of page %d cannot be read", page_no);
		}
		free(data);
	}
	free(fonts);
}

int verify_pdf(const char *path)
{
	checker c = { .path = path };
	c.q = qpdf_init();
	qpdf_silence_errors(c.q);
	int result;
	if ((qpdf_read(c.q, path, NULL) & QPDF_ERRORS) || qpdf_has_error(c.q)) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "cannot read %s: %s", path,
		     qpdf_get_error_full_text(c.q, qpdf_get_error(c.q)));
		result = -1;
	} else {
		qpdf_oh root = qpdf_get_root(c.q);
		check_catalog(&c, root);
		check_structure(&c, root);
		check_pages(&c);
		result = c.failures;
		if (qpdf_has_error(c.q)) {
			diag(DIAG_ERROR, (srcpos){ 0 }, "cannot read %s: %s", path,
			     qpdf_get_error_full_text(c.q, qpdf_get_error(c.q)));
			result = -1;
		}
	}
	while (qpdf_more_warnings(c.q))
		qpdf_next_warning(c.q);
	free(c.link_annots);
	qpdf_cleanup(&c.q);
	return result;
}
