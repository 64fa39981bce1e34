/* vreport: what the checks of `satz verify` share: the file being checked
 * and the one format of a failed rule, "FILE: rule ID: message (object N)",
 * where ID names the rule in the standard's own list (Matterhorn Protocol
 * 1.1, veraPDF's PDF/UA-1 and PDF/A-2u rules, ISO 32000-1) or is one of
 * satz's own ("satz N").  docs/accessibility.md lists them all. */
#ifndef SATZ_VREPORT_H
#define SATZ_VREPORT_H

#include <qpdf/qpdf-c.h>

#include "base.h"

typedef struct {
	qpdf_data q;
	const char *path;
	int failures;
} vcheck;

/* Reports a failed rule; obj > 0 names the object. */
void vfail(vcheck *c, const char *rule, int obj, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A valid language tag (BCP 47 in outline: a 2-3 letter primary subtag,
 * then subtags of 1-8 letters or digits joined by '-'), as PDF/UA 7.2
 * asks of every /Lang. */
bool vlang_valid(const char *s);

#endif
