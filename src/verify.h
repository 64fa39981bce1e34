/* verify: checks the machine-checkable rules of PDF/UA-1 and PDF/A-2u in
 * a finished PDF with libqpdf (docs/accessibility.md lists them, and what
 * needs a person).  Nothing is kept between calls. */
#ifndef SATZ_VERIFY_H
#define SATZ_VERIFY_H

#include "base.h"

/* Prints "path: rule N.N: message (object N)" to stdout for every failed
 * rule; returns the number of failures, or -1 after reporting that the
 * file cannot be read. */
int verify_pdf(const char *path);

#endif
