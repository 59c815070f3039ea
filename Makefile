# Makefile - builds libswaparea (static and shared, from the same -fPIC
# objects), the tools, the tests, and installs them.  One non-recursive GNU
# Makefile: `make`, `make check`, `make install`, `make fuzz`, `make bench`.
# Strict warnings: `make DEVELOPER=1` (CI does).  Sanitizers: `make
# SANITIZE=1`, which builds into build-san/ so both builds can coexist.
# A debug build, `make DEBUG=1` (into build-debug/), makes swapsim check
# its model's invariants after every event, as --check does.

VERSION      := 0.1.0
SOVERSION    := 0

PREFIX       ?= /usr/local
SBINDIR      ?= $(PREFIX)/sbin
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
MANDIR       ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

CC           ?= cc
AR           ?= ar
PKG_CONFIG   ?= pkg-config
INSTALL      ?= install
CFLAGS       ?= -O2 -g

ifeq ($(SANITIZE),1)
B            ?= build-san
SANFLAGS     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(DEBUG),1)
B            ?= build-debug
SANFLAGS     := -DSWAPSIM_DEBUG
else
B            ?= build
SANFLAGS     :=
endif

WARNFLAGS    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
                -Wformat=2 -Wno-format-nonliteral
ifeq ($(DEVELOPER),1)
WARNFLAGS    += -Werror
endif

DEP_PKGS     := blkid uuid smartcols
DEP_CFLAGS   := $(shell $(PKG_CONFIG) --cflags $(DEP_PKGS) 2>/dev/null)
DEP_LIBS     := $(shell $(PKG_CONFIG) --libs $(DEP_PKGS) 2>/dev/null || echo -lblkid -luuid -lsmartcols)
# argp is part of glibc; other C libraries need argp-standalone.
ARGP_LIBS    := $(shell printf '\043include <argp.h>\nint main(void){return argp_parse(0,0,0,0,0,0);}\n' \
                  | $(CC) -x c - -o /dev/null 2>/dev/null || echo -largp)

ALL_CFLAGS   := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $(WARNFLAGS) \
                -Ilib/include -Isrc/common -Isrc/swapsim $(DEP_CFLAGS) $(CFLAGS) $(SANFLAGS) -MMD -MP
ALL_LDFLAGS  := $(LDFLAGS) $(SANFLAGS)

ifneq ($(V),1)
Q            := @
quiet         = @printf '  %-7s %s\n' '$(1)' '$(2)';
else
Q            :=
quiet         =
endif

# ---- the library ---------------------------------------------------------
LIB_SRCS     := lib/header.c lib/uuid.c lib/probe.c lib/extent.c lib/badblocks.c lib/entry.c lib/slots.c lib/version.c
LIB_OBJS     := $(LIB_SRCS:%.c=$(B)/%.o)
LIB_A        := $(B)/libswaparea.a
LIB_SO       := $(B)/libswaparea.so.$(VERSION)
LIB_SONAME   := libswaparea.so.$(SOVERSION)
LIB_HEADERS  := $(wildcard lib/include/swaparea/*.h)

# ---- command-line helpers shared by the tools (never in the library) ------
COMMON_SRCS  := $(wildcard src/common/*.c)
COMMON_OBJS  := $(COMMON_SRCS:%.c=$(B)/%.o)
COMMON_A     := $(B)/libcommon.a

# ---- swapsim's engine and trace readers: a library the tests drive too -----
SIM_SRCS     := $(wildcard src/swapsim/engine/*.c src/swapsim/trace/*.c src/swapsim/policy/*.c)
SIM_OBJS     := $(SIM_SRCS:%.c=$(B)/%.o)
SIM_A        := $(if $(SIM_SRCS),$(B)/libswapsim.a)

# ---- tools: every src/<tool>/ but common builds $(B)/<tool> ----------------
TOOLS        := $(filter-out common,$(patsubst src/%/,%,$(sort $(dir $(wildcard src/*/*.c)))))
TOOL_BINS    := $(TOOLS:%=$(B)/%)
# Second names of a tool: swapoff is swapon run under that name.
TOOL_LINKS   := $(if $(filter swapon,$(TOOLS)),$(B)/swapoff)
# Tools for anyone go to BINDIR; the ones that change the system's swap, to SBINDIR.
USER_TOOLS   := $(filter swapinspect swapsim,$(TOOLS))
ADMIN_TOOLS  := $(filter-out $(USER_TOOLS),$(TOOLS))
MANPAGES     := $(wildcard man/*.[0-9])

# ---- tests ----------------------------------------------------------------
UNIT_SRCS    := $(wildcard tests/unit/test_*.c)
UNIT_BINS    := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/unit/%)
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY  := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/tests/fuzz/%-replay)
FUZZ_BINS    := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/tests/fuzz/%)
TEST_HELPERS := $(patsubst tests/helpers/%.c,$(B)/tests/helpers/%.so,$(wildcard tests/helpers/*.c))

.PHONY: all lib tools tests check check-unit check-cli check-fuzz fuzz bench \
        install uninstall clean deps demo
all: lib tools

lib: $(LIB_A) $(B)/libswaparea.so
tools: $(TOOL_BINS) $(TOOL_LINKS)
tests: $(UNIT_BINS) $(FUZZ_REPLAY) $(TEST_HELPERS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -fPIC -DSWAPAREA_VERSION_STRING='"$(VERSION)"' -c -o $@ $<

$(LIB_A): $(LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(LIB_SO): $(LIB_OBJS) lib/libswaparea.map
	$(call quiet,LD,$@)$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
		-Wl,--version-script,lib/libswaparea.map -o $@ $(LIB_OBJS) $(DEP_LIBS)

$(B)/libswaparea.so: $(LIB_SO)
	$(Q)ln -sf $(notdir $(LIB_SO)) $(B)/$(LIB_SONAME) && ln -sf $(LIB_SONAME) $@

# The .pc file is written at install time, so it always names the PREFIX installed to.
PC_SED       := -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
                -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|'

$(COMMON_A): $(COMMON_OBJS)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(B)/libswapsim.a: $(SIM_OBJS)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

# Tools link the static library, so in-tree runs need no LD_LIBRARY_PATH.
define tool_rule
$(B)/$(1): $(patsubst %.c,$(B)/%.o,$(wildcard src/$(1)/*.c)) $(if $(filter swapsim,$(1)),$(SIM_A)) \
		$(COMMON_A) $(LIB_A)
	$$(call quiet,LINK,$$@)$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(DEP_LIBS) $$(ARGP_LIBS) -lm
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(B)/swapoff: $(B)/swapon
	$(call quiet,LN,$@)ln -sf swapon $@

$(UNIT_BINS): $(B)/tests/unit/%: $(B)/tests/unit/%.o $(SIM_A) $(COMMON_A) $(LIB_A)
	$(call quiet,LINK,$@)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS) -lm

$(B)/tests/helpers/%.so: tests/helpers/%.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -fPIC -shared -o $@ $< -ldl

# Fuzz targets: a replay main() for `make check`, libFuzzer binaries for `make fuzz`.
$(FUZZ_REPLAY): $(B)/tests/fuzz/%-replay: $(B)/tests/fuzz/%.o $(B)/tests/fuzz/replay.o $(SIM_A) $(COMMON_A) $(LIB_A)
	$(call quiet,LINK,$@)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

FUZZ_CC      ?= clang
fuzz: $(FUZZ_BINS)
$(FUZZ_BINS): $(B)/tests/fuzz/%: tests/fuzz/%.c $(LIB_SRCS) $(COMMON_SRCS) $(SIM_SRCS)
	@mkdir -p $(dir $@)
	$(call quiet,FUZZCC,$@)$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -g -O1 -Ilib/include -Isrc/common -Isrc/swapsim $(DEP_CFLAGS) \
		-DSWAPAREA_VERSION_STRING='"$(VERSION)"' \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(LIB_SRCS) $(COMMON_SRCS) $(SIM_SRCS) $(DEP_LIBS)

# ---- checks ---------------------------------------------------------------
check: all tests
	$(Q)B=$(B) tests/run-tests.sh all

check-unit: all tests
	$(Q)B=$(B) tests/run-tests.sh unit
check-cli: all tests
	$(Q)B=$(B) tests/run-tests.sh cli
check-fuzz: all tests
	$(Q)B=$(B) tests/run-tests.sh fuzz

bench: all
	$(Q)B=$(B) bench/run.sh

demo: all
	$(Q)B=$(B) tests/demo.sh

# Debian packages needed to build and test; run as root.
DEBIAN_DEPS  := build-essential pkg-config libblkid-dev uuid-dev libsmartcols-dev \
                bats jq clang file util-linux bc time e2fsprogs fdisk
deps:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_DEPS)

# ---- install --------------------------------------------------------------
install: all
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/swaparea
	$(INSTALL) -m 0755 $(ADMIN_TOOLS:%=$(B)/%) $(DESTDIR)$(SBINDIR)/
	$(if $(USER_TOOLS),$(INSTALL) -m 0755 $(USER_TOOLS:%=$(B)/%) $(DESTDIR)$(BINDIR)/)
	$(if $(TOOL_LINKS),ln -sf swapon $(DESTDIR)$(SBINDIR)/swapoff)
	$(INSTALL) -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libswaparea.so
	$(INSTALL) -m 0644 lib/include/swaparea.h $(DESTDIR)$(INCLUDEDIR)/
	$(INSTALL) -m 0644 $(LIB_HEADERS) $(DESTDIR)$(INCLUDEDIR)/swaparea/
	sed $(PC_SED) lib/swaparea.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/swaparea.pc
	for m in $(MANPAGES); do \
		s=$${m##*.}; $(INSTALL) -d $(DESTDIR)$(MANDIR)/man$$s && \
		$(INSTALL) -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(SBINDIR)/,$(ADMIN_TOOLS) $(notdir $(TOOL_LINKS))) \
		$(addprefix $(DESTDIR)$(BINDIR)/,$(USER_TOOLS))
	rm -f $(DESTDIR)$(LIBDIR)/libswaparea.a $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO)) \
		$(DESTDIR)$(LIBDIR)/$(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libswaparea.so
	rm -f $(DESTDIR)$(INCLUDEDIR)/swaparea.h $(DESTDIR)$(PKGCONFIGDIR)/swaparea.pc
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/swaparea/,$(notdir $(LIB_HEADERS)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/swaparea 2>/dev/null
	for m in $(MANPAGES); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done

clean:
	rm -rf build build-san build-debug

-include $(shell find $(B) -name '*.d' 2>/dev/null)
