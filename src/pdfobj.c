/* pdfobj: a PDF's objects in memory; reading cairo's file, writing values. */
/* memmem */
#define _GNU_SOURCE 1
#include "pdfobj.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- characters ------------------------------------------------------- */

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static bool is_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
	       c == '{' || c == '}' || c == '/' || c == '%';
}

static bool is_regular(unsigned char c)
{
	return !is_ws(c) && !is_delim(c);
}

/* --- values ----------------------------------------------------------- */

pval pv_null(void) { return (pval){ .kind = PV_NULL }; }
pval pv_bool(bool b) { return (pval){ .kind = PV_BOOL, .u.b = b }; }
pval pv_int(long long i) { return (pval){ .kind = PV_INT, .u.i = i }; }
pval pv_ref(int num) { return (pval){ .kind = PV_REF, .u.i = num }; }

pval pv_name(pdoc *d, const char *name)
{
	size_t n = strlen(name);
	return (pval){ .kind = PV_NAME, .n = (uint32_t)n, .u.s = arena_strndup(d->a, name, n) };
}

pval pv_string(pdoc *d, const char *bytes, size_t n)
{
	return (pval){ .kind = PV_STRING, .n = (uint32_t)n, .u.s = arena_strndup(d->a, bytes, n) };
}

/* PDFDocEncoding (ISO 32000-1 D.2) where it differs from Latin-1: bytes
 * 0x18-0x1f and 0x80-0xa0; 0 marks a byte it leaves undefined. */
static const unsigned short pdfdoc_high[] = {
	0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,   /* 0x80 */
	0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018,
	0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,   /* 0x90 */
	0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0,
	0x20ac,                                                           /* 0xa0 */
};
static const unsigned short pdfdoc_low[] = {
	0x02d8, 0x02c7, 0x02c6, 0x02d9, 0x02dd, 0x02db, 0x02da, 0x02dc,   /* 0x18 */
};

/* The PDFDocEncoding byte of cp, or -1. */
static int pdfdoc_byte(unsigned cp)
{
	if ((cp >= 0x20 && cp < 0x7f) || cp == '\t' || cp == '\n' || cp == '\r' ||
	    (cp >= 0xa1 && cp <= 0xff && cp != 0xad))
		return (int)cp;
	for (int i = 0; i < 33; i++)
		if (pdfdoc_high[i] && pdfdoc_high[i] == cp)
			return 0x80 + i;
	for (int i = 0; i < 8; i++)
		if (pdfdoc_low[i] == cp)
			return 0x18 + i;
	return -1;
}

static unsigned pdfdoc_char(unsigned char b)
{
	if (b >= 0x80 && b <= 0xa0)
		return pdfdoc_high[b - 0x80] ? pdfdoc_high[b - 0x80] : 0xfffd;
	if (b >= 0x18 && b <= 0x1f)
		return pdfdoc_low[b - 0x18];
	return b;
}

/* PDFDocEncoding when every character has a byte there, else UTF-16BE
 * with its byte order mark (as qpdf writes text strings). */
pval pv_text(pdoc *d, const char *utf8)
{
	strbuf b = { 0 };
	bool doc = true;
	for (const char *p = utf8; *p && doc;) {
		unsigned cp;
		p += utf8_decode(p, &cp);
		int c = pdfdoc_byte(cp);
		if (c < 0)
			doc = false;
		else
			sb_addc(&b, (char)c);
	}
	if (!doc) {
		b.len = 0;
		sb_add(&b, "\xfe\xff", 2);
		for (const char *p = utf8; *p;) {
			unsigned cp;
			p += utf8_decode(p, &cp);
			if (cp >= 0x10000) {
				cp -= 0x10000;
				unsigned hi = 0xd800 + (cp >> 10), lo = 0xdc00 + (cp & 0x3ff);
				char u[4] = { (char)(hi >> 8), (char)hi, (char)(lo >> 8), (char)lo };
				sb_add(&b, u, 4);
			} else {
				char u[2] = { (char)(cp >> 8), (char)cp };
				sb_add(&b, u, 2);
			}
		}
	}
	pval v = pv_string(d, b.s ? b.s : "", b.len);
	sb_free(&b);
	return v;
}

pval pv_array(pdoc *d, uint32_t cap)
{
	cap = cap ? cap : 4;
	return (pval){ .kind = PV_ARRAY, .cap = cap, .u.v = arena_alloc(d->a, cap * sizeof(pval)) };
}

pval pv_dict(pdoc *d, uint32_t cap)
{
	cap = cap ? cap : 4;
	return (pval){ .kind = PV_DICT, .cap = cap,
		       .u.v = arena_alloc(d->a, 2 * cap * sizeof(pval)) };
}

/* Room for one more item (pair) in v, moved to a larger place. */
static void make_room(pdoc *d, pval *v, size_t per)
{
	if (v->n < v->cap)
		return;
	uint32_t cap = v->cap ? v->cap * 2 : 4;
	pval *nv = arena_alloc(d->a, per * cap * sizeof(pval));
	if (v->n)
		memcpy(nv, v->u.v, per * v->n * sizeof(pval));
	v->u.v = nv;
	v->cap = cap;
}

void pv_push(pdoc *d, pval *array, pval item)
{
	make_room(d, array, 1);
	array->u.v[array->n++] = item;
}

static bool name_is(const pval *v, const char *name, size_t n)
{
	return v->kind == PV_NAME && v->n == n && memcmp(v->u.s, name, n) == 0;
}

bool pv_is_name(const pval *v, const char *name)
{
	return v && name_is(v, name, strlen(name));
}

pval *pv_get(const pval *dict, const char *key)
{
	if (!dict || dict->kind != PV_DICT)
		return NULL;
	size_t n = strlen(key);
	for (uint32_t i = 0; i < dict->n; i++)
		if (name_is(&dict->u.v[2 * i], key, n))
			return &dict->u.v[2 * i + 1];
	return NULL;
}

void pv_set(pdoc *d, pval *dict, const char *key, pval v)
{
	pval *old = pv_get(dict, key);
	if (old) {
		*old = v;
		return;
	}
	make_room(d, dict, 2);
	dict->u.v[2 * dict->n] = pv_name(d, key);
	dict->u.v[2 * dict->n + 1] = v;
	dict->n++;
}

void pv_del(pval *dict, const char *key)
{
	size_t n = strlen(key);
	for (uint32_t i = 0; dict && dict->kind == PV_DICT && i < dict->n; i++)
		if (name_is(&dict->u.v[2 * i], key, n)) {
			memmove(dict->u.v + 2 * i, dict->u.v + 2 * i + 2,
				2 * (dict->n - i - 1) * sizeof(pval));
			dict->n--;
			return;
		}
}

pval *pdf_deref(const pdoc *d, pval *v)
{
	if (!v || v->kind != PV_REF)
		return v;
	if (v->u.i <= 0 || v->u.i >= d->n)
		return NULL;
	return &d->obj[v->u.i]->v;
}

pval *pdf_get(const pdoc *d, const pval *dict, const char *key)
{
	return pdf_deref(d, pv_get(dict, key));
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *pv_bytes(pdoc *d, const pval *s, size_t *n)
{
	if (!s || s->kind != PV_STRING) {
		*n = 0;
		return "";
	}
	if (!s->raw) {
		*n = s->n;
		return s->u.s;
	}
	const unsigned char *p = (const unsigned char *)s->u.s, *end = p + s->n;
	char *out = arena_alloc(d->a, s->n + 1);
	size_t k = 0;
	if (*p == '<') {
		int hi = -1;
		for (p++; p < end && *p != '>'; p++) {
			int h = hex_value(*p);
			if (h < 0)
				continue;
			if (hi < 0) {
				hi = h;
			} else {
				out[k++] = (char)(hi * 16 + h);
				hi = -1;
			}
		}
		if (hi >= 0)
			out[k++] = (char)(hi * 16);
	} else {
		for (p++, end--; p < end; p++) {
			if (*p != '\\') {
				if (*p == '\r') {   /* an end of line in a string is \n */
					if (p + 1 < end && p[1] == '\n')
						p++;
					out[k++] = '\n';
				} else {
					out[k++] = (char)*p;
				}
				continue;
			}
			if (++p >= end)
				break;
			switch (*p) {
			case 'n': out[k++] = '\n'; break;
			case 'r': out[k++] = '\r'; break;
			case 't': out[k++] = '\t'; break;
			case 'b': out[k++] = '\b'; break;
			case 'f': out[k++] = '\f'; break;
			case '\r':
				if (p + 1 < end && p[1] == '\n')
					p++;
				break;
			case '\n': break;
			default:
				if (*p >= '0' && *p <= '7') {
					int v = 0;
					for (int i = 0; i < 3 && p < end && *p >= '0' && *p <= '7'; i++, p++)
						v = v * 8 + (*p - '0');
					p--;
					out[k++] = (char)v;
				} else {
					out[k++] = (char)*p;
				}
			}
		}
	}
	out[k] = '\0';
	*n = k;
	return out;
}

const char *pv_utf8(pdoc *d, const pval *s)
{
	size_t n;
	const unsigned char *b = (const unsigned char *)pv_bytes(d, s, &n);
	strbuf o = { 0 };
	if (n < 2 || b[0] != 0xfe || b[1] != 0xff) {
		/* PDFDocEncoding */
		bool ascii = true;
		for (size_t i = 0; i < n && ascii; i++)
			ascii = b[i] >= 0x20 && b[i] < 0x80;
		if (ascii)
			return (const char *)b;
		for (size_t i = 0; i < n; i++) {
			char u[4];
			sb_add(&o, u, (size_t)utf8_encode(pdfdoc_char(b[i]), u));
		}
		const char *r = arena_strndup(d->a, o.s ? o.s : "", o.len);
		sb_free(&o);
		return r;
	}
	for (size_t i = 2; i + 1 < n; i += 2) {
		unsigned cp = (unsigned)b[i] << 8 | b[i + 1];
		if (cp >= 0xd800 && cp < 0xdc00 && i + 3 < n) {
			unsigned lo = (unsigned)b[i + 2] << 8 | b[i + 3];
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			i += 2;
		}
		char u[4];
		sb_add(&o, u, (size_t)utf8_encode(cp, u));
	}
	const char *r = arena_strndup(d->a, o.s ? o.s : "", o.len);
	sb_free(&o);
	return r;
}

/* --- objects ---------------------------------------------------------- */

static void grow_objects(pdoc *d, int need)
{
	if (need <= d->cap)
		return;
	int cap = d->cap ? d->cap : 1024;
	while (cap < need)
		cap *= 2;
	d->obj = xrealloc(d->obj, (size_t)cap * sizeof *d->obj);
	pobj *fresh = arena_alloc(d->a, (size_t)(cap - d->cap) * sizeof *fresh);
	for (int i = d->cap; i < cap; i++)
		d->obj[i] = &fresh[i - d->cap];
	d->cap = cap;
}

int pdf_add(pdoc *d, pval v)
{
	if (d->n == 0)
		d->n = 1;
	grow_objects(d, d->n + 1);
	d->obj[d->n]->v = v;
	return d->n++;
}

static void own(pdoc *d, unsigned char *data)
{
	if (!data)
		return;
	if (d->n_owned == d->cap_owned)
		d->owned = xrealloc(d->owned, (d->cap_owned = d->cap_owned ? d->cap_owned * 2 : 64) *
					      sizeof *d->owned);
	d->owned[d->n_owned++] = data;
}

int pdf_add_stream(pdoc *d, pval dict, unsigned char *data, size_t len)
{
	int num = pdf_add(d, dict);
	pdf_set_stream(d, num, data, len);
	return num;
}

void pdf_set_stream(pdoc *d, int num, unsigned char *data, size_t len)
{
	own(d, data);
	d->obj[num]->stream = true;
	d->obj[num]->data = data;
	d->obj[num]->len = len;
}

void pdf_free(pdoc *d)
{
	for (size_t i = 0; i < d->n_owned; i++)
		free(d->owned[i]);
	free(d->owned);
	free(d->obj);
	arena_free(d->a);
	memset(d, 0, sizeof *d);
}

size_t pdf_pages(const pdoc *d, int **pages)
{
	size_t n = 0, cap = 64, n_st = 0, cap_st = 64;
	*pages = xmalloc(cap * sizeof **pages);
	int *st = xmalloc(cap_st * sizeof *st);
	idset seen = { 0 };
	pval *root = pdf_get(d, &d->trailer, "Root");
	pval *top = root && root->kind == PV_DICT ? pv_get(root, "Pages") : NULL;
	if (top && top->kind == PV_REF)
		st[n_st++] = (int)top->u.i;
	while (n_st > 0) {
		int num = st[--n_st];
		if (num <= 0 || num >= d->n || !idset_add(&seen, num))
			continue;
		pval *node = &d->obj[num]->v;
		if (node->kind != PV_DICT)
			continue;
		if (pv_is_name(pv_get(node, "Type"), "Page")) {
			if (n == cap)
				*pages = xrealloc(*pages, (cap *= 2) * sizeof **pages);
			(*pages)[n++] = num;
			continue;
		}
		pval *kids = pdf_get(d, node, "Kids");
		for (uint32_t i = kids && kids->kind == PV_ARRAY ? kids->n : 0; i-- > 0;)
			if (kids->u.v[i].kind == PV_REF) {
				if (n_st == cap_st)
					st = xrealloc(st, (cap_st *= 2) * sizeof *st);
				st[n_st++] = (int)kids->u.v[i].u.i;
			}
	}
	idset_free(&seen);
	free(st);
	return n;
}

/* --- reading ---------------------------------------------------------- */

typedef struct {
	pdoc *d;
	const unsigned char *s, *end;
	const unsigned char *p;
	pval *stack;          /* items of the arrays and dictionaries being read */
	size_t n, cap;
	const char *error;
} reader;

static void skip_ws(reader *r)
{
	for (;;) {
		while (r->p < r->end && is_ws(*r->p))
			r->p++;
		if (r->p < r->end && *r->p == '%') {
			while (r->p < r->end && *r->p != '\n' && *r->p != '\r')
				r->p++;
			continue;
		}
		return;
	}
}

static void stack_push(reader *r, pval v)
{
	if (r->n == r->cap)
		r->stack = xrealloc(r->stack, (r->cap = r->cap ? r->cap * 2 : 256) * sizeof *r->stack);
	r->stack[r->n++] = v;
}

/* A non-negative integer at p, or -1; *after past it. */
static long long read_uint(const unsigned char *p, const unsigned char *end,
			   const unsigned char **after)
{
	long long v = 0;
	const unsigned char *b = p;
	while (p < end && *p >= '0' && *p <= '9' && v < (1LL << 50))
		v = v * 10 + (*p++ - '0');
	*after = p;
	return p == b || (p < end && is_regular(*p)) ? -1 : v;
}

static bool read_value(reader *r, pval *out, int depth);

static bool read_number(reader *r, pval *out)
{
	const unsigned char *b = r->p;
	bool real = false;
	while (r->p < r->end && is_regular(*r->p)) {
		real |= *r->p == '.';
		r->p++;
	}
	if (real || *b == '+' || (*b == '-' && (r->p - b < 2))) {
		*out = (pval){ .kind = PV_REAL, .n = (uint32_t)(r->p - b), .u.s = (const char *)b };
		return true;
	}
	long long v = 0;
	bool neg = *b == '-';
	for (const unsigned char *q = b + (neg || *b == '+'); q < r->p; q++) {
		if (*q < '0' || *q > '9') {
			r->error = "a malformed number";
			return false;
		}
		v = v * 10 + (*q - '0');
	}
	*out = pv_int(neg ? -v : v);
	if (neg)
		return true;
	/* "N G R": a reference */
	const unsigned char *q = r->p, *after;
	while (q < r->end && is_ws(*q))
		q++;
	if (q < r->end && *q >= '0' && *q <= '9' && read_uint(q, r->end, &after) >= 0) {
		q = after;
		while (q < r->end && is_ws(*q))
			q++;
		if (q < r->end && *q == 'R' && (q + 1 == r->end || !is_regular(q[1]))) {
			*out = pv_ref((int)v);
			r->p = q + 1;
		}
	}
	return true;
}

static bool read_container(reader *r, pval *out, bool dict, int depth)
{
	size_t base = r->n;
	for (;;) {
		skip_ws(r);
		if (r->p >= r->end) {
			r->error = "an unterminated array or dictionary";
			return false;
		}
		if (dict && r->p + 1 < r->end && r->p[0] == '>' && r->p[1] == '>') {
			r->p += 2;
			break;
		}
		if (!dict && *r->p == ']') {
			r->p++;
			break;
		}
		pval v;
		if (!read_value(r, &v, depth + 1))
			return false;
		if (dict && (r->n - base) % 2 == 0 && v.kind != PV_NAME) {
			r->error = "a dictionary key that is no name";
			return false;
		}
		stack_push(r, v);
	}
	size_t n = r->n - base;
	if (dict && n % 2) {
		r->error = "a dictionary key without a value";
		return false;
	}
	uint32_t items = (uint32_t)(dict ? n / 2 : n);
	*out = (pval){ .kind = dict ? PV_DICT : PV_ARRAY, .n = items, .cap = items };
	if (n) {
		out->u.v = arena_alloc(r->d->a, n * sizeof(pval));
		memcpy(out->u.v, r->stack + base, n * sizeof(pval));
	}
	r->n = base;
	return true;
}

static bool read_value(reader *r, pval *out, int depth)
{
	skip_ws(r);
	if (depth > 64) {
		r->error = "arrays or dictionaries nested too deeply";
		return false;
	}
	if (r->p >= r->end) {
		r->error = "a value missing at the end";
		return false;
	}
	const unsigned char *b = r->p;
	unsigned char c = *b;
	if (c == '/') {
		for (r->p++; r->p < r->end && is_regular(*r->p); r->p++)
			;
		*out = (pval){ .kind = PV_NAME, .n = (uint32_t)(r->p - b - 1),
			       .u.s = (const char *)b + 1 };
		return true;
	}
	if (c == '(') {
		int level = 0;
		for (; r->p < r->end; r->p++) {
			if (*r->p == '\\')
				r->p++;
			else if (*r->p == '(')
				level++;
			else if (*r->p == ')' && --level == 0)
				break;
		}
		if (r->p >= r->end) {
			r->error = "an unterminated string";
			return false;
		}
		r->p++;
		*out = (pval){ .kind = PV_STRING, .raw = true, .n = (uint32_t)(r->p - b),
			       .u.s = (const char *)b };
		return true;
	}
	if (c == '<' && b + 1 < r->end && b[1] == '<') {
		r->p += 2;
		return read_container(r, out, true, depth);
	}
	if (c == '<') {
		while (r->p < r->end && *r->p != '>')
			r->p++;
		if (r->p >= r->end) {
			r->error = "an unterminated hex string";
			return false;
		}
		r->p++;
		*out = (pval){ .kind = PV_STRING, .raw = true, .n = (uint32_t)(r->p - b),
			       .u.s = (const char *)b };
		return true;
	}
	if (c == '[') {
		r->p++;
		return read_container(r, out, false, depth);
	}
	if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')
		return read_number(r, out);
	size_t left = (size_t)(r->end - b);
	if (left >= 4 && memcmp(b, "true", 4) == 0 && (left == 4 || !is_regular(b[4]))) {
		r->p += 4;
		*out = pv_bool(true);
		return true;
	}
	if (left >= 5 && memcmp(b, "false", 5) == 0 && (left == 5 || !is_regular(b[5]))) {
		r->p += 5;
		*out = pv_bool(false);
		return true;
	}
	if (left >= 4 && memcmp(b, "null", 4) == 0 && (left == 4 || !is_regular(b[4]))) {
		r->p += 4;
		*out = pv_null();
		return true;
	}
	r->error = "an unexpected token";
	return false;
}

/* Skips the keyword kw at r->p (after white space); false if absent. */
static bool keyword(reader *r, const char *kw)
{
	skip_ws(r);
	size_t n = strlen(kw);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, kw, n) != 0 ||
	    (r->p + n < r->end && is_regular(r->p[n])))
		return false;
	r->p += n;
	return true;
}

/* Where a stream that starts at data ends: its /Length, direct or in the
 * object that follows it (cairo writes "/Length M 0 R" and object M right
 * after the stream), checked against the endstream keyword; 0 when the
 * bytes are not all there yet. */
static bool stream_end(reader *r, const pval *dict, const unsigned char *data, size_t *len)
{
	const pval *l = pv_get(dict, "Length");
	if (l && l->kind == PV_INT && l->u.i >= 0) {
		if ((size_t)(r->end - data) < (size_t)l->u.i + 9)
			return false;
		*len = (size_t)l->u.i;
		return true;
	}
	if (!l || l->kind != PV_REF)
		return false;
	char head[32];
	int hn = snprintf(head, sizeof head, "\n%lld 0 obj", l->u.i);
	for (const unsigned char *p = data; p < r->end;) {
		const unsigned char *at = memmem(p, (size_t)(r->end - p), head, (size_t)hn);
		if (!at)
			return false;
		const unsigned char *after;
		const unsigned char *q = at + hn;
		while (q < r->end && is_ws(*q))
			q++;
		long long v = read_uint(q, r->end, &after);
		if (v >= 0 && (size_t)(at - data) >= (size_t)v) {
			const unsigned char *e = data + v;
			while (e < at && is_ws(*e))
				e++;
			if ((size_t)(at - e) >= 9 && memcmp(e, "endstream", 9) == 0) {
				*len = (size_t)v;
				return true;
			}
		}
		p = at + 1;
	}
	return false;
}

/* The object at r->p, complete within r->end; false when it is not all
 * there (r->error unset) or cannot be read (r->error set). */
static bool read_object(reader *r, int *num_out)
{
	const unsigned char *after;
	long long num = read_uint(r->p, r->end, &after);
	if (num <= 0 || num >= 8388608) {
		r->error = after < r->end ? "an object header without a number" : NULL;
		return false;
	}
	r->p = after;
	skip_ws(r);
	if (read_uint(r->p, r->end, &after) < 0) {
		r->error = after < r->end ? "an object header without a generation" : NULL;
		return false;
	}
	r->p = after;
	if (!keyword(r, "obj")) {
		r->error = r->end - r->p > 3 ? "an object header without 'obj'" : NULL;
		return false;
	}
	pval v;
	if (!read_value(r, &v, 0))
		return false;
	const unsigned char *data = NULL;
	size_t len = 0;
	if (keyword(r, "stream")) {
		if (v.kind != PV_DICT) {
			r->error = "a stream without a dictionary";
			return false;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		data = r->p;
		if (!stream_end(r, &v, data, &len))
			return false;
		r->p = data + len;
		if (!keyword(r, "endstream"))
			return false;
	}
	if (!keyword(r, "endobj"))
		return false;
	grow_objects(r->d, (int)num + 1);
	if ((int)num >= r->d->n)
		r->d->n = (int)num + 1;
	pobj *o = r->d->obj[num];
	o->v = v;
	o->stream = data != NULL;
	o->data = data;
	o->len = len;
	*num_out = (int)num;
	return true;
}

void pdf_begin(pdoc *d)
{
	memset(d, 0, sizeof *d);
	d->a = arena_new();
}

bool pdf_read_more(pdoc *d, const char *buf, size_t len, bool final, const char **error,
		   int **news, size_t *n_news)
{
	reader r = { .d = d, .s = (const unsigned char *)buf,
		     .end = (const unsigned char *)buf + len };
	size_t cap = 0;
	*error = NULL;
	*n_news = 0;
	*news = NULL;
	while (!d->read_done) {
		r.p = r.s + d->read_at;
		r.error = NULL;
		skip_ws(&r);
		if (r.p >= r.end)
			break;
		if (*r.p < '0' || *r.p > '9') {
			/* the end: cross-reference table, trailer, startxref */
			if (!final)
				break;
			const unsigned char *t = memmem(r.p, (size_t)(r.end - r.p), "trailer", 7);
			if (!t) {
				r.error = "no trailer";
				break;
			}
			r.p = t + 7;
			if (!read_value(&r, &d->trailer, 0) || d->trailer.kind != PV_DICT) {
				if (!r.error)
					r.error = "no trailer dictionary";
				break;
			}
			d->read_done = true;
			break;
		}
		int num;
		if (!read_object(&r, &num)) {
			if (final && !r.error)
				r.error = "an object cut short";
			break;
		}
		d->read_at = (size_t)(r.p - r.s);
		if (*n_news == cap)
			*news = xrealloc(*news, (cap = cap ? cap * 2 : 64) * sizeof **news);
		(*news)[(*n_news)++] = num;
	}
	if (final && !d->read_done && !r.error)
		r.error = "no trailer";
	free(r.stack);
	if (r.error) {
		*error = r.error;
		return false;
	}
	return true;
}

bool pdf_read(pdoc *d, const char *buf, size_t len)
{
	pdf_begin(d);
	const char *error;
	int *news;
	size_t n_news;
	bool ok = pdf_read_more(d, buf, len, true, &error, &news, &n_news);
	free(news);
	if (!ok)
		diag(DIAG_ERROR, (srcpos){ 0 }, "finishing the PDF failed: cairo's PDF has %s "
		     "(after byte %zu)", error, d->read_at);
	return ok;
}

/* --- writing ---------------------------------------------------------- */

static void sep(strbuf *b)
{
	if (b->len && is_regular((unsigned char)b->s[b->len - 1]))
		sb_addc(b, ' ');
}

void pv_write_int(strbuf *b, long long v)
{
	char tmp[24];
	int k = sizeof tmp;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--k] = '-';
	sb_add(b, tmp + k, sizeof tmp - (size_t)k);
}

static void add_string(strbuf *b, const unsigned char *s, size_t n)
{
	size_t odd = 0;
	for (size_t i = 0; i < n; i++)
		odd += s[i] < 32 || s[i] > 126;
	if (odd * 4 > n) {
		static const char hex[] = "0123456789abcdef";
		sb_addc(b, '<');
		for (size_t i = 0; i < n; i++) {
			char h[2] = { hex[s[i] >> 4], hex[s[i] & 15] };
			sb_add(b, h, 2);
		}
		sb_addc(b, '>');
		return;
	}
	sb_addc(b, '(');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '(' || c == ')' || c == '\\') {
			char e[2] = { '\\', (char)c };
			sb_add(b, e, 2);
		} else if (c < 32 || c > 126) {
			char e[4] = { '\\', (char)('0' + (c >> 6)), (char)('0' + ((c >> 3) & 7)),
				      (char)('0' + (c & 7)) };
			sb_add(b, e, 4);
		} else {
			sb_addc(b, (char)c);
		}
	}
	sb_addc(b, ')');
}

void pv_write(strbuf *b, const pval *v, const int *renumber, int n)
{
	switch (v->kind) {
	case PV_NULL: sep(b); sb_add(b, "null", 4); break;
	case PV_BOOL: sep(b); sb_adds(b, v->u.b ? "true" : "false"); break;
	case PV_INT: sep(b); pv_write_int(b, v->u.i); break;
	case PV_REAL: sep(b); sb_add(b, v->u.s, v->n); break;
	case PV_REF:
		sep(b);
		if (renumber && (v->u.i <= 0 || v->u.i >= n || renumber[v->u.i] <= 0)) {
			sb_add(b, "null", 4);   /* an object not written */
			break;
		}
		pv_write_int(b, renumber ? renumber[v->u.i] : v->u.i);
		sb_add(b, " 0 R", 4);
		break;
	case PV_NAME: sb_addc(b, '/'); sb_add(b, v->u.s, v->n); break;
	case PV_STRING:
		if (v->raw)
			sb_add(b, v->u.s, v->n);
		else
			add_string(b, (const unsigned char *)v->u.s, v->n);
		break;
	case PV_ARRAY:
		sb_addc(b, '[');
		for (uint32_t i = 0; i < v->n; i++)
			pv_write(b, &v->u.v[i], renumber, n);
		sb_addc(b, ']');
		break;
	case PV_DICT:
		sb_add(b, "<<", 2);
		for (uint32_t i = 0; i < v->n; i++) {
			pv_write(b, &v->u.v[2 * i], renumber, n);
			pv_write(b, &v->u.v[2 * i + 1], renumber, n);
		}
		sb_add(b, ">>", 2);
		break;
	}
}
