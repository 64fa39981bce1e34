/* preshape: running text shaped ahead on a second thread. */
#include "preshape.h"
#include "fonts.h"
#include "shape.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* How many texts the thread may be ahead of the last one the layout took:
 * enough to keep it busy, few enough to hold little memory. */
#define AHEAD 48

/* How far behind the last text the layout took a text counts as passed:
 * the layout takes the texts nearly in the order they were collected. */
#define PASSED 8

enum job_state { PENDING, WORKING, DONE, TAKEN };

typedef struct {
	const itext *text;
	const font_style *font;  /* the style the layout most likely sets it in */
	enum job_state state;
	lb_text shaped;          /* DONE: the thread's copies */
} job;

struct preshaper {
	const document *doc;
	const style *st;
	const lig_list *lig;
	const layout *prev;      /* the pass before, or NULL */
	font_style toc_bold;     /* the contents' chapter entries */
	job *jobs;
	size_t n, cap;
	GHashTable *index;       /* itext -> job number + 1 */
	size_t taken;            /* the highest job number taken, + 1 */
	size_t swept;            /* jobs before it that the layout passed by are freed */
	bool stop;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void add_job(preshaper *ps, const itext *t, const font_style *f);

/* The footnotes a text references come first: the layout sets a note
 * when it meets its mark, before the text around the mark. */
static void add_text(preshaper *ps, const itext *t, const font_style *f)
{
	if (!t->n)
		return;
	for (size_t i = 0; i < t->n; i++)
		if (t->spans[i].note)
			add_text(ps, t->spans[i].note, &ps->st->footnote);
	add_job(ps, t, f);
}

/* Whether t prints the page of a reference. */
static bool prints_page(const itext *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (shape_prints_page(&t->spans[i]))
			return true;
	return false;
}

static void add_job(preshaper *ps, const itext *t, const font_style *f)
{
	/* a later pass takes the texts without references from the pass before */
	if (g_hash_table_contains(ps->index, t) || (ps->prev && !prints_page(t)))
		return;   /* one text, one guess */
	if (ps->n == ps->cap)
		ps->jobs = xrealloc(ps->jobs, (ps->cap = ps->cap ? 2 * ps->cap : 256) *
						  sizeof *ps->jobs);
	ps->jobs[ps->n] = (job){ .text = t, .font = f };
	g_hash_table_insert(ps->index, (gpointer)t, GSIZE_TO_POINTER(++ps->n));
}

/* A table's texts row by row, as table.c sets them (the foot's rows in
 * bold are left to the layout). */
static void collect_table(preshaper *ps, const table_data *td)
{
	for (size_t c = 0; td->header && c < td->n_cols; c++)
		add_text(ps, &td->cols[c].title, &ps->st->table_head);
	for (size_t r = 0; r + td->n_foot < td->n_rows; r++)
		for (size_t c = 0; c < td->n_cols; c++) {
			const block *cell = td->cells[r * td->n_cols + c];
			for (size_t k = 0; k < cell->n; k++)
				add_text(ps, &cell->children[k]->text, &ps->st->table_text);
		}
}

/* The texts of b in the order layout.c, list.c, table.c and their styles
 * set them; headings and captions are left to the layout. */
static void collect(preshaper *ps, const block *b)
{
	const style *st = ps->st;
	for (size_t i = 0; i < b->n; i++) {
		const block *c = b->children[i];
		switch (c->kind) {
		case B_PARA:
			add_text(ps, &c->text, &st->body);
			break;
		case B_QUOTE:
			for (size_t k = 0; k < c->n; k++)
				add_text(ps, &c->children[k]->text, &st->quote);
			break;
		case B_LIST:
			for (size_t k = 0; k < c->n; k++) {
				add_text(ps, &c->children[k]->text, &st->body);
				collect(ps, c->children[k]);
			}
			break;
		case B_DEFLIST:
			for (size_t k = 0; k < c->n; k++)
				add_text(ps, &c->children[k]->text, &st->body);
			break;
		case B_SECTION:
		case B_BOX:
			collect(ps, c);
			break;
		case B_TABLE:
			collect_table(ps, c->table);
			break;
		default:
			break;
		}
	}
}

/* The entries of the contents and of the lists of tables and figures,
 * which contents.c sets first, in its order and fonts. */
static void collect_contents(preshaper *ps)
{
	const style *st = ps->st;
	const document *d = ps->doc;
	block_iter it;
	block_iter_init(&it, d->body);
	for (const block *b; (b = block_iter_next(&it));)
		if (b->kind == B_SECTION && b->level >= 1 && b->level <= st->toc_depth)
			add_text(ps, &b->text, b->level == 1 ? &ps->toc_bold : &st->toc_entry);
	block_iter_free(&it);
	for (int pass = 0; pass < 2; pass++) {
		bool tables = pass == 0;
		if (tables ? !st->list_of_tables || !d->n_tables : !st->list_of_figures || !d->n_figures)
			continue;
		block_iter_init(&it, d->body);
		for (const block *b; (b = block_iter_next(&it));)
			if (b->kind == (tables ? B_TABLE : B_FIGURE) && b->caption.n)
				add_text(ps, &b->caption, &st->toc_entry);
		block_iter_free(&it);
	}
}

static void *work(void *arg)
{
	preshaper *ps = arg;
	PangoContext *ctx = fonts_context_new();
	for (size_t i = 0; i < ps->n; i++) {
		pthread_mutex_lock(&ps->mu);
		while (!ps->stop && i >= ps->taken + AHEAD)
			pthread_cond_wait(&ps->cv, &ps->mu);
		/* texts the layout has passed (it shaped them itself) are left */
		bool stop = ps->stop, go = !stop && ps->jobs[i].state == PENDING &&
					   i + PASSED >= ps->taken;
		if (go)
			ps->jobs[i].state = WORKING;
		pthread_mutex_unlock(&ps->mu);
		if (stop)
			break;
		if (!go)
			continue;
		job *j = &ps->jobs[i];
		lb_text shaped;
		shape_ahead(ctx, ps->doc, ps->st, ps->lig, ps->prev, j->text, j->font, &shaped);
		pthread_mutex_lock(&ps->mu);
		j->shaped = shaped;
		j->state = DONE;
		pthread_cond_broadcast(&ps->cv);
		pthread_mutex_unlock(&ps->mu);
	}
	g_object_unref(ctx);
	return NULL;
}

preshaper *preshape_start(const document *d, const style *st, const lig_list *lig,
			  const layout *prev)
{
	const char *env = getenv("SATZ_PRESHAPE");
	if (env && strcmp(env, "0") == 0)
		return NULL;
	preshaper *ps = xcalloc(1, sizeof *ps);
	ps->doc = d;
	ps->st = st;
	ps->lig = lig;
	ps->prev = prev;
	ps->index = g_hash_table_new(NULL, NULL);
	ps->toc_bold = st->toc_entry;
	ps->toc_bold.weight = 700;
	collect_contents(ps);   /* contents_lay comes before the body */
	collect(ps, d->body);
	pthread_mutex_init(&ps->mu, NULL);
	pthread_cond_init(&ps->cv, NULL);
	if (ps->n == 0 || pthread_create(&ps->thread, NULL, work, ps) != 0) {
		ps->n = 0;
		preshape_stop(ps);
		return NULL;
	}
	return ps;
}

static bool same_font(const font_style *a, const font_style *b)
{
	return a->size == b->size && a->weight == b->weight && a->italic == b->italic &&
	       strcmp(a->family, b->family) == 0 &&
	       strcmp(a->features ? a->features : "", b->features ? b->features : "") == 0;
}

bool preshape_take(preshaper *ps, const itext *t, const font_style *f, const char *text,
		   size_t len, lb_text *out)
{
	size_t i = GPOINTER_TO_SIZE(g_hash_table_lookup(ps->index, t));
	if (!i--)
		return false;
	job *j = &ps->jobs[i];
	pthread_mutex_lock(&ps->mu);
	if (j->state == PENDING)
		j->state = TAKEN;   /* the layout is ahead: it shapes this one */
	while (j->state == WORKING)
		pthread_cond_wait(&ps->cv, &ps->mu);
	bool ok = j->state == DONE && same_font(j->font, f) && j->shaped.len == len &&
		  memcmp(j->shaped.text, text, len) == 0;
	if (ok)
		*out = j->shaped;
	else if (j->state == DONE)
		shape_free(&j->shaped);
	j->state = TAKEN;
	if (i + 1 > ps->taken) {
		ps->taken = i + 1;
		pthread_cond_broadcast(&ps->cv);
	}
	/* texts the layout set in another font or not at all: their shapes
	 * go once the layout is well past them */
	for (; ps->swept + AHEAD < ps->taken; ps->swept++)
		if (ps->jobs[ps->swept].state == DONE) {
			shape_free(&ps->jobs[ps->swept].shaped);
			ps->jobs[ps->swept].state = TAKEN;
		}
	pthread_mutex_unlock(&ps->mu);
	return ok;
}

void preshape_stop(preshaper *ps)
{
	if (!ps)
		return;
	if (ps->n) {
		pthread_mutex_lock(&ps->mu);
		ps->stop = true;
		pthread_cond_broadcast(&ps->cv);
		pthread_mutex_unlock(&ps->mu);
		pthread_join(ps->thread, NULL);
	}
	for (size_t i = 0; i < ps->n; i++)
		if (ps->jobs[i].state == DONE)
			shape_free(&ps->jobs[i].shaped);
	pthread_cond_destroy(&ps->cv);
	pthread_mutex_destroy(&ps->mu);
	g_hash_table_destroy(ps->index);
	free(ps->jobs);
	free(ps);
}
