# Jiangxin (匠心). The two commands a newcomer needs: `make run` and `make test`.
GO      ?= go
BIN     := bin/jiangxin
ADDR    ?= 127.0.0.1:8080
DATA    ?= ./data
STATICCHECK_VERSION := v0.7.0

.PHONY: run build ui test check generate neo4j-start neo4j-stop bench clean

## run: build the binary and serve the demo city on the embedded store at http://$(ADDR)
run: build
	./$(BIN) serve --demo --addr $(ADDR) --data $(DATA)

## build: build the web UI when stale, then compile bin/jiangxin (which embeds it)
build: ui
	$(GO) build -o $(BIN) ./cmd/jiangxin

## ui: build the web UI (web/app → web/dist) when its sources changed; needs Node.js and npm
ui:
	./scripts/ui.sh

## test: static checks, then every Go test on both graph stores (starts a throwaway Neo4j when Java and Maven are present)
test:
	./scripts/test.sh

## check: gofmt, go vet, staticcheck and the generated-code diff only
check:
	./scripts/test.sh check

## generate: regenerate the gqlgen code
generate:
	$(GO) generate ./...

## neo4j-start / neo4j-stop: a throwaway Neo4j on bolt://127.0.0.1:7687 (see dev/neo4j)
neo4j-start:
	./dev/neo4j/neo4j.sh start
neo4j-stop:
	./dev/neo4j/neo4j.sh stop

## bench: Go benchmarks of the stores, search and matching
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

clean:
	rm -rf bin
