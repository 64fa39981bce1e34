/* style: the fields of running-head templates and heading numbers. */
#include "style.h"

#include <string.h>

const char *const style_fields[SF_COUNT + 1] = {
	"title", "subtitle", "publisher", "section", "page", "pages", "version", "date", NULL
};

/* ---- fields and numbers ------------------------------------------------ */

/* The SF_* of the field name of len bytes, or SF_COUNT. */
static int field_index(const char *name, size_t len)
{
	int f = 0;
	while (f < SF_COUNT && !(strlen(style_fields[f]) == len &&
				 strncmp(style_fields[f], name, len) == 0))
		f++;
	return f;
}

char *style_expand(arena *a, const char *tmpl, const char *const values[SF_COUNT])
{
	strbuf b = { 0 };
	for (const char *p = tmpl; *p; p++) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		int f = end ? field_index(p + 1, (size_t)(end - p - 1)) : SF_COUNT;
		if (f == SF_COUNT) {
			sb_addc(&b, *p);
			continue;
		}
		if (values[f])
			sb_adds(&b, values[f]);
		p = end;
	}
	char *s = arena_strdup(a, b.s ? b.s : "");
	sb_free(&b);
	return s;
}

static void add_roman(strbuf *b, int n, bool upper)
{
	static const struct { int v; const char *s; } r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" },
		{ 90, "xc" }, { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" },
		{ 4, "iv" }, { 1, "i" },
	};
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		for (; n >= r[i].v; n -= r[i].v)
			for (const char *s = r[i].s; *s; s++)
				sb_addc(b, upper ? (char)(*s - 'a' + 'A') : *s);
}

static void add_letters(strbuf *b, int n, bool upper)
{
	char buf[16];
	int k = 0;
	for (; n > 0 && k < 15; n = (n - 1) / 26)
		buf[k++] = (char)((upper ? 'A' : 'a') + (n - 1) % 26);
	while (k > 0)
		sb_addc(b, buf[--k]);
}

char *style_number(arena *a, const char *format, const int *counters, int level)
{
	strbuf b = { 0 };
	for (const char *p = format; *p; p++) {
		int lv = p[0] == '{' && p[1] >= '1' && p[1] <= '9' ? p[1] - '0' : 0;
		const char *end = lv ? strchr(p, '}') : NULL;
		if (!end || lv > level) {
			sb_addc(&b, *p);
			continue;
		}
		int n = counters[lv - 1];
		char how = p[2] == ':' ? p[3] : '1';
		if (how == 'i' || how == 'I')
			add_roman(&b, n, how == 'I');
		else if (how == 'a' || how == 'A')
			add_letters(&b, n, how == 'A');
		else
			sb_printf(&b, "%d", n);
		p = end;
	}
	char *s = arena_strdup(a, b.s ? b.s : "");
	sb_free(&b);
	return s;
}
