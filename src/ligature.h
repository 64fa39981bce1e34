/* ligature: the joints of German compounds where letters must not form a
 * ligature (Duden: "Auflage", "Dorfladen", "Kaufleute" are set without the
 * fl, ff at the joint, "offiziell", "Schiff" keep theirs), from a word list
 * like the hyphenation exceptions (styles/ligatures-de.txt).  para turns
 * each joint into a break between shaping runs, so the text itself stays
 * as written.  A lig_list owns its entries; lig_free releases them. */
#ifndef SATZ_LIGATURE_H
#define SATZ_LIGATURE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lig_list lig_list;

/* Reads the list: one entry a line, a word or stem with '|' at each joint
 * ("Auf|lage"), '#' comments, case ignored; an entry also matches inside
 * longer words ("Neuauflage").  NULL after diag() errors at file:line:col. */
lig_list *lig_load(const char *path);
void lig_free(lig_list *l);
/* The file it was read from, for dependency files. */
const char *lig_path(const lig_list *l);

/* Marks joints[i] for each byte offset i of text[0..len) where a ligature
 * must not join the character before i with the one at i (joints has len
 * + 1 entries, cleared here).  Returns how many were marked. */
size_t lig_joints(const lig_list *l, const char *text, size_t len, bool *joints);

/* The word with '|' at every joint, for `satz hyphenate --ligatures`;
 * the caller frees it. */
char *lig_show(const lig_list *l, const char *word);

#endif
