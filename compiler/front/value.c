/* Reading values out of the per-entry YAML trees, with diagnostics. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "front.h"
#include "load.h"

int
isnull(const struct ynode *v)
{
	return v->kind == YSCALAR && v->plain && (v->len == 0 || strcmp(v->s, "~") == 0
	    || strcmp(v->s, "null") == 0 || strcmp(v->s, "Null") == 0
	    || strcmp(v->s, "NULL") == 0);
}

void
unknownkey(const char *key, const struct loc *l, const char *what, const char *name,
    const char *const *keys, size_t n)
{
	const char *hint = closest(key, keys, n);
	char buf[96];

	if (name) {
		snprintf(buf, sizeof(buf), "%s '%s'", what, shown(name));
		what = buf;
	}
	if (hint)
		diag(E_UNKNOWNKEYHINT, l, shown(key), what, hint);
	else
		diag(E_UNKNOWNKEY, l, shown(key), what);
}

/* A key such as 8 or 10-11 with no value: the rest of an unquoted CPU list. */
static int
cpuslip(const struct ynode *k)
{
	size_t i;

	for (i = 0; i < k->len; i++)
		if (!((k->s[i] >= '0' && k->s[i] <= '9') || k->s[i] == '-'))
			return 0;
	return k->plain && k->len && isnull(k->next);
}

int
mapfields(struct lctx *c, const struct ynode *m, const char *key, const char *what,
    const char *name, const char *const *keys, size_t nkeys, const struct ynode **vals)
{
	const struct ynode *k, *kp[32];
	size_t i;
	int slip = 0;

	(void)c;
	for (i = 0; i < nkeys; i++)
		vals[i] = kp[i] = NULL;
	if (m->kind == YBAD)
		return 0;
	if (isnull(m))
		return 1;
	if (m->kind != YMAP) {
		diag(E_TYPE, &m->loc, key, "a mapping");
		return 0;
	}
	for (k = m->child; k; k = k->next->next) {
		if (k->kind != YSCALAR) {
			if (k->kind != YBAD)
				diag(E_KEYTYPE, &k->loc);
			continue;
		}
		for (i = 0; i < nkeys && strcmp(k->s, keys[i]) != 0; i++)
			;
		if (i == nkeys && cpuslip(k)) {
			if (!slip++)
				diag(E_CPUCOMMA, &k->loc, shown(k->s));
		} else if (i == nkeys)
			unknownkey(k->s, &k->loc, what, name, keys, nkeys);
		else if (kp[i]) {
			diag(E_DUPKEY, &k->loc, keys[i]);
			diag(N_FIRSTHERE, &kp[i]->loc);
		} else {
			kp[i] = k;
			vals[i] = k->next;
		}
	}
	return 1;
}

const char *
getstr(struct lctx *c, const struct ynode *v, const char *key)
{
	(void)c;
	if (v->kind == YBAD)
		return NULL;
	if (v->kind != YSCALAR || isnull(v)) {
		diag(E_TYPE, &v->loc, key, "a string");
		return NULL;
	}
	return v->s;
}

int
getint(struct lctx *c, const struct ynode *v, const char *key, long lo, long hi,
    long *out)
{
	const char *why;

	if (v->kind == YBAD)
		return 0;
	if (v->kind != YSCALAR || isnull(v)) {
		diag(E_TYPE, &v->loc, key, "an integer");
		return 0;
	}
	if ((why = parseint(v->s, lo, hi, out))) {
		diag(E_BADVALUE, &v->loc, key, shown(v->s), why);
		return 0;
	}
	(void)c;
	return 1;
}

int
getvalue(struct lctx *c, const struct ynode *v, const char *key, const char *what,
    const char *(*parse)(const char *, uint64_t *), uint64_t *out)
{
	const char *why;

	(void)c;
	if (v->kind == YBAD)
		return 0;
	if (v->kind != YSCALAR || isnull(v)) {
		diag(E_TYPE, &v->loc, key, what);
		return 0;
	}
	if ((why = parse(v->s, out))) {
		diag(E_BADVALUE, &v->loc, key, shown(v->s), why);
		return 0;
	}
	/* Lua (a double), dash and the YAML readers all take this exactly. */
	if (*out > MAXEXACT) {
		diag(E_BADVALUE, &v->loc, key, shown(v->s),
		    "must be below 2^53, so that Lua reads it exactly");
		return 0;
	}
	return 1;
}

int
getcpus(struct lctx *c, const struct ynode *v, const char *key, struct cpulist *out)
{
	const struct ynode *i;
	struct buf b = { 0 };
	const char *why;
	int ok = 0;

	(void)c;
	if (v->kind == YBAD)
		return 0;
	if (v->kind == YSCALAR && !isnull(v))
		bufputs(&b, v->s);
	else if (v->kind == YSEQ && v->n) {
		for (i = v->child; i; i = i->next) {
			if (i->kind != YSCALAR || isnull(i)) {
				diag(E_TYPE, &i->loc, key, "a CPU list such as 0-3,8 or a list of CPU numbers");
				buffree(&b);
				return 0;
			}
			bufprintf(&b, "%s%s", b.len ? "," : "", i->s);
		}
	} else {
		diag(E_TYPE, &v->loc, key, "a CPU list such as 0-3,8 or a list of CPU numbers");
		return 0;
	}
	if ((why = parsecpus(b.s, out)))
		diag(E_BADVALUE, &v->loc, key, shown(b.s), why);
	else
		ok = 1;
	buffree(&b);
	return ok;
}

char *
getname(struct lctx *c, const struct ynode *v, const char *kind, size_t max)
{
	const char *s = getstr(c, v, "name"), *why, *fix;

	if (!s)
		return NULL;
	if ((why = checkname(s, max)) && (fix = namefix(s, max)))
		diag(E_NAMECASE, &v->loc, kind, shown(s), kind, fix);
	else if (why)
		diag(E_NAME, &v->loc, kind, shown(s), why);
	else if (isreserved(s))
		diag(E_RESERVED, &v->loc, kind, s);
	return astrdup(s);
}
