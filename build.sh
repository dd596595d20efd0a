#!/usr/bin/env bash
# Build, serve and test momento-web. Idempotent; downloads are cached in .cache/.
#
#   ./build.sh [build]   venv (+ editable installs when a pyproject.toml changed), the SDK wheel in dist/, and the
#                        site in dist/web/ (Pyodide, PyScript, wheels) that is served over web/
#   ./build.sh serve     build, then run the emulator (--auth), the token vending machine and a static server
#                        for web/ until Ctrl-C; MOMENTO_API_KEY (+ MOMENTO_ENDPOINT) set: real Momento instead
#   ./build.sh test      install Chromium if missing, build, then gen_protos --check, ruff, mypy, pytest, bench smoke
#   ./build.sh bench [--smoke]   build, then the side-by-side benchmark in headless Chromium (bench/README.md)
#
# Environment: PYTHON (interpreter for a new .venv), EMULATOR_PORT (8080), WEB_PORT (8000), VENDING_PORT (8090),
#              SERVE_SKIP_BUILD=1 (`serve` the tree as built), SERVE_RUN_DIR (.cache/serve: the emulator's key),
#              PYTEST_ARGS (extra pytest arguments for `test`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
PY="$VENV/bin/python"
STAMP="$VENV/.momento-web-installed"
WEB="$ROOT/web"                # the apps' sources
DIST="$ROOT/dist"              # build outputs: the SDK wheel, and the assembled site in dist/web
PYODIDE_DIR="$DIST/web/pyodide"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# pyodide-lock (used by scripts/assemble_web.py) needs Python >= 3.12; the machine's python3 may be older.
pick_python() {
    local c
    for c in ${PYTHON:-} python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
             "$HOME"/.pyenv/versions/3.12*/bin/python3 python3; do
        [ -n "$c" ] || continue
        if "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
            echo "$c"; return 0
        fi
    done
    log "warning: no Python >= 3.12 found, using python3 (pyodide-lock will be missing)"
    echo python3
}

# The SDK and the servers, editable: each is its own distribution (pyproject.toml, servers/*/pyproject.toml).
DISTRIBUTIONS=(. servers/serving servers/emulator servers/vending)

editable_args() { local d; for d in "$@"; do printf -- '-e\n%s\n' "$d"; done; }

ensure_venv() {
    if [ ! -x "$PY" ]; then
        local base
        base="$(pick_python)"
        log "creating .venv with $base ($("$base" --version 2>&1))"
        "$base" -m venv "$VENV"
        rm -f "$STAMP"
    fi
    local want d
    want="$(for d in "${DISTRIBUTIONS[@]}"; do cat "$d/pyproject.toml"; done | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
        # pip >= 25.1 reads dependency groups (--group).
        "$PY" -m pip install -q --disable-pip-version-check 'pip>=25.1'
        log "pip install the SDK, the servers and the dev group"
        local args
        mapfile -t args < <(editable_args "${DISTRIBUTIONS[@]}")
        "$PY" -m pip install -q --disable-pip-version-check "${args[@]}" --group dev
        echo "$want" >"$STAMP"
    fi
}

build_wheel() {
    log "building the momento-web wheel into dist/"
    mkdir -p "$DIST"
    # setuptools' build/ keeps files deleted from src/: start clean so the wheel matches the tree.
    rm -rf "$ROOT/build"
    rm -f "$DIST"/momento_web-*.whl
    # Zip timestamps from the last commit: the same tree gives the same wheel, so the lock's sha256 stays put.
    local epoch
    epoch="$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 315532800)"
    SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$epoch}" \
        "$PY" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w "$DIST" . >/dev/null
    rm -rf "$ROOT/build"
}

cmd_build() {
    local t0=$SECONDS
    ensure_venv
    build_wheel
    log "assembling dist/web/ (Pyodide, wheels, lock, PyScript)"
    "$PY" scripts/assemble_web.py --dist "$DIST"
    log "build done in $((SECONDS - t0)) s"
}

wait_port() { # name host port pid seconds: until host:port accepts connections; dies if pid exits first
    "$PY" scripts/localhost.py wait-port "$@" || exit 1
}

read_api_key() { # file pid seconds: the key from the emulator's MOMENTO_API_KEY=<key> line
    local i line
    for ((i = 0; i < $3 * 10; i++)); do
        line="$(grep -m1 '^MOMENTO_API_KEY=' "$1" 2>/dev/null || true)"
        if [ -n "$line" ]; then printf '%s' "${line#MOMENTO_API_KEY=}"; return 0; fi
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# Emulator (--auth) → its printed super-user key → token vending machine → static server for web/.
# MOMENTO_API_KEY (+ MOMENTO_ENDPOINT) set: no emulator, the vending machine mints real Momento tokens.
# MOMENTO_TVM_POLICY=<file.toml>: that policy instead of the demo one below.
cmd_serve() {
    if [ "${SERVE_SKIP_BUILD:-}" != 1 ]; then
        cmd_build
    elif [ ! -x "$PY" ] || [ ! -f "$PYODIDE_DIR/pyodide.mjs" ]; then
        die "SERVE_SKIP_BUILD=1, but nothing is built: run ./build.sh"
    fi
    local eport="${EMULATOR_PORT:-8080}" wport="${WEB_PORT:-8000}" vport="${VENDING_PORT:-8090}"
    local run_dir="${SERVE_RUN_DIR:-$ROOT/.cache/serve}" api_key momento emulator_pid vending_pid web_pid p ports=("$vport" "$wport")
    [ -n "${MOMENTO_API_KEY:-}" ] || ports+=("$eport")
    # Someone else's server on a port would pass for ours coming up (wait_port): refuse before starting anything.
    for p in "${ports[@]}"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            die "port $p is in use (EMULATOR_PORT, VENDING_PORT and WEB_PORT choose others)"
        fi
    done
    SERVE_PIDS=()
    cleanup() {
        trap - INT TERM EXIT
        local p
        for p in "${SERVE_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
        for p in "${SERVE_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
        rm -f "$run_dir/emulator-key"
    }
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    local tvm_env=(env)
    if [ -n "${MOMENTO_API_KEY:-}" ]; then
        api_key="$MOMENTO_API_KEY"
        momento="Momento (${MOMENTO_ENDPOINT:-the endpoint named by MOMENTO_API_KEY})"
    else
        mkdir -p "$run_dir"
        (umask 077 && : >"$run_dir/emulator-key")
        # Its stdout carries only the key line; its log goes to stderr (this terminal).
        "$PY" -m momento_web_emulator --host 127.0.0.1 --port "$eport" --auth >"$run_dir/emulator-key" &
        emulator_pid=$!
        SERVE_PIDS+=("$emulator_pid")
        api_key="$(read_api_key "$run_dir/emulator-key" "$emulator_pid" 20)" ||
            die "the emulator printed no MOMENTO_API_KEY line"
        momento="http://127.0.0.1:$eport (emulator, --auth; super-user key in $run_dir/emulator-key)"
        tvm_env=(env -u MOMENTO_ENDPOINT)
    fi
    local policy=(--cache demo-cache --key-prefix demo- --topic-prefix "" --topic-access publish-subscribe
        --index demo-search --index-writes)
    [ -z "${MOMENTO_TVM_POLICY:-}" ] || policy=()
    "${tvm_env[@]}" MOMENTO_API_KEY="$api_key" "$PY" -m momento_web_vending \
        --host 127.0.0.1 --port "$vport" --create-caches "${policy[@]}" \
        --allow-origin "http://127.0.0.1:$wport" --allow-origin "http://localhost:$wport" &
    vending_pid=$!
    SERVE_PIDS+=("$vending_pid")
    "$PY" scripts/serve.py --dir "$WEB" --dir "$DIST/web" --bind 127.0.0.1 --port "$wport" &
    web_pid=$!
    SERVE_PIDS+=("$web_pid")
    wait_port "the token vending machine" 127.0.0.1 "$vport" "$vending_pid" 30
    wait_port "the static server" 127.0.0.1 "$wport" "$web_pid" 20
    cat <<EOF

  Chat:            http://127.0.0.1:$wport/chat/?vending=http://127.0.0.1:$vport
  Playground:      http://127.0.0.1:$wport/playground/?vending=http://127.0.0.1:$vport
  Search:          http://127.0.0.1:$wport/search/?vending=http://127.0.0.1:$vport
  Demo page:       http://127.0.0.1:$wport/index.html?vending=http://127.0.0.1:$vport
  Vending machine: http://127.0.0.1:$vport/health (POST /token, /vector/upsert, /vector/search)
  Momento:         $momento
  Pyodide:         http://127.0.0.1:$wport/pyodide/console.html

Press Ctrl-C to stop them all.
EOF
    local status=0
    wait -n "${SERVE_PIDS[@]}" || status=$?
    log "a server stopped (status $status); shutting down"
    exit "$status"
}

ensure_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
    log "installing Debian chromium + chromium-driver"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
}

# The oldest supported CPython (3.11) gets its own small venv: no browser tooling, just the package and pytest.
PY311_VENV="$ROOT/.venv-py311"

ensure_py311_venv() {
    local base="" c
    for c in python3.11 "$HOME"/.pyenv/versions/3.11*/bin/python3 /usr/bin/python3.11; do
        if "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then
            base="$c"; break
        fi
    done
    if [ -z "$base" ]; then  # Debian 12's python3 is 3.11
        local sudo=()
        [ "$(id -u)" -eq 0 ] || sudo=(sudo)
        log "apt-get install python3.11-venv"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3.11-venv
        base=/usr/bin/python3.11
    fi
    if [ ! -x "$PY311_VENV/bin/python" ]; then
        log "creating .venv-py311 with $base"
        "$base" -m venv "$PY311_VENV"
    fi
    # grpcio: the integration tests also call the emulator over native gRPC (h2c); hypothesis and protobuf: the
    # codec's tests and their oracle; ruff: the import-ban tests run it; momento: the tests that compare with it.
    local want stamp="$PY311_VENV/.momento-web-installed"
    local extra=("pytest>=9,<9.2" "pytest-asyncio>=1.0" "grpcio>=1.85,<2" "hypothesis>=6.100" "protobuf>=7.35.1,<8"
                 "ruff==0.17.6" "momento==1.29.1")
    want="$(for d in "${DISTRIBUTIONS[@]}"; do cat "$d/pyproject.toml"; done | cat - <(printf '%s\n' "${extra[@]}") |
        sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        local args
        mapfile -t args < <(editable_args "${DISTRIBUTIONS[@]}")
        "$PY311_VENV/bin/python" -m pip install -q --disable-pip-version-check "${args[@]}" "${extra[@]}"
        echo "$want" >"$stamp"
    fi
}

cmd_test() {
    local t0=$SECONDS failed=()
    ensure_chromium
    command -v npm >/dev/null || die "npm is required (fetches Pyodide and PyScript)"
    cmd_build
    export SE_OFFLINE=true SE_AVOID_STATS=true
    if [ -f scripts/gen_protos.py ]; then
        log "scripts/gen_protos.py --check"
        "$PY" scripts/gen_protos.py --check || failed+=(gen_protos)
    fi
    log "ruff check + format --check"
    local lint_paths=(src tests scripts bench web/demo.py web/common web/chat web/playground web/search)
    "$VENV/bin/ruff" check "${lint_paths[@]}" || failed+=(ruff)
    "$VENV/bin/ruff" format --check "${lint_paths[@]}" || failed+=(ruff-format)
    log "mypy"
    "$VENV/bin/mypy" || failed+=(mypy)
    "$VENV/bin/mypy" bench || failed+=(mypy-bench)
    # Each web app is its own PyScript module set, so each gets its own mypy run and search path.
    for app in chat playground search; do
        MYPYPATH="web/common:web/$app" "$VENV/bin/mypy" --strict --ignore-missing-imports \
            web/common/*.py "web/$app"/*.py || failed+=("mypy-web-$app")
    done
    log "pytest"
    # shellcheck disable=SC2086
    "$PY" -m pytest tests ${PYTEST_ARGS:-} || failed+=(pytest)
    log "pytest on CPython 3.11 (unit + integration over httpx)"
    ensure_py311_venv
    # shellcheck disable=SC2086
    "$PY311_VENV/bin/python" -m pytest -q -o addopts= tests/unit tests/integration ${PYTEST_ARGS:-} \
        || failed+=(pytest-py311)
    # Proves the benchmark works and prints its table; slow figures never fail it, a broken instrument does.
    log "benchmark smoke run (bench/README.md)"
    "$PY" -m bench.run --smoke || failed+=(bench-smoke)
    log "test done in $((SECONDS - t0)) s"
    if [ ${#failed[@]} -gt 0 ]; then
        die "failed: ${failed[*]}"
    fi
}

cmd_bench() {
    ensure_chromium
    command -v npm >/dev/null || die "npm is required (bundles the official web SDK for the benchmark)"
    cmd_build
    "$PY" -m bench.run "$@"
    log "exact vector search in the emulator (bench/vector_search.py)"
    "$PY" -m bench.vector_search
}

case "${1:-build}" in
    build) cmd_build ;;
    serve) cmd_serve ;;
    test) cmd_test ;;
    bench) shift; cmd_bench "$@" ;;
    -h | --help | help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (build | serve | test | bench)" ;;
esac
