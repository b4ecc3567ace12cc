# vsphere-mcp — make targets. Deno comes from PATH (2.9.x) or is bootstrapped into .tools/ from npm.
DENO := $(shell ./tools_dev/deno.sh)
SERVER_PERMS := --allow-net --allow-env --allow-read

.PHONY: run test ok fmt lint check vcsim gen coverage docs snapshots conformance clean

## run: start the server — against $VSPHERE_HOST if set, else against a local simulator it starts
run:
	$(DENO) run -A tools_dev/run.ts

## test: every test — unit and simulator integration (builds the simulator when needed)
test: vcsim
	$(DENO) test -A

## ok: the gate — format check, lint, type check, tests
ok: vcsim
	$(DENO) fmt --check
	$(DENO) lint
	$(DENO) check main.ts src/ tests/ tools_dev/
	$(DENO) test -A

## docs: regenerate docs/TOOLS.md and the README tool table from the registry
docs:
	$(DENO) task docs

## snapshots: rewrite tests/__snapshots__/tools.json after an intended tool schema change (review the diff)
snapshots:
	$(DENO) task snapshots

## conformance: the official MCP conformance scenarios against the HTTP transport (also part of make test)
conformance:
	$(DENO) task conformance

fmt:
	$(DENO) fmt

lint:
	$(DENO) lint

check:
	$(DENO) check main.ts src/ tests/ tools_dev/

## gen: regenerate src/vsphere/vim25/schema.ts from VMware's vim25 WSDL ($$VIM25_WSDL_DIR or ../shared/reference)
gen:
	$(DENO) run --allow-read --allow-write --allow-env tools_dev/gen_vim25.ts
## coverage: regenerate docs/COVERAGE.md from the registry and src/tools/coverage.ts
coverage:
	$(DENO) run --allow-read --allow-write tools_dev/gen_coverage.ts

## vcsim: build the simulator launcher and the test PKI into .tools/
vcsim:
	bash tests/vcsim/ensure.sh >/dev/null

clean:
	rm -rf .tools/vcsim .tools/pki .tools/gocache

# ---- single binary (deno compile) ------------------------------------------------------------------
# Generic release binary:   make compile [TARGET=x86_64-unknown-linux-gnu]
# Per-site build:           make compile VSPHERE_HOST=vc01.corp:443 LISTEN=127.0.0.1:8080 \
#                                        READ=/etc/vsphere-mcp AUDIT_DIR=/var/log/vsphere-mcp
# The grants come from deno.json's "release" permission set via tools_dev/permissions.ts — the same
# flags `make run-sandboxed` and tests/sandbox_test.ts use. deno compile downloads its runtime (denort)
# for TARGET from dl.deno.land: it needs internet on the build machine.
TARGET ?= $(shell $(DENO) eval 'console.log(Deno.build.target)')
OUT ?= dist
PERMISSION_ARGS = $(if $(VSPHERE_HOST),--vsphere-host $(VSPHERE_HOST)) $(if $(LISTEN),--listen $(LISTEN)) \
	$(if $(READ),--read $(READ)) $(if $(AUDIT_DIR),--audit-dir $(AUDIT_DIR))
PERMISSION_FLAGS = $(shell $(DENO) run tools_dev/permissions.ts $(PERMISSION_ARGS))
EXE = $(if $(findstring windows,$(TARGET)),.exe)

.PHONY: compile run-sandboxed permissions

## compile: one self-contained executable for TARGET with explicit grants (never -A)
compile:
	mkdir -p $(OUT)
	$(DENO) compile --no-prompt --target $(TARGET) $(PERMISSION_FLAGS) \
		--output $(OUT)/vsphere-mcp-$(TARGET)$(EXE) main.ts

## run-sandboxed: the server with exactly the grants the compiled binary gets
run-sandboxed:
	$(DENO) run --no-prompt $(PERMISSION_FLAGS) main.ts

## permissions: print the grants compile would use
permissions:
	@echo $(PERMISSION_FLAGS)

## bench: benchmarks against a 10,000-VM simulator and a govmomi baseline; rewrites bench/RESULTS.md
bench: vcsim
	$(DENO) run -A bench/run.ts
.PHONY: bench
