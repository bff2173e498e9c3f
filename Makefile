# Thin wrapper over CMake. Every target installs what it needs first.
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test bench sanitize-asan sanitize-tsan install clean

all: build

deps:
	@scripts/install-deps.sh build

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@$(BUILD)/tools/ustorport/ustorport run $(ARGS)

test: CMAKE_FLAGS += -DUSTORPORT_TESTS=ON
test:
	@scripts/install-deps.sh test
	@$(MAKE) --no-print-directory build CMAKE_FLAGS="$(CMAKE_FLAGS)"
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

bench: build
	@scripts/install-deps.sh bench
	@bench/run-all.sh $(BUILD)

sanitize-asan:
	@$(MAKE) --no-print-directory test BUILD=build-asan CMAKE_FLAGS="-DUSTORPORT_SANITIZE=address,undefined"

sanitize-tsan:
	@$(MAKE) --no-print-directory test BUILD=build-tsan CMAKE_FLAGS="-DUSTORPORT_SANITIZE=thread"

install: build
	@cmake --install $(BUILD)

clean:
	@rm -rf $(BUILD) build-asan build-tsan
