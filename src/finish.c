/* finish: cairo's PDF, rewritten with libqpdf's C API into what PDF/UA-1
 * and PDF/A-2u ask of the file (see docs/accessibility.md). */
#include "finish.h"
#include "tagtree.h"

#include <qpdf/qpdf-c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define DEBIAN_SRGB "/usr/share/color/icc/sRGB.icc"

const char *finish_icc_path(void)
{
	const char *env = getenv("SATZ_ICC");
	return env && *env ? env : DEBIAN_SRGB;
}

const char **finish_figure_alts(const layout *l, size_t *n)
{
	/* draw.c opens one Figure element per figure item, in item order */
	const char **alts = xmalloc((l->n_items + 1) * sizeof *alts);
	*n = 0;
	for (size_t k = 0; k < l->n_items; k++) {
		const vitem *v = &l->items[k];
		if (v->kind != V_FIGURE || !v->figure)
			continue;
		const block *b = v->figure->block;
		const char *alt = b->kind == B_CHART ? (b->chart ? b->chart->alt : NULL)
						     : (b->figure ? b->figure->alt : NULL);
		alts[(*n)++] = alt ? alt : "";
	}
	return alts;
}

/* SATZ_FINISH_SKIP=alt,lang,...: leave out one step, so the tests can
 * make broken files and see satz verify name the rule.  Never for real
 * documents. */
static bool skip(const char *step)
{
	const char *s = getenv("SATZ_FINISH_SKIP");
	size_t n = strlen(step);
	while (s && *s) {
		if (strncmp(s, step, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return true;
		s = strchr(s, ',');
		if (s)
			s++;
	}
	return false;
}

static bool qpdf_failed(qpdf_data q, const char *what)
{
	if (!qpdf_has_error(q))
		return false;
	qpdf_error e = qpdf_get_error(q);
	diag(DIAG_ERROR, (srcpos){ 0 }, "finishing the PDF failed (%s): %s", what,
	     qpdf_get_error_full_text(q, e));
	return true;
}

static void set_name(qpdf_data q, qpdf_oh dict, const char *key, const char *name)
{
	qpdf_oh_replace_key(q, dict, key, qpdf_oh_new_name(q, name));
}

static void set_text(qpdf_data q, qpdf_oh dict, const char *key, const char *utf8)
{
	qpdf_oh_replace_key(q, dict, key, qpdf_oh_new_unicode_string(q, utf8));
}

/* A text value of dict as UTF-8 in the arena-free strbuf sense: copied. */
static char *get_text(qpdf_data q, qpdf_oh dict, const char *key)
{
	qpdf_oh v = qpdf_oh_get_key(q, dict, key);
	if (!qpdf_oh_is_string(q, v))
		return NULL;
	return xstrdup(qpdf_oh_get_utf8_value(q, v));
}

/* "D:20200615000000Z" from "2020-06-15T00:00:00Z". */
static void pdf_date(const char *iso, char *buf, size_t size)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
	sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
	snprintf(buf, size, "D:%04d%02d%02d%02d%02d%02dZ", y, mo, d, h, mi, s);
}

static void xml_escape(strbuf *b, const char *s)
{
	for (; s && *s; s++) {
		/* XML 1.0 has no C0 controls but tab, LF and CR (PDF/A-2 6.6.2.1) */
		if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
			continue;
		switch (*s) {
		case '&': sb_adds(b, "&amp;"); break;
		case '<': sb_adds(b, "&lt;"); break;
		case '>': sb_adds(b, "&gt;"); break;
		case '"': sb_adds(b, "&quot;"); break;
		default: sb_addc(b, *s);
		}
	}
}

static void xmp_alt(strbuf *b, const char *tag, const char *value)
{
	sb_printf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
	xml_escape(b, value);
	sb_printf(b, "</rdf:li></rdf:Alt></%s>\n", tag);
}

static void xmp_simple(strbuf *b, const char *tag, const char *value)
{
	sb_printf(b, "   <%s>", tag);
	xml_escape(b, value);
	sb_printf(b, "</%s>\n", tag);
}

/* The XMP packet: the Info entries again, and the PDF/A and PDF/UA claims
 * (pdfuaid is not a schema PDF/A-2 knows, so it is declared). */
static void build_xmp(strbuf *b, const char *title, const char *author,
		      const char *subject, const char *keywords, const finish_info *fi)
{
	sb_adds(b, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		"  <rdf:Description rdf:about=\"\"\n"
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
		"    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
		"    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
		"    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
		"    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
		"    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
		"   <dc:format>application/pdf</dc:format>\n");
	if (title)
		xmp_alt(b, "dc:title", title);
	if (author) {
		sb_adds(b, "   <dc:creator><rdf:Seq><rdf:li>");
		xml_escape(b, author);
		sb_adds(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (subject)
		xmp_alt(b, "dc:description", subject);
	if (fi->language && !skip("lang")) {
		sb_adds(b, "   <dc:language><rdf:Bag><rdf:li>");
		xml_escape(b, fi->language);
		sb_adds(b, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	if (keywords)
		xmp_simple(b, "pdf:Keywords", keywords);
	xmp_simple(b, "pdf:Producer", fi->producer);
	xmp_simple(b, "xmp:CreatorTool", fi->producer);
	xmp_simple(b, "xmp:CreateDate", fi->date);
	xmp_simple(b, "xmp:ModifyDate", fi->date);
	xmp_simple(b, "xmp:MetadataDate", fi->date);
	sb_adds(b, "   <pdfaid:part>2</pdfaid:part>\n"
		"   <pdfaid:conformance>U</pdfaid:conformance>\n");
	if (!skip("pdfua"))
		sb_adds(b, "   <pdfuaid:part>1</pdfuaid:part>\n");
	sb_adds(b, "   <pdfaExtension:schemas><rdf:Bag>\n"
		"    <rdf:li rdf:parseType=\"Resource\">\n"
		"     <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
		"     <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
		"     <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
		"     <pdfaSchema:property><rdf:Seq>\n"
		"      <rdf:li rdf:parseType=\"Resource\">\n"
		"       <pdfaProperty:name>part</pdfaProperty:name>\n"
		"       <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
		"       <pdfaProperty:category>internal</pdfaProperty:category>\n"
		"       <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
		"      </rdf:li>\n"
		"     </rdf:Seq></pdfaSchema:property>\n"
		"    </rdf:li>\n"
		"   </rdf:Bag></pdfaExtension:schemas>\n"
		"  </rdf:Description>\n"
		" </rdf:RDF>\n"
		"</x:xmpmeta>\n"
		"<?xpacket end=\"w\"?>");
}

static qpdf_oh new_stream(qpdf_data q, const void *data, size_t len)
{
	qpdf_oh s = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, s, data, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	return s;
}

/* Info with our producer and PDF dates, and the same in XMP. */
static void set_metadata(qpdf_data q, qpdf_oh root, const finish_info *fi)
{
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_dictionary(q, info)) {
		info = qpdf_oh_new_object(q, qpdf_oh_new_dictionary(q));
		qpdf_oh_replace_key(q, trailer, "/Info", info);
	}
	char date[32];
	pdf_date(fi->date, date, sizeof date);
	qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, date));
	qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, date));
	set_text(q, info, "/Producer", fi->producer);
	char *title = get_text(q, info, "/Title"), *author = get_text(q, info, "/Author");
	char *subject = get_text(q, info, "/Subject"), *keywords = get_text(q, info, "/Keywords");
	if (skip("xmp-title")) {
		free(title);
		title = NULL;
	}
	strbuf x = { 0 };
	build_xmp(&x, title, author, subject, keywords, fi);
	qpdf_oh meta = new_stream(q, x.s, x.len);
	qpdf_oh d = qpdf_oh_get_dict(q, meta);
	set_name(q, d, "/Type", "/Metadata");
	set_name(q, d, "/Subtype", "/XML");
	qpdf_oh_replace_key(q, root, "/Metadata", meta);
	sb_free(&x);
	free(title);
	free(author);
	free(subject);
	free(keywords);
}

static bool add_output_intent(qpdf_data q, qpdf_oh root, const char *icc_path)
{
	FILE *f = fopen(icc_path, "rb");
	if (!f) {
		diag(DIAG_ERROR, (srcpos){ 0 },
		     "cannot read the sRGB profile %s (install icc-profiles-free, or set SATZ_ICC)",
		     icc_path);
		return false;
	}
	strbuf b = { 0 };
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_add(&b, chunk, n);
	fclose(f);
	if (b.len < 128 || memcmp(b.s + 36, "acsp", 4) != 0) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s is not an ICC profile", icc_path);
		sb_free(&b);
		return false;
	}
	qpdf_oh icc = new_stream(q, b.s, b.len);
	sb_free(&b);
	qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, icc), "/N", qpdf_oh_new_integer(q, 3));
	qpdf_oh oi = qpdf_oh_new_dictionary(q);
	set_name(q, oi, "/Type", "/OutputIntent");
	set_name(q, oi, "/S", "/GTS_PDFA1");
	set_text(q, oi, "/OutputConditionIdentifier", "sRGB IEC61966-2.1");
	set_text(q, oi, "/Info", "sRGB IEC61966-2.1");
	qpdf_oh_replace_key(q, oi, "/DestOutputProfile", icc);
	qpdf_oh arr = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, arr, oi);
	qpdf_oh_replace_key(q, root, "/OutputIntents", arr);
	return true;
}

/* --- content streams: painting outside marked content ------------- */

static bool is_space(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(unsigned char c)
{
	return strchr("()<>[]{}/%", c) != NULL;
}

/* The next operator of s[*at, n): its name in op[], its operands' start
 * in *start, and *at after it.  False at the end or on bytes it cannot
 * read (the caller leaves such a stream alone). */
static bool next_op(const unsigned char *s, size_t n, size_t *at, size_t *start,
		    char op[8])
{
	size_t i = *at;
	*start = SIZE_MAX;
	while (i < n) {
		unsigned char c = s[i];
		if (is_space(c)) {
			i++;
			continue;
		}
		if (c == '%') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
			continue;
		}
		if (*start == SIZE_MAX)
			*start = i;
		if (c == '(') {
			int depth = 0;
			for (; i < n; i++) {
				if (s[i] == '\\')
					i++;
				else if (s[i] == '(')
					depth++;
				else if (s[i] == ')' && --depth == 0)
					break;
			}
			if (i >= n)
				return false;
			i++;
		} else if (c == '<' && i + 1 < n && s[i + 1] == '<') {
			i += 2;
		} else if (c == '>' && i + 1 < n && s[i + 1] == '>') {
			i += 2;
		} else if (c == '<') {
			while (i < n && s[i] != '>')
				i++;
			if (i >= n)
				return false;
			i++;
		} else if (c == '[' || c == ']' || c == '{' || c == '}') {
			i++;
		} else if (c == '/') {
			for (i++; i < n && !is_space(s[i]) && !is_delim(s[i]); i++)
				;
		} else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
			for (i++; i < n && !is_space(s[i]) && !is_delim(s[i]); i++)
				;
		} else if (c == ')' || c == '>') {
			return false;
		} else {
			size_t b = i;
			for (; i < n && !is_space(s[i]) && !is_delim(s[i]); i++)
				;
			if (i - b >= 8)
				return false;
			memcpy(op, s + b, i - b);
			op[i - b] = '\0';
			if (strcmp(op, "BI") == 0) {
				/* an inline image: its data runs to "EI" between spaces */
				for (; i + 2 < n; i++)
					if (is_space(s[i]) && s[i + 1] == 'E' && s[i + 2] == 'I' &&
					    (i + 3 == n || is_space(s[i + 3])))
						break;
				if (i + 2 >= n)
					return false;
				i += 3;
			}
			*at = i;
			return true;
		}
	}
	*at = i;
	return false;
}

static bool op_in(const char *op, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(op, *set) == 0)
			return true;
	return false;
}

static const char *const path_ops[] = { "m", "l", "c", "v", "y", "h", "re", NULL };
static const char *const paint_ops[] = { "S", "s", "f", "F", "f*", "B", "B*", "b", "b*",
					 "n", NULL };

/* Rewrites s[n] with every painting operation outside marked content
 * (text objects, paths, images, shadings) inside /Artifact BMC ... EMC;
 * returns the number of such operations, or -1 when the stream is not
 * understood (out is then unchanged).  With out NULL it only counts. */
long finish_wrap_unmarked(const unsigned char *s, size_t n, strbuf *out)
{
	size_t at = 0, start, copied = 0, unit = SIZE_MAX;
	int depth = 0;
	long count = 0;
	bool text = false, path = false;
	char op[8];
	strbuf b = { 0 };
	int inner = 0;   /* marked content inside a unit (cairo's ActualText) */
	while (next_op(s, n, &at, &start, op)) {
		bool begin = strcmp(op, "BDC") == 0 || strcmp(op, "BMC") == 0;
		if (begin || strcmp(op, "EMC") == 0) {
			int *d = unit != SIZE_MAX ? &inner : &depth;
			*d += begin ? 1 : -1;
			if (*d < 0)
				goto fail;
			continue;
		}
		if (depth > 0)
			continue;
		bool ends = false;
		if (unit == SIZE_MAX) {
			if (strcmp(op, "BT") == 0)
				text = true;
			else if (op_in(op, path_ops))
				path = true;
			else if (!(strcmp(op, "Do") == 0 || strcmp(op, "sh") == 0 ||
				   strcmp(op, "BI") == 0))
				continue;   /* graphics state: stays where it is */
			unit = start;
			ends = !text && !path;
		} else if (text) {
			ends = strcmp(op, "ET") == 0 && inner == 0;
		} else if (path) {
			ends = op_in(op, paint_ops);
		}
		if (!ends)
			continue;
		count++;
		if (out) {
			sb_add(&b, (const char *)s + copied, unit - copied);
			sb_adds(&b, "/Artifact BMC\n");
			sb_add(&b, (const char *)s + unit, at - unit);
			sb_adds(&b, "\nEMC");
			copied = at;
		}
		unit = SIZE_MAX;
		text = path = false;
	}
	if (at < n || unit != SIZE_MAX || depth != 0 || inner != 0)
		goto fail;
	if (out) {
		sb_add(&b, (const char *)s + copied, n - copied);
		sb_add(out, b.s ? b.s : "", b.len);
	}
	sb_free(&b);
	return count;
fail:
	sb_free(&b);
	return -1;
}

/* Running heads, rules, fills and the watermark are drawn outside the
 * structure (draw.c): they become artifacts, page by page. */
static void mark_artifacts(qpdf_data q)
{
	int pages = qpdf_get_num_pages(q);
	for (int i = 0; i < pages; i++) {
		qpdf_oh pg = qpdf_get_page_n(q, (size_t)i);
		unsigned char *data = NULL;
		size_t len = 0;
		if (qpdf_oh_get_page_content_data(q, pg, &data, &len) & QPDF_ERRORS) {
			free(data);
			continue;
		}
		strbuf out = { 0 };
		long n = finish_wrap_unmarked(data, len, &out);
		qpdf_oh c = qpdf_oh_get_key(q, pg, "/Contents");
		uLongf zlen = compressBound(out.len);
		unsigned char *z = n > 0 ? xmalloc(zlen) : NULL;
		if (z && qpdf_oh_is_stream(q, c) &&
		    compress2(z, &zlen, (const Bytef *)out.s, out.len, Z_DEFAULT_COMPRESSION) == Z_OK)
			/* compressed here, once: qpdf would compress it in both
			 * passes of linearising; in place, as a new stream costs
			 * qpdf a walk over every object */
			qpdf_oh_replace_stream_data(q, c, z, zlen, qpdf_oh_new_name(q, "/FlateDecode"),
						    qpdf_oh_new_null(q));
		else if (n > 0)
			qpdf_oh_replace_key(q, pg, "/Contents", new_stream(q, out.s, out.len));
		free(z);
		sb_free(&out);
		free(data);
	}
}

/* Figure elements in structure order get the alternative texts in order. */
static void set_alts(qpdf_data q, qpdf_oh root, const finish_info *fi)
{
	qpdf_oh str = qpdf_oh_get_key(q, root, "/StructTreeRoot");
	if (!qpdf_oh_is_dictionary(q, str))
		return;
	idset seen = { 0 };
	size_t cap = 64, top = 0, figure = 0;
	qpdf_oh *stack = xmalloc(cap * sizeof *stack);
	stack[top++] = qpdf_oh_get_key(q, str, "/K");
	while (top > 0) {
		qpdf_oh k = stack[--top];
		if (!idset_add(&seen, qpdf_oh_get_object_id(q, k)))
			continue;
		if (qpdf_oh_is_array(q, k)) {
			int n = qpdf_oh_get_array_n_items(q, k);
			for (int i = n - 1; i >= 0; i--) {
				if (top == cap)
					stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
				stack[top++] = qpdf_oh_get_array_item(q, k, i);
			}
			continue;
		}
		if (!qpdf_oh_is_dictionary(q, k) || !qpdf_oh_has_key(q, k, "/S"))
			continue;   /* MCIDs, marked-content and object references */
		if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, k, "/S"), "/Figure")) {
			if (figure < fi->n_alts && fi->alts[figure][0] && !skip("alt"))
				set_text(q, k, "/Alt", fi->alts[figure]);
			figure++;
		}
		if (top == cap)
			stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
		stack[top++] = qpdf_oh_get_key(q, k, "/K");
	}
	free(stack);
	idset_free(&seen);
}

/* What a link leads to, in words, for its /Contents. */
static char *describe_dest(const finish_info *fi, const char *dest)
{
	bool de = !fi->language || strncmp(fi->language, "de", 2) == 0;
	strbuf b = { 0 };
	int n;
	doc_target t;
	if (sscanf(dest, "fnref.%d", &n) == 1) {
		sb_printf(&b, de ? "Zurück zum Fußnotenzeichen %d" : "Back to note mark %d", n);
	} else if (sscanf(dest, "fn.%d", &n) == 1) {
		sb_printf(&b, de ? "Fußnote %d" : "Note %d", n);
	} else if (fi->doc && doc_find_target(fi->doc, dest, &t) && t.block) {
		const block *bl = t.block;
		if (t.kind == T_SECTION)
			sb_printf(&b, "%s%s%s", bl->number ? bl->number : "",
				  bl->number && bl->number[0] ? " " : "", bl->plain ? bl->plain : dest);
		else if (t.kind == T_TABLE)
			sb_printf(&b, "%s %s", de ? "Tabelle" : "Table", bl->number ? bl->number : "");
		else
			sb_printf(&b, "%s %s", de ? "Abbildung" : "Figure", bl->number ? bl->number : "");
	} else {
		sb_printf(&b, "%s %s", de ? "Verweis auf" : "Link to", dest);
	}
	return b.s;
}

/* draw writes a link to another PDF beside this one as a URI action with
 * a relative path (cairo 1.16 cannot write GoToR): no scheme, ends in
 * .pdf. */
static bool is_file_link(const char *uri)
{
	size_t n = strlen(uri);
	const char *colon = strchr(uri, ':'), *slash = strchr(uri, '/');
	return n > 4 && strcmp(uri + n - 4, ".pdf") == 0 && (!colon || (slash && slash < colon));
}

/* Turns the URI action into a GoToR action to the file's first page, with
 * a relative file specification (PDF/A-2 6.5.1 allows GoToR; the file is
 * not embedded, so no /EF); returns the link's description. */
static char *to_goto_remote(qpdf_data q, qpdf_oh action, const finish_info *fi)
{
	char *path = xstrdup(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, action, "/URI")));
	qpdf_oh spec = qpdf_oh_new_dictionary(q);
	set_name(q, spec, "/Type", "/Filespec");
	qpdf_oh_replace_key(q, spec, "/F", qpdf_oh_new_string(q, path));
	set_text(q, spec, "/UF", path);
	qpdf_oh_remove_key(q, action, "/URI");
	set_name(q, action, "/S", "/GoToR");
	qpdf_oh_replace_key(q, action, "/F", spec);
	qpdf_oh d = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, d, qpdf_oh_new_integer(q, 0));
	qpdf_oh_append_item(q, d, qpdf_oh_new_name(q, "/Fit"));
	qpdf_oh_replace_key(q, action, "/D", d);
	bool de = !fi->language || strncmp(fi->language, "de", 2) == 0;
	strbuf b = { 0 };
	sb_printf(&b, de ? "Öffnet das Dokument %s" : "Opens the document %s", path);
	free(path);
	return b.s;
}

/* /F 4 (print) on every annotation, /Contents on links, /Tabs /S on pages
 * with annotations; links to other PDFs become GoToR actions. */
static void fix_annotations(qpdf_data q, const finish_info *fi)
{
	int pages = qpdf_get_num_pages(q);
	for (int i = 0; i < pages; i++) {
		qpdf_oh pg = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh annots = qpdf_oh_get_key(q, pg, "/Annots");
		int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
		if (n == 0)
			continue;
		set_name(q, pg, "/Tabs", "/S");
		for (int k = 0; k < n; k++) {
			qpdf_oh a = qpdf_oh_get_array_item(q, annots, k);
			if (!qpdf_oh_is_dictionary(q, a))
				continue;
			if (!skip("flags"))
				qpdf_oh_replace_key(q, a, "/F", qpdf_oh_new_integer(q, 4));
			if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, a, "/Subtype"), "/Link") ||
			    qpdf_oh_has_key(q, a, "/Contents") || skip("contents"))
				continue;
			qpdf_oh action = qpdf_oh_get_key(q, a, "/A");
			qpdf_oh uri = qpdf_oh_get_key_if_dict(q, action, "/URI");
			qpdf_oh dest = qpdf_oh_get_key(q, a, "/Dest");
			char *text = NULL;
			if (qpdf_oh_is_string(q, uri) && is_file_link(qpdf_oh_get_utf8_value(q, uri)))
				text = to_goto_remote(q, action, fi);
			else if (qpdf_oh_is_string(q, uri))
				text = xstrdup(qpdf_oh_get_utf8_value(q, uri));
			else if (qpdf_oh_is_string(q, dest) || qpdf_oh_is_name(q, dest))
				text = describe_dest(fi, qpdf_oh_is_name(q, dest)
							 ? qpdf_oh_get_name(q, dest) + 1
							 : qpdf_oh_get_utf8_value(q, dest));
			else
				text = describe_dest(fi, "");
			set_text(q, a, "/Contents", text);
			free(text);
		}
	}
}

/* What cairo writes that PDF/A-2 does not allow: /Interpolate true on
 * images (6.2.8), embedded CIDFontType2 fonts without /CIDToGIDMap
 * (6.2.11.3.2; cairo's subsets number CIDs by glyph, so it is Identity). */
static void fix_resources(qpdf_data q)
{
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
	int n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	for (int id = 1; id < n; id++) {
		qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
		qpdf_oh d = qpdf_oh_is_stream(q, o) ? qpdf_oh_get_dict(q, o) : o;
		if (!qpdf_oh_is_dictionary(q, d)) {
			qpdf_oh_release(q, o);
			continue;
		}
		qpdf_oh sub = qpdf_oh_get_key(q, d, "/Subtype");
		if (qpdf_oh_is_name_and_equals(q, sub, "/Image") && qpdf_oh_has_key(q, d, "/Interpolate"))
			qpdf_oh_remove_key(q, d, "/Interpolate");
		else if (qpdf_oh_is_name_and_equals(q, sub, "/CIDFontType2") &&
			 !qpdf_oh_has_key(q, d, "/CIDToGIDMap") && !skip("cidtogid"))
			set_name(q, d, "/CIDToGIDMap", "/Identity");
		qpdf_oh_release(q, sub);
		qpdf_oh_release(q, d);
		qpdf_oh_release(q, o);
	}
}

/* cairo gives the outline root a negative /Count, which only items may
 * have: the root counts its visible items. */
static void fix_outline(qpdf_data q, qpdf_oh root)
{
	qpdf_oh outlines = qpdf_oh_get_key(q, root, "/Outlines");
	if (!qpdf_oh_is_dictionary(q, outlines))
		return;
	idset seen = { 0 };
	long long visible = 0;
	for (qpdf_oh it = qpdf_oh_get_key(q, outlines, "/First");
	     qpdf_oh_is_dictionary(q, it) && idset_add(&seen, qpdf_oh_get_object_id(q, it));
	     it = qpdf_oh_get_key(q, it, "/Next")) {
		qpdf_oh c = qpdf_oh_get_key(q, it, "/Count");
		long long open = qpdf_oh_is_integer(q, c) ? qpdf_oh_get_int_value(q, c) : 0;
		visible += 1 + (open > 0 ? open : 0);
	}
	idset_free(&seen);
	if (visible > 0)
		qpdf_oh_replace_key(q, outlines, "/Count",
				    qpdf_oh_new_integer(q, visible));
	else
		qpdf_oh_remove_key(q, outlines, "/Count");
}

bool finish_pdf(const char *pdf, size_t len, FILE *out, const finish_info *fi)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	bool ok = false;
	if ((qpdf_read_memory(q, "cairo's PDF", pdf, len, NULL) & QPDF_ERRORS) ||
	    qpdf_failed(q, "reading"))
		goto done;
	qpdf_oh root = qpdf_get_root(q);
	if (fi->language && *fi->language && !skip("lang"))
		set_text(q, root, "/Lang", fi->language);
	qpdf_oh prefs = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, !skip("title")));
	qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
	qpdf_oh mark = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, mark, "/Marked", qpdf_oh_new_bool(q, true));
	qpdf_oh_replace_key(q, root, "/MarkInfo", mark);
	set_metadata(q, root, fi);
	if (!add_output_intent(q, root, fi->icc_path))
		goto done;
	set_alts(q, root, fi);
	if (fi->layout && !skip("tagtree") && !tagtree_fix(q, root, fi->layout))
		goto done;
	fix_annotations(q, fi);
	fix_outline(q, root);
	fix_resources(q);
	if (!skip("artifacts"))
		mark_artifacts(q);
	if (qpdf_failed(q, "editing"))
		goto done;

	if ((qpdf_init_write_memory(q) & QPDF_ERRORS) || qpdf_failed(q, "writing"))
		goto done;
	qpdf_set_object_stream_mode(q, qpdf_o_generate);
	qpdf_set_compress_streams(q, true);
	/* cairo's streams are compressed already: copy them as they are
	 * rather than inflate and deflate them again (the rewritten
	 * contents have no filter and are compressed) */
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_set_linearization(q, true);
	qpdf_set_deterministic_ID(q, true);
	/* PDF/A-2 6.1.7.1: an end-of-line marker before every endstream */
	qpdf_set_newline_before_endstream(q, !skip("endstream-eol"));
	if ((qpdf_write(q) & QPDF_ERRORS) || qpdf_failed(q, "writing"))
		goto done;
	/* write errors stay on out, where out_commit reports them */
	fwrite(qpdf_get_buffer(q), 1, qpdf_get_buffer_length(q), out);
	ok = true;
done:
	while (qpdf_more_warnings(q))
		qpdf_next_warning(q);   /* cairo's files give none; drop them */
	qpdf_cleanup(&q);
	return ok;
}
