// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/zipf-pages.c - a seeded Zipf trace in swapsim's pages format, for
 * bench/swapsim.sh.
 *
 *	zipf-pages [-n accesses] [-p pages] [-s seed] [-w write-fraction]
 *		   [-a alpha] > trace.pages
 *
 * Writes one access a line, "PAGE r" or "PAGE w" (swapsim-trace(5)), PAGE
 * in decimal.  Defaults: -n 50000000 -p 1000000 -s 42 -w 0.3 -a 0.99.
 *
 * The page of rank k (1 = the hottest) is drawn with probability
 * k^-alpha / H, H = sum over j = 1..pages of j^-alpha: a Zipf law, sampled
 * exactly by inversion of its cumulative table (one double per page) with
 * an indexed search (Chen and Asau's guide table: 2^20 buckets of the
 * uniform, each holding the first rank whose cumulative weight passes the
 * bucket's start, so a draw scans a few entries from there instead of a
 * binary search over the whole table).  Then, from the same stream, a coin: a write with probability w.
 * Rank k is page perm(k - 1), perm a seeded bijection of [0, pages) (a
 * 4-round Feistel network on the smallest even number of bits that holds
 * pages, walked until it lands inside the range), so the hot pages are
 * scattered over the range instead of being pages 0, 1, 2, ...
 *
 * The output is the same byte for byte on every machine: the generator is
 * xoshiro256** (Blackman and Vigna) seeded through splitmix64, and the
 * weights k^-alpha come from our own log and exp made of +, -, *, / in a
 * fixed order (libm's may round differently from one libc to the next),
 * compiled without contraction into fused multiply-adds
 * (-ffp-contract=off, which bench/swapsim.sh passes).  Draws are 53-bit
 * uniforms, (x >> 11) * 2^-53.
 *
 * Exit status: 0 written, 1 a write error, 2 a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GUIDE_BITS 20
#define OUT_BUF (1u << 20)
#define MAX_PAGES (1ull << 32) /* the cumulative table is 8 bytes a page */

/* ---- the random stream ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

struct xoshiro {
	uint64_t s[4];
};

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static void xoshiro_init(struct xoshiro *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t xoshiro_next(struct xoshiro *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* A uniform double in [0, 1) with 53 random bits. */
static double uniform(struct xoshiro *r)
{
	return (double)(xoshiro_next(r) >> 11) * 0x1p-53;
}

/* ---- k^-alpha from basic operations only ---- */

/* 2^e for |e| < 1023, built from its bits. */
static double pow2i(int e)
{
	union {
		uint64_t u;
		double d;
	} v = { .u = (uint64_t)(e + 1023) << 52 };

	return v.d;
}

/*
 * log(k) for an integer k >= 1: k = m * 2^e with m in [sqrt(1/2), sqrt(2)),
 * log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172, summed to s^41
 * (the next term is below 2^-64 of the sum).
 */
static double det_log(uint64_t k)
{
	const double ln2 = 0.6931471805599453094;
	int e = 0;
	double m = (double)k, s, s2, term, sum = 0;

	while (m >= 1.4142135623730951) {
		m *= 0.5;
		e++;
	}
	s = (m - 1) / (m + 1);
	s2 = s * s;
	term = s;
	for (int i = 1; i <= 41; i += 2) {
		sum += term / i;
		term *= s2;
	}
	return 2 * sum + e * ln2;
}

/*
 * exp(x) for x <= 0: x = n ln2 + r with |r| <= ln2 / 2, e^r by its Taylor
 * series to r^24, then times 2^n.
 */
static double det_exp(double x)
{
	const double ln2_hi = 0.693147180369123816490; /* 32 bits: n * hi is exact */
	const double ln2_lo = 1.90821492927058770002e-10;
	double nf, r, term = 1, sum = 1;
	int n;

	if (x < -700)
		return 0;
	nf = x / 0.6931471805599453094;
	n = (int)(nf < 0 ? nf - 0.5 : nf + 0.5);
	r = (x - n * ln2_hi) - n * ln2_lo;
	for (int i = 1; i <= 24; i++) {
		term = term * r / i;
		sum += term;
	}
	return sum * pow2i(n);
}

/* ---- the page permutation ---- */

struct perm {
	uint64_t n;	 /* the range: [0, n) */
	unsigned half;	 /* bits in each half of the Feistel block */
	uint64_t key[4]; /* one round key per round */
};

static void perm_init(struct perm *p, uint64_t n, uint64_t seed)
{
	unsigned bits = 2;

	while (bits < 64 && (1ull << bits) < n)
		bits += 2;
	p->n = n;
	p->half = bits / 2;
	for (int i = 0; i < 4; i++)
		p->key[i] = splitmix64(&seed);
}

static uint64_t perm_apply(const struct perm *p, uint64_t x)
{
	uint64_t mask = (1ull << p->half) - 1;

	do {
		uint64_t l = x >> p->half, r = x & mask;

		for (int i = 0; i < 4; i++) {
			uint64_t f = r ^ p->key[i], t;

			t = l ^ (splitmix64(&f) & mask);
			l = r;
			r = t;
		}
		x = (l << p->half) | r;
	} while (x >= p->n); /* cycle walking: stays a bijection of [0, n) */
	return x;
}

/* ---- output ---- */

struct out {
	char buf[OUT_BUF];
	size_t len;
};

static int out_flush(struct out *o)
{
	size_t off = 0;

	while (off < o->len) {
		ssize_t w = write(STDOUT_FILENO, o->buf + off, o->len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		off += (size_t)w;
	}
	o->len = 0;
	return 0;
}

/* Appends "PAGE r\n" or "PAGE w\n". */
static int out_line(struct out *o, uint64_t page, int write)
{
	char digits[24];
	int nd = 0;

	if (o->len + sizeof(digits) + 3 > sizeof(o->buf)) {
		int err = out_flush(o);

		if (err)
			return err;
	}
	do {
		digits[nd++] = (char)('0' + page % 10);
		page /= 10;
	} while (page);
	while (nd)
		o->buf[o->len++] = digits[--nd];
	o->buf[o->len++] = ' ';
	o->buf[o->len++] = write ? 'w' : 'r';
	o->buf[o->len++] = '\n';
	return 0;
}

/* ---- the command ---- */

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	*v = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int parse_double(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno || *end || end == s ? -1 : 0;
}

static void usage(void)
{
	fputs("usage: zipf-pages [-n accesses] [-p pages] [-s seed] "
	      "[-w write-fraction] [-a alpha]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t n = 50000000, pages = 1000000, seed = 42;
	double wfrac = 0.3, alpha = 0.99;
	static struct out out;
	struct xoshiro rng;
	struct perm perm;
	double *cdf = NULL, total = 0;
	uint32_t *guide = NULL;
	int c, rc = 2, err;

	while ((c = getopt(argc, argv, "n:p:s:w:a:")) != -1) {
		switch (c) {
		case 'n':
			if (parse_u64(optarg, &n))
				usage();
			break;
		case 'p':
			if (parse_u64(optarg, &pages) || pages < 1 || pages > MAX_PAGES)
				usage();
			break;
		case 's':
			if (parse_u64(optarg, &seed))
				usage();
			break;
		case 'w':
			if (parse_double(optarg, &wfrac) || !(wfrac >= 0 && wfrac <= 1))
				usage();
			break;
		case 'a':
			if (parse_double(optarg, &alpha) || !(alpha >= 0 && alpha <= 10))
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	cdf = malloc(pages * sizeof(*cdf));
	guide = malloc(((size_t)1 << GUIDE_BITS) * sizeof(*guide));
	if (!cdf || !guide) {
		fputs("zipf-pages: out of memory\n", stderr);
		goto out;
	}
	/* cdf[i] = weights of ranks 1 .. i + 1, summed in order. */
	for (uint64_t i = 0; i < pages; i++) {
		total += det_exp(-alpha * det_log(i + 1));
		cdf[i] = total;
	}
	/*
	 * guide[j]: the first index whose cdf passes total * j / 2^GUIDE_BITS.
	 * A draw u in [j, j + 1) / 2^GUIDE_BITS has t = u * total >= that
	 * (rounded products are monotone), so every index before guide[j] has
	 * cdf <= t and the search may start there.
	 */
	for (uint64_t j = 0, i = 0; j < (1u << GUIDE_BITS); j++) {
		double t = total * ((double)j / (1u << GUIDE_BITS));

		while (i < pages - 1 && cdf[i] <= t)
			i++;
		guide[j] = (uint32_t)i;
	}

	xoshiro_init(&rng, seed);
	perm_init(&perm, pages, seed ^ 0x5045524d5045524dull); /* "PERMPERM" */
	for (uint64_t a = 0; a < n; a++) {
		double u = uniform(&rng), t = u * total;
		uint64_t i = guide[(uint64_t)(u * (1u << GUIDE_BITS))]; /* exact */

		/* the smallest i with cdf[i] > t: the rank drawn, less one */
		while (i < pages - 1 && cdf[i] <= t)
			i++;
		err = out_line(&out, perm_apply(&perm, i), uniform(&rng) < wfrac);
		if (err)
			goto write_error;
	}
	err = out_flush(&out);
	if (err)
		goto write_error;
	rc = 0;
	goto out;
write_error:
	fprintf(stderr, "zipf-pages: cannot write: %s\n", strerror(-err));
	rc = 1;
out:
	free(cdf);
	free(guide);
	return rc;
}
