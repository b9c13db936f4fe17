# One task file. Every target creates or updates .venv itself, so `make run` and
# `make test` are the only two set-up commands a newcomer needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint eval eval-llm bench embeddings index format clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## run: set up, build the note index, start the app (offline by default) on port 8501
run: $(STAMP)
	$(BIN)/interviewer index
	$(BIN)/interviewer ui

## test: the whole test suite (real model, real Chroma, temporary directories)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## lint: ruff (lint + format check) and mypy (strict)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## eval: the offline eval suite
eval: $(STAMP)
	$(BIN)/python -m evals run

## eval-llm: the offline suite plus the model-backed tiers (needs OPENAI_API_KEY or OPENAI_BASE_URL)
eval-llm: $(STAMP)
	$(BIN)/python -m evals run --llm --output eval-results

## bench: speed figures (index build, rebuild, query latency, 100k-chunk queries)
bench: $(STAMP)
	$(BIN)/python -m benchmarks

## embeddings: refresh the bundled note embeddings after editing notes
embeddings: $(STAMP)
	$(BIN)/python -m knowledge.build_cache

index: $(STAMP)
	$(BIN)/interviewer index

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
