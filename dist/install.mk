# make install / uninstall, man pages and the service files (included by the Makefile).
# `make install PREFIX=/usr DESTDIR=/tmp/pkg`; the binary embeds its BPF objects (skeletons) and
# reads nothing from the build folder.
PREFIX	?= /usr/local
SBINDIR	?= $(PREFIX)/sbin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/ssdpmac
COMPDIR	?= $(PREFIX)/share/bash-completion/completions
UNITDIR	?= $(PREFIX)/lib/systemd/system
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
SYSCONFDIR ?= /etc
TMPFILES ?= /usr/bin/systemd-tmpfiles
VERSION	:= $(shell sed -n 's/^\#define SSDPMAC_VERSION "\(.*\)"/\1/p' user/io/metrics.c)

MAN_SRCS := $(wildcard man/*.8.in)
MANS	 := $(patsubst man/%.8.in,$(BUILD)/man/%.8,$(MAN_SRCS))
UNIT_INS := $(wildcard dist/systemd/*.in)
UNITS	 := $(patsubst dist/systemd/%.in,$(BUILD)/dist/%,$(UNIT_INS)) $(BUILD)/dist/ssdpmac-scan.timer
# the paths the installed files name, and the hardening every unit shares
DIST_SED := -e 's|@BINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	-e 's|@PREFIX@|$(PREFIX)|g' -e 's|@TMPFILES@|$(TMPFILES)|g' \
	-e '/^@HARDENING@$$/{r dist/systemd/hardening.conf' -e 'd;}'

.PHONY: man dist install uninstall FORCE
man: $(MANS)
dist: $(UNITS) $(BUILD)/dist/provisioning.yaml

# regenerated every time: they name the PREFIX given to this make
$(BUILD)/man/%.8: man/%.8.in man/mkman.sh $(BUILD)/ssdpmac FORCE
	$(call msg,MAN,$@)
	$(Q)mkdir -p $(BUILD)/man && man/mkman.sh $(BUILD)/ssdpmac $< $@ $(PREFIX) $(VERSION)

$(BUILD)/dist/%: dist/systemd/%.in dist/systemd/hardening.conf FORCE
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(BUILD)/dist
	$(Q)sed $(DIST_SED) $< >$@

$(BUILD)/dist/ssdpmac-scan.timer: dist/systemd/ssdpmac-scan.timer | $(BUILD)
	$(Q)mkdir -p $(BUILD)/dist && cp $< $@

$(BUILD)/dist/provisioning.yaml: dist/grafana/provisioning.yaml FORCE
	$(Q)mkdir -p $(BUILD)/dist
	$(Q)sed $(DIST_SED) $< >$@

install: all man dist
	install -D -m 0755 $(BUILD)/ssdpmac $(DESTDIR)$(SBINDIR)/ssdpmac
	install -d $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR)/grafana \
		$(DESTDIR)$(DATADIR)/prometheus
	install -m 0644 $(MANS) $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 $(UNITS) $(DESTDIR)$(UNITDIR)/
	install -D -m 0644 dist/ssdpmac.bash $(DESTDIR)$(COMPDIR)/ssdpmac
	install -D -m 0644 dist/ssdpmac.tmpfiles $(DESTDIR)$(TMPFILESDIR)/ssdpmac.conf
	install -D -m 0644 dist/ssdpmac.sysusers $(DESTDIR)$(SYSUSERSDIR)/ssdpmac.conf
	install -m 0644 dist/grafana/ssdpmac.json $(BUILD)/dist/provisioning.yaml \
		$(DESTDIR)$(DATADIR)/grafana/
	install -m 0644 dist/prometheus/ssdpmac.rules.yml dist/prometheus/ssdpmac.rules.test.yml \
		$(DESTDIR)$(DATADIR)/prometheus/
	install -D -m 0644 dist/scan.conf $(DESTDIR)$(DATADIR)/scan.conf
	@# the scan's settings, as an operator edits them: never overwritten
	[ -e $(DESTDIR)$(SYSCONFDIR)/ssdpmac/scan.conf ] || \
		install -D -m 0644 dist/scan.conf $(DESTDIR)$(SYSCONFDIR)/ssdpmac/scan.conf

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/ssdpmac $(DESTDIR)$(COMPDIR)/ssdpmac \
		$(DESTDIR)$(TMPFILESDIR)/ssdpmac.conf $(DESTDIR)$(SYSUSERSDIR)/ssdpmac.conf \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MANS))) \
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(notdir $(UNITS)))
	rm -rf $(DESTDIR)$(DATADIR)
	@echo "uninstall: $(SYSCONFDIR)/ssdpmac/ (settings), /var/lib/ssdpmac/ (records) and" \
		"/sys/fs/bpf/ssdpmac/ (counters) are left in place"
FORCE:
