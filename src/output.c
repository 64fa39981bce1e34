/* output: temporary file, fsync, rename; signals remove the temporary. */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file being written, for the signal handler. */
static char pending[4096];

static void on_signal(int sig)
{
	if (pending[0])
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

bool out_mkdirs(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);
	if (n >= sizeof buf)
		return false;
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
			diag(DIAG_ERROR, (srcpos){ 0 }, "cannot create directory %s: %s", buf,
			     strerror(errno));
			return false;
		}
		*p = '/';
	}
	return true;
}

/* A build killed with SIGKILL (or by a crash or power loss) cannot remove
 * its temporary file, so the next build of the same output does: it removes
 * ".NAME.PID.tmp" in dir (dirlen bytes of path, with its slash) when no
 * process PID exists.  The temporary of a running build, and every other
 * file, stays. */
static void remove_stale_tmps(const char *path, size_t dirlen)
{
	const char *name = path + dirlen;
	size_t nlen = strlen(name);
	strbuf d = { 0 };
	sb_add(&d, path, dirlen);
	DIR *dir = opendir(dirlen ? d.s : ".");
	for (struct dirent *e; dir && (e = readdir(dir));) {
		const char *s = e->d_name;
		if (s[0] != '.' || strncmp(s + 1, name, nlen) != 0 || s[nlen + 1] != '.')
			continue;
		const char *digits = s + nlen + 2, *end = digits;
		while (*end >= '0' && *end <= '9')
			end++;
		if (end == digits || end - digits > 9 || strcmp(end, ".tmp") != 0)
			continue;
		long pid = strtol(digits, NULL, 10);
		if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		size_t len = d.len;
		sb_adds(&d, s);
		unlink(d.s);
		d.len = len;
		d.s[len] = '\0';
	}
	if (dir)
		closedir(dir);
	sb_free(&d);
}

bool out_open(outfile *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (!out_mkdirs(path))
		return false;
	o->path = xstrdup(path);
	/* ".name.tmp" in the same directory, so rename is atomic */
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	remove_stale_tmps(path, dirlen);
	strbuf t = { 0 };
	sb_add(&t, path, dirlen);
	sb_printf(&t, ".%s.%ld.tmp", path + dirlen, (long)getpid());
	o->tmp = t.s;
	if (strlen(o->tmp) < sizeof pending) {
		memcpy(pending, o->tmp, strlen(o->tmp) + 1);
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
	}
	o->f = fopen(o->tmp, "wb");
	if (!o->f) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "cannot write %s: %s", o->tmp, strerror(errno));
		pending[0] = '\0';
		free(o->path);
		free(o->tmp);
		o->path = o->tmp = NULL;
		return false;
	}
	return true;
}

void out_abort(outfile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	pending[0] = '\0';
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

bool out_commit(outfile *o)
{
	bool ok = fflush(o->f) == 0 && !ferror(o->f) && fsync(fileno(o->f)) == 0;
	int err = errno;
	ok = fclose(o->f) == 0 && ok;
	o->f = NULL;
	if (!ok) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "cannot write %s: %s", o->path,
		     strerror(err ? err : EIO));
		out_abort(o);
		return false;
	}
	if (rename(o->tmp, o->path) != 0) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "cannot rename %s to %s: %s", o->tmp, o->path,
		     strerror(errno));
		out_abort(o);
		return false;
	}
	pending[0] = '\0';
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
	return true;
}

static void add_escaped(strbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#')
			sb_addc(b, '\\');
		if (*s == '$')
			sb_addc(b, '$');
		sb_addc(b, *s);
	}
}

bool out_write_deps(const char *depfile, const char *target,
		    const char *const *prereqs, size_t n)
{
	strbuf b = { 0 };
	add_escaped(&b, target);
	sb_addc(&b, ':');
	for (size_t i = 0; i < n; i++) {
		sb_adds(&b, " \\\n  ");
		add_escaped(&b, prereqs[i]);
	}
	sb_addc(&b, '\n');
	for (size_t i = 0; i < n; i++) {
		sb_addc(&b, '\n');
		add_escaped(&b, prereqs[i]);
		sb_adds(&b, ":\n");
	}
	outfile o;
	bool ok = out_open(&o, depfile);
	if (ok) {
		fwrite(b.s, 1, b.len, o.f);
		ok = out_commit(&o);
	}
	sb_free(&b);
	return ok;
}
