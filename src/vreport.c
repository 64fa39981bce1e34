/* vreport: failure lines and small helpers of the verify checks. */
#include "vreport.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void vfail(vcheck *c, const char *rule, int obj, const char *fmt, ...)
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

static bool alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool vlang_valid(const char *s)
{
	size_t i = 0;
	while (alpha(s[i]))
		i++;
	if (i < 2 || i > 3)
		return false;
	while (s[i] == '-') {
		size_t n = 0;
		for (i++; alpha(s[i]) || (s[i] >= '0' && s[i] <= '9'); i++)
			n++;
		if (n < 1 || n > 8)
			return false;
	}
	return s[i] == '\0';
}
