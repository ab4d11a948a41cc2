# Common tasks. `make help` lists them.
SHELL := /bin/bash
GO    ?= go
STACK ?= prod

.PHONY: help test check vet fmt fuzz bench plan golden tools preview e2e jaia-ip

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

test: ## run every test of both modules (the README's test command)
	$(GO) test -count=1 ./...
	cd e2e && $(GO) test -count=1 -timeout 60m ./...

check: fmt vet ## gofmt and go vet, both modules

fmt: ## fail if any file is not gofmt-clean
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet: ## go vet, both modules
	$(GO) vet ./...
	cd e2e && $(GO) vet ./...

fuzz: ## short runs of every fuzz target (seconds each)
	./scripts/fuzz.sh 5s

bench: ## benchmarks of the pure packages and jaia-ip
	$(GO) test -run='^$$' -bench=. -benchmem ./addressing/ ./userdata/
	./scripts/bench-jaia-ip.sh

plan: ## offline plan of STACK (default prod)
	$(GO) run ./cmd/jaiacloud plan --stack $(STACK)

golden: ## regenerate golden files (user data, plans) after an intended change
	$(GO) test ./servers/ -update
	$(GO) run ./cmd/jaiacloud golden

tools: ## build the Pulumi CLI and the simulated AWS provider into .tools/
	./scripts/e2e-tools.sh

preview: ## real `pulumi preview` of STACK against the simulated AWS (builds the tools on first use)
	./scripts/preview.sh $(STACK)

jaia-ip: ## build the jaia-ip binary into bin/
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/jaia-ip ./cmd/jaia-ip
