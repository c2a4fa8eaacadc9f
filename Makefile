# SpatialEconometrics: the two commands of the README's quick start, plus benchmarks.
#   make demo   builds the `spatial` tool in release mode and runs its demo on the embedded data
#   make test   runs the test suite and compiles the README's Swift example as a user package would
#   make bench  installs the peers (Benchmarks/peers/setup.sh: PySAL venv, R from Debian) and runs every benchmark,
#               ours and the peers side by side (long: hours at the largest sizes); BENCH_ARGS passes options,
#               e.g. make bench BENCH_ARGS="sar-ml --quick"
#   make docs   builds the API reference (DocC, from the doc comments) as a static site in .build/docs, with the
#               toolchain's own docc and swift-symbolgraph-extract (no package dependency; installs nothing)
#   make docs-coverage   lists every public declaration without a doc comment and fails if there is one (part of make test)
# Both first install the system BLAS/LAPACK (Debian/Ubuntu: liblapack-dev, libblas-dev) if they are missing, and
# pandoc and pdflatex (for the Markdown rendering and LaTeX compile tests; a failed install only skips that test, visibly).

SWIFT ?= swift
PACKAGE_ID := $(shell basename "$(CURDIR)" | tr A-Z a-z)
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: demo test deps bench readme-example conformance docs docs-coverage symbol-graphs docc-check

deps:
	@have() { for d in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do [ -e $$d/lib$$1.so ] && return 0; done; return 1; }; \
	if ! have lapack || ! have blas; then \
	  echo "make: BLAS/LAPACK development libraries are missing: installing liblapack-dev and libblas-dev with apt-get$(if $(SUDO), via sudo,)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblapack-dev libblas-dev; \
	fi
	@if ! command -v pandoc >/dev/null 2>&1; then \
	  echo "make: pandoc is missing (the Markdown rendering test uses it): installing it with apt-get$(if $(SUDO), via sudo,)"; \
	  ($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pandoc) \
	    || echo "make: pandoc could not be installed: the Markdown rendering test will be skipped (and say so)"; \
	fi
	@if ! command -v pdflatex >/dev/null 2>&1; then \
	  echo "make: pdflatex is missing (the LaTeX compile test uses it): installing texlive-latex-base and texlive-latex-recommended (booktabs) with apt-get$(if $(SUDO), via sudo,)"; \
	  ($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends texlive-latex-base texlive-latex-recommended) \
	    || echo "make: pdflatex could not be installed: the LaTeX compile test will be skipped (and say so)"; \
	fi

demo: deps
	$(SWIFT) build -c release --product spatial
	.build/release/spatial demo

test: deps
	$(MAKE) readme-example
	$(MAKE) docs-coverage
	$(SWIFT) test

# Extracts the ```swift block of README.md into a throwaway package that depends on this one, then runs it.
readme-example:
	@dir=$$(mktemp -d) && mkdir -p $$dir/Sources/Example && \
	awk '/^```swift$$/{f=1;next} /^```$$/{if(f){exit}} f' README.md > $$dir/Sources/Example/main.swift && \
	printf '%s\n' '// swift-tools-version: 6.0' 'import PackageDescription' \
	  'let package = Package(name: "Example", dependencies: [.package(path: "$(CURDIR)")],' \
	  '  targets: [.executableTarget(name: "Example", dependencies: [.product(name: "SpatialEconometrics", package: "$(PACKAGE_ID)")])])' \
	  > $$dir/Package.swift && \
	echo "make: building the README example as a separate package in $$dir" && \
	$(SWIFT) run --package-path $$dir Example && rm -rf $$dir

bench: deps
	Benchmarks/peers/setup.sh
	$(SWIFT) run -c release SpatialBenchmarks $(BENCH_ARGS)

conformance:
	$(SWIFT) build -c release --product spatial
	python3 ../shared/conformance/check.py

# API reference. docc and swift-symbolgraph-extract ship with the Swift toolchain (Linux: next to `swift`; macOS:
# `xcrun --find docc`); DOCC= and SYMBOLGRAPH_EXTRACT= override them. The module is built as `swift build` builds
# it (same flags, so no rebuild between the two) and its symbol graph extracted from the .swiftmodule.
TOOLCHAIN_BIN := $(dir $(shell command -v $(SWIFT) 2>/dev/null))
DOCC ?= $(or $(shell command -v docc 2>/dev/null),$(wildcard $(TOOLCHAIN_BIN)docc),$(shell xcrun --find docc 2>/dev/null))
SYMBOLGRAPH_EXTRACT ?= $(or $(shell command -v swift-symbolgraph-extract 2>/dev/null),$(wildcard $(TOOLCHAIN_BIN)swift-symbolgraph-extract),$(shell xcrun --find swift-symbolgraph-extract 2>/dev/null))
DOCS_MODULE := SpatialEconometrics
SYMBOL_GRAPHS := .build/symbol-graphs
DOCS_OUTPUT := .build/docs

# Checked before anything is built, so that a missing docc fails at once.
docc-check:
	@[ -n "$(DOCC)" ] && [ -x "$(DOCC)" ] || { echo "make: docc not found (it ships with the Swift toolchain, next to swift, since Swift 5.6; set DOCC=/path/to/docc)" >&2; exit 1; }

symbol-graphs: deps
	@[ -n "$(SYMBOLGRAPH_EXTRACT)" ] && [ -x "$(SYMBOLGRAPH_EXTRACT)" ] || { echo "make: swift-symbolgraph-extract not found (it ships with the Swift toolchain, next to swift; set SYMBOLGRAPH_EXTRACT=/path/to/it)" >&2; exit 1; }
	$(SWIFT) build --target $(DOCS_MODULE)
	@bin=$$($(SWIFT) build --show-bin-path) && rm -rf $(SYMBOL_GRAPHS) && mkdir -p $(SYMBOL_GRAPHS) && \
	  echo "$(SYMBOLGRAPH_EXTRACT) -module-name $(DOCS_MODULE) ... -output-dir $(SYMBOL_GRAPHS)" && \
	  "$(SYMBOLGRAPH_EXTRACT)" -module-name $(DOCS_MODULE) -target "$$($(SWIFT) -print-target-info | sed -n 's/^ *"triple": "\(.*\)",*$$/\1/p' | head -1)" \
	    -I "$$bin/Modules" -I Sources/CLinearAlgebra -minimum-access-level public -skip-synthesized-members \
	    -output-dir $(SYMBOL_GRAPHS)

docs: docc-check symbol-graphs
	rm -rf $(DOCS_OUTPUT)
	"$(DOCC)" convert Sources/$(DOCS_MODULE)/$(DOCS_MODULE).docc --additional-symbol-graph-dir $(SYMBOL_GRAPHS) \
	  --fallback-display-name $(DOCS_MODULE) --fallback-bundle-identifier $(DOCS_MODULE) \
	  --transform-for-static-hosting --output-path $(DOCS_OUTPUT) $(DOCC_ARGS)
	@echo "make: the API reference is in $(DOCS_OUTPUT) (a static site). View it with"
	@echo "        (cd $(DOCS_OUTPUT) && python3 -m http.server 8000)"
	@echo "      then open http://localhost:8000/documentation/$$(echo $(DOCS_MODULE) | tr A-Z a-z)/"
	@echo "      (any static file server works; to publish under a sub-path add DOCC_ARGS=\"--hosting-base-path NAME\")"

docs-coverage: symbol-graphs
	@mkdir -p .build/docs-tools
	$(SWIFT)c -O .ci/undocumented-symbols.swift -o .build/docs-tools/undocumented-symbols
	.build/docs-tools/undocumented-symbols $(SYMBOL_GRAPHS)/*.symbols.json
