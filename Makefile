# Thin wrapper over the CMake presets (CMakePresets.json).
#   make forecast   install what is missing, build, run `parley forecast` on the default scenario
#   make check      install what is missing, build, run the whole test suite (CTest)
#   make sanitize   the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz       libFuzzer harness per reader, FUZZ_SECONDS (6) each (clang, ASan + UBSan)
#   make report     install what is missing, build, write build/report.html (the default scenario)
#   make bench      build, run every benchmark (bench/run.sh)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# No "Entering directory" chatter from the nested builds.
MAKEFLAGS += --no-print-directory

.PHONY: all deps build forecast report check sanitize fuzz bench clean
all: build

deps:
	@sh scripts/install-deps.sh

build: deps
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS) >build/build.log 2>&1 \
	  || { cat build/build.log; echo "parley: build failed (log: build/build.log)" >&2; exit 1; }

forecast: build
	@./build/parley forecast

report: build
	@./build/parley report --ensemble 1000 --leverage -o build/report.html --svg build/charts
	@echo "parley: wrote build/report.html (open it in a browser) and its charts in build/charts/"

check: build
	@ctest --preset default -j $(JOBS)

sanitize: deps
	@cmake --preset sanitize >/dev/null
	@cmake --build --preset sanitize -j $(JOBS)
	@ctest --preset sanitize -j $(JOBS)

FUZZ_SECONDS ?= 6
fuzz:
	@sh scripts/install-deps.sh fuzz
	@sh scripts/fuzz.sh $(FUZZ_SECONDS)

bench:
	@sh bench/run.sh

clean:
	rm -rf build build-sanitize build-fuzz
