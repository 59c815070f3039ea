/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * json.h - the one JSON writer every tool's --json goes through.
 *
 * Why our own: libsmartcols writes JSON only for tables (an array of rows
 * under one key), and our reports are nested objects (a header, a kernel
 * verdict, lists of extents and runs).  One small writer gives every tool
 * the same shape: two-space indentation, keys in the order written,
 * numbers as numbers, strings escaped per RFC 8259 (control characters as
 * \uXXXX, valid UTF-8 passed through, any other byte as U+FFFD).
 *
 * Usage: json_open(), then members (key NULL inside arrays), json_close().
 */
#ifndef SWAPAREA_COMMON_JSON_H
#define SWAPAREA_COMMON_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	unsigned depth;
	bool has_members[JSON_MAX_DEPTH];
};

/* Start the top-level object on @out. */
void json_open(struct json *j, FILE *out);
/* Close every open container and end the line. */
void json_close(struct json *j);

void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);

/* @value NULL writes null. */
void json_string(struct json *j, const char *key, const char *value);
void json_u64(struct json *j, const char *key, uint64_t value);
void json_s64(struct json *j, const char *key, int64_t value);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);
/* An array of @n numbers on one line: for tables of rows. */
void json_u64_row(struct json *j, const char *key, const uint64_t *values, size_t n);
/* A fraction with @decimals digits after the point. */
void json_fixed(struct json *j, const char *key, double value, int decimals);
/* A string made with printf. */
__attribute__((format(printf, 3, 4)))
void json_stringf(struct json *j, const char *key, const char *fmt, ...);

#endif /* SWAPAREA_COMMON_JSON_H */
