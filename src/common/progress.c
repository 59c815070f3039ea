// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * progress.c - the terminal progress bar (see progress.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define REDRAW_NS (200 * 1000 * 1000ull)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static unsigned terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

void progress_init(struct progress *p, const char *label, uint64_t total)
{
	*p = (struct progress){
		.enabled = isatty(STDERR_FILENO),
		.label = label,
		.total = total,
		.started_ns = now_ns(),
	};
}

static void draw(struct progress *p, uint64_t t)
{
	unsigned width = terminal_width() - 30, fill;
	double frac = p->total ? (double)p->done / (double)p->total : 0.0;
	double secs = (double)(t - p->started_ns) / 1e9;

	if (frac > 1.0)
		frac = 1.0;
	fill = (unsigned)(frac * width);
	fprintf(stderr, "\r%-12.12s [", p->label);
	for (unsigned i = 0; i < width; i++)
		fputc(i < fill ? '#' : ' ', stderr);
	fprintf(stderr, "] %5.1f%% %5.0fs", frac * 100.0, secs);
	fflush(stderr);
	p->drawn_ns = t;
}

void progress_update(struct progress *p, uint64_t done)
{
	uint64_t t;

	p->done = done;
	if (!p->enabled)
		return;
	t = now_ns();
	if (t - p->drawn_ns >= REDRAW_NS)
		draw(p, t);
}

void progress_finish(struct progress *p)
{
	if (!p->enabled || !p->drawn_ns)
		return;
	fprintf(stderr, "\r%*s\r", (int)terminal_width() - 1, "");
	fflush(stderr);
}
