# commerceops.api: the two commands are `make demo` and `make test`; both set everything up first.
.PHONY: setup demo demo-reject test emulator bench lint sanity pytest integration

setup:
	@scripts/setup.sh

# Deploy against the local emulator: start it, run the main playbook, stop it.
demo: setup
	@scripts/demo.sh

# The other path: the review rejects the sample (phpcs, Varnish install test); the run fails with the summary.
demo-reject: setup
	@scripts/demo.sh --reject

# Everything: ansible-lint, ansible-test sanity, pytest, ansible-test integration.
# The sanity suite needs shellcheck, which setup installs only when asked.
test:
	@scripts/setup.sh --with-shellcheck
	@scripts/test.sh

# The emulator in the foreground (Ctrl-C stops it). Options: make emulator ARGS="--verbose"
emulator: setup
	@.venv/bin/python -m tests.emulator $(ARGS)

# One suite at a time.
lint pytest integration: setup
	@scripts/test.sh $@

sanity:
	@scripts/setup.sh --with-shellcheck
	@scripts/test.sh $@

# Benchmarks against the emulator; figures go to docs/performance.md.
bench: setup
	@.venv/bin/python bench/run.py
