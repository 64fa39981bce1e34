/* fonts: the one font map of the process, holding only the fonts of the
 * project's fonts/ directory (no system fonts, no silent fallback), and the
 * pango context set up for PDF output.  Owned by the process; fonts_free
 * releases it. */
#ifndef SATZ_FONTS_H
#define SATZ_FONTS_H

#include <pango/pangocairo.h>
#include <stdbool.h>

/* dir: the fonts directory.  Returns false after reporting an error. */
bool fonts_init(const char *dir);
void fonts_free(void);
PangoContext *fonts_context(void);
/* A context like fonts_context() on a font map of its own, for shaping on
 * another thread (a font map is not thread-safe); the caller unrefs it. */
PangoContext *fonts_context_new(void);
/* The font of the process's font map for f, a font of another map (the
 * same face at the same size), so that cairo embeds one subset per face;
 * f itself when it is ours.  Main thread only; held until fonts_free. */
PangoFont *fonts_own(PangoFont *f);
const char *fonts_dir(void);
/* Whether the fonts directory provides this family. */
bool fonts_has_family(const char *family);
/* Whether no font of fonts/ has the character cp, so that it would print
 * as a box.  False before fonts_init. */
bool fonts_lack(unsigned cp);
/* The font files in use, for dependency files; NULL-terminated. */
const char *const *fonts_files(void);

#endif
