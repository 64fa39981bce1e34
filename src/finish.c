/* finish: cairo's PDF read into memory (pdfobj), completed to what
 * PDF/UA-1 and PDF/A-2u ask of the file (see docs/accessibility.md) and
 * written linearised (pdfwrite). */
#include "finish.h"
#include "pdfwrite.h"
#include "tagtree.h"

#include <pthread.h>
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

static void set_name(pdoc *d, pval *dict, const char *key, const char *name)
{
	pv_set(d, dict, key, pv_name(d, name));
}

static void set_text(pdoc *d, pval *dict, const char *key, const char *utf8)
{
	pv_set(d, dict, key, pv_text(d, utf8));
}

/* A text value of dict as UTF-8, copied; NULL when absent. */
static char *get_text(pdoc *d, const pval *dict, const char *key)
{
	pval *v = pdf_get(d, dict, key);
	if (!v || v->kind != PV_STRING)
		return NULL;
	return xstrdup(pv_utf8(d, v));
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

/* A new stream of a copy of data[len], without a filter. */
static int new_stream(pdoc *d, pval dict, const void *data, size_t len)
{
	unsigned char *copy = xmalloc(len ? len : 1);
	if (len)
		memcpy(copy, data, len);
	return pdf_add_stream(d, dict, copy, len);
}

/* Info with our producer and PDF dates, and the same in XMP. */
static void set_metadata(pdoc *d, pval *root, const finish_info *fi)
{
	pval *info = pdf_get(d, &d->trailer, "Info");
	if (!info || info->kind != PV_DICT) {
		int num = pdf_add(d, pv_dict(d, 8));
		pv_set(d, &d->trailer, "Info", pv_ref(num));
		info = &d->obj[num]->v;
	}
	char date[32];
	pdf_date(fi->date, date, sizeof date);
	pv_set(d, info, "CreationDate", pv_string(d, date, strlen(date)));
	pv_set(d, info, "ModDate", pv_string(d, date, strlen(date)));
	set_text(d, info, "Producer", fi->producer);
	char *title = get_text(d, info, "Title"), *author = get_text(d, info, "Author");
	char *subject = get_text(d, info, "Subject"), *keywords = get_text(d, info, "Keywords");
	if (skip("xmp-title")) {
		free(title);
		title = NULL;
	}
	strbuf x = { 0 };
	build_xmp(&x, title, author, subject, keywords, fi);
	pval md = pv_dict(d, 3);
	set_name(d, &md, "Type", "Metadata");
	set_name(d, &md, "Subtype", "XML");
	/* uncompressed, so that programs that do not read PDF find it */
	pv_set(d, root, "Metadata", pv_ref(new_stream(d, md, x.s, x.len)));
	sb_free(&x);
	free(title);
	free(author);
	free(subject);
	free(keywords);
}

static bool add_output_intent(pdoc *d, pval *root, const char *icc_path)
{
	strbuf b = { 0 };
	if (!read_file(icc_path, SIZE_MAX - 1, &b)) {
		diag(DIAG_ERROR, (srcpos){ 0 },
		     "cannot read the sRGB profile %s (install icc-profiles-free, or set SATZ_ICC)",
		     icc_path);
		return false;
	}
	if (b.len < 128 || memcmp(b.s + 36, "acsp", 4) != 0) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s is not an ICC profile", icc_path);
		sb_free(&b);
		return false;
	}
	size_t zlen;
	unsigned char *z = pdf_deflate(b.s, b.len, &zlen);
	sb_free(&b);
	pval icc = pv_dict(d, 3);
	pv_set(d, &icc, "N", pv_int(3));
	set_name(d, &icc, "Filter", "FlateDecode");
	int icc_num = pdf_add_stream(d, icc, z, zlen);
	pval oi = pv_dict(d, 5);
	set_name(d, &oi, "Type", "OutputIntent");
	set_name(d, &oi, "S", "GTS_PDFA1");
	set_text(d, &oi, "OutputConditionIdentifier", "sRGB IEC61966-2.1");
	set_text(d, &oi, "Info", "sRGB IEC61966-2.1");
	pv_set(d, &oi, "DestOutputProfile", pv_ref(icc_num));
	pval arr = pv_array(d, 1);
	pv_push(d, &arr, oi);
	pv_set(d, root, "OutputIntents", arr);
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

/* A stream's bytes without its filter (FlateDecode or none), appended
 * to out; false when it has another filter or does not inflate. */
static bool decode_stream(const pobj *o, strbuf *out)
{
	const pval *f = pv_get(&o->v, "Filter");
	if (f && f->kind == PV_ARRAY && f->n == 1)
		f = &f->u.v[0];
	if (!f || f->kind == PV_NULL) {
		if (o->len)
			sb_add(out, (const char *)o->data, o->len);
		return true;
	}
	if (!pv_is_name(f, "FlateDecode") || pv_get(&o->v, "DecodeParms"))
		return false;
	z_stream z = { 0 };
	if (inflateInit(&z) != Z_OK)
		return false;
	z.next_in = (Bytef *)o->data;
	z.avail_in = (uInt)o->len;
	int rc;
	do {
		size_t room = out->len < 8192 ? 16384 : out->len;
		if (out->cap < out->len + room + 1) {
			out->cap = out->len + room + 1;
			out->s = xrealloc(out->s, out->cap);
		}
		z.next_out = (Bytef *)out->s + out->len;
		z.avail_out = (uInt)room;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len += room - z.avail_out;
		out->s[out->len] = '\0';
	} while (rc == Z_OK);
	inflateEnd(&z);
	return rc == Z_STREAM_END;
}

/* Running heads, rules, fills and the watermark are drawn outside the
 * structure (draw.c): they become artifacts.  Page object pg's content,
 * rewritten; false when it cannot be read (it stays as it is). */
static void mark_page(pdoc *d, int pg)
{
	pval *c = pv_get(&d->obj[pg]->v, "Contents");
	if (!c)
		return;
	/* the content, one stream or an array of them */
	const pval *list = c->kind == PV_REF ? c : pdf_deref(d, c);
	uint32_t nc = list && list->kind == PV_ARRAY ? list->n : 1;
	strbuf data = { 0 };
	bool ok = true;
	for (uint32_t k = 0; k < nc && ok; k++) {
		const pval *r = list && list->kind == PV_ARRAY ? &list->u.v[k] : c;
		ok = r->kind == PV_REF && r->u.i > 0 && r->u.i < d->n &&
		     d->obj[r->u.i]->stream && decode_stream(d->obj[r->u.i], &data);
		if (nc > 1)
			sb_addc(&data, '\n');
	}
	strbuf out = { 0 };
	long n = ok ? finish_wrap_unmarked((const unsigned char *)(data.s ? data.s : ""),
					   data.len, &out) : -1;
	if (n > 0) {
		size_t zlen;
		unsigned char *z = pdf_deflate(out.s, out.len, &zlen);
		if (c->kind == PV_REF) {
			pobj *o = d->obj[c->u.i];
			pv_set(d, &o->v, "Filter", pv_name(d, "FlateDecode"));
			pv_del(&o->v, "DecodeParms");
			pdf_set_stream(d, (int)c->u.i, z, zlen);
		} else {
			pval dict = pv_dict(d, 2);
			pv_set(d, &dict, "Filter", pv_name(d, "FlateDecode"));
			int num = pdf_add_stream(d, dict, z, zlen);
			pv_set(d, &d->obj[pg]->v, "Contents", pv_ref(num));
		}
	}
	sb_free(&out);
	sb_free(&data);
}

/* Every page whose content is not marked yet (done[page], when done is
 * not NULL, says it is). */
static void mark_artifacts(pdoc *d, const unsigned char *done, size_t n_done)
{
	int *pages;
	size_t n_pages = pdf_pages(d, &pages);
	for (size_t i = 0; i < n_pages; i++)
		if (!done || (size_t)pages[i] >= n_done || !done[pages[i]])
			mark_page(d, pages[i]);
	free(pages);
}

/* Figure elements in structure order get the alternative texts in order. */
static void set_alts(pdoc *d, pval *root, const finish_info *fi)
{
	pval *str = pdf_get(d, root, "StructTreeRoot");
	if (!str || str->kind != PV_DICT)
		return;
	idset seen = { 0 };
	size_t cap = 64, top = 0, figure = 0;
	pval **stack = xmalloc(cap * sizeof *stack);
	pval *k0 = pv_get(str, "K");
	if (k0)
		stack[top++] = k0;
	while (top > 0) {
		pval *k = stack[--top];
		if (k->kind == PV_REF && !idset_add(&seen, (int)k->u.i))
			continue;
		k = pdf_deref(d, k);
		if (!k)
			continue;
		if (k->kind == PV_ARRAY) {
			for (uint32_t i = k->n; i-- > 0;) {
				if (top == cap)
					stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
				stack[top++] = &k->u.v[i];
			}
			continue;
		}
		if (k->kind != PV_DICT || !pv_get(k, "S"))
			continue;   /* MCIDs, marked-content and object references */
		if (pv_is_name(pdf_get(d, k, "S"), "Figure")) {
			if (figure < fi->n_alts && fi->alts[figure][0] && !skip("alt"))
				set_text(d, k, "Alt", fi->alts[figure]);
			figure++;
		}
		pval *kids = pv_get(k, "K");
		if (!kids)
			continue;
		if (top == cap)
			stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
		stack[top++] = kids;
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
static char *to_goto_remote(pdoc *d, pval *action, const finish_info *fi)
{
	char *path = xstrdup(pv_utf8(d, pdf_get(d, action, "URI")));
	pval spec = pv_dict(d, 3);
	set_name(d, &spec, "Type", "Filespec");
	pv_set(d, &spec, "F", pv_string(d, path, strlen(path)));
	set_text(d, &spec, "UF", path);
	pv_del(action, "URI");
	set_name(d, action, "S", "GoToR");
	pv_set(d, action, "F", spec);
	pval dest = pv_array(d, 2);
	pv_push(d, &dest, pv_int(0));
	pv_push(d, &dest, pv_name(d, "Fit"));
	pv_set(d, action, "D", dest);
	bool de = !fi->language || strncmp(fi->language, "de", 2) == 0;
	strbuf b = { 0 };
	sb_printf(&b, de ? "Öffnet das Dokument %s" : "Opens the document %s", path);
	free(path);
	return b.s;
}

/* /F 4 (print) on every annotation, /Contents on links, /Tabs /S on pages
 * with annotations; links to other PDFs become GoToR actions. */
static void fix_annotations(pdoc *d, const finish_info *fi)
{
	int *pages;
	size_t n_pages = pdf_pages(d, &pages);
	for (size_t i = 0; i < n_pages; i++) {
		pval *pg = &d->obj[pages[i]]->v;
		pval *annots = pdf_get(d, pg, "Annots");
		uint32_t n = annots && annots->kind == PV_ARRAY ? annots->n : 0;
		if (n == 0)
			continue;
		set_name(d, pg, "Tabs", "S");
		for (uint32_t k = 0; k < n; k++) {
			pval *a = pdf_deref(d, &annots->u.v[k]);
			if (!a || a->kind != PV_DICT)
				continue;
			if (!skip("flags"))
				pv_set(d, a, "F", pv_int(4));
			if (!pv_is_name(pdf_get(d, a, "Subtype"), "Link") || pv_get(a, "Contents") ||
			    skip("contents"))
				continue;
			pval *action = pdf_get(d, a, "A");
			pval *uri = action && action->kind == PV_DICT ? pdf_get(d, action, "URI") : NULL;
			pval *dest = pdf_get(d, a, "Dest");
			char *text = NULL;
			if (uri && uri->kind == PV_STRING && is_file_link(pv_utf8(d, uri)))
				text = to_goto_remote(d, action, fi);
			else if (uri && uri->kind == PV_STRING)
				text = xstrdup(pv_utf8(d, uri));
			else if (dest && dest->kind == PV_NAME)
				text = describe_dest(fi, arena_strndup(d->a, dest->u.s, dest->n));
			else if (dest && dest->kind == PV_STRING)
				text = describe_dest(fi, pv_utf8(d, dest));
			else
				text = describe_dest(fi, "");
			set_text(d, a, "Contents", text);
			free(text);
		}
	}
	free(pages);
}

/* What cairo writes that PDF/A-2 does not allow: /Interpolate true on
 * images (6.2.8), embedded CIDFontType2 fonts without /CIDToGIDMap
 * (6.2.11.3.2; cairo's subsets number CIDs by glyph, so it is Identity). */
static void fix_resources(pdoc *d)
{
	for (int num = 1; num < d->n; num++) {
		pval *o = &d->obj[num]->v;
		if (o->kind != PV_DICT)
			continue;
		pval *sub = pdf_get(d, o, "Subtype");
		if (pv_is_name(sub, "Image") && pv_get(o, "Interpolate"))
			pv_del(o, "Interpolate");
		else if (pv_is_name(sub, "CIDFontType2") && !pv_get(o, "CIDToGIDMap") &&
			 !skip("cidtogid"))
			set_name(d, o, "CIDToGIDMap", "Identity");
	}
}

/* cairo gives the outline root a negative /Count, which only items may
 * have: the root counts its visible items. */
static void fix_outline(pdoc *d, pval *root)
{
	pval *outlines = pdf_get(d, root, "Outlines");
	if (!outlines || outlines->kind != PV_DICT)
		return;
	idset seen = { 0 };
	long long visible = 0;
	for (pval *ref = pv_get(outlines, "First"); ref; ) {
		if (ref->kind == PV_REF && !idset_add(&seen, (int)ref->u.i))
			break;
		pval *it = pdf_deref(d, ref);
		if (!it || it->kind != PV_DICT)
			break;
		pval *c = pdf_get(d, it, "Count");
		long long open = c && c->kind == PV_INT ? c->u.i : 0;
		visible += 1 + (open > 0 ? open : 0);
		ref = pv_get(it, "Next");
	}
	idset_free(&seen);
	if (visible > 0)
		pv_set(d, outlines, "Count", pv_int(visible));
	else
		pv_del(outlines, "Count");
}

/* Deflates the streams cairo left plain (main.c asks it for plain
 * content): everything but the XMP metadata, which stays readable to
 * programs that do not read PDF. */
static void deflate_plain(pdoc *d)
{
	for (int num = 1; num < d->n; num++) {
		pobj *o = d->obj[num];
		if (!o->stream || o->v.kind != PV_DICT || pv_get(&o->v, "Filter") ||
		    pv_is_name(pv_get(&o->v, "Type"), "Metadata"))
			continue;
		size_t zlen;
		unsigned char *z = pdf_deflate(o->data, o->len, &zlen);
		pv_set(d, &o->v, "Filter", pv_name(d, "FlateDecode"));
		pdf_set_stream(d, num, z, zlen);
	}
}

/* What finishing adds to cairo's file, and the file written; done (may
 * be NULL) says which pages' content is marked already. */
static bool finish_doc(pdoc *d, const unsigned char *done, size_t n_done, FILE *out,
		       const finish_info *fi)
{
	pval *root = pdf_get(d, &d->trailer, "Root");
	if (!root || root->kind != PV_DICT) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "finishing the PDF failed: cairo's PDF has no catalog");
		return false;
	}
	if (fi->language && *fi->language && !skip("lang"))
		set_text(d, root, "Lang", fi->language);
	pval prefs = pv_dict(d, 1);
	pv_set(d, &prefs, "DisplayDocTitle", pv_bool(!skip("title")));
	pv_set(d, root, "ViewerPreferences", prefs);
	pval mark = pv_dict(d, 1);
	pv_set(d, &mark, "Marked", pv_bool(true));
	pv_set(d, root, "MarkInfo", mark);
	set_metadata(d, root, fi);
	if (!add_output_intent(d, root, fi->icc_path))
		return false;
	set_alts(d, root, fi);
	if (fi->layout && !skip("tagtree") && !tagtree_fix(d, root, fi->layout))
		return false;
	fix_annotations(d, fi);
	fix_outline(d, root);
	fix_resources(d);
	if (!skip("artifacts"))
		mark_artifacts(d, done, n_done);
	deflate_plain(d);
	/* PDF/A-2 6.1.7.1: an end-of-line marker before every endstream */
	return pdf_write_linear(d, out, !skip("endstream-eol"));
}

bool finish_pdf(const char *pdf, size_t len, FILE *out, const finish_info *fi)
{
	pdoc d;
	bool ok = pdf_read(&d, pdf, len) && finish_doc(&d, NULL, 0, out, fi);
	pdf_free(&d);
	return ok;
}

/* --- finishing while cairo writes ------------------------------------ */

struct finisher {
	const vbuf *raw;
	bool threaded;           /* a thread reads while cairo writes */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t published;        /* bytes of raw complete */
	bool final;
	pdoc d;
	const char *error;       /* reading failed (reported by finish_end) */
	bool artifacts;          /* mark them (not SATZ_FINISH_SKIP=artifacts) */
	unsigned char *done;     /* by page object: its content is marked */
	size_t n_done;
	int *pending;            /* pages whose content was not read yet */
	size_t n_pending, cap_pending;
};

/* Marks page pg's content if it is read; else pg waits in f->pending. */
static void try_page(finisher *f, int pg)
{
	pdoc *d = &f->d;
	pval *c = pv_get(&d->obj[pg]->v, "Contents");
	bool ready = c && c->kind == PV_REF && c->u.i > 0 && c->u.i < d->n &&
		     d->obj[c->u.i]->stream;
	if (!ready) {
		if (c && c->kind == PV_REF) {
			if (f->n_pending == f->cap_pending)
				f->pending = xrealloc(f->pending, (f->cap_pending = f->cap_pending
					? f->cap_pending * 2 : 16) * sizeof *f->pending);
			f->pending[f->n_pending++] = pg;
		}
		return;
	}
	/* cairo's content, once replaced, is never read again: its memory
	 * goes back (a 400-page document's content is megabytes) */
	pobj *content = d->obj[c->u.i];
	const unsigned char *old = content->data;
	size_t old_len = content->len;
	mark_page(d, pg);
	if (content->data != old)
		vbuf_drop(f->raw, old, old_len);
	if ((size_t)pg >= f->n_done) {
		size_t n = f->n_done ? f->n_done : 1024;
		while (n <= (size_t)pg)
			n *= 2;
		f->done = xrealloc(f->done, n);
		memset(f->done + f->n_done, 0, n - f->n_done);
		f->n_done = n;
	}
	f->done[pg] = 1;
}

/* Reads what cairo has written up to len and marks the pages that are
 * complete; false after a reading error (in f->error). */
static bool read_some(finisher *f, size_t len, bool final)
{
	int *news;
	size_t n_news;
	if (!pdf_read_more(&f->d, (const char *)f->raw->s, len, final, &f->error, &news, &n_news))
		return false;
	if (f->artifacts) {
		size_t waiting = f->n_pending;
		f->n_pending = 0;
		for (size_t i = 0; i < waiting; i++)
			try_page(f, f->pending[i]);
		for (size_t i = 0; i < n_news; i++) {
			pobj *o = f->d.obj[news[i]];
			if (!o->stream && o->v.kind == PV_DICT && pv_is_name(pv_get(&o->v, "Type"), "Page"))
				try_page(f, news[i]);
		}
	}
	free(news);
	return true;
}

static void *finisher_thread(void *arg)
{
	finisher *f = arg;
	size_t seen = 0;
	for (;;) {
		pthread_mutex_lock(&f->mu);
		while (f->published == seen && !f->final)
			pthread_cond_wait(&f->cv, &f->mu);
		size_t len = f->published;
		bool final = f->final;
		pthread_mutex_unlock(&f->mu);
		if (!read_some(f, len, final) || final)
			break;
		seen = len;
	}
	return NULL;
}

finisher *finish_begin(const vbuf *raw)
{
	finisher *f = xcalloc(1, sizeof *f);
	f->raw = raw;
	f->artifacts = !skip("artifacts");
	pdf_begin(&f->d);
	if (raw->fixed) {
		pthread_mutex_init(&f->mu, NULL);
		pthread_cond_init(&f->cv, NULL);
		f->threaded = pthread_create(&f->thread, NULL, finisher_thread, f) == 0;
		if (!f->threaded) {
			pthread_cond_destroy(&f->cv);
			pthread_mutex_destroy(&f->mu);
		}
	}
	return f;
}

void finish_feed(finisher *f)
{
	if (!f->threaded)
		return;
	pthread_mutex_lock(&f->mu);
	f->published = f->raw->len;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

/* Ends the thread (once cairo's file is complete, or after drawing
 * failed); true when the whole file was read. */
static bool finish_join(finisher *f)
{
	if (!f->threaded)
		return read_some(f, f->raw->len, true);
	pthread_mutex_lock(&f->mu);
	f->published = f->raw->len;
	f->final = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->thread, NULL);
	pthread_cond_destroy(&f->cv);
	pthread_mutex_destroy(&f->mu);
	f->threaded = false;
	return f->d.read_done;
}

bool finish_end(finisher *f, FILE *out, const finish_info *fi)
{
	bool ok = false;
	if (!f)
		return false;
	bool read = finish_join(f);
	if (out && fi) {
		if (!read)
			diag(DIAG_ERROR, (srcpos){ 0 }, "finishing the PDF failed: cairo's PDF has "
			     "%s (after byte %zu)", f->error ? f->error : "something unreadable",
			     f->d.read_at);
		else
			ok = finish_doc(&f->d, f->done, f->n_done, out, fi);
	}
	pdf_free(&f->d);
	free(f->done);
	free(f->pending);
	free(f);
	return ok;
}
