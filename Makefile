# vsphere-mcp — make targets. Deno comes from PATH (2.9.x) or is bootstrapped into .tools/ from npm.
DENO := $(shell ./tools_dev/deno.sh)
SERVER_PERMS := --allow-net --allow-env --allow-read

.PHONY: run test ok fmt lint check vcsim clean docs snapshots conformance

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

## vcsim: build the simulator launcher and the test PKI into .tools/
vcsim:
	bash tests/vcsim/ensure.sh >/dev/null

clean:
	rm -rf .tools/vcsim .tools/pki .tools/gocache
