# vsphere-mcp — make targets. Deno comes from PATH (2.9.x) or is bootstrapped into .tools/ from npm.
DENO := $(shell ./tools_dev/deno.sh)
SERVER_PERMS := --allow-net --allow-env --allow-read

.PHONY: run test ok fmt lint check vcsim clean coverage

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

fmt:
	$(DENO) fmt

lint:
	$(DENO) lint

check:
	$(DENO) check main.ts src/ tests/ tools_dev/

## coverage: regenerate docs/COVERAGE.md from the registry and src/tools/coverage.ts
coverage:
	$(DENO) run --allow-read --allow-write tools_dev/gen_coverage.ts

## vcsim: build the simulator launcher and the test PKI into .tools/
vcsim:
	bash tests/vcsim/ensure.sh >/dev/null

clean:
	rm -rf .tools/vcsim .tools/pki .tools/gocache
