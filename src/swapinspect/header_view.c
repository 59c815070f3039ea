// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * header_view.c - swapinspect's default view: what the header says and
 * what the kernel would make of it.
 *
 * Text is one "name: value" line per fact, aligned, in the order a person
 * asks the questions: what is it, how big, who is it, would it work.  The
 * JSON carries the same facts under stable keys (swapinspect(8)).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "inspect.h"
#include "json.h"
#include "size.h"

/* What each signature is, for people. */
static const char *describe_sig(enum swaparea_sig sig)
{
	switch (sig) {
	case SWAPAREA_SIG_V1:
		return "SWAPSPACE2: swap area, version 1";
	case SWAPAREA_SIG_V0:
		return "SWAP-SPACE: legacy swap area, version 0 (Linux 2.4 and older)";
	case SWAPAREA_SIG_S1SUSPEND:
		return "S1SUSPEND: hibernation image written by the kernel";
	case SWAPAREA_SIG_S2SUSPEND:
		return "S2SUSPEND: hibernation image written by the kernel";
	case SWAPAREA_SIG_ULSUSPEND:
		return "ULSUSPEND: hibernation image written by uswsusp (s2disk)";
	case SWAPAREA_SIG_LINHIB:
		return "LINHIB0001: hibernation image";
	case SWAPAREA_SIG_TUXONICE:
		return "TuxOnIce hibernation image";
	case SWAPAREA_SIG_NONE:
		break;
	}
	return "none: not a swap area";
}

static void field(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void field(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%-14s", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *kind_of_file(const struct area *a)
{
	return a->regular ? "file" : "block device";
}

/* The members every area view starts with: what was inspected, and the verdict. */
void view_summary_json(const struct area *a, struct json *j)
{
	json_string(j, "path", a->path);
	json_string(j, "file_type", a->regular ? "file" : "block");
	json_u64(j, "file_size", a->file_bytes);
	json_u64(j, "offset", a->offset);
	json_string(j, "signature", a->sig ? swaparea_sig_name(a->sig) : NULL);
	if (a->pagesize)
		json_u64(j, "pagesize", a->pagesize);
	else
		json_null(j, "pagesize");

	json_object_begin(j, "kernel");
	json_u64(j, "pagesize", a->kernel.pagesize);
	json_bool(j, "accepted", a->accepted);
	json_string(j, "rule", a->rule);
	json_string(j, "reason", a->reason[0] ? a->reason : NULL);
	json_string(j, "log", a->kernel_log[0] ? a->kernel_log : NULL);
	if (a->verdict.offset != UINT64_MAX && !a->verdict.accepted)
		json_u64(j, "field_offset", a->verdict.offset);
	else
		json_null(j, "field_offset");
	json_u64(j, "max_pages", a->accepted ? a->maxpages : 0);
	json_u64(j, "usable_pages", a->accepted ? a->usable_pages : 0);
	json_object_end(j);

	json_array_begin(j, "warnings");
	for (unsigned i = 0; i < a->nr_warnings; i++)
		json_string(j, NULL, a->warnings[i]);
	json_array_end(j);
}

static void header_json(const struct area *a, struct json *j)
{
	const struct swaparea_hdr *h = &a->hdr;
	char uuid[37];

	json_object_begin(j, "header");
	if (!a->has_hdr) {
		json_string(j, "error", a->sig == SWAPAREA_SIG_V1 || a->sig == SWAPAREA_SIG_V0
					? a->hdr_err.msg : NULL);
		json_object_end(j);
		return;
	}
	swaparea_uuid_unparse(h->uuid, uuid);
	json_u64(j, "version", h->version);
	json_string(j, "byte_order", swaparea_endian_name(h->endian));
	json_u64(j, "magic_offset", a->offset + a->pagesize - SWAPAREA_MAGIC_LEN);
	json_u64(j, "last_page", h->last_page);
	json_u64(j, "pages", (uint64_t)h->last_page + 1);
	json_u64(j, "bytes", ((uint64_t)h->last_page + 1) * h->pagesize);
	json_u64(j, "usable_pages", swaparea_hdr_usable_pages(h));
	json_u64(j, "usable_bytes", swaparea_hdr_usable_pages(h) * h->pagesize);
	json_string(j, "uuid", swaparea_uuid_is_null(h->uuid) ? NULL : uuid);
	json_string(j, "label", h->label[0] ? h->label : NULL);
	json_bool(j, "label_unterminated", h->label_unterminated);
	json_u64(j, "nr_badpages", h->nr_badpages);
	json_array_begin(j, "badpages");
	for (uint32_t i = 0; i < h->nr_badpages; i++)
		json_u64(j, NULL, h->badpages[i]);
	json_array_end(j);
	json_bool(j, "under_hibernation", a->under_hibernation);
	json_object_end(j);
}

static void pages_line(const char *name, uint64_t pages, uint32_t pagesize)
{
	char human[32];

	field(name, "%" PRIu64 " page%s (%s)", pages, pages == 1 ? "" : "s",
	      size_human_iec(pages * pagesize, human, sizeof(human)));
}

static void header_text(const struct area *a, bool verbose)
{
	const struct swaparea_hdr *h = &a->hdr;
	char uuid[37];

	if (a->pagesize)
		field("page size:", "%" PRIu32 " (the magic is at byte %" PRIu64 ")", a->pagesize,
		      a->offset + a->pagesize - SWAPAREA_MAGIC_LEN);
	if (!a->has_hdr) {
		if (a->sig == SWAPAREA_SIG_V1 || a->sig == SWAPAREA_SIG_V0)
			field("header:", "damaged: %s", a->hdr_err.msg);
		return;
	}
	if (a->under_hibernation)
		field("swap header:", "kept under the hibernation image%s",
		      a->orig_sig_swap ? " (original signature SWAPSPACE2)" : "");
	field("version:", "%" PRIu32, h->version);
	field("byte order:", "%s-endian", swaparea_endian_name(h->endian));
	pages_line("size:", (uint64_t)h->last_page + 1, h->pagesize);
	pages_line("usable:", swaparea_hdr_usable_pages(h), h->pagesize);
	if (h->version == 1) {
		swaparea_uuid_unparse(h->uuid, uuid);
		field("UUID:", "%s", swaparea_uuid_is_null(h->uuid) ? "(none)" : uuid);
		field("label:", "%s%s", h->label[0] ? h->label : "(none)",
		      h->label_unterminated ? " (not NUL-terminated)" : "");
	}
	field("bad pages:", "%" PRIu32, h->nr_badpages);
	if (verbose && h->nr_badpages) {
		for (uint32_t i = 0; i < h->nr_badpages; i++)
			printf("%s%" PRIu32, i % 8 ? " " : i ? "\n              " : "              ",
			       h->badpages[i]);
		putchar('\n');
	}
}

static void verdict_text(const struct area *a)
{
	char human[32];

	if (a->accepted) {
		field("kernel:", "accepted with %" PRIu32 "-byte pages", a->kernel.pagesize);
		field("", "%" PRIu64 " pages of swap (%s), %" PRIu64 " slots with the header",
		      a->usable_pages, size_human_iec(a->usable_pages * a->kernel.pagesize, human,
						       sizeof(human)), a->maxpages);
	} else {
		field("kernel:", "refused with %" PRIu32 "-byte pages", a->kernel.pagesize);
		field("reason:", "%s", a->reason);
		if (a->kernel_log[0])
			field("kernel log:", "%s", a->kernel_log);
	}
	for (unsigned i = 0; i < a->nr_warnings; i++)
		field(i ? "" : "warnings:", "%s", a->warnings[i]);
}

int view_header(const struct inspect_ctl *ctl, const struct area *a, struct json *j)
{
	if (j) {
		header_json(a, j);
		return 0;
	}
	field("area:", "%s (%s, %" PRIu64 " bytes%s)", a->path, kind_of_file(a), a->file_bytes,
	      a->offset ? ", area at an offset" : "");
	if (a->offset)
		field("offset:", "%" PRIu64, a->offset);
	field("signature:", "%s", describe_sig(a->sig));
	header_text(a, ctl->verbose);
	verdict_text(a);
	return 0;
}
