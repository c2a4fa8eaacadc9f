# SpatialEconometrics: the two commands of the README's quick start, plus benchmarks.
#   make demo   builds the `spatial` tool in release mode and runs its demo on the embedded data
#   make test   runs the test suite and compiles the README's Swift example as a user package would
#   make bench  installs the peers (Benchmarks/peers/setup.sh: PySAL venv, R from Debian) and runs every benchmark,
#               ours and the peers side by side (long: hours at the largest sizes); BENCH_ARGS passes options,
#               e.g. make bench BENCH_ARGS="sar-ml --quick"
# Both first install the system BLAS/LAPACK (Debian/Ubuntu: liblapack-dev, libblas-dev) if they are missing, and
# pandoc and pdflatex (for the Markdown rendering and LaTeX compile tests; a failed install only skips that test, visibly).

SWIFT ?= swift
PACKAGE_ID := $(shell basename "$(CURDIR)" | tr A-Z a-z)
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: demo test deps bench readme-example conformance

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
