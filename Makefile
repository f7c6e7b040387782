# Two commands for a fresh clone: `make run` and `make test`. `make install` is the set-up both use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SIZE ?= small

.PHONY: install run test lint test-elasticsearch test-stack elasticsearch elasticsearch-stop reindex bench eval load lock clean

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

# ruff's rules and formatting (checked, never rewritten) and the import contracts (pyproject.toml; see
# docs/architecture.md).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Every test that needs the server (the search tests on the Elasticsearch engine); a skip fails the run.
test-elasticsearch: install
	@test -n "$$ELASTICSEARCH_URL" || (echo "Set ELASTICSEARCH_URL, e.g. http://127.0.0.1:9200 after make elasticsearch"; exit 2)
	CI=1 $(PY) -m pytest -m elasticsearch

# The production stack end to end (PostgreSQL, an Elasticsearch node of its own, gunicorn, db_worker): needs
# KB_TEST_POSTGRES_URL (.ci/postgres.sh prints one) and Java + Maven for the node. See tests/stack/.
test-stack: install
	CI=1 $(PY) -m pytest -m stack

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

# One benchmark run (SIZE=small|medium|national) in a fresh temporary database; see BENCHMARKS.md.
# ENGINE=elasticsearch adds our Elasticsearch engine at ELASTICSEARCH_URL (default http://127.0.0.1:9200).
bench: install
	$(PY) -m bench.run --size $(SIZE) $(if $(filter elasticsearch,$(ENGINE)),--elasticsearch $${ELASTICSEARCH_URL:-http://127.0.0.1:9200})

# Search quality: the judged searches (bench/eval/judged.yaml) on the demo content, per engine; see bench/eval/README.md.
eval: install
	$(PY) -m bench.eval

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	$(VENV)/bin/pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra test --generate-hashes --allow-unsafe --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules kb/static/css var/static
