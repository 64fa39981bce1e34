/* hyphenate: German hyphenation by Liang's pattern algorithm over a compact
 * trie that src/tools/mkhyph compiles from TeX patterns at build time, with
 * the project's exception list used first.  A hyph_dict owns its mapping of
 * the data file and the exceptions; hyph_free releases them.  Strings that
 * hyph_show returns are the caller's to free. */
#ifndef SATZ_HYPHENATE_H
#define SATZ_HYPHENATE_H

#include <stdbool.h>
#include <stddef.h>

/* Defaults: letters before and after a break, and the shortest word that
 * is broken at all (in letters, not bytes). */
enum { HYPH_LEFT_MIN = 2, HYPH_RIGHT_MIN = 3, HYPH_MIN_WORD = 5 };

typedef struct hyph_dict hyph_dict;

/* Maps data_path (made by hyph_compile) and reads exceptions_path (may be
 * NULL): one word per line with its breaks, "Ge-samt-stra-te-gie", '#'
 * starts a comment.  Returns NULL after a diag() error about the data or a
 * missing exceptions file; a bad line in the exceptions is reported and
 * skipped. */
hyph_dict *hyph_load(const char *data_path, const char *exceptions_path);
void hyph_free(hyph_dict *d);

/* The files hyph_load read, NULL-terminated: prerequisites for --deps. */
const char *const *hyph_files(const hyph_dict *d);

/* Sets breaks[i] (for i < len; all others false) where a line may break
 * BEFORE byte i of the UTF-8 word, and returns the number of breaks.  The
 * line breaker adds a hyphen, except after an existing '-' or U+2010
 * ("Smart-|City") or a soft hyphen U+00AD (which it renders as '-').
 * left_min and right_min count letters (values below 1 count as 1).
 *
 * The word is lower-cased for lookup, so capitalised and all-caps words
 * break too.  Enclosing punctuation (quotes, brackets, ",;:!?" and one
 * final '.') is not part of the word.  No breaks in: words of fewer than
 * HYPH_MIN_WORD letters; abbreviations (all-caps words of at most 5
 * letters, "KfW", "GmbH", "eGovernment": capitals after the first letter
 * of a word that is not all-caps); anything with digits, '.', '/', '@',
 * other symbols or invalid UTF-8.  A word with inner hyphens or soft
 * hyphens breaks only after them; a leading or trailing hyphen
 * ("Kommunal-" in "Kommunal- und Kreisverwaltung") does not count as one. */
int hyph_word(const hyph_dict *d, const char *word, size_t len,
	      int left_min, int right_min, bool *breaks);

/* The word with '-' at every break (HYPH_LEFT_MIN, HYPH_RIGHT_MIN), as
 * "Ge-samt-stra-te-gie"; soft hyphens are left out.  Like TeX's
 * \showhyphens, for `satz hyphenate WORD...`. */
char *hyph_show(const hyph_dict *d, const char *word);

/* The build-time side, for src/tools/mkhyph: reads TeX hyphenation
 * patterns (the inside of \patterns{...}, or a plain list of patterns, one
 * or more a line, '%' comments) and writes the compact data file to
 * out_path (through a temporary file, so a running satz keeps its mapping
 * of the old one).  False after diag() errors. */
bool hyph_compile(const char *patterns_path, const char *out_path);

#endif
