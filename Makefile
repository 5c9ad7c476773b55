# The README's two commands are `make demo` and `make test`; the rest are for developers.
.PHONY: demo test bench lint

demo:  ## install everything, generate the demo network and serve it on http://127.0.0.1:8000
	scripts/demo.sh

test:  ## install what the tests need and run the whole suite on SQLite and PostgreSQL
	scripts/test.sh

bench:  ## the matching engine's benchmark tables
	scripts/bootstrap.sh && uv run --no-sync mosaic-match bench

lint:
	uv run ruff check .
