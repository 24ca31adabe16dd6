# Gatehouse: `make up` builds and starts the gateway, `make test` builds and runs every check.
SWIFT ?= swift
DATA_DIR ?= ./data
FUZZ_SECONDS ?= 600
SYSTEM_PACKAGES := libsqlite3-dev libssl-dev pkg-config

.PHONY: deps build release test unit lint fuzz fuzz-smoke api-check up bench clean

deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else echo "missing system packages:$$missing (run as root, or install them)" >&2; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

unit: build
	$(SWIFT) test --parallel

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources Tests bench Package.swift

fuzz-smoke:
	FUZZ_SECONDS=20 ./fuzz/run.sh

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./fuzz/run.sh

# The control plane against its OpenAPI document (schemathesis from PyPI, in .build/venv).
api-check: build
	./scripts/api-check.sh

test: unit lint fuzz-smoke api-check

up: release
	.build/release/gatehouse up --data-dir $(DATA_DIR)

bench: release
	./bench/run.sh

clean:
	rm -rf .build
