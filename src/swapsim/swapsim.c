// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swapsim - replay a memory-access trace through a model of the Linux
 * kernel's fault and reclaim engine, and report what the kernel would have
 * done, in /proc/vmstat terms.
 *
 * This file is the command line: it builds the machine (RAM, swap areas
 * from real swap files or sizes, tunables) for the engine in engine/,
 * streams the trace through a reader from trace/, and hands the result to
 * report.c, after checking the --expect thresholds (expect.c).  With
 * --policy, a reference policy from policy/ replays the trace instead of
 * the engine; with --compare, the engine and every reference policy replay
 * it side by side from one read.  With --interval or --timeline, the
 * replay loop samples the engine every N events into a time series
 * (timeline.c), streamed to a CSV file or kept for the JSON.  Exit
 * status: 0 when the trace was replayed, 1 when an expectation failed, 2
 * on a usage error, an unreadable or malformed trace, or a swap file that
 * will not do.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swaparea.h"

#include "cli.h"
#include "convert.h"
#include "engine/sim.h"
#include "backing.h"
#include "expect.h"
#include "policy/policy.h"
#include "progress.h"
#include "report.h"
#include "size.h"
#include "timeline.h"
#include "trace/trace.h"

#define EXIT_EXPECT_FAILED 1
#define EXIT_TROUBLE 2
#define EXPECT_MAX 64

enum {
	OPT_RAM_PAGES = 0x100, OPT_SWAP_SIZE, OPT_SWAPPINESS, OPT_PAGE_CLUSTER, OPT_READAHEAD,
	OPT_WSF, OPT_MIN_FREE, OPT_ARCH, OPT_FORMAT, OPT_ALLOCATOR, OPT_JSON, OPT_CHECK, OPT_EXPECT,
	OPT_SKIP_BAD,
	OPT_POLICY, OPT_COMPARE, OPT_INTERVAL, OPT_TIMELINE, OPT_NO_IO, OPT_FAIL_WRITE, OPT_FAIL_READ,
};

/* Events between two redraws of the progress bar (a power of two). */
#define PROGRESS_EVENTS 0x10000

struct swapsim_ctl {
	struct sim_config cfg;
	const char *trace;
	enum trace_format format;
	bool json, rotational;
	bool skip_bad;
	struct swaparea_hdr hdrs[SIM_MAX_SWAPFILES];   /* headers of --swap files */
	char *names[SIM_MAX_SWAPFILES];
	struct expectation expect[EXPECT_MAX];   /* --expect, in order */
	size_t nr_expect;
	const struct policy_ops *policy;         /* --policy; NULL: the kernel */
	bool compare;
	uint64_t interval;                       /* --interval; 0: none given */
	const char *timeline;                    /* --timeline CSV file */
	bool no_io;                              /* --no-io */
	bool is_file[SIM_MAX_SWAPFILES];         /* the area is a --swap file */
	struct swap_backing backings[SIM_MAX_SWAPFILES];
	size_t nr_backings;                      /* opened: the first files, in order */
	struct sim_slot_range *fail_slots[2];    /* --fail-write, --fail-read lists */
};

/* --compare: every reference policy, in this order, beside the kernel. */
static const struct policy_ops *const compare_policies[] = {
	&policy_lru, &policy_fifo, &policy_clock, &policy_opt,
};
#define NR_COMPARE (sizeof(compare_policies) / sizeof(compare_policies[0]))

static const struct argp_option options[] = {
	{ "ram", 'r', "SIZE", 0, "memory of the machine (K, M, G suffixes)", 0 },
	{ "ram-pages", OPT_RAM_PAGES, "N", 0, "memory in pages of 4096 bytes", 0 },
	{ "swap", 's', "FILE[:prio=N]", 0, "a swap file made by mkswap (repeatable)", 0 },
	{ "swap-size", OPT_SWAP_SIZE, "SIZE[:prio=N]", 0, "a swap area of SIZE (repeatable)", 0 },
	{ "swappiness", OPT_SWAPPINESS, "N", 0, "vm.swappiness, 0 to 200 (60)", 0 },
	{ "page-cluster", OPT_PAGE_CLUSTER, "N", 0, "vm.page-cluster: readahead of 2^N pages (3)", 0 },
	{ "readahead", OPT_READAHEAD, "MODE", 0, "cluster or vma (default: vma unless an area is rotational)", 0 },
	{ "watermark-scale-factor", OPT_WSF, "N", 0, "vm.watermark_scale_factor (10)", 0 },
	{ "min-free", OPT_MIN_FREE, "KBYTES", 0, "vm.min_free_kbytes (default: derived from RAM)", 0 },
	{ "allocator", OPT_ALLOCATOR, "KIND", 0, "slot allocator: cluster (SSD, default) or rotational", 0 },
	{ "arch", OPT_ARCH, "ARCH", 0, "swap PTE layout: x86_64 (default), i386, i386-pae", 0 },
	{ "format", OPT_FORMAT, "FORMAT", 0, "trace format: native, lackey, pages, perf or binary (default: detected)", 0 },
	{ "skip-bad", OPT_SKIP_BAD, NULL, 0, "count and skip malformed lines, not stop", 0 },
	{ "json", OPT_JSON, NULL, 0, "use JSON output format", 0 },
	{ "check", OPT_CHECK, NULL, 0, "check the model's invariants after every event (slow)", 0 },
	{ "expect", OPT_EXPECT, "EXPR", 0,
	  "fail (exit 1) unless EXPR holds, e.g. pgmajfault<=1000 or pswpout/pgfault<0.05 (repeatable)", 0 },
	{ "policy", OPT_POLICY, "POLICY", 0,
	  "kernel (default), or a reference policy over RAM alone: lru, fifo, clock or opt", 0 },
	{ "compare", OPT_COMPARE, NULL, 0,
	  "replay the kernel and every reference policy side by side", 0 },
	{ "interval", OPT_INTERVAL, "N", 0,
	  "sample the kernel model every N events into the JSON's timeline", 0 },
	{ "timeline", OPT_TIMELINE, "FILE", 0,
	  "write the time series to FILE as CSV (every 10000 events unless --interval)", 0 },
	{ "no-io", OPT_NO_IO, NULL, 0, "do not write swapped-out pages into the --swap files", 0 },
	{ "fail-write", OPT_FAIL_WRITE, "SLOTS|RATE", 0,
	  "make swap writes fail: at slots (5,10-20) or at a rate (0.1% or 1/1000)", 0 },
	{ "fail-read", OPT_FAIL_READ, "SLOTS|RATE", 0,
	  "make swap reads fail the same way (the faulting process gets SIGBUS)", 0 },
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ "version", 'V', NULL, 0, "display version", -1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static uint64_t parse_u64(const char *what, const char *arg, uint64_t max)
{
	uint64_t v;
	int rc = num_parse_u64(arg, max, &v);

	if (rc)
		cli_bad_number(EXIT_TROUBLE, rc, what, arg);
	return v;
}

/* "X:prio=N": splits off the priority, SIM_PRIO_AUTO when there is none. */
static int32_t take_prio(char *arg)
{
	char *colon = strrchr(arg, ':');
	int64_t v;

	if (!colon || strncmp(colon + 1, "prio=", 5))
		return SIM_PRIO_AUTO;
	if (num_parse_s64(colon + 6, 0, 32767, &v))
		cli_usage_error(EXIT_TROUBLE, "invalid priority: '%s' (0 to 32767)", colon + 6);
	*colon = '\0';
	return (int32_t)v;
}

static struct sim_swap_config *new_area(struct swapsim_ctl *ctl)
{
	if (ctl->cfg.nr_swaps == SIM_MAX_SWAPFILES)
		cli_usage_error(EXIT_TROUBLE, "at most %d swap areas", SIM_MAX_SWAPFILES);
	return &ctl->cfg.swaps[ctl->cfg.nr_swaps++];
}

/* A real swap file: its size and bad pages come from its header. */
static void add_swap_file(struct swapsim_ctl *ctl, char *arg)
{
	int32_t prio = take_prio(arg);
	size_t i = ctl->cfg.nr_swaps;
	struct sim_swap_config *c = new_area(ctl);
	struct swaparea_hdr *h = &ctl->hdrs[i];
	struct swaparea_err e = { 0 };
	int fd = open(arg, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc;
	struct stat st;

	if (fd < 0)
		err(EXIT_TROUBLE, "cannot open '%s'", arg);
	if (fstat(fd, &st) < 0)
		err(EXIT_TROUBLE, "cannot stat '%s'", arg);
	/* Never wait on a FIFO or read a terminal: a swap area is a file or a device. */
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		errx(EXIT_TROUBLE, "'%s' is not a swap file or block device", arg);
	swaparea_hdr_init(h);
	rc = swaparea_hdr_read(fd, 0, 0, h, &e);
	close(fd);
	if (rc)
		errx(EXIT_TROUBLE, "'%s' is not a usable swap area: %s", arg, e.msg[0] ? e.msg : strerror(-rc));
	if (h->version != 1)
		errx(EXIT_TROUBLE, "'%s' is a version 0 swap area, which no kernel since 2.5 takes", arg);
	if (h->pagesize != 4096)
		errx(EXIT_TROUBLE, "'%s' has %" PRIu32 "-byte pages; the simulated machine has 4096",
		     arg, h->pagesize);
	c->pages = (uint64_t)h->last_page + 1;
	c->badpages = h->badpages;
	c->nr_badpages = h->nr_badpages;
	c->prio = prio;
	c->name = ctl->names[i] = strdup(arg);
	ctl->is_file[i] = true;
}

/*
 * --fail-write, --fail-read: "P%" or "1/N" sets the rate; a list of slots
 * and ranges ("5,10-20") adds to the slots that always fail.
 */
static void parse_faults(struct swapsim_ctl *ctl, char *arg, int which)
{
	struct sim_io_faults *f = which ? &ctl->cfg.fail_read : &ctl->cfg.fail_write;
	const char *opt = which ? "--fail-read" : "--fail-write";
	size_t len = strlen(arg);

	if (len && arg[len - 1] == '%') {
		char *end;
		double p = strtod(arg, &end);

		if (end != arg + len - 1 || !(p > 0 && p <= 100))
			cli_usage_error(EXIT_TROUBLE, "invalid %s rate: '%s' (above 0%% up to 100%%)", opt, arg);
		f->rate = p >= 100 ? UINT32_MAX : (uint32_t)(p / 100 * 4294967296.0);
		if (!f->rate)
			f->rate = 1;
		return;
	}
	if (!strncmp(arg, "1/", 2)) {
		uint64_t n;

		if (num_parse_u64(arg + 2, UINT64_MAX, &n) || !n)
			cli_usage_error(EXIT_TROUBLE, "invalid %s rate: '%s' (1/N, N at least 1)", opt, arg);
		f->rate = n == 1 ? UINT32_MAX : (uint32_t)((UINT64_C(1) << 32) / n);
		if (!f->rate)
			f->rate = 1;
		return;
	}
	for (char *save = NULL, *tok = strtok_r(arg, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');
		struct sim_slot_range r;
		struct sim_slot_range *p;

		if (dash)
			*dash = '\0';
		if (num_parse_u64(tok, UINT64_MAX, &r.first) ||
		    (dash && num_parse_u64(dash + 1, UINT64_MAX, &r.last)))
			cli_usage_error(EXIT_TROUBLE, "invalid %s slots: '%s%s%s' (N or N-M, comma-separated, "
					"or a rate)", opt, tok, dash ? "-" : "", dash ? dash + 1 : "");
		if (!dash)
			r.last = r.first;
		if (r.last < r.first)
			cli_usage_error(EXIT_TROUBLE, "invalid %s range: '%s-%s'", opt, tok, dash + 1);
		p = realloc(ctl->fail_slots[which], (f->nr_slots + 1) * sizeof(*p));
		if (!p)
			err(EXIT_TROUBLE, "cannot allocate memory");
		p[f->nr_slots++] = r;
		ctl->fail_slots[which] = p;
		f->slots = p;
	}
	if (!f->nr_slots)
		cli_usage_error(EXIT_TROUBLE, "invalid %s: '%s' (slots or a rate)", opt, arg);
}

/* Open every --swap file for stamped slot I/O, unless --no-io. */
static void open_backings(struct swapsim_ctl *ctl)
{
	char error[512];

	for (size_t i = 0; i < ctl->cfg.nr_swaps && !ctl->no_io; i++) {
		struct sim_swap_config *c = &ctl->cfg.swaps[i];

		if (!ctl->is_file[i])
			continue;
		if (backing_open(&ctl->backings[i], ctl->names[i], &c->pages, error, sizeof(error)))
			errx(EXIT_TROUBLE, "%s", error);
		ctl->nr_backings = i + 1;
		c->backing = &backing_ops;
		c->backing_ctx = &ctl->backings[i];
		c->stale = ctl->backings[i].stale;
		c->nr_stale = ctl->backings[i].nr_stale;
	}
}

/* After the run: discard freed slots, flush and close the files.  0 or EXIT_TROUBLE. */
static int close_backings(struct swapsim_ctl *ctl, struct sim *s, bool ran)
{
	int status = 0, rc;

	if (ran && (rc = sim_io_finish(s))) {
		warnx("%s", sim_error(s));
		status = EXIT_TROUBLE;
	}
	for (size_t i = 0; i < ctl->nr_backings; i++) {
		if (!ctl->cfg.swaps[i].backing)
			continue;
		rc = backing_close(&ctl->backings[i]);
		if (rc && !status) {
			warnx("cannot write '%s': %s", ctl->names[i], strerror(-rc));
			status = EXIT_TROUBLE;
		}
	}
	return status;
}

static void add_swap_size(struct swapsim_ctl *ctl, char *arg)
{
	int32_t prio = take_prio(arg);
	size_t i = ctl->cfg.nr_swaps;
	struct sim_swap_config *c = new_area(ctl);
	uint64_t bytes;

	if (size_parse(arg, &bytes) || bytes < 2 * 4096)
		cli_usage_error(EXIT_TROUBLE, "invalid swap size: '%s'", arg);
	c->pages = bytes / 4096;
	c->prio = prio;
	if (asprintf(&ctl->names[i], "swap%zu", i) < 0)
		err(EXIT_TROUBLE, "cannot allocate memory");
	c->name = ctl->names[i];
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct swapsim_ctl *ctl = state->input;
	uint64_t v;

	switch (key) {
	case 'r':
		if (size_parse(arg, &v) || v / 4096 < 16)
			cli_usage_error(EXIT_TROUBLE, "invalid RAM size: '%s' (at least 64K)", arg);
		ctl->cfg.ram_pages = v / 4096;
		break;
	case OPT_RAM_PAGES:
		ctl->cfg.ram_pages = parse_u64("invalid page count", arg, UINT32_MAX - 1);
		break;
	case 's':
		add_swap_file(ctl, arg);
		break;
	case OPT_SWAP_SIZE:
		add_swap_size(ctl, arg);
		break;
	case OPT_SWAPPINESS:
		ctl->cfg.swappiness = (int)parse_u64("invalid swappiness", arg, 200);
		break;
	case OPT_PAGE_CLUSTER:
		ctl->cfg.page_cluster = (int)parse_u64("invalid page-cluster", arg, 20);
		break;
	case OPT_READAHEAD:
		if (!strcmp(arg, "cluster"))
			ctl->cfg.readahead = SIM_RA_CLUSTER;
		else if (!strcmp(arg, "vma"))
			ctl->cfg.readahead = SIM_RA_VMA;
		else
			cli_usage_error(EXIT_TROUBLE, "invalid readahead: '%s' (cluster or vma)", arg);
		break;
	case OPT_WSF:
		ctl->cfg.watermark_scale_factor = (uint32_t)parse_u64("invalid watermark scale factor",
								      arg, 3000);
		break;
	case OPT_MIN_FREE:
		ctl->cfg.min_free_kbytes = parse_u64("invalid min-free", arg, UINT32_MAX);
		break;
	case OPT_ALLOCATOR:
		if (strcmp(arg, "cluster") && strcmp(arg, "rotational"))
			cli_usage_error(EXIT_TROUBLE, "invalid allocator: '%s' (cluster or rotational)", arg);
		ctl->rotational = !strcmp(arg, "rotational");
		break;
	case OPT_ARCH:
		if (swaparea_arch_parse(arg, &ctl->cfg.arch) || ctl->cfg.arch == SWAPAREA_ARCH_ARM64 ||
		    ctl->cfg.arch == SWAPAREA_ARCH_I386_LEGACY)
			cli_usage_error(EXIT_TROUBLE, "invalid arch: '%s' (x86_64, i386 or i386-pae)", arg);
		break;
	case OPT_SKIP_BAD:
		ctl->skip_bad = true;
		break;
	case OPT_FORMAT:
		if (trace_format_parse(arg, &ctl->format))
			cli_usage_error(EXIT_TROUBLE, "invalid format: '%s' (native, lackey, pages, perf or binary)", arg);
		break;
	case OPT_JSON:
		ctl->json = true;
		break;
	case OPT_CHECK:
		ctl->cfg.check_every_event = true;
		break;
	case OPT_EXPECT: {
		char error[256];

		if (ctl->nr_expect == EXPECT_MAX)
			cli_usage_error(EXIT_TROUBLE, "at most %d expectations", EXPECT_MAX);
		if (expect_parse(arg, &ctl->expect[ctl->nr_expect], error, sizeof(error)))
			cli_usage_error(EXIT_TROUBLE, "%s", error);
		ctl->nr_expect++;
		break;
	}
	case OPT_POLICY:
		ctl->policy = policy_find(arg);
		if (!ctl->policy && strcmp(arg, "kernel"))
			cli_usage_error(EXIT_TROUBLE, "invalid policy: '%s' (kernel, lru, fifo, clock or opt)",
					arg);
		break;
	case OPT_COMPARE:
		ctl->compare = true;
		break;
	case OPT_INTERVAL:
		ctl->interval = parse_u64("invalid interval", arg, UINT64_MAX);
		if (!ctl->interval)
			cli_usage_error(EXIT_TROUBLE, "invalid interval: '%s' (at least 1 event)", arg);
		break;
	case OPT_TIMELINE:
		ctl->timeline = arg;
		break;
	case OPT_NO_IO:
		ctl->no_io = true;
		break;
	case OPT_FAIL_WRITE:
	case OPT_FAIL_READ:
		parse_faults(ctl, arg, key == OPT_FAIL_READ);
		break;
	case 'h':
		cli_help(state);
	case 'V':
		cli_version();
	case ARGP_KEY_ARG:
		if (ctl->trace)
			cli_usage_error(EXIT_TROUBLE, "only one trace at a time: '%s'", arg);
		ctl->trace = arg;
		break;
	case ARGP_KEY_END:
		if (!ctl->trace)
			cli_usage_error(EXIT_TROUBLE, "no trace given (use - for standard input)");
		if (!ctl->cfg.ram_pages)
			cli_usage_error(EXIT_TROUBLE, "how much memory? give --ram or --ram-pages");
		if (ctl->compare && ctl->policy)
			cli_usage_error(EXIT_TROUBLE, "--compare runs every policy: no --policy with it");
		if ((ctl->policy || ctl->compare) && ctl->cfg.ram_pages > POLICY_MAX_FRAMES)
			cli_usage_error(EXIT_TROUBLE, "a reference policy takes at most %u frames",
					POLICY_MAX_FRAMES);
		if ((ctl->interval || ctl->timeline) && (ctl->policy || ctl->compare))
			cli_usage_error(EXIT_TROUBLE, "--interval and --timeline sample the kernel model: "
					"not with --policy or --compare");
		if (ctl->interval && !ctl->json && !ctl->timeline)
			cli_usage_error(EXIT_TROUBLE, "--interval adds a time series to --json or --timeline: "
					"give one of them");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	.options = options,
	.parser = parse_opt,
	.args_doc = "TRACE",
	.doc = "Replay a memory-access trace through a model of the Linux kernel's fault and "
	       "reclaim engine.\v"
	       "TRACE is a trace in any format of swapsim-trace(5): native, valgrind lackey, "
	       "pages, perf script page faults, or the binary form; - reads standard input.  "
	       "Exit status: 0 replayed, 1 an --expect missed, 2 usage error, bad trace or swap "
	       "file, data lost.\n\n"
	       "swapsim convert IN OUT rewrites a trace in another format (see swapsim convert --help).\n\n"
	       "For more details see swapsim(1).",
};

/* A reference policy failed: the temporary file or memory. */
static int policy_failed(const struct policy_run *run, int rc)
{
	warnx("policy %s: %s", run->p.ops->name, strerror(-rc));
	return EXIT_TROUBLE;
}

/* The timeline could not be kept or written. */
static int timeline_failed(const struct swapsim_ctl *ctl, int rc)
{
	if (ctl->timeline)
		warnx("cannot write '%s': %s", ctl->timeline, strerror(-rc));
	else
		warnx("timeline: %s", strerror(-rc));
	return EXIT_TROUBLE;
}

/* The smallest multiple of @step above @n. */
static uint64_t next_multiple(uint64_t n, uint64_t step)
{
	return (n / step + 1) * step;
}

/*
 * The progress bar's label: events per second so far, "12.3M ev/s" (the
 * bar itself shows the percentage of the input read when its size is
 * known, and the seconds).
 */
static void rate_label(char *buf, size_t len, const struct progress *bar, uint64_t events)
{
	struct timespec ts;
	double secs, rate;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	secs = (double)((uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec - bar->started_ns) / 1e9;
	rate = secs > 0 ? (double)events / secs : 0;
	if (rate >= 1e9)
		snprintf(buf, len, "%.1fG ev/s", rate / 1e9);
	else if (rate >= 1e6)
		snprintf(buf, len, "%.1fM ev/s", rate / 1e6);
	else if (rate >= 1e3)
		snprintf(buf, len, "%.1fk ev/s", rate / 1e3);
	else
		snprintf(buf, len, "%.0f ev/s", rate);
}

/*
 * One read of the trace through the engine @s (when not NULL) and @runs,
 * sampling @s into @tl (when not NULL).  The loop stops for the progress
 * bar and the timeline at one count, @stop, so an event costs one test
 * for both.  A sample due after event k*N is taken when event k*N+1 has
 * been read, and the one after the last event once kswapd has settled: so
 * the last row is the report's state and no count is sampled twice.
 *
 * Events are read READ_AHEAD ahead of the one replayed, each announced to
 * the engine and the policies as it is read (sim_prefetch(),
 * policy_run_prefetch()), so the cache misses of a trace spread over
 * gigabytes are under way before the event needs them.  Each keeps its
 * line number for messages.  That costs a few nanoseconds an event, which
 * a trace of mostly cached hits does not win back: at each stop the loop
 * looks at the share of events off the hit path (or faulting, for the
 * policies) since the last one, and reads ahead only while it is above
 * READ_AHEAD_PERCENT.
 */
#define READ_AHEAD 16
#define READ_AHEAD_PERCENT 5

/* Whether the events since the last stop were spread wide enough to read ahead. */
static bool worth_reading_ahead(const struct sim *s, const struct policy_run *runs, size_t nr_runs,
				uint64_t events, uint64_t *last_slow)
{
	uint64_t slow = 0, before = *last_slow;

	if (s)
		slow = sim_slow_events(s);
	for (size_t i = 0; i < nr_runs; i++)
		slow += runs[i].pgfault;
	*last_slow = slow;
	return slow - before > events * (nr_runs + (s != NULL)) * READ_AHEAD_PERCENT / 100;
}

struct ahead {
	struct sim_event ev;
	uint64_t line;
};
static int replay(struct swapsim_ctl *ctl, struct sim *s, struct policy_run *runs, size_t nr_runs,
		  struct trace_reader *r, struct timeline *tl)
{
	struct progress bar;
	struct ahead ring[READ_AHEAD];
	char label[32] = "replaying";
	uint64_t n = 0, stop = PROGRESS_EVENTS, last_stop = 0, last_slow = 0;
	size_t head = 0, queued = 0, depth = READ_AHEAD;
	int rc = 1;

	if (tl && tl->interval < stop)
		stop = tl->interval;
	progress_init(&bar, label, trace_size(r));
	for (;;) {
		const struct sim_event *ev;
		struct ahead *cur = &ring[head];

		if (depth > 1 || queued) {
			while (rc > 0 && queued < depth) {
				struct ahead *a = &ring[(head + queued) % READ_AHEAD];

				if ((rc = trace_next(r, &a->ev)) <= 0)
					break;
				a->line = trace_line(r);
				if (s)
					sim_prefetch(s, &a->ev);
				for (size_t i = 0; i < nr_runs; i++)
					policy_run_prefetch(&runs[i], &a->ev);
				queued++;
			}
			if (!queued)
				break;
			head = (head + 1) % READ_AHEAD;
			queued--;
		} else {
			/* Not reading ahead: the reader's line is this event's (0 says so). */
			if ((rc = trace_next(r, &cur->ev)) <= 0)
				break;
			cur->line = 0;
		}
		ev = &cur->ev;
		if (n == stop) {
			int trc;

			if (tl && !(n % tl->interval) && (trc = timeline_sample(tl, s))) {
				progress_finish(&bar);
				return timeline_failed(ctl, trc);
			}
			if (bar.enabled && !(n % PROGRESS_EVENTS)) {
				rate_label(label, sizeof(label), &bar, n);
				progress_update(&bar, trace_bytes(r));
			}
			depth = worth_reading_ahead(s, runs, nr_runs, n - last_stop, &last_slow) ?
				READ_AHEAD : 1;
			last_stop = n;
			stop = next_multiple(n, PROGRESS_EVENTS);
			if (tl && next_multiple(n, tl->interval) < stop)
				stop = next_multiple(n, tl->interval);
		}
		if (s && sim_event(s, ev)) {
			progress_finish(&bar);
			warnx("%s:%" PRIu64 ": %s", ctl->trace, cur->line ? cur->line : trace_line(r),
			      sim_error(s));
			return EXIT_TROUBLE;
		}
		for (size_t i = 0; i < nr_runs; i++) {
			int prc = policy_run_event(&runs[i], ev);

			if (prc) {
				progress_finish(&bar);
				return policy_failed(&runs[i], prc);
			}
		}
		n++;
	}
	progress_finish(&bar);
	if (rc < 0) {
		warnx("%s", trace_error(r));
		return EXIT_TROUBLE;
	}
	if (s)
		sim_settle(s);
	if (tl && (rc = timeline_sample(tl, s)))
		return timeline_failed(ctl, rc);
	for (size_t i = 0; i < nr_runs; i++) {
		rc = policy_run_finish(&runs[i]);
		if (rc)
			return policy_failed(&runs[i], rc);
	}
	return 0;
}

static struct report_policy policy_result(const struct policy_run *run)
{
	return (struct report_policy){
		.name = run->p.ops->name, .accesses = run->accesses,
		.pgfault = run->pgfault, .pgmajfault = run->pgmajfault,
	};
}

/* --policy with a reference policy: no engine, no swap areas. */
static int run_policy(struct swapsim_ctl *ctl, struct trace_reader *r)
{
	struct policy_run run;
	int rc = policy_run_init(&run, ctl->policy, ctl->cfg.ram_pages);

	if (rc)
		errx(EXIT_TROUBLE, "policy %s: %s", ctl->policy->name, strerror(-rc));
	rc = replay(ctl, NULL, &run, 1, r, NULL);
	if (!rc) {
		struct report_policy res = policy_result(&run);
		struct report_input in = {
			.cfg = &ctl->cfg, .trace = ctl->trace, .format = trace_format_of(r),
			.expect = ctl->expect, .nr_expect = ctl->nr_expect,
			.skipped_lines = trace_bad_lines(r),
		};

		if (!expect_evaluate_policy(ctl->expect, ctl->nr_expect, run.pgfault, run.pgmajfault,
					    run.events))
			rc = EXIT_EXPECT_FAILED;
		if (ctl->json)
			report_policy_json(&res, run.events, &in, stdout);
		else
			report_policy_text(&res, run.events, &in, stdout);
	}
	policy_run_release(&run);
	return rc;
}

/* Open the trace, with --skip-bad if asked; exits 2 when it cannot be read. */
static struct trace_reader *open_trace(const struct swapsim_ctl *ctl)
{
	struct trace_reader *r;
	char error[256];

	if (trace_open(&r, ctl->trace, ctl->format, error, sizeof(error)))
		errx(EXIT_TROUBLE, "%s", error);
	trace_set_skip_bad(r, ctl->skip_bad);
	return r;
}

/* What --skip-bad passed over: the count, and the first messages. */
static void warn_expectations(const struct swapsim_ctl *ctl)
{
	for (size_t i = 0; i < ctl->nr_expect; i++)
		if (!ctl->expect[i].passed)
			warnx("expectation failed: %s (it is %.6g)", ctl->expect[i].text,
			      ctl->expect[i].got);
}

int main(int argc, char **argv)
{
	struct swapsim_ctl ctl = { 0 };
	struct policy_run runs[NR_COMPARE];
	struct report_policy results[NR_COMPARE];
	size_t nr_runs = 0;
	struct trace_reader *r = NULL;
	struct timeline timeline, *tl = NULL;
	char error[256];
	struct sim *s;
	int rc, status;

	if (argc > 1 && strcmp(argv[1], "convert") == 0)
		return convert_main(argc - 1, argv + 1);

	setlocale(LC_ALL, "");
	sim_config_init(&ctl.cfg);
	cli_parse(&argp, argc, argv, &ctl, EXIT_TROUBLE);
	if (ctl.policy) {
		if (expect_policy_terms(ctl.expect, ctl.nr_expect, error, sizeof(error)))
			cli_usage_error(EXIT_TROUBLE, "%s", error);
		r = open_trace(&ctl);
		rc = run_policy(&ctl, r);
		report_skipped(r);
		trace_close(r);
		if (rc != EXIT_TROUBLE)
			warn_expectations(&ctl);
		return rc;
	}
	for (size_t i = 0; i < ctl.cfg.nr_swaps; i++)
		ctl.cfg.swaps[i].rotational = ctl.rotational;

	open_backings(&ctl);
	s = sim_new(&ctl.cfg, error, sizeof(error));
	if (!s)
		errx(EXIT_TROUBLE, "%s", error);
	for (; ctl.compare && nr_runs < NR_COMPARE; nr_runs++) {
		rc = policy_run_init(&runs[nr_runs], compare_policies[nr_runs], ctl.cfg.ram_pages);
		if (rc)
			errx(EXIT_TROUBLE, "policy %s: %s", compare_policies[nr_runs]->name, strerror(-rc));
	}
	r = open_trace(&ctl);
	if (ctl.interval || ctl.timeline) {
		tl = &timeline;
		rc = timeline_init(tl, ctl.interval ? ctl.interval : TIMELINE_DEFAULT_INTERVAL,
				   ctl.timeline);
		if (rc)
			errx(EXIT_TROUBLE, "cannot write '%s': %s", ctl.timeline, strerror(-rc));
	}
	rc = replay(&ctl, s, runs, nr_runs, r, tl);
	if (!rc && tl && (rc = timeline_finish(tl)))
		rc = timeline_failed(&ctl, rc);
	if ((status = close_backings(&ctl, s, !rc)) && !rc)
		rc = status;
	if (!rc) {
		struct report_input in = {
			.cfg = &ctl.cfg, .trace = ctl.trace, .format = trace_format_of(r),
			.expect = ctl.expect, .nr_expect = ctl.nr_expect,
			.compare = results, .nr_compare = nr_runs, .timeline = tl,
			.skipped_lines = trace_bad_lines(r),
			.stamped = ctl.nr_backings > 0,
		};

		for (size_t i = 0; i < nr_runs; i++)
			results[i] = policy_result(&runs[i]);
		if (!expect_evaluate(s, ctl.expect, ctl.nr_expect))
			rc = EXIT_EXPECT_FAILED;
		if (ctl.json)
			report_json(s, &in, stdout);
		else
			report_text(s, &in, stdout);
		warn_expectations(&ctl);
	}
	report_skipped(r);
	if (tl)
		timeline_release(tl);
	trace_close(r);
	sim_free(s);
	for (size_t i = 0; i < nr_runs; i++)
		policy_run_release(&runs[i]);
	for (size_t i = 0; i < ctl.cfg.nr_swaps; i++) {
		swaparea_hdr_release(&ctl.hdrs[i]);
		free(ctl.names[i]);
	}
	free(ctl.fail_slots[0]);
	free(ctl.fail_slots[1]);
	return rc;
}
