/* sheet: reads style sheets (styles/NAME.yaml) into a struct style: the
 * extends chain, every value checked where it is written (stylekey), the
 * cascade onto the built-in defaults, and checks of the whole (sizes,
 * margins, fonts, logo); also what `satz styles` prints.  Results live in
 * the caller's arena. */
#ifndef SATZ_SHEET_H
#define SATZ_SHEET_H

#include "style.h"

/* Loads the sheet NAME.yaml from the first of dirs (NULL-terminated) that
 * has it, the sheets it extends, checks every value and resolves the
 * cascade onto the built-in defaults.  named_at is where the name was
 * given (file NULL: the command line).  fonts_init must have been called:
 * every family is checked against fonts/.  Returns NULL after reporting
 * every error. */
const style *sheet_load(arena *a, const char *const *dirs, const char *name,
			srcpos named_at);

/* Writes every key of the resolved sheet NAME with the file, line and
 * column its value came from, as `git config --show-origin` does.  False
 * after reporting errors (nothing is written then). */
bool sheet_print(arena *a, const char *const *dirs, const char *name, strbuf *out);

/* The style sheets in dirs: "name  description" lines, sorted. */
void sheet_list(arena *a, const char *const *dirs, strbuf *out);

/* The names of the sheets in dirs, sorted, without duplicates, NULL-ended. */
const char **sheet_names(arena *a, const char *const *dirs, size_t *n);
/* The font families of fonts/ a sheet may name, sorted, NULL-ended. */
const char **sheet_families(arena *a, size_t *n);

/* The built-in design alone (no sheet); static, never freed. */
const style *sheet_default(void);

#endif
