# Shared by the kubectl tests (sourced): kubectl present, a temporary folder, `flotilla serve` started in
# the background with its kubeconfig found, `k` to run kubectl against it, and `expect` / `fail`.
# Before sourcing: FLOTILLA (the binary), DIR_PREFIX (the temporary folder's name); after: call
# start_serve with serve's options.
KUBECTL=${KUBECTL:-/usr/bin/kubectl}
if [ ! -x "$KUBECTL" ]; then
    echo "SKIP: $KUBECTL is not installed"
    exit 77
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/$DIR_PREFIX.XXXXXX")
SERVER=
BACKGROUND=
cleanup() {
    for pid in $BACKGROUND; do kill "$pid" 2>/dev/null; done
    if [ -n "$SERVER" ]; then kill -TERM "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi
    rm -rf "$DIR"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    echo "--- flotilla serve stderr:"
    cat "$DIR/err"
    exit 1
}

# start_serve <serve options…>: runs `flotilla serve --data-dir $DIR/data --port 0 …` (its Docker socket in
# $DIR) and sets KC to its kubeconfig
start_serve() {
    "$FLOTILLA" serve --data-dir "$DIR/data" --port 0 --docker-socket "$DIR/docker.sock" "$@" >"$DIR/out" 2>"$DIR/err" &
    SERVER=$!
    KC=
    for _ in $(seq 1 300); do
        KC=$(sed -n 's/^KUBECONFIG=//p' "$DIR/out")
        [ -n "$KC" ] && break
        kill -0 "$SERVER" 2>/dev/null || fail "flotilla serve exited early"
        sleep 0.1
    done
    [ -n "$KC" ] || fail "no KUBECONFIG line within 30 s"
}

k() { "$KUBECTL" --kubeconfig "$KC" --cache-dir "$DIR/cache" --request-timeout=20s "$@" 2>&1; }

# expect <description> <extended regex> <text>
expect() {
    printf '%s\n' "$3" | grep -Eq "$2" || { printf '%s\n' "$3"; fail "$1: no line matches /$2/"; }
}
