# Shared by the demo, test and bench commands: set up each language's environment inside the
# project (.venv/, bindings-node/node_modules/) and run a sandbox. Source it from the repo root.

ROOT=$PWD

step() { printf '\n== %s\n' "$*"; }

# .venv with maturin, pytest and mypy, and the Python binding built into it.
setup_python() {
  local profile=${1:-debug}
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet "maturin>=1.5,<2" pytest mypy flask schemathesis
  local flags=(--quiet -m bindings-python/Cargo.toml)
  [ "$profile" = release ] && flags+=(--release)
  VIRTUAL_ENV=$ROOT/.venv PATH=$ROOT/.venv/bin:$PATH maturin develop "${flags[@]}"
}

# Debian's redis-server, for the tests of the Redis coordinator (installed when missing).
ensure_redis_server() {
  command -v redis-server > /dev/null && return 0
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -q redis-server > /dev/null 2>&1 \
    || { $sudo apt-get update -q > /dev/null && $sudo apt-get install -y -q redis-server > /dev/null; }
  command -v redis-server > /dev/null
}

# node_modules for the Node package, and its native addon.
setup_node() {
  local profile=${1:-debug}
  (cd bindings-node && npm install --no-audit --no-fund --loglevel=error)
  if [ "$profile" = release ]; then
    (cd bindings-node && node scripts/build-native.js --release)
  else
    (cd bindings-node && node scripts/build-native.js)
  fi
}

# Starts target/<profile>/ap-sandbox on a free port; sets SANDBOX_URL and SANDBOX_PID.
start_sandbox() {
  local profile=${1:-debug}
  shift || true
  local out
  out=$(mktemp)
  "$ROOT/target/$profile/ap-sandbox" --port 0 "$@" > "$out" &
  SANDBOX_PID=$!
  for _ in $(seq 100); do grep -q listening "$out" 2>/dev/null && break; sleep 0.1; done
  SANDBOX_URL=$(sed -n 's/^listening on //p' "$out")
  rm -f "$out"
  [ -n "$SANDBOX_URL" ] || { echo "the sandbox did not start" >&2; return 1; }
}

stop_sandbox() {
  [ -n "${SANDBOX_PID:-}" ] && kill "$SANDBOX_PID" 2>/dev/null || true
  SANDBOX_PID=
}

# The release tool chain, into .venv: maturin, zig (the `ziglang` wheel) and cargo-zigbuild, which
# link against glibc 2.17 whatever this machine's glibc is.
setup_dist_tools() {
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet "maturin>=1.5,<2" "ziglang==0.17.1" "cargo-zigbuild==0.24.1" "auditwheel==6.8.2"
}

# PATH without any directory holding cargo or rustc: how a user without Rust installs the packages.
path_without_rust() {
  local dir kept=()
  IFS=: read -ra dirs <<< "$PATH"
  for dir in "${dirs[@]}"; do
    [ -x "$dir/cargo" ] || [ -x "$dir/rustc" ] || kept+=("$dir")
  done
  (IFS=:; echo "${kept[*]}")
}

# Fails when a native library needs a glibc symbol newer than 2.17 (manylinux2014).
check_glibc_2_17() {
  local newest
  newest=$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)
  echo "$(basename "$1"): newest glibc symbol $newest"
  [ "$(printf '%s\nGLIBC_2.17\n' "$newest" | sort -V | tail -n 1)" = GLIBC_2.17 ] \
    || { echo "$1 needs $newest, newer than GLIBC_2.17" >&2; return 1; }
}

# actionlint, the linter of .github/workflows, built from the Go module proxy when missing.
ensure_actionlint() {
  [ -x target/tools/bin/actionlint ] && return 0
  GOBIN=$ROOT/target/tools/bin go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
}
