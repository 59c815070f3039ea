// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * json.c - a streaming JSON writer with stable layout (see json.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include "json.h"

static void indent(struct json *j)
{
	fputc('\n', j->out);
	for (unsigned i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Length of the valid UTF-8 sequence at @p (1 to 4), or 0 if it is not one. */
static size_t utf8_length(const unsigned char *p)
{
	size_t n;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)   /* also stops at the NUL */
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* No overlong forms, no surrogates, nothing past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A JSON string: RFC 8259 escapes, and U+FFFD for bytes that are not UTF-8
 * (a label cut inside a character), so the output always parses. */
static void write_quoted(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	while (*p) {
		size_t n = utf8_length(p);

		if (n == 0) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		if (n > 1) {
			fwrite(p, 1, n, out);
			p += n;
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
		p++;
	}
	fputc('"', out);
}

/* The separator, the indentation and the key of the next member. */
static void member(struct json *j, const char *key)
{
	if (j->has_members[j->depth])
		fputc(',', j->out);
	j->has_members[j->depth] = true;
	indent(j);
	if (key) {
		write_quoted(j->out, key);
		fputs(": ", j->out);
	}
}

static void begin(struct json *j, const char *key, char open)
{
	member(j, key);
	fputc(open, j->out);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->has_members[j->depth] = false;
}

static void end(struct json *j, char close)
{
	bool had = j->has_members[j->depth];

	if (j->depth)
		j->depth--;
	if (had)
		indent(j);
	fputc(close, j->out);
}

void json_open(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 1;
	j->has_members[1] = false;
	fputc('{', out);
}

void json_close(struct json *j)
{
	while (j->depth > 1)
		end(j, '}');
	end(j, '}');
	fputc('\n', j->out);
	fflush(j->out);
}

void json_object_begin(struct json *j, const char *key)
{
	begin(j, key, '{');
}

void json_object_end(struct json *j)
{
	end(j, '}');
}

void json_array_begin(struct json *j, const char *key)
{
	begin(j, key, '[');
}

void json_array_end(struct json *j)
{
	end(j, ']');
}

void json_string(struct json *j, const char *key, const char *value)
{
	member(j, key);
	if (value)
		write_quoted(j->out, value);
	else
		fputs("null", j->out);
}

void json_stringf(struct json *j, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	json_string(j, key, n < 0 ? NULL : s);
	free(s);
}

void json_u64(struct json *j, const char *key, uint64_t value)
{
	member(j, key);
	fprintf(j->out, "%" PRIu64, value);
}

void json_u64_row(struct json *j, const char *key, const uint64_t *values, size_t n)
{
	member(j, key);
	fputc('[', j->out);
	for (size_t i = 0; i < n; i++)
		fprintf(j->out, "%s%" PRIu64, i ? ", " : "", values[i]);
	fputc(']', j->out);
}

void json_s64(struct json *j, const char *key, int64_t value)
{
	member(j, key);
	fprintf(j->out, "%" PRId64, value);
}

void json_bool(struct json *j, const char *key, bool value)
{
	member(j, key);
	fputs(value ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void json_fixed(struct json *j, const char *key, double value, int decimals)
{
	double scale = 1;
	int64_t scaled, whole;
	uint64_t frac;

	member(j, key);
	if (decimals < 0)
		decimals = 0;
	for (int i = 0; i < decimals && i < 9; i++)
		scale *= 10;
	if (value != value || value * scale > 9e18 || value * scale < -9e18) {
		fputs("null", j->out);   /* NaN or out of range has no JSON number */
		return;
	}
	/* Built by hand: printf's "%f" follows LC_NUMERIC, and JSON wants '.'. */
	scaled = (int64_t)(value * scale + (value < 0 ? -0.5 : 0.5));
	whole = scaled / (int64_t)scale;
	frac = (uint64_t)(scaled < 0 ? -scaled : scaled) % (uint64_t)scale;
	if (scaled < 0 && whole == 0)
		fputc('-', j->out);
	fprintf(j->out, "%" PRId64, whole);
	if (scale > 1)
		fprintf(j->out, ".%0*" PRIu64, decimals < 9 ? decimals : 9, frac);
}
