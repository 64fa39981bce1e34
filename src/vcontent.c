/* vcontent: a content-stream tokenizer, the marked-content stack, and the
 * fonts: TrueType tables (head, maxp, hhea, hmtx, cmap) and ToUnicode maps
 * read once per font, each shown code checked as it is shown; a font's
 * fault is reported once. */
#include "vcontent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- fonts --------------------------------------------------------- */

enum {
	F_WIDTH = 1, F_MISSING = 2, F_NOTDEF = 4, F_UNICODE = 8, F_BADUNI = 16, F_CODE = 32
};

typedef struct {
	int id;
	bool type3, cid;
	int bytes;              /* bytes per code: 2 for Type0, else 1 */
	unsigned char *tu;      /* per code: 0 no ToUnicode entry, 1 good, 2 bad value */
	size_t n_codes;
	double *width;          /* dict width per code (simple) or CID (Type0); NAN: none */
	double dw;              /* Type0 /DW */
	int first_char;
	bool program;           /* a TrueType program was read */
	unsigned upem, num_glyphs, n_hmetrics;
	unsigned short *adv;    /* per glyph, font units */
	unsigned short *cmap;   /* simple fonts: Unicode (BMP) -> glyph, from (3,1) */
	unsigned short *c2g;    /* a /CIDToGIDMap stream, or NULL: Identity */
	size_t n_c2g;
	unsigned reported;
} vfont;

struct vfonts {
	vfont *v;
	size_t n, cap;
	struct form_use { int id, uses; bool mcid; } *forms;
	size_t n_forms;
};

vfonts *vfonts_new(void)
{
	return xcalloc(1, sizeof(vfonts));
}

void vfonts_free(vfonts *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].tu);
		free(f->v[i].width);
		free(f->v[i].adv);
		free(f->v[i].cmap);
		free(f->v[i].c2g);
	}
	free(f->v);
	free(f->forms);
	free(f);
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* The table tag of an sfnt in d[n], or NULL; *len its length. */
static const unsigned char *sfnt_table(const unsigned char *d, size_t n, const char *tag,
				       size_t *len)
{
	if (n < 12)
		return NULL;
	unsigned tables = be16(d + 4);
	for (unsigned i = 0; i < tables && 12 + 16 * (size_t)(i + 1) <= n; i++) {
		const unsigned char *r = d + 12 + 16 * i;
		unsigned long off = be32(r + 8), l = be32(r + 12);
		if (memcmp(r, tag, 4) == 0 && off <= n && l <= n - off) {
			*len = l;
			return d + off;
		}
	}
	return NULL;
}

/* head, maxp, hhea, hmtx and the (3,1) cmap of a TrueType program; false
 * when the tables are not there or not readable. */
static bool read_program(vfont *f, const unsigned char *d, size_t n, bool *has_cmap)
{
	size_t lh, lm, lhh, lx, lc;
	const unsigned char *head = sfnt_table(d, n, "head", &lh);
	const unsigned char *maxp = sfnt_table(d, n, "maxp", &lm);
	const unsigned char *hhea = sfnt_table(d, n, "hhea", &lhh);
	const unsigned char *hmtx = sfnt_table(d, n, "hmtx", &lx);
	const unsigned char *cmap = sfnt_table(d, n, "cmap", &lc);
	*has_cmap = false;
	if (!head || lh < 20 || !maxp || lm < 6 || !hhea || lhh < 36 || !hmtx)
		return false;
	f->upem = be16(head + 18);
	f->num_glyphs = be16(maxp + 4);
	f->n_hmetrics = be16(hhea + 34);
	if (f->upem == 0 || f->n_hmetrics == 0 || (size_t)f->n_hmetrics * 4 > lx)
		return false;
	f->adv = xmalloc((f->num_glyphs + 1) * sizeof *f->adv);
	for (unsigned g = 0; g < f->num_glyphs; g++)
		f->adv[g] = (unsigned short)be16(hmtx + 4 * (g < f->n_hmetrics ? g : f->n_hmetrics - 1));
	if (!cmap || lc < 4)
		return true;
	unsigned subtables = be16(cmap + 2);
	for (unsigned i = 0; i < subtables && 4 + 8 * (size_t)(i + 1) <= lc; i++) {
		const unsigned char *r = cmap + 4 + 8 * i;
		unsigned platform = be16(r), encoding = be16(r + 2);
		unsigned long off = be32(r + 4);
		if ((platform == 3 && encoding == 1) || (platform == 1 && encoding == 0))
			*has_cmap = true;
		if (!(platform == 3 && encoding == 1) || off + 14 > lc || be16(cmap + off) != 4)
			continue;
		const unsigned char *t = cmap + off;
		size_t tl = lc - off;
		unsigned segs = be16(t + 6) / 2;
		if (16 + 8 * (size_t)segs > tl)
			continue;
		const unsigned char *ends = t + 14, *starts = ends + 2 * segs + 2;
		const unsigned char *deltas = starts + 2 * segs, *ranges = deltas + 2 * segs;
		free(f->cmap);
		f->cmap = xcalloc(65536, sizeof *f->cmap);
		for (unsigned s = 0; s < segs; s++) {
			unsigned end = be16(ends + 2 * s), start = be16(starts + 2 * s);
			unsigned delta = be16(deltas + 2 * s), range = be16(ranges + 2 * s);
			for (unsigned u = start; u <= end && u < 0xffff; u++) {
				unsigned g;
				if (range == 0) {
					g = (u + delta) & 0xffff;
				} else {
					size_t at = (size_t)(ranges + 2 * s - t) + range + 2 * (u - start);
					g = at + 2 <= tl ? be16(t + at) : 0;
					if (g)
						g = (g + delta) & 0xffff;
				}
				f->cmap[u] = (unsigned short)g;
			}
		}
	}
	return true;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The bytes of the hex string at *p (after '<'), up to '>'. */
static size_t hex_bytes(const char **p, const char *end, unsigned char *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *p < end && **p != '>'; (*p)++) {
		int v = hexval((unsigned char)**p);
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (n < cap)
				out[n++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0 && n < cap)
		out[n++] = (unsigned char)(hi << 4);
	if (*p < end)
		(*p)++;
	return n;
}

/* 1 for a good Unicode value (UTF-16BE), 2 for none or a bad one
 * (empty, U+0000, U+FEFF, U+FFFE: PDF/A-2 6.2.11.7.2). */
static unsigned char uni_state(const unsigned char *u, size_t n)
{
	if (n < 2)
		return 2;
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned c = be16(u + i);
		if (c == 0 || c == 0xfeff || c == 0xfffe)
			return 2;
	}
	return 1;
}

static const char *skip_to(const char *p, const char *end, char c)
{
	while (p < end && *p != c)
		p++;
	return p;
}

/* Reads bfchar and bfrange sections of a ToUnicode CMap into f->tu. */
static void read_tounicode(vfont *f, const char *s, size_t n)
{
	const char *end = s + n;
	f->n_codes = f->bytes == 2 ? 65536 : 256;
	f->tu = xcalloc(f->n_codes, 1);
	unsigned char a[8], b[8], u[512];
	for (const char *p = s; p < end;) {
		const char *bc = strstr(p, "beginbf");
		if (!bc || bc >= end)
			break;
		bool range = strncmp(bc, "beginbfrange", 12) == 0;
		const char *stop = strstr(bc, range ? "endbfrange" : "endbfchar");
		if (!stop)
			stop = end;
		p = bc + 12;
		for (;;) {
			p = skip_to(p, stop, '<');
			if (p >= stop)
				break;
			p++;
			size_t na = hex_bytes(&p, stop, a, sizeof a);
			unsigned long lo = 0, hi;
			for (size_t i = 0; i < na; i++)
				lo = lo << 8 | a[i];
			hi = lo;
			if (range) {
				p = skip_to(p, stop, '<');
				if (p >= stop)
					break;
				p++;
				size_t nb = hex_bytes(&p, stop, b, sizeof b);
				hi = 0;
				for (size_t i = 0; i < nb; i++)
					hi = hi << 8 | b[i];
			}
			while (p < stop && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
				p++;
			if (p < stop && *p == '[') {
				for (unsigned long c = lo; c <= hi; c++) {
					p = skip_to(p, stop, '<');
					if (p >= stop)
						break;
					p++;
					size_t nu = hex_bytes(&p, stop, u, sizeof u);
					if (c < f->n_codes)
						f->tu[c] = uni_state(u, nu);
				}
				p = skip_to(p, stop, ']');
				continue;
			}
			if (p >= stop || *p != '<')
				break;
			p++;
			size_t nu = hex_bytes(&p, stop, u, sizeof u);
			unsigned char st = uni_state(u, nu);
			for (unsigned long c = lo; c <= hi && c < f->n_codes; c++)
				f->tu[c] = st;
		}
		p = stop;
	}
}

static double num(qpdf_data q, qpdf_oh o, double def)
{
	return qpdf_oh_is_number(q, o) ? qpdf_oh_get_numeric_value(q, o) : def;
}

static unsigned char *stream_bytes(qpdf_data q, qpdf_oh s, size_t *len)
{
	unsigned char *buf = NULL;
	*len = 0;
	if (!qpdf_oh_is_stream(q, s) ||
	    (qpdf_oh_get_stream_data(q, s, qpdf_dl_generalized, NULL, &buf, len) & QPDF_ERRORS)) {
		free(buf);
		*len = 0;
		return NULL;
	}
	return buf;
}

/* The dictionary rules of a font, and its tables for the glyph checks. */
static void load_font(vcheck *c, vfont *f, qpdf_oh font, int page_no)
{
	qpdf_data q = c->q;
	int id = f->id;
	qpdf_oh sub = qpdf_oh_get_key(q, font, "/Subtype");
	if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Type"), "/Font"))
		vfail(c, "PDF/A 6.2.11.2-1", id, "a font dictionary on page %d has no /Type /Font", page_no);
	static const char *const types[] = { "/Type0", "/Type1", "/MMType1", "/Type3", "/TrueType", NULL };
	bool known = false;
	for (int i = 0; types[i] && !known; i++)
		known = qpdf_oh_is_name_and_equals(q, sub, types[i]);
	if (!known)
		vfail(c, "PDF/A 6.2.11.2-2", id, "a font on page %d has no valid /Subtype", page_no);
	f->type3 = qpdf_oh_is_name_and_equals(q, sub, "/Type3");
	f->cid = qpdf_oh_is_name_and_equals(q, sub, "/Type0");
	f->bytes = f->cid ? 2 : 1;
	if (f->type3)
		return;
	if (!qpdf_oh_is_name(q, qpdf_oh_get_key(q, font, "/BaseFont")))
		vfail(c, "PDF/A 6.2.11.2-3", id, "a font on page %d has no /BaseFont", page_no);
	qpdf_oh desc = qpdf_oh_get_key(q, font, "/FontDescriptor");
	qpdf_oh cidfont = 0;
	if (f->cid) {
		cidfont = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
		desc = qpdf_oh_get_key_if_dict(q, cidfont, "/FontDescriptor");
		if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Encoding"), "/Identity-H"))
			vfail(c, "PDF/A 6.2.11.3.1-1", id, "a Type0 font on page %d uses another CMap than Identity-H, which satz never writes", page_no);
	} else {
		qpdf_oh fc = qpdf_oh_get_key(q, font, "/FirstChar"), lc = qpdf_oh_get_key(q, font, "/LastChar");
		qpdf_oh w = qpdf_oh_get_key(q, font, "/Widths");
		if (!qpdf_oh_is_integer(q, fc))
			vfail(c, "PDF/A 6.2.11.2-4", id, "a simple font on page %d has no /FirstChar", page_no);
		if (!qpdf_oh_is_integer(q, lc))
			vfail(c, "PDF/A 6.2.11.2-5", id, "a simple font on page %d has no /LastChar", page_no);
		int first = qpdf_oh_is_integer(q, fc) ? qpdf_oh_get_int_value_as_int(q, fc) : 0;
		int last = qpdf_oh_is_integer(q, lc) ? qpdf_oh_get_int_value_as_int(q, lc) : -1;
		int nw = qpdf_oh_is_array(q, w) ? qpdf_oh_get_array_n_items(q, w) : -1;
		if (nw != last - first + 1)
			vfail(c, "PDF/A 6.2.11.2-6", id, "the /Widths of a font on page %d do not match /FirstChar and /LastChar", page_no);
		f->first_char = first;
		f->width = xmalloc(256 * sizeof *f->width);
		for (int i = 0; i < 256; i++)
			f->width[i] = NAN;
		for (int i = 0; i < nw && first + i < 256; i++)
			if (first + i >= 0)
				f->width[first + i] = num(q, qpdf_oh_get_array_item(q, w, i), NAN);
	}
	qpdf_oh program = 0;
	bool embedded = false, tt = false;
	if (qpdf_oh_is_dictionary(q, desc)) {
		static const char *const keys[] = { "/FontFile", "/FontFile2", "/FontFile3" };
		for (int i = 0; i < 3; i++)
			if (qpdf_oh_is_stream(q, qpdf_oh_get_key(q, desc, keys[i]))) {
				embedded = true;
				program = qpdf_oh_get_key(q, desc, keys[i]);
				tt = i == 1;
			}
	}
	if (!embedded) {
		vfail(c, "PDF/A 6.2.11.4.1-1", id, "a font on page %d is not embedded", page_no);
		return;
	}
	if (!qpdf_oh_is_stream(q, qpdf_oh_get_key(q, font, "/ToUnicode")))
		vfail(c, "PDF/A 6.2.11.7.2-1", id, "a font on page %d has no /ToUnicode map", page_no);
	if (f->cid) {
		qpdf_oh c2g = qpdf_oh_get_key(q, cidfont, "/CIDToGIDMap");
		bool cff = qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, cidfont, "/Subtype"), "/CIDFontType0");
		if (!cff && !qpdf_oh_is_name_and_equals(q, c2g, "/Identity") && !qpdf_oh_is_stream(q, c2g))
			vfail(c, "PDF/A 6.2.11.3.2-1", qpdf_oh_get_object_id(q, cidfont),
			      "a CIDFontType2 font on page %d has no /CIDToGIDMap (/Identity or a stream)", page_no);
		if (qpdf_oh_is_stream(q, c2g)) {
			size_t len;
			unsigned char *m = stream_bytes(q, c2g, &len);
			f->n_c2g = len / 2;
			f->c2g = xmalloc((f->n_c2g + 1) * sizeof *f->c2g);
			for (size_t i = 0; i < f->n_c2g; i++)
				f->c2g[i] = (unsigned short)be16(m + 2 * i);
			free(m);
		}
		f->dw = num(q, qpdf_oh_get_key(q, cidfont, "/DW"), 1000);
		f->width = xmalloc(65536 * sizeof *f->width);
		for (int i = 0; i < 65536; i++)
			f->width[i] = f->dw;
		qpdf_oh w = qpdf_oh_get_key(q, cidfont, "/W");
		int n = qpdf_oh_is_array(q, w) ? qpdf_oh_get_array_n_items(q, w) : 0;
		for (int i = 0; i + 1 < n;) {
			int c1 = (int)num(q, qpdf_oh_get_array_item(q, w, i), -1);
			qpdf_oh next = qpdf_oh_get_array_item(q, w, i + 1);
			if (qpdf_oh_is_array(q, next)) {
				int m = qpdf_oh_get_array_n_items(q, next);
				for (int k = 0; k < m; k++)
					if (c1 + k >= 0 && c1 + k < 65536)
						f->width[c1 + k] = num(q, qpdf_oh_get_array_item(q, next, k), f->dw);
				i += 2;
			} else if (i + 2 < n) {
				int c2 = (int)num(q, next, -1);
				double wv = num(q, qpdf_oh_get_array_item(q, w, i + 2), f->dw);
				for (int k = c1; k <= c2 && k < 65536; k++)
					if (k >= 0)
						f->width[k] = wv;
				i += 3;
			} else {
				break;
			}
		}
	} else {
		qpdf_oh flags = qpdf_oh_get_key(q, desc, "/Flags");
		long fl = qpdf_oh_is_integer(q, flags) ? (long)qpdf_oh_get_int_value(q, flags) : 0;
		bool symbolic = fl & 4;
		qpdf_oh enc = qpdf_oh_get_key(q, font, "/Encoding");
		if (tt && symbolic && qpdf_oh_has_key(q, font, "/Encoding"))
			vfail(c, "PDF/A 6.2.11.6-3", id, "a symbolic TrueType font on page %d has an /Encoding", page_no);
		if (tt && !symbolic && !qpdf_oh_is_name_and_equals(q, enc, "/WinAnsiEncoding") &&
		    !qpdf_oh_is_name_and_equals(q, enc, "/MacRomanEncoding"))
			vfail(c, "PDF/A 6.2.11.6-2", id, "a non-symbolic TrueType font on page %d is neither WinAnsi- nor MacRoman-encoded", page_no);
	}
	qpdf_oh tu = qpdf_oh_get_key(q, font, "/ToUnicode");
	if (qpdf_oh_is_stream(q, tu)) {
		size_t len;
		unsigned char *m = stream_bytes(q, tu, &len);
		if (m) {
			char *text = xmalloc(len + 1);   /* NUL-terminated for strstr */
			memcpy(text, m, len);
			text[len] = '\0';
			read_tounicode(f, text, strlen(text));
			free(text);
		}
		free(m);
	}
	if (!tt)
		return;
	size_t len;
	unsigned char *prog = stream_bytes(q, program, &len);
	bool has_cmap = false;
	f->program = prog && read_program(f, prog, len, &has_cmap);
	if (!f->program)
		vfail(c, "PDF/A 6.2.11.4.1-2", id, "the TrueType program of a font on page %d cannot be read", page_no);
	else if (!f->cid && !has_cmap)
		vfail(c, "PDF/A 6.2.11.6-1", id, "a non-symbolic TrueType font on page %d has no (3,1) or (1,0) cmap", page_no);
	if (f->program && qpdf_oh_is_dictionary(q, desc) && qpdf_oh_is_stream(q, qpdf_oh_get_key(q, desc, "/CIDSet"))) {
		size_t sl;
		unsigned char *set = stream_bytes(q, qpdf_oh_get_key(q, desc, "/CIDSet"), &sl);
		bool whole = true;
		for (size_t g = 0; g < sl * 8; g++) {
			bool bit = set[g / 8] & (0x80 >> (g % 8));
			if (bit != (g < f->num_glyphs))
				whole = false;
		}
		if (!whole || sl * 8 < f->num_glyphs)
			vfail(c, "PDF/A 6.2.11.4.2-2", id, "the /CIDSet of a font on page %d does not list exactly the glyphs of its program", page_no);
		free(set);
	}
	free(prog);
}

static vfont *font_of(vcheck *c, vfonts *fs, qpdf_oh font, int page_no)
{
	int id = qpdf_oh_get_object_id(c->q, font);
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].id == id && id > 0)
			return &fs->v[i];
	if (fs->n == fs->cap)
		fs->v = xrealloc(fs->v, (fs->cap = fs->cap ? fs->cap * 2 : 16) * sizeof *fs->v);
	vfont *f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	f->id = id;
	load_font(c, f, font, page_no);
	return f;
}

/* WinAnsiEncoding's codes 0x80-0x9f in Unicode; 0: none. */
static const unsigned short win_ansi[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
	0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013,
	0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

static void font_fault(vcheck *c, vfont *f, unsigned bit, const char *rule, const char *what,
		       unsigned code, int page_no)
{
	if (f->reported & bit)
		return;
	f->reported |= bit;
	vfail(c, rule, f->id, "a font shows code %u on page %d: %s (reported once per font)",
	      code, page_no, what);
}

/* One shown code: its Unicode mapping, its glyph, its width. */
static void show_code(vcheck *c, vfont *f, unsigned code, int page_no)
{
	if (f->type3)
		return;
	if (f->tu) {
		unsigned char st = code < f->n_codes ? f->tu[code] : 0;
		if (st == 0)
			font_fault(c, f, F_UNICODE, "PDF/A 6.2.11.7.2-1", "no ToUnicode entry", code, page_no);
		else if (st == 2)
			font_fault(c, f, F_BADUNI, "PDF/A 6.2.11.7.2-2",
				   "its ToUnicode value is empty, U+0000, U+FEFF or U+FFFE", code, page_no);
	}
	if (!f->program)
		return;
	unsigned gid;
	double dict_w;
	if (f->cid) {
		gid = f->c2g ? (code < f->n_c2g ? f->c2g[code] : 0) : code;
		dict_w = f->width[code & 0xffff];
	} else {
		unsigned u = code >= 0x80 && code < 0xa0 ? win_ansi[code - 0x80]
			     : code == 0xa0 ? 0x20 : code == 0xad ? 0x2d : code;
		gid = f->cmap && u ? f->cmap[u] : 0;
		dict_w = f->width[code & 0xff];
		if (gid == 0 && u) {
			font_fault(c, f, F_MISSING, "PDF/A 6.2.11.4.1-2",
				   "the program's (3,1) cmap has no glyph for it", code, page_no);
			return;
		}
	}
	if (gid == 0) {
		font_fault(c, f, F_NOTDEF, "PDF/A 6.2.11.8-1", "it shows .notdef", code, page_no);
		return;
	}
	if (gid >= f->num_glyphs) {
		font_fault(c, f, F_MISSING, "PDF/A 6.2.11.4.1-2", "its glyph is not in the program",
			   code, page_no);
		return;
	}
	double prog_w = f->adv[gid] * 1000.0 / f->upem;
	if (isnan(dict_w) || fabs(dict_w - prog_w) > 1)
		font_fault(c, f, F_WIDTH, "PDF/A 6.2.11.5-1",
			   "its width in the font dictionary differs from the program's by more than 1/1000",
			   code, page_no);
}

/* --- content streams ------------------------------------------------- */

typedef enum { T_NUM, T_NAME, T_STR, T_OPEN_ARR, T_CLOSE_ARR, T_OPEN_DICT, T_CLOSE_DICT, T_OP } tkind;

typedef struct {
	tkind kind;
	const unsigned char *p;
	size_t n;
} token;

static bool space(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool delim(unsigned char c)
{
	return strchr("()<>[]{}/%", c) != NULL;
}

/* The next token of s[*at, n); false at the end or on bytes it cannot
 * read. */
static bool next_token(const unsigned char *s, size_t n, size_t *at, token *t)
{
	size_t i = *at;
	for (;;) {
		while (i < n && space(s[i]))
			i++;
		if (i < n && s[i] == '%') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
			continue;
		}
		break;
	}
	if (i >= n) {
		*at = i;
		return false;
	}
	size_t b = i;
	unsigned char c = s[i];
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
		t->kind = T_STR;
	} else if (c == '<' && i + 1 < n && s[i + 1] == '<') {
		i += 2;
		t->kind = T_OPEN_DICT;
	} else if (c == '>' && i + 1 < n && s[i + 1] == '>') {
		i += 2;
		t->kind = T_CLOSE_DICT;
	} else if (c == '<') {
		while (i < n && s[i] != '>')
			i++;
		if (i >= n)
			return false;
		i++;
		t->kind = T_STR;
	} else if (c == '[' || c == ']') {
		i++;
		t->kind = c == '[' ? T_OPEN_ARR : T_CLOSE_ARR;
	} else if (c == '{' || c == '}' || c == ')' || c == '>') {
		return false;
	} else if (c == '/') {
		for (i++; i < n && !space(s[i]) && !delim(s[i]); i++)
			;
		t->kind = T_NAME;
	} else {
		for (; i < n && !space(s[i]) && !delim(s[i]); i++)
			;
		t->kind = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ? T_NUM : T_OP;
		if (t->kind == T_OP && i - b == 2 && memcmp(s + b, "BI", 2) == 0) {
			/* an inline image: its data runs to "EI" between spaces */
			for (; i + 2 < n; i++)
				if (space(s[i]) && s[i + 1] == 'E' && s[i + 2] == 'I' &&
				    (i + 3 == n || space(s[i + 3])))
					break;
			if (i + 2 >= n)
				return false;
			i += 3;
			t->p = s + b;
			t->n = 2;
			*at = i;
			return true;
		}
	}
	t->p = s + b;
	t->n = i - b;
	*at = i;
	return true;
}

/* The bytes of a string token. */
static size_t string_bytes(const token *t, unsigned char *out)
{
	const unsigned char *p = t->p, *e = t->p + t->n;
	size_t n = 0;
	if (*p == '<') {
		int hi = -1;
		for (p++; p < e && *p != '>'; p++) {
			int v = hexval(*p);
			if (v < 0)
				continue;
			if (hi < 0) {
				hi = v;
			} else {
				out[n++] = (unsigned char)(hi << 4 | v);
				hi = -1;
			}
		}
		if (hi >= 0)
			out[n++] = (unsigned char)(hi << 4);
		return n;
	}
	for (p++, e--; p < e; p++) {
		if (*p != '\\') {
			out[n++] = *p;
			continue;
		}
		if (++p >= e)
			break;
		if (*p >= '0' && *p <= '7') {
			int v = 0;
			for (int k = 0; k < 3 && p < e && *p >= '0' && *p <= '7'; k++, p++)
				v = v * 8 + (*p - '0');
			p--;
			out[n++] = (unsigned char)v;
		} else if (*p == '\r' || *p == '\n') {
			if (*p == '\r' && p + 1 < e && p[1] == '\n')
				p++;
		} else {
			const char *from = "nrtbf", *to = "\n\r\t\b\f";
			const char *k = strchr(from, *p);
			out[n++] = k ? (unsigned char)to[k - from] : *p;
		}
	}
	return n;
}

static bool is_op(const token *t, const char *op)
{
	size_t n = strlen(op);
	return t->kind == T_OP && t->n == n && memcmp(t->p, op, n) == 0;
}

static bool is_name_tok(const token *t, const char *name)
{
	size_t n = strlen(name);
	return t->kind == T_NAME && t->n == n && memcmp(t->p, name, n) == 0;
}

typedef struct {
	bool artifact, mcid;
} mframe;

typedef struct {
	vcheck *c;
	vfonts *fonts;
	int page_no;
	vmcids *mcids;
	mframe stack[64];
	int depth;             /* marked content */
	int overflow;          /* levels beyond the stack */
	int q;                 /* graphics state */
	int max_q;
	long unmarked;         /* painting operations outside marked content */
	bool nesting_reported[2];
	bool form_mcid;        /* the stream read is a form and holds an MCID */
} reader;

static void add_mcid(vmcids *m, int id)
{
	if (m->n == m->cap)
		m->v = xrealloc(m->v, (m->cap = m->cap ? m->cap * 2 : 64) * sizeof *m->v);
	m->v[m->n++] = id;
}

static void read_stream(reader *r, const unsigned char *s, size_t n, qpdf_oh res, int level);

static void show_string(reader *r, vfont *f, const token *t)
{
	if (!f)
		return;
	unsigned char *b = xmalloc(t->n + 1);
	size_t n = string_bytes(t, b);
	for (size_t i = 0; i + (size_t)f->bytes <= n; i += (size_t)f->bytes)
		show_code(r->c, f, f->bytes == 2 ? be16(b + i) : b[i], r->page_no);
	free(b);
}

static qpdf_oh resource(vcheck *c, qpdf_oh res, const char *kind, const token *name)
{
	char key[128];
	size_t n = name->n < sizeof key - 1 ? name->n : sizeof key - 1;
	memcpy(key, name->p, n);
	key[n] = '\0';
	return qpdf_oh_get_key_if_dict(c->q, qpdf_oh_get_key_if_dict(c->q, res, kind), key);
}

static void do_xobject(reader *r, qpdf_oh res, const token *name, int level)
{
	qpdf_data q = r->c->q;
	qpdf_oh x = resource(r->c, res, "/XObject", name);
	if (!qpdf_oh_is_stream(q, x))
		return;
	qpdf_oh d = qpdf_oh_get_dict(q, x);
	if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/Subtype"), "/Form") || level > 16) {
		bool marked = false;   /* an image */
		for (int i = 0; i < r->depth && i < 64 && !marked; i++)
			marked = r->stack[i].mcid || r->stack[i].artifact;
		if (!marked)
			r->unmarked++;
		return;
	}
	size_t len;
	unsigned char *data = stream_bytes(q, x, &len);
	qpdf_oh fres = qpdf_oh_get_key(q, d, "/Resources");
	bool outer = r->form_mcid;
	r->form_mcid = false;
	read_stream(r, data, len, qpdf_oh_is_dictionary(q, fres) ? fres : res, level + 1);
	/* a form whose content is tagged may be drawn once only (Matterhorn 30-002) */
	int id = qpdf_oh_get_object_id(q, x);
	vfonts *fs = r->fonts;
	size_t i = 0;
	while (i < fs->n_forms && fs->forms[i].id != id)
		i++;
	if (i == fs->n_forms) {
		fs->forms = xrealloc(fs->forms, (fs->n_forms + 1) * sizeof *fs->forms);
		fs->forms[fs->n_forms++] = (struct form_use){ id, 0, r->form_mcid };
	}
	if (++fs->forms[i].uses == 2 && fs->forms[i].mcid)
		vfail(r->c, "Matterhorn 30-002", id, "a form XObject with tagged content is drawn more than once");
	r->form_mcid = outer || r->form_mcid;
	free(data);
}

static void read_stream(reader *r, const unsigned char *s, size_t n, qpdf_oh res, int level)
{
	vcheck *c = r->c;
	token ops[512];
	size_t nops = 0, at = 0;
	token t;
	vfont *font = NULL;
	static const char *const paint[] = { "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh",
					     "BI", "Tj", "TJ", "'", "\"", NULL };
	while (next_token(s, n, &at, &t)) {
		if (t.kind != T_OP) {
			if (nops < sizeof ops / sizeof *ops)
				ops[nops++] = t;
			continue;
		}
		bool begin = is_op(&t, "BDC") || is_op(&t, "BMC");
		if (begin) {
			bool artifact = nops > 0 && is_name_tok(&ops[0], "/Artifact");
			bool mcid = false;
			for (size_t i = 1; i < nops; i++)
				if (is_name_tok(&ops[i], "/MCID") && i + 1 < nops && ops[i + 1].kind == T_NUM) {
					mcid = true;
					if (level == 0)
						add_mcid(r->mcids, atoi((const char *)ops[i + 1].p));
					else
						r->form_mcid = true;
				}
			bool in_mcid = false, in_artifact = false;
			for (int i = 0; i < r->depth && i < 64; i++) {
				in_mcid |= r->stack[i].mcid;
				in_artifact |= r->stack[i].artifact;
			}
			if (artifact && in_mcid && !r->nesting_reported[0]) {
				r->nesting_reported[0] = true;
				vfail(c, "Matterhorn 01-003", 0, "page %d has an artifact inside tagged content", r->page_no);
			}
			if (mcid && in_artifact && !r->nesting_reported[1]) {
				r->nesting_reported[1] = true;
				vfail(c, "Matterhorn 01-004", 0, "page %d has tagged content inside an artifact", r->page_no);
			}
			if (r->depth < 64)
				r->stack[r->depth] = (mframe){ artifact, mcid };
			r->depth++;
		} else if (is_op(&t, "EMC")) {
			if (r->depth > 0)
				r->depth--;
		} else if (is_op(&t, "q")) {
			if (++r->q > r->max_q)
				r->max_q = r->q;
		} else if (is_op(&t, "Q")) {
			r->q--;
		} else if (is_op(&t, "Tf") && nops >= 2 && ops[0].kind == T_NAME) {
			qpdf_oh f = resource(c, res, "/Font", &ops[0]);
			font = qpdf_oh_is_dictionary(c->q, f) ? font_of(c, r->fonts, f, r->page_no) : NULL;
		} else if (is_op(&t, "Do") && nops >= 1 && ops[0].kind == T_NAME) {
			do_xobject(r, res, &ops[0], level);
		}
		bool marked = false;   /* inside tagged content or an artifact */
		for (int i = 0; i < r->depth && i < 64 && !marked; i++)
			marked = r->stack[i].mcid || r->stack[i].artifact;
		for (int i = 0; paint[i]; i++)
			if (is_op(&t, paint[i]) && !marked)
				r->unmarked++;
		if (is_op(&t, "Tj") || is_op(&t, "'") || is_op(&t, "\"") || is_op(&t, "TJ"))
			for (size_t i = 0; i < nops; i++)
				if (ops[i].kind == T_STR)
					show_string(r, font, &ops[i]);
		nops = 0;
	}
	if (at < n)
		vfail(c, "ISO 32000-1 7.8.2", 0, "the content of page %d cannot be read to its end", r->page_no);
}

void vcontent_page(vcheck *c, vfonts *f, qpdf_oh page, int page_no, vmcids *mcids)
{
	unsigned char *data = NULL;
	size_t len = 0;
	if (qpdf_oh_get_page_content_data(c->q, page, &data, &len) & QPDF_ERRORS) {
		free(data);
		vfail(c, "ISO 32000-1 7.8.2", qpdf_oh_get_object_id(c->q, page),
		      "the content of page %d cannot be read", page_no);
		return;
	}
	reader r = { .c = c, .fonts = f, .page_no = page_no, .mcids = mcids };
	read_stream(&r, data, len, qpdf_oh_get_key(c->q, page, "/Resources"), 0);
	free(data);
	if (r.unmarked > 0)
		vfail(c, "Matterhorn 01-005", qpdf_oh_get_object_id(c->q, page),
		      "page %d has %ld painting operations neither tagged nor marked as artifacts",
		      page_no, r.unmarked);
	if (r.max_q > 28)
		vfail(c, "PDF/A 6.1.13-8", qpdf_oh_get_object_id(c->q, page),
		      "page %d nests q more than 28 deep (%d)", page_no, r.max_q);
	if (r.depth != 0)
		vfail(c, "ISO 32000-1 14.6", qpdf_oh_get_object_id(c->q, page),
		      "page %d leaves marked content open", page_no);
}
