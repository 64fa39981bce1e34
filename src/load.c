/* load: libyaml events to a positioned tree, without recursion. */
#include "load.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static srcpos mark_pos(const char *file, yaml_mark_t m)
{
	/* libyaml counts from 0, people from 1 */
	return (srcpos){ file, (int)m.line + 1, (int)m.column + 1 };
}

/* Position of a byte offset, for errors we find before libyaml does. */
static srcpos offset_pos(const char *file, const char *text, size_t off)
{
	srcpos p = { file, 1, 1 };
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			p.col++;
		}
	}
	return p;
}

static size_t max_bytes(void)
{
	return env_limit("SATZ_MAX_BYTES", LOAD_MAX_BYTES, SIZE_MAX / 2);
}

/* The tree is built without recursion, but later stages walk sections
 * and lists recursively: the depth stays well below the C stack. */
static size_t max_depth(void)
{
	return env_limit("SATZ_MAX_DEPTH", LOAD_MAX_DEPTH, 1000);
}

/* The byte offset of a libyaml mark (which counts characters). */
static size_t mark_byte(const char *text, size_t len, yaml_mark_t m)
{
	size_t at = 0;
	for (size_t line = 0; at < len && line < m.line; at++)
		line += text[at] == '\n';
	for (size_t c = 0; at < len && text[at] != '\n' && c < m.column; c++) {
		unsigned cp;
		at += (size_t)utf8_decode(text + at, &cp);
	}
	return at;
}

/* libyaml's own words ("did not find expected '-' indicator while parsing
 * a block collection") say little to a person who wrote a text: say what
 * usually causes each and how to fix it, else fall back to them. */
static void syntax_error(const yaml_parser_t *pr, const char *name, const char *text,
			 size_t len)
{
	srcpos p = mark_pos(name, pr->problem_mark), c = mark_pos(name, pr->context_mark);
	const char *problem = pr->problem ? pr->problem : "", *context = pr->context;
	size_t at = mark_byte(text, len, pr->problem_mark);
	char ch = at < len ? text[at] : 0;
	/* the problem is the first thing on its line: an indentation mistake */
	size_t bol = at;
	while (bol > 0 && text[bol - 1] != '\n')
		bol--;
	bool first = true;
	for (size_t i = bol; i < at; i++)
		first &= text[i] == ' ' || text[i] == '-';
	if (ch == '\t')
		diag(DIAG_ERROR, p, "a tab where YAML expects indentation; indent with spaces");
	else if (context && strstr(context, "quoted scalar") && strstr(problem, "end of stream"))
		diag(DIAG_ERROR, c, "YAML syntax: this quoted text is never closed; "
		     "end it with the same quote mark it starts with");
	else if (context && strstr(context, "alias"))
		diag(DIAG_ERROR, c, "YAML syntax: a text that starts with '*' reads as a YAML "
		     "alias; put the whole text in quotes (\"*Wort* und mehr\")");
	else if (context && strstr(context, "block scalar"))
		diag(DIAG_ERROR, c, "YAML syntax: '%c' at the start of a text begins a block "
		     "of lines below it; put the whole text in quotes",
		     mark_byte(text, len, pr->context_mark) < len ?
		     text[mark_byte(text, len, pr->context_mark)] : '|');
	else if (strstr(problem, "cannot start any token") && ch && strchr("@`%!&*|>", ch))
		diag(DIAG_ERROR, p, "YAML syntax: '%c' cannot start a text; put the whole "
		     "text in quotes", ch);
	else if (strstr(problem, "expected '-' indicator") || strstr(problem, "expected key"))
		diag(DIAG_ERROR, p, first ?
		     "YAML syntax: this line is not indented like the lines of its list or "
		     "mapping; line it up with them (items under items, keys under keys)" :
		     "YAML syntax: more text after a quoted or bracketed part; put a text "
		     "that starts with a quote mark, '[' or '{' in quotes as a whole, e.g. "
		     "'\"Wort\" und mehr'");
	else if (strstr(problem, "mapping values are not allowed"))
		diag(DIAG_ERROR, p, "YAML syntax: ': ' where no key may start; put a text "
		     "that contains ': ' in quotes, or line this key up with the keys above it");
	else if (context)
		diag(DIAG_ERROR, p, "YAML syntax: %s %s", problem, context);
	else
		diag(DIAG_ERROR, p, "YAML syntax: %s", problem);
}

typedef struct {
	ynode *node;
	size_t count, cap;   /* children filled (a map's keys and values) */
} frame;

static void add_child(frame *f, ynode *child, arena *a)
{
	if (f->count + 1 > f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 8;
		ynode **items = arena_alloc(a, ncap * sizeof *items);
		if (f->count)
			memcpy(items, f->node->items, f->count * sizeof *items);
		f->node->items = items;
		f->cap = ncap;
	}
	f->node->items[f->count++] = child;
	f->node->n = f->node->kind == Y_MAP ? f->count / 2 : f->count;
}

static bool check_duplicate(const ynode *map, const ynode *key)
{
	if (key->kind != Y_SCALAR) {
		diag(DIAG_ERROR, key->pos, "a key must be a plain word, not a %s",
		     ynode_kind_name(key->kind));
		return false;
	}
	for (size_t i = 0; i < map->n; i++) {
		const ynode *k = map->items[2 * i];
		if (k->kind == Y_SCALAR && strcmp(k->value, key->value) == 0) {
			diag(DIAG_ERROR, key->pos,
			     "duplicate key '%s' (first given at line %d); remove one of them",
			     key->value, k->pos.line);
			return false;
		}
	}
	return true;
}

/* The anchor and tag of a scalar, sequence or mapping start event. */
static void anchor_and_tag(const yaml_event_t *ev, const unsigned char **anchor,
			   const unsigned char **tag)
{
	if (ev->type == YAML_SCALAR_EVENT) {
		*anchor = ev->data.scalar.anchor;
		*tag = ev->data.scalar.tag;
	} else if (ev->type == YAML_SEQUENCE_START_EVENT) {
		*anchor = ev->data.sequence_start.anchor;
		*tag = ev->data.sequence_start.tag;
	} else {
		*anchor = ev->data.mapping_start.anchor;
		*tag = ev->data.mapping_start.tag;
	}
}

ynode *load_yaml_mem(arena *a, const char *name, const char *text, size_t len)
{
	size_t bad, limit = max_bytes(), max = max_depth();
	if (len > limit) {
		diag(DIAG_ERROR, (srcpos){ name, 1, 1 },
		     "file is %zu bytes, more than the limit of %zu; split it into smaller "
		     "files (or raise SATZ_MAX_BYTES)",
		     len, limit);
		return NULL;
	}
	if (!utf8_valid(text, len, &bad)) {
		diag(DIAG_ERROR, offset_pos(name, text, bad),
		     "invalid UTF-8 (byte 0x%02x); save the file as UTF-8",
		     (unsigned char)text[bad]);
		return NULL;
	}
	/* libyaml refuses these too, but without a position */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		unsigned cp = c;
		if (c == 0xc2 && i + 1 < len)
			cp = 0x80 | ((unsigned char)text[i + 1] & 0x3f);
		else if (c == 0xef && i + 2 < len && (unsigned char)text[i + 1] == 0xbf &&
			 (unsigned char)text[i + 2] >= 0xbe)
			cp = 0xffc0 | ((unsigned char)text[i + 2] & 0x3f);   /* U+FFFE, U+FFFF */
		if (c == 0) {
			diag(DIAG_ERROR, offset_pos(name, text, i),
			     "NUL byte in file; this is not a text file");
			return NULL;
		}
		if ((cp < 0x20 && c != '\t' && c != '\n' && c != '\r') || cp == 0x7f ||
		    (c == 0xc2 && cp >= 0x80 && cp <= 0x9f && cp != 0x85) || cp >= 0xfffe) {
			diag(DIAG_ERROR, offset_pos(name, text, i),
			     "control character U+%04X; remove it (only tabs and line breaks "
			     "may appear in a source)", cp);
			return NULL;
		}
	}

	yaml_parser_t parser;
	yaml_event_t ev;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);

	frame *stack = xmalloc((max + 1) * sizeof *stack);
	size_t depth = 0;
	ynode *root = NULL;
	bool ok = true, done = false;
	int docs = 0;

	while (ok && !done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&parser, name, text, len);
			ok = false;
			break;
		}
		srcpos pos = mark_pos(name, ev.start_mark);
		ynode *node = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag(DIAG_ERROR, pos,
				     "a second YAML document ('---') in one file; keep one document per file");
				ok = false;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag(DIAG_ERROR, pos,
			     "YAML aliases ('*%s') are not supported; write the value out (and put "
			     "a text that starts with '*' in quotes)",
			     (const char *)ev.data.alias.anchor);
			ok = false;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			const unsigned char *anchor, *tag;
			anchor_and_tag(&ev, &anchor, &tag);
			if (anchor) {
				diag(DIAG_ERROR, pos,
				     "YAML anchors ('&%s') are not supported; write the value out",
				     (const char *)anchor);
				ok = false;
				break;
			}
			if (tag) {
				diag(DIAG_ERROR, pos,
				     "YAML tags ('%s') are not supported; put a text that starts "
				     "with '!' in quotes", (const char *)tag);
				ok = false;
				break;
			}
			node = arena_alloc(a, sizeof *node);
			node->pos = pos;
			if (ev.type == YAML_SCALAR_EVENT) {
				node->kind = Y_SCALAR;
				node->len = ev.data.scalar.length;
				node->value = arena_strndup(a, (const char *)ev.data.scalar.value,
							    node->len);
				node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			} else {
				node->kind = ev.type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ;
			}
			break;
		}
		default:
			break;
		}

		if (ok && node) {
			if (depth > 0) {
				frame *f = &stack[depth - 1];
				if (f->node->kind == Y_MAP && f->count % 2 == 0 &&
				    !check_duplicate(f->node, node))
					ok = false;
				if (ok)
					add_child(f, node, a);
			} else if (!root) {
				root = node;
			}
			if (ok && node->kind != Y_SCALAR) {
				if (depth == max) {
					diag(DIAG_ERROR, pos,
					     "nesting deeper than %zu levels; flatten the "
					     "structure (or raise SATZ_MAX_DEPTH)",
					     max);
					ok = false;
				} else {
					stack[depth++] = (frame){ node, 0, 0 };
				}
			}
		} else if (ok && (ev.type == YAML_SEQUENCE_END_EVENT ||
				  ev.type == YAML_MAPPING_END_EVENT)) {
			depth--;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(stack);
	if (!ok)
		return NULL;
	if (!root) {
		root = arena_alloc(a, sizeof *root);
		root->kind = Y_MAP;
		root->pos = (srcpos){ name, 1, 1 };
	}
	return root;
}

ynode *load_yaml(arena *a, const char *path)
{
	strbuf b = { 0 };
	if (!read_file(path, max_bytes(), &b)) {
		diag(DIAG_ERROR, (srcpos){ NULL, 0, 0 }, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	const char *name = arena_strdup(a, path);
	char *text = arena_strndup(a, b.s ? b.s : "", b.len);
	size_t len = b.len;
	sb_free(&b);
	return load_yaml_mem(a, name, text, len);
}

const char *yscalar(const ynode *n)
{
	return n && n->kind == Y_SCALAR && n->len ? n->value : NULL;
}

ynode *ymap_get(const ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->items[2 * i]->value, key) == 0)
			return map->items[2 * i + 1];
	return NULL;
}

ynode *ymap_key(const ynode *map, size_t i) { return map->items[2 * i]; }
ynode *ymap_val(const ynode *map, size_t i) { return map->items[2 * i + 1]; }

const char *ynode_kind_name(enum ynode_kind k)
{
	return k == Y_SCALAR ? "text" : k == Y_MAP ? "mapping" : "list";
}
