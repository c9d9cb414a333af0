# Thin wrapper over the CMake presets (CMakePresets.json). `make help` lists the targets.
# Each phase prints one line; the compiler's output goes to a log per preset
# (build/configure-default.log, build/build-default.log, ...), shown when a phase fails.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# No "Entering directory" chatter from the nested builds.
MAKEFLAGS += --no-print-directory

.PHONY: all help deps build build-sanitize forecast report check sanitize fuzz format format-check bench install clean
all: build

help:
	@echo "parley: make targets (on a fresh Debian 12 machine, 'make forecast' is the first command)"
	@echo "  make forecast   install what is missing, build, run 'build/parley forecast' on the default scenario"
	@echo "  make check      install what is missing, build, run the whole test suite (CTest)"
	@echo "  make build      install what is missing and build build/parley (and build/parley_mpi with Open MPI)"
	@echo "  make deps       only install the missing Debian packages (scripts/install-deps.sh; PARLEY_APT_WAIT)"
	@echo "  make report     build, write build/report.html (the default scenario) and its charts in build/charts/"
	@echo "  make sanitize   build in build-sanitize/ and run the suite under AddressSanitizer + UBSan"
	@echo "  make fuzz       a libFuzzer harness per reader, FUZZ_SECONDS ($(FUZZ_SECONDS)) each (clang)"
	@echo "  make format     apply the committed .clang-format to every C file git tracks"
	@echo "  make format-check  fail if any tracked C file differs from .clang-format (CI runs it)"
	@echo "  make bench      build, run every benchmark (bench/run.sh)"
	@echo "  make install    build, install into PREFIX ($(PREFIX)): parley, libparley.so/.a, headers,"
	@echo "                  parley.pc, the CMake package, examples (cmake --install build; DESTDIR works)"
	@echo "  make clean      remove build/, build-sanitize/ and build-fuzz/"
	@echo "  make help       this list"
	@echo "Variables: JOBS (parallel jobs, default: the number of cores), FUZZ_SECONDS, PREFIX."
	@echo "Logs: build/configure-PRESET.log, build/build-PRESET.log, build/install-deps.log."

deps:
	@sh scripts/install-deps.sh

# $(call cmake_phases,PRESET): configure and build one preset, one line per phase.
define cmake_phases
	@mkdir -p build
	@echo "parley: configuring ($(1) preset; log: build/configure-$(1).log)..."
	@cmake --preset $(1) >build/configure-$(1).log 2>&1 \
	  || { cat build/configure-$(1).log; echo "parley: configuring failed (log: build/configure-$(1).log)" >&2; exit 1; }
	@echo "parley: building ($(1) preset, $(JOBS) jobs; log: build/build-$(1).log)..."
	@cmake --build --preset $(1) -j $(JOBS) >build/build-$(1).log 2>&1 \
	  || { cat build/build-$(1).log; echo "parley: build failed (log: build/build-$(1).log)" >&2; exit 1; }
endef

build: deps
	$(call cmake_phases,default)
	@if [ -x build/parley_mpi ]; then echo "parley: built build/parley and build/parley_mpi (for mpirun: mpirun -np N build/parley_mpi ensemble ...)"; \
	 else echo "parley: built build/parley"; fi

build-sanitize: deps
	$(call cmake_phases,sanitize)

forecast: build
	@./build/parley forecast

report: build
	@./build/parley report --ensemble 1000 --leverage -o build/report.html --svg build/charts
	@echo "parley: wrote build/report.html (open it in a browser) and its charts in build/charts/"

check: build
	@echo "parley: running the test suite (ctest --preset default)..."
	@ctest --preset default -j $(JOBS)

sanitize: build-sanitize
	@echo "parley: running the test suite under ASan + UBSan (ctest --preset sanitize)..."
	@ctest --preset sanitize -j $(JOBS)

# Install (GNUInstallDirs layout under PREFIX; DESTDIR is honoured for staging).
PREFIX ?= /usr/local
install: build
	@echo "parley: installing into $(DESTDIR)$(PREFIX) (cmake --install build --prefix $(PREFIX))..."
	@cmake --install build --prefix "$(PREFIX)" >build/install.log 2>&1 \
	  || { cat build/install.log; echo "parley: install failed (log: build/install.log)" >&2; exit 1; }
	@echo "parley: installed (list: build/install_manifest.txt)"

FUZZ_SECONDS ?= 6
# Formatting: the committed .clang-format (clang-format 14, Debian 12) over
# every C source and header git tracks.
format:
	@sh scripts/install-deps.sh format
	@git ls-files '*.c' '*.h' | xargs clang-format -i

format-check:
	@sh scripts/install-deps.sh format
	@files=$$(git ls-files '*.c' '*.h') && [ -n "$$files" ] \
	  || { echo "parley: format-check needs a git checkout (it checks the files git tracks)" >&2; exit 1; }; \
	echo "$$files" | xargs clang-format --dry-run --Werror \
	  || { echo "parley: these files differ from .clang-format; run 'make format'" >&2; exit 1; }
	@echo "parley: every C file follows .clang-format"

fuzz:
	@sh scripts/install-deps.sh fuzz
	@sh scripts/fuzz.sh $(FUZZ_SECONDS)

bench:
	@sh bench/run.sh

clean:
	rm -rf build build-sanitize build-fuzz
