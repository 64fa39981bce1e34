/* mkhyph: compiles TeX hyphenation patterns into the data file that satz
 * maps at run time (build/hyph-de.bin); run by the build. */
#include <stdio.h>

#include "base.h"
#include "hyphenate.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: mkhyph PATTERNS.pat OUT.bin\n", stderr);
		return 2;
	}
	return hyph_compile(argv[1], argv[2]) && diag_errors() == 0 ? 0 : 1;
}
