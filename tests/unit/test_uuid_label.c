// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_uuid_label.c - unit tests of the UUID and label of a swap area:
 * swaparea_uuid_parse() for every form mkswap accepts and some it must
 * not, unparse (always lower case), is_null, and where UUID and label land
 * in the header page (bytes 1036 and 1052, kernel-swap-facts.md section 1).
 *
 * RFC 4122 fixes what is checked of generated UUIDs: the version is the
 * high nibble of byte 6 (4 random, 1 time-based) and the variant the top
 * two bits of byte 8 (10).
 */
#include <errno.h>
#include <stdlib.h>

#include "swaparea.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static unsigned uuid_version(const uint8_t *u)
{
	return u[6] >> 4;
}

static bool rfc4122_variant(const uint8_t *u)
{
	return (u[8] & 0xc0) == 0x80;
}

static void test_parse_text(void)
{
	static const uint8_t want[16] = {
		0x01, 0x23, 0xab, 0xcd, 0x45, 0x67, 0x89, 0xef,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	};
	static const char *const bad[] = {
		"xyz",
		"",
		"0123ABCD-4567-89EF-0123-456789ABCDE",     /* 35 characters */
		"0123ABCD-4567-89EF-0123-456789ABCDEF0",   /* 37 */
		"0123ABCD-4567-89EF-0123-456789ABCDEG",    /* not hex */
		"0123abcd-4567-89ef-0123-45678 abcdef",    /* a space */
		"0123abcd4-567-89ef-0123-456789abcdef",    /* a dash out of place */
		"0123abcd 4567 89ef 0123 456789abcdef",    /* no dashes */
		"{0123abcd-4567-89ef-0123-456789abcdef}",
	};
	uint8_t u[16];
	char text[SWAPAREA_UUID_STR_LEN];

	TAP_EQ_INT(swaparea_uuid_parse("0123ABCD-4567-89EF-0123-456789ABCDEF", u), 0,
		   "parse an upper-case UUID");
	TAP_OK(memcmp(u, want, 16) == 0, "its 16 bytes, in text order");
	swaparea_uuid_unparse(u, text);
	TAP_EQ_STR(text, "0123abcd-4567-89ef-0123-456789abcdef", "unparse is lower case");
	TAP_EQ_INT(swaparea_uuid_parse(text, u), 0, "parse the lower-case form");
	TAP_OK(memcmp(u, want, 16) == 0, "the same 16 bytes");

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		TAP_EQ_INT(swaparea_uuid_parse(bad[i], u), -EINVAL, "parse \"%s\" is -EINVAL", bad[i]);
}

static void test_parse_words(void)
{
	uint8_t u[16], u2[16];

	memset(u, 0xff, sizeof(u));
	TAP_EQ_INT(swaparea_uuid_parse("clear", u), 0, "parse \"clear\"");
	TAP_OK(swaparea_uuid_is_null(u), "\"clear\" gives the null UUID");

	TAP_EQ_INT(swaparea_uuid_parse("random", u), 0, "parse \"random\"");
	TAP_EQ_U64(uuid_version(u), 4, "\"random\" is version 4");
	TAP_OK(rfc4122_variant(u), "\"random\" has the RFC 4122 variant");
	swaparea_uuid_parse("random", u2);
	TAP_OK(memcmp(u, u2, 16) != 0, "two \"random\" UUIDs differ");

	TAP_EQ_INT(swaparea_uuid_parse("time", u), 0, "parse \"time\"");
	TAP_EQ_U64(uuid_version(u), 1, "\"time\" is version 1");
	TAP_OK(rfc4122_variant(u), "\"time\" has the RFC 4122 variant");

	memset(u, 0, sizeof(u));
	TAP_EQ_INT(swaparea_uuid_parse(NULL, u), 0, "parse NULL");
	TAP_OK(!swaparea_uuid_is_null(u), "NULL gives a new, non-null UUID");
	TAP_OK((uuid_version(u) == 4 || uuid_version(u) == 1) && rfc4122_variant(u),
	       "NULL gives a random or time-based UUID (version %u)", uuid_version(u));
}

static void test_is_null(void)
{
	uint8_t u[16] = { 0 };
	unsigned wrong = 0;

	TAP_OK(swaparea_uuid_is_null(u), "all zeros is null");
	/* Any single byte, any single bit, makes it not null. */
	for (int byte = 0; byte < 16; byte++) {
		for (int bit = 0; bit < 8; bit++) {
			u[byte] = (uint8_t)(1u << bit);
			wrong += swaparea_uuid_is_null(u);
			u[byte] = 0;
		}
	}
	TAP_EQ_U64(wrong, 0, "one bit set anywhere is not null (128 cases)");
}

/* The parsed bytes and the label sit where blkid looks for them. */
static void test_in_header(void)
{
	static const char *const text = "6d2a9c1e-0b3f-4c5d-8e7f-a0b1c2d3e4f5";
	static const uint8_t raw[16] = {
		0x6d, 0x2a, 0x9c, 0x1e, 0x0b, 0x3f, 0x4c, 0x5d,
		0x8e, 0x7f, 0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5,
	};
	uint8_t *page = malloc(4096);
	struct swaparea_hdr h, back;
	char out[SWAPAREA_UUID_STR_LEN];

	swaparea_hdr_init(&h);
	swaparea_hdr_init(&back);
	swaparea_hdr_setup(&h, 4096, 100);
	TAP_OK(swaparea_hdr_encode(&h, page) == 0 && swaparea_uuid_is_null(page + 1036),
	       "a fresh header has no UUID");
	TAP_EQ_INT(swaparea_uuid_parse(text, h.uuid), 0, "parse into the header");
	swaparea_hdr_set_label(&h, "swap-äb", NULL);   /* 8 bytes: ä is two */
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), 0, "encode");
	TAP_OK(memcmp(page + 1036, raw, 16) == 0, "UUID bytes at 1036..1051");
	TAP_OK(memcmp(page + 1052, "swap-\xc3\xa4" "b\0\0\0\0\0\0\0\0", 16) == 0,
	       "label bytes at 1052..1067, NUL-padded");
	/* blkid trusts label and UUID only when padding words 32 and 33 are zero. */
	TAP_OK(memcmp(page + 1068, (uint8_t[468]){ 0 }, 468) == 0, "padding 1068..1535 is zero");

	TAP_EQ_INT(swaparea_hdr_decode(&back, page, 4096, 0, NULL), 0, "decode");
	swaparea_uuid_unparse(back.uuid, out);
	TAP_EQ_STR(out, text, "decoded UUID, as text");
	TAP_EQ_STR(back.label, "swap-\xc3\xa4" "b", "decoded label");
	TAP_OK(!back.label_unterminated && !back.padding_dirty, "decoded: label and padding clean");
	swaparea_hdr_release(&back);
	swaparea_hdr_release(&h);
	free(page);
}

int main(void)
{
	test_parse_text();
	test_parse_words();
	test_is_null();
	test_in_header();
	return tap_done();
}
