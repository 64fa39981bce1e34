/* inline: a one-pass scanner; emphasis toggles by flanking, links nest. */
#include "inline.h"

#include <glib.h>
#include <string.h>

typedef struct {
	arena *a;
	const char *src;
	size_t i;
	srcpos start;
	bool track;          /* columns can be computed from offsets */
	strbuf cur;          /* text of the span being built */
	srcpos cur_pos;
	unsigned flags;
	const char *href, *ref;
	const char *lang;    /* inside [text]{lang=xx} */
	srcpos target_pos;
	ispan *spans;
	size_t n, cap;
	srcpos emph_open, strong_open, link_open;
	bool in_link;
	int link_text_start; /* span index where the link text starts */
	size_t link_close;   /* offset of the ']' that ends the link text */
	size_t link_after;   /* offset after its "(target)" */
	bool in_note;        /* footnotes do not nest */
} parser;

static srcpos pos_at(const parser *p, size_t offset)
{
	srcpos pos = p->start;
	if (p->track)
		pos.col += (int)utf8_chars(p->src, offset);
	return pos;
}

static ispan *new_span(parser *p)
{
	/* grown on the heap, moved into the arena at its exact size when
	 * the text is parsed: most texts are one or two spans */
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->spans = xrealloc(p->spans, p->cap * sizeof *p->spans);
	}
	ispan *s = &p->spans[p->n++];
	memset(s, 0, sizeof *s);
	return s;
}

static void flush(parser *p)
{
	if (p->cur.len == 0)
		return;
	ispan *s = new_span(p);
	s->text = arena_strndup(p->a, p->cur.s, p->cur.len);
	s->len = p->cur.len;
	s->flags = p->flags;
	s->href = p->href;
	s->ref = p->ref;
	s->lang = p->lang;
	s->pos = p->cur_pos;
	s->target_pos = p->target_pos;
	p->cur.len = 0;
	p->cur.s[0] = '\0';
}

static void emit(parser *p, const char *s, size_t n)
{
	if (p->cur.len == 0)
		p->cur_pos = pos_at(p, p->i);
	sb_add(&p->cur, s, n);
}

static void emit_cp(parser *p, unsigned cp)
{
	char buf[4];
	emit(p, buf, (size_t)utf8_encode(cp, buf));
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The last character written, to decide which way a quote opens. */
static bool after_opening_context(const parser *p)
{
	if (p->i == 0)
		return true;
	char c = p->src[p->i - 1];
	return is_space(c) || c == '(' || c == '[' || c == '-' || c == '/' ||
	       c == '~' || c == '*';
}

static void set_flags(parser *p, unsigned flags)
{
	flush(p);
	p->flags = flags;
}

static bool toggle(parser *p, unsigned flag, size_t width, srcpos *open)
{
	const char *s = p->src;
	char before = p->i > 0 ? s[p->i - 1] : ' ';
	char after = s[p->i + width];
	bool can_open = after != '\0' && !is_space(after);
	bool can_close = p->i > 0 && !is_space(before);
	if (p->flags & flag) {
		if (!can_close)
			return false;
		set_flags(p, p->flags & ~flag);
	} else {
		if (!can_open)
			return false;
		set_flags(p, p->flags | flag);
		*open = pos_at(p, p->i);
	}
	p->i += width;
	return true;
}

static bool parse_inner(parser *outer, size_t from, size_t to, bool in_note,
			itext *out);

/* [@id], [@id:page], [@id:full], [@id:title]: a cross-reference. */
static bool xref(parser *p)
{
	const char *s = p->src;
	size_t j = p->i + 2, e = j;
	while (s[e] && s[e] != ']' && s[e] != ':' && !is_space(s[e]))
		e++;
	if (e == j) {
		diag(DIAG_ERROR, pos_at(p, p->i), "'[@' starts a cross-reference, but no id follows; "
		     "write [@id] or \\[ for a literal bracket");
		return false;
	}
	enum xref_form form = XREF_NUMBER;
	size_t k = e;
	if (s[e] == ':') {
		static const char *const forms[] = { "page", "full", "title" };
		size_t f = e + 1, fe = f;
		while (s[fe] && s[fe] != ']')
			fe++;
		bool found = false;
		for (int i = 0; i < 3; i++)
			if (fe - f == strlen(forms[i]) && strncmp(s + f, forms[i], fe - f) == 0) {
				form = (enum xref_form)(i + 1);
				found = true;
			}
		if (!found) {
			diag(DIAG_ERROR, pos_at(p, f), "unknown cross-reference form '%.*s'; "
			     "use [@id], [@id:page], [@id:full] or [@id:title]", (int)(fe - f), s + f);
			return false;
		}
		k = fe;
	}
	if (s[k] != ']') {
		diag(DIAG_ERROR, pos_at(p, p->i), "cross-reference '[@%.*s' not closed with ']'; "
		     "write [@id] with the id right before the ']'", (int)(e - j), s + j);
		return false;
	}
	flush(p);
	ispan *sp = new_span(p);
	sp->text = "";
	sp->flags = p->flags;
	sp->pos = pos_at(p, p->i);
	sp->target_pos = pos_at(p, j);
	sp->xref = arena_strndup(p->a, s + j, e - j);
	sp->xref_form = form;
	p->i = k + 1;
	return true;
}

/* ^[text]: a footnote; its text is parsed like the paragraph's. */
static bool footnote(parser *p)
{
	const char *s = p->src;
	srcpos at = pos_at(p, p->i);
	if (p->in_note) {
		diag(DIAG_ERROR, at, "a footnote inside a footnote; write \\^ for a literal caret");
		return false;
	}
	size_t j = p->i + 2;
	int depth = 0;
	for (; s[j]; j++) {
		if (s[j] == '\\' && s[j + 1])
			j++;
		else if (s[j] == '[')
			depth++;
		else if (s[j] == ']' && depth-- == 0)
			break;
	}
	if (!s[j]) {
		diag(DIAG_ERROR, at, "unclosed footnote '^['; close it with ']'");
		return false;
	}
	itext *note = arena_alloc(p->a, sizeof *note);
	if (!parse_inner(p, p->i + 2, j, true, note))
		return false;
	if (note->n == 0) {
		diag(DIAG_ERROR, at, "empty footnote; write its text inside ^[...]");
		return false;
	}
	flush(p);
	ispan *sp = new_span(p);
	sp->text = "";
	sp->flags = p->flags;
	sp->pos = at;
	sp->note = note;
	p->i = j + 1;
	if (s[p->i] == '{' && s[p->i + 1] == '#') {
		/* ^[text]{#id}: an id to refer to the note */
		size_t k = p->i + 2, e = k;
		while (s[e] && s[e] != '}' && !is_space(s[e]))
			e++;
		if (s[e] != '}' || e == k) {
			diag(DIAG_ERROR, pos_at(p, p->i), "a footnote id is written {#id} right after the footnote");
			return false;
		}
		sp->note_id = arena_strndup(p->a, s + k, e - k);
		sp->target_pos = pos_at(p, k);
		p->i = e + 1;
	}
	return true;
}

/* A language tag as BCP 47 writes it: a primary subtag of 2 or 3 letters,
 * then subtags of 1 to 8 letters or digits, joined by '-'. */
static bool valid_lang(const char *s, size_t n)
{
	size_t i = 0, run = 0;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	if (i < 2 || i > 3)
		return false;
	for (; i < n; i++) {
		if (s[i] == '-') {
			if (run == 0 && i > 3)
				return false;
			run = 0;
			if (i + 1 == n)
				return false;
		} else if (((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9')) {
			if (++run > 8)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

/* Enters the text of "[text](target)" or "[text]{lang=..}": its ']' is
 * at j, what follows the target ends before e. */
static bool open_bracket(parser *p, size_t j, size_t e)
{
	p->in_link = true;
	p->link_close = j;
	p->link_after = e + 1;
	p->link_open = pos_at(p, p->i);
	p->link_text_start = (int)p->n;
	p->i++;
	return true;
}

/* [text]{lang=en}: text in another language than the document's; j is
 * the offset of the ']'. */
static bool lang_start(parser *p, size_t j)
{
	const char *s = p->src;
	size_t t = j + 7, e = t;
	while (s[e] && s[e] != '}' && !is_space(s[e]))
		e++;
	if (s[e] != '}' || !valid_lang(s + t, e - t)) {
		diag(DIAG_ERROR, pos_at(p, j + 2),
		     "a language is written {lang=en} with a BCP 47 language tag "
		     "(en, fr, en-GB), closed by '}'");
		return false;
	}
	flush(p);
	p->lang = arena_strndup(p->a, s + t, e - t);
	return open_bracket(p, j, e);
}

static bool link_start(parser *p)
{
	if (p->src[p->i + 1] == '@')
		return xref(p);
	/* find the matching "](" on this paragraph, honouring escapes */
	const char *s = p->src;
	size_t j = p->i + 1;
	int depth = 0;
	for (; s[j]; j++) {
		if (s[j] == '\\' && s[j + 1]) {
			j++;
		} else if (s[j] == '[') {
			depth++;
		} else if (s[j] == ']') {
			if (depth-- == 0)
				break;
		}
	}
	if (s[j] == ']' && strncmp(s + j + 1, "{lang=", 6) == 0)
		return lang_start(p, j);
	if (s[j] != ']' || s[j + 1] != '(') {
		diag(DIAG_ERROR, pos_at(p, p->i),
		     "'[' starts a link, but no '](target)' follows; "
		     "write \\[ for a literal bracket");
		return false;
	}
	size_t t = j + 2, e = t;
	while (s[e] && s[e] != ')' && !is_space(s[e]))
		e++;
	if (s[e] != ')' || e == t) {
		diag(DIAG_ERROR, pos_at(p, j + 1),
		     "link target must be '(#id)' or '(https://…)' without spaces, closed by "
		     "')'; write a space in an address as %%20");
		return false;
	}
	const char *target = arena_strndup(p->a, s + t, e - t);
	flush(p);
	p->target_pos = pos_at(p, t);
	if (target[0] == '#') {
		if (!target[1]) {
			diag(DIAG_ERROR, pos_at(p, t), "link target '#' names no id; write "
			     "[text](#id) with the id of a section, table, figure or footnote");
			return false;
		}
		p->ref = target + 1;
	} else if (strncmp(target, "https://", 8) == 0 ||
		   strncmp(target, "http://", 7) == 0 ||
		   strncmp(target, "mailto:", 7) == 0) {
		p->href = target;
	} else if (!strchr(target, ':') && strchr(target, '.') && !strchr(target, '@')) {
		diag(DIAG_ERROR, pos_at(p, t),
		     "link target '%s' is neither '#id' nor an address; write the whole "
		     "address, e.g. https://%s", target, target);
		return false;
	} else {
		diag(DIAG_ERROR, pos_at(p, t),
		     "link target '%s' is neither '#section-id' nor an address "
		     "starting with https://, http:// or mailto:", target);
		return false;
	}
	return open_bracket(p, j, e);
}

static bool link_end(parser *p)
{
	flush(p);
	if ((int)p->n == p->link_text_start) {
		diag(DIAG_ERROR, p->link_open, p->lang
		     ? "language span without text; write [text]{lang=en}"
		     : "link without text; write [text](target)");
		return false;
	}
	if (p->i != p->link_close) {
		/* a footnote's {#id} swallowed the link's own "](" */
		diag(DIAG_ERROR, pos_at(p, p->i), "this ']' does not end the link "
		     "opened at column %d; end footnotes inside the link text",
		     p->link_open.col);
		return false;
	}
	p->href = p->ref = p->lang = NULL;
	p->in_link = false;
	p->i = p->link_after;   /* skip "](target)" */
	return true;
}

/* Whether the characters on both sides of the two bytes at i ("\\-") are
 * letters or digits: only inside a word is "\\-" a soft hyphen. */
static bool inside_word(const parser *p, size_t i)
{
	if (i == 0 || !p->src[i + 2])
		return false;
	size_t j = i - 1;   /* the first byte of the character before */
	while (j > 0 && ((unsigned char)p->src[j] & 0xc0) == 0x80)
		j--;
	unsigned before, after;
	utf8_decode(p->src + j, &before);
	utf8_decode(p->src + i + 2, &after);
	return g_unichar_isalnum(before) && g_unichar_isalnum(after);
}

static bool step(parser *p)
{
	const char *s = p->src;
	char c = s[p->i];
	switch (c) {
	case '\\': {
		char n = s[p->i + 1];
		if (n == '-' && inside_word(p, p->i)) {
			emit_cp(p, 0xad);
		} else if (n && strchr("\\*[]()~\"'^`_#-.", n)) {
			emit(p, &s[p->i + 1], 1);
		} else {
			diag(DIAG_ERROR, pos_at(p, p->i),
			     "unknown escape '\\%c'; write \\\\ for a backslash",
			     n ? n : ' ');
			return false;
		}
		p->i += 2;
		return true;
	}
	case '~':
		emit_cp(p, 0xa0);
		p->i++;
		return true;
	case '*':
		if (s[p->i + 1] == '*' && toggle(p, IN_STRONG, 2, &p->strong_open))
			return true;
		if (s[p->i + 1] != '*' && toggle(p, IN_EMPH, 1, &p->emph_open))
			return true;
		emit(p, "*", 1);
		p->i++;
		return true;
	case '^':
		if (s[p->i + 1] == '[')
			return footnote(p);
		break;
	case '[':
		if (p->in_link) {
			diag(DIAG_ERROR, pos_at(p, p->i), p->lang
			     ? "a link or language span inside a language span; write \\[ for a literal bracket"
			     : "a link inside a link; write \\[ for a literal bracket");
			return false;
		}
		return link_start(p);
	case ']':
		if (p->in_link)
			return link_end(p);
		diag(DIAG_ERROR, pos_at(p, p->i),
		     "']' without '['; write \\] for a literal bracket");
		return false;
	case '"':
		emit_cp(p, after_opening_context(p) ? 0x201e : 0x201c);
		p->i++;
		return true;
	case '\'':
		emit_cp(p, 0x2019);
		p->i++;
		return true;
	case '-':
		if (s[p->i + 1] == '-') {
			bool em = s[p->i + 2] == '-';
			emit_cp(p, em ? 0x2014 : 0x2013);
			p->i += em ? 3 : 2;
			return true;
		}
		break;
	case '.':
		if (s[p->i + 1] == '.' && s[p->i + 2] == '.') {
			emit_cp(p, 0x2026);
			p->i += 3;
			return true;
		}
		break;
	case ' ': case '\t': case '\n': case '\r': {
		size_t j = p->i;
		while (is_space(s[j]))
			j++;
		if (p->i > 0 && s[j])
			emit(p, " ", 1);
		p->i = j;
		return true;
	}
	default:
		break;
	}
	/* copy one whole character */
	unsigned cp;
	int len = utf8_decode(s + p->i, &cp);
	emit(p, s + p->i, (size_t)len);
	p->i += (size_t)len;
	return true;
}

/* Parses src[from, to) with the outer parser's position mapping. */
static bool parse_inner(parser *outer, size_t from, size_t to, bool in_note, itext *out)
{
	char *sub = arena_strndup(outer->a, outer->src + from, to - from);
	srcpos start = pos_at(outer, from);
	parser p = { .a = outer->a, .src = sub, .start = start, .track = outer->track,
		     .in_note = in_note };
	bool ok = true;
	while (ok && sub[p.i])
		ok = step(&p);
	if (ok && p.in_link) {
		diag(DIAG_ERROR, p.link_open, "unclosed link; close it with ']'");
		ok = false;
	}
	if (ok && (p.flags & IN_STRONG)) {
		diag(DIAG_ERROR, p.strong_open,
		     "unclosed '**' (strong); close it, or write \\* for a literal asterisk");
		ok = false;
	}
	if (ok && (p.flags & IN_EMPH)) {
		diag(DIAG_ERROR, p.emph_open,
		     "unclosed '*' (emphasis); close it, or write \\* for a literal asterisk");
		ok = false;
	}
	flush(&p);
	sb_free(&p.cur);
	out->spans = p.n ? arena_alloc(p.a, p.n * sizeof *p.spans) : NULL;
	if (p.n)
		memcpy(out->spans, p.spans, p.n * sizeof *p.spans);
	free(p.spans);
	out->n = p.n;
	out->pos = start;
	return ok;
}

bool inline_parse(arena *a, const char *text, srcpos pos, bool single_line,
		  itext *out)
{
	parser p = { .a = a, .src = text, .start = pos, .track = single_line };
	return parse_inner(&p, 0, strlen(text), false, out);
}

void inline_plain_to(strbuf *b, const itext *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *s = t->spans[i].text;
		for (size_t k = 0; k < t->spans[i].len;) {
			unsigned cp;
			int len = utf8_decode(s + k, &cp);
			if (cp != 0xad)   /* a non-breaking space stays one */
				sb_add(b, s + k, (size_t)len);
			k += (size_t)len;
		}
	}
}

char *inline_plain(arena *a, const itext *t)
{
	strbuf b = { 0 };
	inline_plain_to(&b, t);
	char *r = arena_strndup(a, b.s ? b.s : "", b.len);
	sb_free(&b);
	return r;
}

void inline_dump(const itext *t, strbuf *out)
{
	for (size_t i = 0; i < t->n; i++) {
		const ispan *s = &t->spans[i];
		if (s->flags & IN_EMPH)
			sb_adds(out, "em ");
		if (s->flags & IN_STRONG)
			sb_adds(out, "strong ");
		if (s->flags & IN_DEL)
			sb_adds(out, "del ");
		if (s->flags & IN_INS)
			sb_adds(out, "ins ");
		if (s->href)
			sb_printf(out, "link=%s ", s->href);
		if (s->ref)
			sb_printf(out, "ref=#%s ", s->ref);
		if (s->lang)
			sb_printf(out, "lang=%s ", s->lang);
		if (s->xref) {
			static const char *const forms[] = { "", ":page", ":full", ":title" };
			sb_printf(out, "xref=%s%s @%d\n", s->xref, forms[s->xref_form], s->pos.col);
			continue;
		}
		if (s->note) {
			sb_printf(out, "note @%d [\n", s->pos.col);
			inline_dump(s->note, out);
			sb_adds(out, "]\n");
			continue;
		}
		sb_addc(out, '"');
		for (size_t k = 0; k < s->len;) {
			unsigned cp;
			int len = utf8_decode(s->text + k, &cp);
			if (cp == 0xa0)
				sb_adds(out, "{nbsp}");
			else if (cp == 0xad)
				sb_adds(out, "{shy}");
			else
				sb_add(out, s->text + k, (size_t)len);
			k += (size_t)len;
		}
		sb_printf(out, "\" @%d\n", s->pos.col);
	}
}
