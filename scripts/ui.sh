#!/usr/bin/env bash
# Builds the web UI (web/app, Vue + Vite) into web/dist, which the Go binary embeds, but only when
# needed: `npm ci` when web/app/node_modules is missing or older than package-lock.json, and
# `npm run build` when web/dist/index.html is missing or older than any source of the app
# (src, public, index.html, graphiql.html, vite.config.ts, tsconfig.json, package-lock.json).
#
#   scripts/ui.sh          build when stale
#   scripts/ui.sh --force  rebuild even when web/dist looks up to date
#
# Without Node.js/npm it fails with a clear message; `go build` alone still works (the binary
# then serves a static landing page instead of the app).
set -euo pipefail
cd "$(dirname "$0")/../web/app"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	cat >&2 <<'MSG'
scripts/ui.sh: Node.js and npm are needed to build the web UI (Node 20.19 or newer).
Install them (e.g. `apt-get install nodejs npm`) and run `make ui` again.
To build the server alone without the UI, run `go build ./cmd/jiangxin`.
MSG
	exit 1
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if (( major < 20 )); then
	echo "scripts/ui.sh: Node.js $(node -v) is too old; the web UI needs Node 20.19 or newer" >&2
	exit 1
fi

if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
	echo "==> npm ci (web/app)" >&2
	npm ci --no-audit --no-fund
	touch node_modules
fi

stale=0
if [[ "${1:-}" == "--force" || ! -f ../dist/index.html ]]; then
	stale=1
else
	newer=$(find src public index.html graphiql.html vite.config.ts package-lock.json tsconfig.json \
		-newer ../dist/index.html -print -quit 2>/dev/null || true)
	[[ -n "$newer" ]] && stale=1
fi

if (( stale )); then
	echo "==> npm run build (web/app → web/dist)" >&2
	# The placeholder keeps `go build` working (embed pattern all:dist) even if the build fails.
	trap 'mkdir -p ../dist && touch ../dist/.gitkeep' EXIT
	npm run build
else
	echo "==> web UI is up to date (web/dist)" >&2
fi
