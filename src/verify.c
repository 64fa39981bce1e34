/* verify: the file's bytes, catalog and trailer, XMP metadata, output
 * intent, every object (images, strings), pages with their annotations,
 * then the content streams and fonts (vcontent) and the structure tree
 * (vstruct).  Rule IDs are the standards' own (docs/accessibility.md). */
#include "verify.h"
#include "vstruct.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_name(vcheck *c, qpdf_oh o, const char *name)
{
	return qpdf_oh_is_name_and_equals(c->q, o, name);
}

/* --- the file's own bytes (PDF/A-2 6.1) ------------------------------------ */

static const unsigned char *find(const unsigned char *p, const unsigned char *end, const char *w)
{
	size_t n = strlen(w);
	for (; p + n <= end; p++) {
		p = memchr(p, w[0], (size_t)(end - p) - n + 1);
		if (!p)
			return NULL;
		if (memcmp(p, w, n) == 0)
			return p;
	}
	return NULL;
}

static void check_bytes(vcheck *c)
{
	strbuf b = { 0 };
	if (!read_file(c->path, SIZE_MAX - 1, &b))
		return;
	const unsigned char *s = (const unsigned char *)b.s;
	size_t len = b.len;
	if (len < 16 || memcmp(s, "%PDF-1.", 7) != 0 || s[7] < '0' || s[7] > '7' ||
	    (s[8] != '\n' && s[8] != '\r'))
		vfail(c, "PDF/A 6.1.2-1", 0, "the file does not start with %%PDF-1.n (n 0 to 7) and an end of line");
	else {
		size_t i = s[8] == '\r' && s[9] == '\n' ? 10 : 9;
		bool binary = i + 5 <= len && s[i] == '%';
		for (size_t k = 1; binary && k <= 4; k++)
			binary = s[i + k] > 127;
		if (!binary)
			vfail(c, "PDF/A 6.1.2-2", 0, "the header is not followed by a comment of four bytes above 127");
	}
	/* nothing after the last %%EOF but one end of line */
	size_t eof = len;
	for (size_t i = len >= 5 ? len - 5 : 0; i-- > 0;)
		if (memcmp(s + i, "%%EOF", 5) == 0) {
			eof = i + 5;
			break;
		}
	if (eof == len && (len < 5 || memcmp(s + len - 5, "%%EOF", 5) != 0))
		vfail(c, "PDF/A 6.1.3-3", 0, "the file has no %%%%EOF");
	else if (!(eof == len || (eof + 1 == len && (s[eof] == '\n' || s[eof] == '\r')) ||
		   (eof + 2 == len && s[eof] == '\r' && s[eof + 1] == '\n')))
		vfail(c, "PDF/A 6.1.3-3", 0, "bytes follow the last %%%%EOF");
	/* an end of line before every endstream, after every stream keyword */
	int bad_end = 0, bad_start = 0;
	for (const unsigned char *p = s; (p = find(p, s + len, "endstream")); p += 9)
		if (p == s || (p[-1] != '\n' && p[-1] != '\r'))
			bad_end++;
	for (const unsigned char *p = s; (p = find(p, s + len, "stream")); p += 6) {
		if (p >= s + 3 && memcmp(p - 3, "end", 3) == 0)
			continue;
		size_t at = (size_t)(p - s) + 6;
		if (at < len && !(s[at] == '\n' || (s[at] == '\r' && at + 1 < len && s[at + 1] == '\n')))
			bad_start++;
	}
	/* "N G obj" after an end of line and followed by one; endobj
	 * between ends of line (6.1.9) */
	int bad_obj = 0;
	for (const unsigned char *p = s; (p = find(p, s + len, "endobj")); p += 6)
		if (p == s || (p[-1] != '\n' && p[-1] != '\r') ||
		    (p + 6 < s + len && p[6] != '\n' && p[6] != '\r'))
			bad_obj++;
	for (const unsigned char *p = s; (p = find(p, s + len, " obj")); p += 4) {
		const unsigned char *q = p;
		while (q > s && q[-1] >= '0' && q[-1] <= '9')
			q--;
		if (q == p || q == s || q[-1] != ' ')
			continue;   /* not "N G obj" */
		const unsigned char *g = q - 1;
		while (g > s && g[-1] >= '0' && g[-1] <= '9')
			g--;
		if (g == q - 1)
			continue;
		bool eol_before = g == s || g[-1] == '\n' || g[-1] == '\r';
		bool eol_after = p + 4 < s + len && (p[4] == '\n' || p[4] == '\r');
		if (eol_before && !eol_after)
			bad_obj++;
	}
	if (bad_obj)
		vfail(c, "PDF/A 6.1.9-1", 0, "%d object headers or endobj keywords lack their end of line", bad_obj);
	if (bad_end)
		vfail(c, "PDF/A 6.1.7.1-2", 0, "%d streams end without an end of line before endstream", bad_end);
	if (bad_start)
		vfail(c, "PDF/A 6.1.7.1-2", 0, "%d stream keywords are not followed by CRLF or LF", bad_start);
	sb_free(&b);
}

/* --- XMP --------------------------------------------------------------- */

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

/* Well-formed in outline: UTF-8, no C0 controls but tab, LF, CR, and
 * start and end tags balanced (PDF/A-2 6.6.2.1); the packet header with
 * begin and id only. */
static void check_xmp_form(vcheck *c, const char *xml, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char ch = (unsigned char)xml[i];
		if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
			vfail(c, "PDF/A 6.6.2.1-4", 0, "the XMP metadata holds the control character U+%04X, which XML forbids", ch);
			return;
		}
		unsigned cp;
		int n = utf8_decode(xml + i, &cp);
		if (n <= 0 || cp == 0xfffd) {
			if (!(cp == 0xfffd && n == 3 && memcmp(xml + i, "\xef\xbf\xbd", 3) == 0)) {
				vfail(c, "PDF/A 6.6.2.1-5", 0, "the XMP metadata is not UTF-8");
				return;
			}
		}
		i += n > 0 ? (size_t)n : 1;
	}
	const char *hdr = strstr(xml, "<?xpacket begin=");
	const char *hend = hdr ? strstr(hdr, "?>") : NULL;
	if (hdr && hend) {
		char *h = xstrdup(hdr);
		h[hend - hdr] = '\0';
		if (strstr(h, "bytes=") || strstr(h, "encoding="))
			vfail(c, strstr(h, "bytes=") ? "PDF/A 6.6.2.1-2" : "PDF/A 6.6.2.1-3", 0,
			      "the XMP packet header has a %s attribute", strstr(h, "bytes=") ? "bytes" : "encoding");
		free(h);
	}
	/* tags: a stack of names */
	char *names[64];
	int depth = 0;
	bool bad = false;
	for (const char *p = strchr(xml, '<'); p && !bad; p = strchr(p + 1, '<')) {
		if (p[1] == '?' || p[1] == '!')
			continue;
		const char *e = strchr(p, '>');
		if (!e) {
			bad = true;
			break;
		}
		bool closing = p[1] == '/', empty = e[-1] == '/';
		const char *nb = p + (closing ? 2 : 1), *ne = nb;
		while (ne < e && *ne != ' ' && *ne != '\n' && *ne != '\t' && *ne != '/' && *ne != '\r')
			ne++;
		if (closing) {
			if (depth == 0 || strlen(names[depth - 1]) != (size_t)(ne - nb) ||
			    strncmp(names[depth - 1], nb, (size_t)(ne - nb)) != 0)
				bad = true;
			else
				free(names[--depth]);
		} else if (!empty) {
			if (depth == 64) {
				bad = true;
				break;
			}
			names[depth] = xmalloc((size_t)(ne - nb) + 1);
			memcpy(names[depth], nb, (size_t)(ne - nb));
			names[depth++][ne - nb] = '\0';
		}
	}
	if (bad || depth != 0)
		vfail(c, "PDF/A 6.6.2.1-4", 0, "the XMP metadata is not well-formed XML (tags do not balance)");
	while (depth > 0)
		free(names[--depth]);
}

/* The element key's content starts with the container tag (rdf:Alt,
 * rdf:Seq, rdf:Bag), when key is there. */
static bool xmp_container(const char *xml, const char *key, const char *container)
{
	char open[64];
	snprintf(open, sizeof open, "<%s>", key);
	const char *p = strstr(xml, open);
	if (!p)
		return true;
	p += strlen(open);
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return strncmp(p, container, strlen(container)) == 0;
}

/* The property types of PDF/A-2 6.6.2.3: the predefined properties satz
 * writes have their value types, and the extension schema that declares
 * pdfuaid has every field (6.6.2.3.2, 6.6.2.3.3). */
static void check_xmp_schemas(vcheck *c, const char *xml)
{
	static const struct { const char *key, *container; } types[] = {
		{ "dc:title", "<rdf:Alt>" }, { "dc:description", "<rdf:Alt>" },
		{ "dc:creator", "<rdf:Seq>" }, { "dc:language", "<rdf:Bag>" },
		{ "pdfaExtension:schemas", "<rdf:Bag>" }, { "pdfaSchema:property", "<rdf:Seq>" },
		{ "pdfaSchema:valueType", "<rdf:Seq>" },
	};
	static const char *const rules[] = { "PDF/A 6.6.2.3.1-2", "PDF/A 6.6.2.3.1-2",
		"PDF/A 6.6.2.3.1-2", "PDF/A 6.6.2.3.1-2", "PDF/A 6.6.2.3.3-1", "PDF/A 6.6.2.3.3-5",
		"PDF/A 6.6.2.3.3-6" };
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (!xmp_container(xml, types[i].key, types[i].container))
			vfail(c, rules[i], 0, "the XMP property %s is not an %.7s", types[i].key,
			      types[i].container + 1);
	static const char *const dates[] = { "xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate" };
	for (int i = 0; i < 3; i++) {
		char *d = xmp_value(xml, dates[i]);
		int y, mo, dd;
		if (d && sscanf(d, "%4d-%2d-%2d", &y, &mo, &dd) != 3)
			vfail(c, "PDF/A 6.6.2.3.1-2", 0, "the XMP property %s is not a date", dates[i]);
		free(d);
	}
	if (!strstr(xml, "pdfaExtension:schemas"))
		return;
	static const struct { const char *key, *rule; } fields[] = {
		{ "pdfaSchema:schema", "PDF/A 6.6.2.3.3-2" }, { "pdfaSchema:namespaceURI", "PDF/A 6.6.2.3.3-3" },
		{ "pdfaSchema:prefix", "PDF/A 6.6.2.3.3-4" }, { "pdfaProperty:name", "PDF/A 6.6.2.3.3-7" },
		{ "pdfaProperty:valueType", "PDF/A 6.6.2.3.3-8" }, { "pdfaProperty:category", "PDF/A 6.6.2.3.3-9" },
		{ "pdfaProperty:description", "PDF/A 6.6.2.3.3-10" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		char *v = xmp_value(xml, fields[i].key);
		if (!v || !*v)
			vfail(c, i < 3 ? "PDF/A 6.6.2.3.2-1" : fields[i].rule, 0,
			      "the XMP extension schema has no %s", fields[i].key);
		else if (i == 1 && !strchr(v, ':'))
			vfail(c, fields[i].rule, 0, "the extension schema's namespace '%s' is not a URI", v);
		else if (i == 4 && strcmp(v, "Text") != 0 && strcmp(v, "Integer") != 0 &&
			 strcmp(v, "Boolean") != 0 && strcmp(v, "Date") != 0 && strcmp(v, "URI") != 0 &&
			 strcmp(v, "Real") != 0)
			vfail(c, fields[i].rule, 0, "the extension property's value type '%s' is not a known type", v);
		else if (i == 5 && strcmp(v, "internal") != 0 && strcmp(v, "external") != 0)
			vfail(c, fields[i].rule, 0, "the extension property's category '%s' is neither internal nor external", v);
		free(v);
	}
}

static void check_catalog(vcheck *c, qpdf_oh root)
{
	qpdf_data q = c->q;
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh mark = qpdf_oh_get_key_if_dict(q, root, "/MarkInfo");
	qpdf_oh marked = qpdf_oh_get_key_if_dict(q, mark, "/Marked");
	if (!qpdf_oh_is_bool(q, marked) || !qpdf_oh_get_bool_value(q, marked))
		vfail(c, "PDF/UA 6.2-1", 0, "the catalog's /MarkInfo does not say /Marked true");
	qpdf_oh suspects = qpdf_oh_get_key_if_dict(q, mark, "/Suspects");
	if (qpdf_oh_is_bool(q, suspects) && qpdf_oh_get_bool_value(q, suspects))
		vfail(c, "Matterhorn 01-007", 0, "/MarkInfo says /Suspects true");
	if (!qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, root, "/StructTreeRoot")))
		vfail(c, "PDF/UA 7.1-11", 0, "no structure tree (/StructTreeRoot): the PDF is not tagged");
	qpdf_oh lang = qpdf_oh_get_key(q, root, "/Lang");
	if (!qpdf_oh_is_string(q, lang) || !*qpdf_oh_get_utf8_value(q, lang))
		vfail(c, "Matterhorn 11-001", 0, "no document language (/Lang in the catalog)");
	else if (!vlang_valid(qpdf_oh_get_utf8_value(q, lang)))
		vfail(c, "PDF/UA 7.2-29", 0, "the document language '%s' is not a language tag",
		      qpdf_oh_get_utf8_value(q, lang));
	qpdf_oh prefs = qpdf_oh_get_key_if_dict(q, root, "/ViewerPreferences");
	qpdf_oh ddt = qpdf_oh_get_key_if_dict(q, prefs, "/DisplayDocTitle");
	if (!qpdf_oh_is_bool(q, ddt))
		vfail(c, "Matterhorn 07-001", 0, "/ViewerPreferences has no /DisplayDocTitle");
	else if (!qpdf_oh_get_bool_value(q, ddt))
		vfail(c, "Matterhorn 07-002", 0, "/ViewerPreferences says /DisplayDocTitle false");
	qpdf_oh id = qpdf_oh_get_key(q, trailer, "/ID");
	if (!qpdf_oh_is_array(q, id) || qpdf_oh_get_array_n_items(q, id) != 2)
		vfail(c, "PDF/A 6.1.3-1", 0, "the trailer has no /ID of two strings");
	if (qpdf_oh_has_key(q, trailer, "/Encrypt"))
		vfail(c, "PDF/A 6.1.3-2", 0, "the file is encrypted");
	qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
	if (qpdf_oh_is_integer(q, size) && qpdf_oh_get_int_value(q, size) - 1 > 8388607)
		vfail(c, "PDF/A 6.1.13-7", 0, "more than 8,388,607 indirect objects");
	if (qpdf_oh_has_key(q, root, "/AA"))
		vfail(c, "PDF/A 6.5.2-1", 0, "the catalog has additional actions (/AA)");
	if (qpdf_oh_has_key(q, root, "/OCProperties"))
		vfail(c, "PDF/A 6.9-1", 0, "the catalog has optional content, which satz never writes and verify does not check");

	/* title in Info and XMP; the PDF/A and PDF/UA claims */
	qpdf_oh info = qpdf_oh_get_key_if_dict(q, trailer, "/Info");
	qpdf_oh t = qpdf_oh_get_key_if_dict(q, info, "/Title");
	char *title = qpdf_oh_is_string(q, t) ? xstrdup(qpdf_oh_get_utf8_value(q, t)) : NULL;
	qpdf_oh meta = qpdf_oh_get_key(q, root, "/Metadata");
	char *xml = NULL;
	size_t xml_len = 0;
	if (qpdf_oh_is_stream(q, meta)) {
		unsigned char *buf = NULL;
		if (!(qpdf_oh_get_stream_data(q, meta, qpdf_dl_generalized, NULL, &buf, &xml_len) &
		      QPDF_ERRORS)) {
			xml = xmalloc(xml_len + 1);
			memcpy(xml, buf, xml_len);
			xml[xml_len] = '\0';
		}
		free(buf);
		qpdf_oh d = qpdf_oh_get_dict(q, meta);
		if (!is_name(c, qpdf_oh_get_key(q, d, "/Type"), "/Metadata") ||
		    !is_name(c, qpdf_oh_get_key(q, d, "/Subtype"), "/XML"))
			vfail(c, "PDF/A 6.6.2.1-1", qpdf_oh_get_object_id(q, meta),
			      "the metadata stream is not /Type /Metadata /Subtype /XML");
	}
	char *xtitle = xml ? xmp_value(xml, "dc:title") : NULL;
	if (!xml) {
		vfail(c, "Matterhorn 06-001", 0, "no XMP metadata stream (/Metadata in the catalog)");
	} else {
		check_xmp_form(c, xml, xml_len);
		check_xmp_schemas(c, xml);
		if (!xtitle || !*xtitle)
			vfail(c, "Matterhorn 06-003", 0, "no dc:title in the XMP metadata");
		char *part = xmp_value(xml, "pdfaid:part");
		char *conf = xmp_value(xml, "pdfaid:conformance");
		char *ua = xmp_value(xml, "pdfuaid:part");
		if (!part && !conf)
			vfail(c, "PDF/A 6.6.4-1", 0, "XMP has no PDF/A identification (pdfaid)");
		else if (!part || strcmp(part, "2") != 0)
			vfail(c, "PDF/A 6.6.4-2", 0, "XMP does not claim PDF/A part 2 (pdfaid:part)");
		else if (!conf || strcmp(conf, "U") != 0)
			vfail(c, "PDF/A 6.6.4-3", 0, "XMP does not claim conformance U (pdfaid:conformance)");
		if (!ua || strcmp(ua, "1") != 0)
			vfail(c, "Matterhorn 06-002", 0, "XMP does not claim PDF/UA-1 (pdfuaid:part 1)");
		if (ua && !strstr(xml, "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"))
			vfail(c, "PDF/A 6.6.2.3.1-1", 0, "XMP uses pdfuaid without declaring its extension schema");
		free(part);
		free(conf);
		free(ua);
	}
	if (!title || !*title)
		vfail(c, "satz 1", 0, "no /Title in the document information");
	else if (xtitle && *xtitle && strcmp(title, xtitle) != 0)
		vfail(c, "satz 1", 0, "the title in Info ('%s') and in XMP ('%s') differ", title, xtitle);
	free(title);
	free(xtitle);
	free(xml);

	/* the output intent and its profile (6.2.3, 6.2.4.3) */
	bool rgb = false;
	qpdf_oh ois = qpdf_oh_get_key(q, root, "/OutputIntents");
	int n = qpdf_oh_is_array(q, ois) ? qpdf_oh_get_array_n_items(q, ois) : 0;
	for (int i = 0; i < n; i++) {
		qpdf_oh oi = qpdf_oh_get_array_item(q, ois, i);
		qpdf_oh prof = qpdf_oh_get_key_if_dict(q, oi, "/DestOutputProfile");
		if (!is_name(c, qpdf_oh_get_key_if_dict(q, oi, "/S"), "/GTS_PDFA1") ||
		    !qpdf_oh_is_stream(q, prof))
			continue;
		unsigned char *icc = NULL;
		size_t len = 0;
		qpdf_oh_get_stream_data(q, prof, qpdf_dl_generalized, NULL, &icc, &len);
		if (len < 128 || icc[8] >= 5 || (memcmp(icc + 12, "mntr", 4) != 0 && memcmp(icc + 12, "prtr", 4) != 0))
			vfail(c, "PDF/A 6.2.3-1", qpdf_oh_get_object_id(q, prof),
			      "the output profile is not an ICC v2-v4 monitor or printer profile");
		else if (memcmp(icc + 16, "RGB ", 4) == 0)
			rgb = true;
		free(icc);
	}
	if (!rgb)
		vfail(c, "PDF/A 6.2.4.3-2", 0, "no PDF/A output intent (/GTS_PDFA1) with an RGB profile, which DeviceRGB needs");

	qpdf_oh names = qpdf_oh_get_key_if_dict(q, root, "/Names");
	if (qpdf_oh_is_dictionary(q, names) && qpdf_oh_has_key(q, names, "/JavaScript"))
		vfail(c, "PDF/A 6.5.1-1", 0, "the document holds JavaScript (/Names /JavaScript)");
}

/* PDF/A-2 6.5.1: the actions it forbids. */
static void check_action(vcheck *c, qpdf_oh a, int obj, const char *where)
{
	static const char *const banned[] = { "/Launch", "/Sound", "/Movie", "/ResetForm",
		"/ImportData", "/Hide", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView",
		"/JavaScript", NULL };
	qpdf_oh s = qpdf_oh_get_key_if_dict(c->q, a, "/S");
	for (int i = 0; banned[i]; i++)
		if (is_name(c, s, banned[i]))
			vfail(c, "PDF/A 6.5.1-1", obj, "%s has a %s action", where, banned[i] + 1);
	if (is_name(c, s, "/Named")) {
		static const char *const ok[] = { "/NextPage", "/PrevPage", "/FirstPage", "/LastPage", NULL };
		qpdf_oh nm = qpdf_oh_get_key(c->q, a, "/N");
		bool allowed = false;
		for (int i = 0; ok[i] && !allowed; i++)
			allowed = is_name(c, nm, ok[i]);
		if (!allowed)
			vfail(c, "PDF/A 6.5.1-2", obj, "%s has a named action other than the page ones", where);
	}
}

static void check_outline(vcheck *c, qpdf_oh root)
{
	qpdf_data q = c->q;
	check_action(c, qpdf_oh_get_key(q, root, "/OpenAction"), 0, "the document's open action");
	qpdf_oh outlines = qpdf_oh_get_key(q, root, "/Outlines");
	idset seen = { 0 };
	qpdf_oh stack[64];
	int n = 0;
	stack[n++] = qpdf_oh_get_key_if_dict(q, outlines, "/First");
	while (n > 0) {
		qpdf_oh it = stack[--n];
		if (!qpdf_oh_is_dictionary(q, it) || !idset_add(&seen, qpdf_oh_get_object_id(q, it)))
			continue;
		check_action(c, qpdf_oh_get_key(q, it, "/A"), qpdf_oh_get_object_id(q, it), "an outline item");
		if (n < 63)
			stack[n++] = qpdf_oh_get_key(q, it, "/Next");
		if (n < 63)
			stack[n++] = qpdf_oh_get_key(q, it, "/First");
	}
	idset_free(&seen);
}

/* --- every object ---------------------------------------------------------- */

static void check_strings(vcheck *c, qpdf_oh o, int obj, int depth, bool *reported)
{
	qpdf_data q = c->q;
	if (depth > 64 || *reported)
		return;
	if (qpdf_oh_is_string(q, o)) {
		size_t len = 0;
		qpdf_oh_get_binary_string_value(q, o, &len);
		if (len > 32767) {
			*reported = true;
			vfail(c, "PDF/A 6.1.13-3", obj, "a string of %zu bytes (at most 32,767)", len);
		}
	} else if (qpdf_oh_is_array(q, o)) {
		for (int i = 0; i < qpdf_oh_get_array_n_items(q, o); i++)
			check_strings(c, qpdf_oh_get_array_item(q, o, i), obj, depth + 1, reported);
	} else if (qpdf_oh_is_dictionary(q, o) && qpdf_oh_get_object_id(q, o) <= 0) {
		qpdf_oh_begin_dict_key_iter(q, o);
		char *keys[256];
		int nk = 0;
		while (qpdf_oh_dict_more_keys(q) && nk < 256)
			keys[nk++] = xstrdup(qpdf_oh_dict_next_key(q));
		for (int i = 0; i < nk; i++) {
			check_strings(c, qpdf_oh_get_key(q, o, keys[i]), obj, depth + 1, reported);
			free(keys[i]);
		}
	}
}

static void check_objects(vcheck *c)
{
	qpdf_data q = c->q;
	qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
	int n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	bool long_string = false;
	for (int id = 1; id < n; id++) {
		qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
		bool stream = qpdf_oh_is_stream(q, o);
		qpdf_oh d = stream ? qpdf_oh_get_dict(q, o) : o;
		if (qpdf_oh_is_dictionary(q, d)) {
			qpdf_oh_begin_dict_key_iter(q, d);
			char *keys[256];
			int nk = 0;
			while (qpdf_oh_dict_more_keys(q) && nk < 256)
				keys[nk++] = xstrdup(qpdf_oh_dict_next_key(q));
			for (int i = 0; i < nk; i++) {
				check_strings(c, qpdf_oh_get_key(q, d, keys[i]), id, 1, &long_string);
				free(keys[i]);
			}
		} else {
			check_strings(c, o, id, 0, &long_string);
		}
		if (stream && is_name(c, qpdf_oh_get_key(q, d, "/Subtype"), "/Image")) {
			qpdf_oh ip = qpdf_oh_get_key(q, d, "/Interpolate");
			if (qpdf_oh_is_bool(q, ip) && qpdf_oh_get_bool_value(q, ip))
				vfail(c, "PDF/A 6.2.8-3", id, "an image has /Interpolate true");
			qpdf_oh bpc = qpdf_oh_get_key(q, d, "/BitsPerComponent");
			long long b = qpdf_oh_is_integer(q, bpc) ? qpdf_oh_get_int_value(q, bpc) : 8;
			if (b != 1 && b != 2 && b != 4 && b != 8 && b != 16)
				vfail(c, "PDF/A 6.2.8-4", id, "an image has %lld bits per component", b);
			if (is_name(c, qpdf_oh_get_key(q, d, "/ColorSpace"), "/DeviceCMYK"))
				vfail(c, "PDF/A 6.2.4.3-3", id, "an image is DeviceCMYK under an RGB output intent");
			if (qpdf_oh_has_key(q, d, "/Alternates") || qpdf_oh_has_key(q, d, "/OPI"))
				vfail(c, "PDF/A 6.2.8-1", id, "an image has /Alternates or /OPI");
		}
		if (stream && is_name(c, qpdf_oh_get_key(q, d, "/Subtype"), "/Form") &&
		    (qpdf_oh_has_key(q, d, "/Ref") || qpdf_oh_has_key(q, d, "/PS") ||
		     qpdf_oh_has_key(q, d, "/OPI")))
			vfail(c, "PDF/A 6.2.9-1", id, "a form XObject has /Ref, /PS or /OPI");
		qpdf_oh_release(q, o);
	}
}

/* --- pages and annotations ---------------------------------------------- */

static void check_pages(vcheck *c, qpdf_oh root)
{
	qpdf_data q = c->q;
	int pages = qpdf_get_num_pages(q);
	if (pages < 0)
		pages = 0;
	vmcids *mcids = xcalloc((size_t)pages + 1, sizeof *mcids);
	vfonts *fonts = vfonts_new();
	static const char *const annot_types[] = { "/Text", "/Link", "/FreeText", "/Line",
		"/Square", "/Circle", "/Polygon", "/PolyLine", "/Highlight", "/Underline",
		"/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup", "/FileAttachment",
		"/Widget", "/PrinterMark", "/TrapNet", "/Watermark", "/Redact", NULL };
	for (int i = 0; i < pages; i++) {
		qpdf_oh pg = qpdf_get_page_n(q, (size_t)i);
		int page_no = i + 1, pid = qpdf_oh_get_object_id(q, pg);
		static const char *const boxes[] = { "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", NULL };
		for (int b = 0; boxes[b]; b++) {
			qpdf_oh box = qpdf_oh_get_key(q, pg, boxes[b]);
			if (!qpdf_oh_is_array(q, box) || qpdf_oh_get_array_n_items(q, box) != 4)
				continue;
			double v[4];
			for (int k = 0; k < 4; k++)
				v[k] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, k));
			double w = v[2] - v[0], h = v[3] - v[1];
			if (w < 0)
				w = -w;
			if (h < 0)
				h = -h;
			if (w < 3 || h < 3 || w > 14400 || h > 14400)
				vfail(c, "PDF/A 6.1.13-11", pid, "page %d's %s is not 3 to 14,400 units on each side",
				      page_no, boxes[b] + 1);
		}
		if (qpdf_oh_has_key(q, pg, "/AA"))
			vfail(c, "PDF/A 6.5.2-2", pid, "page %d has additional actions (/AA)", page_no);
		qpdf_oh annots = qpdf_oh_get_key(q, pg, "/Annots");
		int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
		qpdf_oh tabs = qpdf_oh_get_key(q, pg, "/Tabs");
		if (n > 0 && !qpdf_oh_is_name(q, tabs))
			vfail(c, "Matterhorn 28-008", pid, "page %d has annotations but no /Tabs", page_no);
		else if (n > 0 && !is_name(c, tabs, "/S"))
			vfail(c, "Matterhorn 28-009", pid, "page %d has annotations but /Tabs is not /S", page_no);
		for (int k = 0; k < n; k++) {
			qpdf_oh a = qpdf_oh_get_array_item(q, annots, k);
			int id = qpdf_oh_get_object_id(q, a);
			qpdf_oh sub = qpdf_oh_get_key_if_dict(q, a, "/Subtype");
			bool known = false;
			for (int t = 0; annot_types[t] && !known; t++)
				known = is_name(c, sub, annot_types[t]);
			if (!known)
				vfail(c, "PDF/A 6.3.1-1", id, "an annotation on page %d has a type PDF/A-2 does not allow",
				      page_no);
			qpdf_oh f = qpdf_oh_get_key_if_dict(q, a, "/F");
			long long flags = qpdf_oh_is_integer(q, f) ? qpdf_oh_get_int_value(q, f) : 0;
			if (!qpdf_oh_is_integer(q, f) && !is_name(c, sub, "/Popup"))
				vfail(c, "PDF/A 6.3.2-1", id, "an annotation on page %d has no /F", page_no);
			else if (!(flags & 4) || (flags & (1 | 2 | 32 | 256)))
				vfail(c, "PDF/A 6.3.2-2", id,
				      "an annotation on page %d is not set to print, or is hidden or invisible", page_no);
			check_action(c, qpdf_oh_get_key_if_dict(q, a, "/A"), id, "a link");
			if (qpdf_oh_has_key(q, a, "/AA"))
				vfail(c, "PDF/A 6.5.2-2", id, "an annotation on page %d has additional actions", page_no);
			qpdf_oh ap = qpdf_oh_get_key_if_dict(q, a, "/AP");
			if (qpdf_oh_is_dictionary(q, ap) &&
			    (qpdf_oh_has_key(q, ap, "/D") || qpdf_oh_has_key(q, ap, "/R")))
				vfail(c, "PDF/A 6.3.3-2", id, "an annotation's appearance has more than /N");
			qpdf_oh text = qpdf_oh_get_key(q, a, "/Contents");
			bool described = qpdf_oh_is_string(q, text) && *qpdf_oh_get_utf8_value(q, text);
			if (!described && is_name(c, sub, "/Link"))
				vfail(c, "Matterhorn 28-012", id, "a link on page %d has no description (/Contents)",
				      page_no);
			else if (!described && !is_name(c, sub, "/Popup"))
				vfail(c, "Matterhorn 28-004", id, "an annotation on page %d has no /Contents", page_no);
			if (!is_name(c, sub, "/Link") && !is_name(c, sub, "/Popup"))
				vfail(c, "Matterhorn 28-002", id,
				      "an annotation on page %d is not a link, and satz verify checks only links' structure",
				      page_no);
		}
		vcontent_page(c, fonts, pg, page_no, &mcids[i]);
	}
	vstruct_check(c, root, mcids, pages);
	for (int i = 0; i < pages; i++)
		free(mcids[i].v);
	free(mcids);
	vfonts_free(fonts);
}

int verify_pdf(const char *path)
{
	vcheck c = { .path = path };
	c.q = qpdf_init();
	qpdf_silence_errors(c.q);
	int result;
	if ((qpdf_read(c.q, path, NULL) & QPDF_ERRORS) || qpdf_has_error(c.q)) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "cannot read %s: %s", path,
		     qpdf_get_error_full_text(c.q, qpdf_get_error(c.q)));
		result = -1;
	} else {
		/* a file qpdf had to repair is damaged (a wrong /Length, a
		 * broken cross-reference table) */
		if (qpdf_more_warnings(c.q))
			vfail(&c, "PDF/A 6.1.7.1-1", 0, "qpdf had to repair the file: %s",
			      qpdf_get_error_full_text(c.q, qpdf_next_warning(c.q)));
		qpdf_oh root = qpdf_get_root(c.q);
		check_bytes(&c);
		check_catalog(&c, root);
		check_outline(&c, root);
		check_objects(&c);
		check_pages(&c, root);
		result = c.failures;
		if (qpdf_has_error(c.q)) {
			diag(DIAG_ERROR, (srcpos){ 0 }, "cannot read %s: %s", path,
			     qpdf_get_error_full_text(c.q, qpdf_get_error(c.q)));
			result = -1;
		}
	}
	while (qpdf_more_warnings(c.q))
		qpdf_next_warning(c.q);
	qpdf_cleanup(&c.q);
	return result;
}
