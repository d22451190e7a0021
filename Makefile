# ssdpmac: one entry point. `make` builds build/ssdpmac; see `make help`.
SAN	:= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# `make SANITIZE=1`: every program under ASan+UBSan, in build-san/ (`make test` runs the shell
# tests against it: B=build-san)
ifeq ($(SANITIZE),1)
BUILD	?= build-san
CFLAGS	?= -O1 -g $(SAN)
endif
BUILD	?= build
ARCH	:= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
CC	?= cc
CLANG	?= clang
BPFTOOL	?= bpftool
PKGS	:= libbpf libxdp json-c libpcap libmicrohttpd libcurl libxml-2.0 libmaxminddb
CFLAGS	?= -O2 -g
WARN	:= -Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes
# user/ is grouped by layer (README "Layout"); every folder is on the include path, so a
# header is named by its file alone (#include "parse.h").
USER_DIRS := $(patsubst %/,%,$(sort $(wildcard user/*/)))
INCS	:= -Iheaders $(addprefix -I,$(USER_DIRS)) -I$(BUILD) \
	$(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
LDLIBS	:= $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lbpf -lxdp -ljson-c -lpcap -lmicrohttpd -lcurl -lxml2 -lmaxminddb) -lelf -lz -lm -lpthread

BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
SKELS	 := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
USER_SRCS := $(filter-out user/cmd/main.c,$(wildcard $(addsuffix /*.c,$(USER_DIRS))))
USER_OBJS := $(patsubst user/%.c,$(BUILD)/obj/%.o,$(USER_SRCS))
ASAN_OBJS := $(patsubst user/%.c,$(BUILD)/asan/%.o,$(USER_SRCS))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
HDRS	 := $(wildcard headers/*.h $(addsuffix /*.h,$(USER_DIRS))) $(BUILD)/conventions.h

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

.SECONDARY:
.PHONY: yield all deps test unit bpftest fuzz fuzz-seeds bench demo clean vmlinux format help
all: $(BUILD)/ssdpmac $(BUILD)/ssdpsim

help:
	@echo "make [all]   build build/ssdpmac (V=1 shows the commands)"
	@echo "make deps    install the Debian packages everything needs (root)"
	@echo "make test    everything: unit, BPF (root), fuzz briefly, lab"
	@echo "make yield   the real corpus (tests/data/real): vendors named / MACs present"
	@echo "make bench   speed figures, written to tests/results/bench.txt"
	@echo "make demo    the whole method on the built-in lab"
	@echo "make fuzz    libFuzzer per input format, FUZZ_SECONDS each (default 600)"
	@echo "make SANITIZE=1  everything under ASan+UBSan, in build-san/"
	@echo "make format  clang-format every C file"
	@echo "make install PREFIX=/usr/local DESTDIR=  binary, man pages, completion, units,"
	@echo "             Grafana dashboard, Prometheus rules; make uninstall"
	@echo "make vmlinux regenerate vmlinux/$(ARCH)/vmlinux.h from this kernel"

deps:
	$(Q)scripts/deps.sh

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(HDRS) | $(BUILD)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(ARCH) -Wall -Ivmlinux/$(ARCH) -Iheaders \
		-c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $* > $@

$(BUILD)/obj/%.o: user/%.c $(HDRS) $(SKELS) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) $(INCS) -c $< -o $@

$(BUILD)/asan/%.o: user/%.c $(HDRS) $(SKELS) | $(BUILD)
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -O1 -g $(SAN) $(WARN) $(INCS) -c $< -o $@

$(BUILD)/ssdpmac: $(BUILD)/obj/cmd/main.o $(USER_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/ssdpmac-asan: $(BUILD)/asan/cmd/main.o $(ASAN_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(SAN) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(ASAN_OBJS) $(HDRS) tests/scan_reference.h tests/hostile.h tests/frame.h
	$(call msg,CC-TEST,$@)
	$(Q)$(CC) -O1 -g $(SAN) $(WARN) -Wno-missing-field-initializers $(INCS) -Itests $< \
		$(ASAN_OBJS) $(LDLIBS) -lcmocka -o $@

# The vendor conventions (user/core/conventions.tsv) as C tables; a bad row fails with its line.
CONVENTIONS ?= user/core/conventions.tsv
$(BUILD)/conventions.h: $(CONVENTIONS) scripts/conventions.awk | $(BUILD)
	$(call msg,GEN,$@)
	$(Q)awk -f scripts/conventions.awk $< >$@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(BUILD):
	$(Q)mkdir -p $(BUILD)/obj $(BUILD)/asan $(BUILD)/tests $(BUILD)/fuzz

# Everything, as CI runs it (root: BPF_PROG_TEST_RUN, XDP, namespaces). The cmocka suites run
# last, so their summaries close the output.
# The shell tests run once, against the ASan+UBSan build (any report fails the command).
SAN_BUILD := build-san
test: export B = $(SAN_BUILD)
test: export ASAN_OPTIONS = exitcode=99:detect_leaks=1
test: export UBSAN_OPTIONS = print_stacktrace=1:halt_on_error=1:exitcode=99
test: deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS) $(BPF_TEST) $(BUILD)/tests/mkpcap \
		$(BUILD)/tests/replay $(BUILD)/ssdpsim $(FUZZ_BINS) $(BUILD)/tests/mkdated \
		$(BUILD)/tests/blast
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 BUILD=$(SAN_BUILD) all \
		$(SAN_BUILD)/tests/mkpcap $(SAN_BUILD)/tests/replay $(SAN_BUILD)/tests/mkdated \
		$(SAN_BUILD)/tests/blast
	$(Q)tests/options.sh
	$(Q)tests/decode.sh
	$(Q)tests/probe.sh
	$(Q)tests/read.sh
	$(Q)tests/real.sh
	$(Q)tests/conventions.sh
	$(Q)tests/import_shodan.sh
	$(Q)tests/odd_frames.sh
	$(Q)tests/import_report.sh
	$(Q)tests/report_models.sh
	$(Q)tests/hostile.sh
	$(Q)tests/capture_time.sh
	$(Q)tests/networks.sh
	$(Q)tests/classify.sh
	$(Q)tests/restart.sh
	$(Q)tests/rate.sh
	$(Q)tests/install.sh
	$(Q)tests/caps.sh
	$(Q)tests/lab.sh
	$(Q)tests/shard.sh
	$(Q)tests/describe.sh
	$(Q)tests/lab_networks.sh
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)
	$(Q)$(MAKE) --no-print-directory unit bpftest

TEST_FUZZ_SECONDS ?= 6

demo: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/ssdpsim
	$(Q)scripts/demo.sh

vmlinux:
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > vmlinux/$(ARCH)/vmlinux.h

format:
	clang-format -i bpf/*.c headers/*.h $(addsuffix /*.[ch],$(USER_DIRS)) tests/*/*.c tests/frame.h tests/hostile.h tests/bench/*.h scripts/sim/*.c

clean:
	rm -rf $(BUILD)

unit: $(UNIT_BINS)
	$(Q)for t in $(UNIT_BINS); do echo "== $$t"; $$t || exit 1; done

BPF_TEST := $(patsubst tests/bpf/%.c,$(BUILD)/tests/%,$(wildcard tests/bpf/test_*.c))
$(BUILD)/tests/%: tests/bpf/%.c $(ASAN_OBJS) $(HDRS) $(SKELS)
	$(call msg,CC-TEST,$@)
	$(Q)$(CC) -O1 -g $(SAN) $(WARN) -Wno-missing-field-initializers $(INCS) -Itests $< \
		$(ASAN_OBJS) $(LDLIBS) -lcmocka -o $@

bpftest: $(BPF_TEST)
	$(Q)for t in $(BPF_TEST); do echo "== $$t"; $$t || exit 1; done

# libFuzzer; `make test` runs each target briefly (TEST_FUZZ_SECONDS), `make fuzz` for longer.
FUZZ_SECONDS ?= 600
FUZZ_SRCS := $(addprefix user/,core/parse.c core/usn.c core/uuid.c core/oui.c io/csv.c lib/htab.c \
	lib/log.c)
$(BUILD)/fuzz/fuzz_parse: tests/fuzz/fuzz_parse.c tests/scan_reference.h $(FUZZ_SRCS) $(HDRS) | $(BUILD)
	$(call msg,CC-FUZZ,$@)
	$(Q)$(CLANG) -O1 -g -fsanitize=fuzzer,address,undefined $(INCS) -Itests $< $(FUZZ_SRCS) -o $@

# One target per input format: SSDP messages (parse), import's CSVs, masscan (-oJ, -oL), captures
# (pcap, pcapng), Shodan banners (plain, gzip), device records and scanners for report. Each is
# seeded from tests/data and runs FUZZ_SECONDS; corpora and crash files stay in $(BUILD)/fuzz/
# (never in git).
FUZZ_TARGETS := parse csv masscan pcap shodan report
FUZZ_BINS := $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))
# the user code instrumented for libFuzzer once, as an archive: each target links what it uses
FUZZ_OBJS := $(patsubst user/%.c,$(BUILD)/fuzzobj/%.o,$(USER_SRCS))
FUZZ_CC = $(CLANG) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined $(INCS) \
	-Itests
$(BUILD)/fuzzobj/%.o: user/%.c $(HDRS) $(SKELS) | $(BUILD)
	$(call msg,CC-FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer-no-link -c $< -o $@
$(BUILD)/fuzz/libuser.a: $(FUZZ_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^
$(BUILD)/fuzz/fuzz_csv $(BUILD)/fuzz/fuzz_masscan $(BUILD)/fuzz/fuzz_pcap $(BUILD)/fuzz/fuzz_shodan: \
		$(BUILD)/fuzz/fuzz_%: \
		tests/fuzz/fuzz_import.c $(BUILD)/fuzz/libuser.a tests/fuzz/fuzz_file.h
	$(call msg,CC-FUZZ,$@)
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer -DFUZZ_KIND=$(shell echo $* | tr a-z A-Z) $(filter-out %.h,$^) \
		$(LDLIBS) -o $@
$(BUILD)/fuzz/fuzz_report: tests/fuzz/fuzz_report.c $(BUILD)/fuzz/libuser.a tests/fuzz/fuzz_file.h
	$(call msg,CC-FUZZ,$@)
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer $(filter-out %.h,$^) $(LDLIBS) -o $@

# seeds: the SSDP corpus; import's samples; captures of the corpus (pcap and pcapng); records
fuzz-seeds: $(BUILD)/tests/mkpcap
	$(Q)for t in $(FUZZ_TARGETS); do mkdir -p $(BUILD)/fuzz/$$t; done
	$(Q)cp tests/data/ssdp/* $(BUILD)/fuzz/parse/
	$(Q)cp tests/data/import/*.csv $(BUILD)/fuzz/csv/
	$(Q)cp tests/data/import/masscan.* $(BUILD)/fuzz/masscan/
	$(Q)cp tests/data/import/shodan.json $(BUILD)/fuzz/shodan/
	$(Q)gzip -c tests/data/import/shodan.json >$(BUILD)/fuzz/shodan/shodan.json.gz
	$(Q)$(BUILD)/tests/mkpcap $(BUILD)/fuzz/pcap/corpus.pcap tests/data/ssdp/*.txt >/dev/null
	$(Q)python3 tests/tools/topcapng.py $(BUILD)/fuzz/pcap/corpus.pcap $(BUILD)/fuzz/pcap/corpus.pcapng
	$(Q)cp tests/data/report/*.jsonl $(BUILD)/fuzz/report/

# libFuzzer's last line per target: executions (#N), coverage (cov:) and exec/s
fuzz: $(FUZZ_BINS) fuzz-seeds
	$(Q)for t in $(FUZZ_TARGETS); do \
		printf '  %-8s %s\n' FUZZ "$$t ($(FUZZ_SECONDS) s)"; \
		$(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 \
			-close_fd_mask=3 -artifact_prefix=$(BUILD)/fuzz/$$t- $(BUILD)/fuzz/$$t \
			>$(BUILD)/fuzz/$$t.log 2>&1 || { tail -n 40 $(BUILD)/fuzz/$$t.log; exit 1; }; \
		grep -E '^#[0-9]+[[:space:]]+DONE' $(BUILD)/fuzz/$$t.log | tail -n 1; \
	done

$(BUILD)/tests/mkpcap: tests/tools/mkpcap.c tests/frame.h | $(BUILD)
	$(call msg,CC,$@)
	$(Q)$(CC) -O2 -g $(WARN) -Wno-missing-field-initializers -Itests $< -lpcap -o $@

BENCH_SRCS := $(wildcard tests/bench/*.c)
$(BUILD)/tests/bench: $(BENCH_SRCS) tests/bench/bench.h tests/hostile.h $(USER_OBJS) $(HDRS) $(SKELS)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(WARN) -Wno-missing-field-initializers $(INCS) -Itests $(BENCH_SRCS) \
		$(USER_OBJS) $(LDLIBS) -o $@

bench: deps all $(BUILD)/tests/bench $(BUILD)/tests/mksonar $(BUILD)/tests/blast
	$(Q)mkdir -p tests/results
	$(Q)$(BUILD)/tests/bench tests/results/bench.txt
	$(Q)tests/rate.sh --bench >>tests/results/bench.txt
	$(Q)tests/bench/import.sh >>tests/results/bench.txt
	$(Q)tests/bench/scan.sh 2>/dev/null | grep -v '^ 0:' >>tests/results/bench.txt
	$(Q)tests/bench/describe.sh >>tests/results/bench.txt
	$(Q)cat tests/results/bench.txt

$(BUILD)/tests/mksonar: tests/tools/mksonar.c | $(BUILD)
	$(call msg,CC,$@)
	$(Q)$(CC) -O2 $(WARN) $< -o $@

$(BUILD)/tests/mkdated: tests/tools/mkdated.c tests/frame.h | $(BUILD)
	$(call msg,CC,$@)
	$(Q)$(CC) -O2 -g $(WARN) -Wno-missing-field-initializers -Itests $< -o $@

$(BUILD)/tests/replay: tests/tools/replay.c | $(BUILD)
	$(call msg,CC,$@)
	$(Q)$(CC) -O2 -g $(WARN) $< -lpcap -o $@

# The lab's device simulator (scripts/lab.sh runs it).
SIM_OBJS := $(addprefix $(BUILD)/obj/,core/oui.o io/csv.o lib/log.o core/usn.o core/uuid.o \
	send/targets.o)
SIM_SRCS := scripts/sim/ssdpsim.c scripts/sim/simdesc.c scripts/sim/simhttp.c scripts/sim/plan.c \
	scripts/sim/shapes.c scripts/sim/corpus.c
$(BUILD)/ssdpsim: $(SIM_SRCS) scripts/sim/simdesc.h scripts/sim/plan.h scripts/sim/shapes.h \
		scripts/sim/shape_int.h \
		$(SIM_OBJS) $(HDRS) \
		$(BUILD)/edge.skel.h
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(WARN) $(INCS) -Iscripts/sim $(SIM_SRCS) $(SIM_OBJS) $(LDLIBS) -o $@

# The real corpus' yield: devices named / devices whose USN holds a MAC, by class and confidence.
yield: all
	$(Q)tests/real.sh --yield

# The lab's rate test sender (tests/rate.sh): XDP live frames of a mix, from one thread a CPU.
$(BUILD)/tests/blast: tests/tools/blast.c tests/hostile.h tests/frame.h $(USER_OBJS) $(HDRS) $(SKELS)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(WARN) -Wno-missing-field-initializers $(INCS) -Itests $< \
		$(USER_OBJS) $(LDLIBS) -o $@
include dist/install.mk
