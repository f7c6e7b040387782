# Two commands for a fresh clone: `make run` and `make test`. `make install` is the set-up both use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SIZE ?= small
ENGINE ?= fts5

.PHONY: install run test test-tantivy test-elasticsearch elasticsearch elasticsearch-stop reindex bench load lock clean

install: $(VENV)/.installed node_modules/.installed kb/static/css/kb.css

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

kb/static/css/kb.css: kb/static_src/kb.scss kb/static_src/print.scss node_modules/.installed
	npm run --silent build:css

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py reindex
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest

# The whole suite with the embedded Tantivy engine selected instead of FTS5 (or: KB_SEARCH_ENGINE=tantivy make test).
test-tantivy: install
	KB_SEARCH_ENGINE=tantivy $(PY) -m pytest

test-elasticsearch: install
	@test -n "$$ELASTICSEARCH_URL" || (echo "Set ELASTICSEARCH_URL, e.g. http://127.0.0.1:9200 after make elasticsearch"; exit 2)
	$(PY) -m pytest -m elasticsearch

# A local single-node Elasticsearch 8 on 127.0.0.1:$${ES_PORT:-9200}, built by Maven from Maven Central jars (no Docker);
# a no-op when it is already up. See ops/elasticsearch/README.md.
elasticsearch:
	ops/elasticsearch/start.sh

# Stop that node (no error when it is not running).
elasticsearch-stop:
	ops/elasticsearch/stop.sh

# 50 simulated practitioners for 60 s against gunicorn on loopback; writes bench/results/load.json.
load: install
	$(PY) -m bench.load

reindex: install
	$(PY) manage.py reindex

# One benchmark run (SIZE=small|medium|national, ENGINE=fts5|tantivy) in a fresh temporary database; see BENCHMARKS.md.
bench: install
	$(PY) -m bench.run --size $(SIZE) --engine $(ENGINE)

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	$(VENV)/bin/pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra test --generate-hashes --allow-unsafe --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules kb/static/css var/static
