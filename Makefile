# Usual targets; each is a thin wrapper over ./dev or the dauys command.
.PHONY: run test lint format bench messages screenshots vendor clean

run:            ## install, add demo data, serve on http://127.0.0.1:8000
	./dev run

test:           ## the whole suite: SQLite, then PostgreSQL + Redis; browser tests included
	./dev test

lint:           ## ruff (lint + format check) and mypy
	./dev lint

format:
	.venv/bin/ruff format src tests bench scripts
	.venv/bin/ruff check --fix src tests bench scripts

bench:          ## the benchmark (see docs/performance.md)
	./dev bench

# Settings need a data directory: a throwaway one, so that no dauys-data/ is left inside the source tree.
messages: export DAUYS_DATA_DIR = $(shell mktemp -d)
messages:       ## refresh the catalogues from the code, then compile them
	cd src/dauys && ../../.venv/bin/python -m django makemessages -l kk -l ru -i "migrations/*" --no-wrap --no-location --no-obsolete --settings=dauys.settings
	.venv/bin/python scripts/i18n_vendor.py
	cd src/dauys && ../../.venv/bin/python -m django compilemessages --settings=dauys.settings

vendor:         ## refresh the vendored front-end assets from npm
	scripts/vendor-assets

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
