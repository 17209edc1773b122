#!/bin/sh
# The real kubectl against `flotilla serve`: start the server on a fresh data folder with a small shop
# (namespace, Deployment, Service), read it with kubectl, and stop the server with SIGTERM.
# Usage: kubectl_serve.sh <path to the flotilla binary>
set -u
FLOTILLA=$1
HERE=$(cd "$(dirname "$0")" && pwd)
KUBECTL=${KUBECTL:-/usr/bin/kubectl}
if [ ! -x "$KUBECTL" ]; then
    echo "SKIP: $KUBECTL is not installed"
    exit 77
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/flotilla-kubectl.XXXXXX")
SERVER=
cleanup() {
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

"$FLOTILLA" serve --data-dir "$DIR/data" --port 0 --apply "$HERE/shop.yaml" >"$DIR/out" 2>"$DIR/err" &
SERVER=$!

KC=
for _ in $(seq 1 300); do
    KC=$(sed -n 's/^KUBECONFIG=//p' "$DIR/out")
    [ -n "$KC" ] && break
    kill -0 "$SERVER" 2>/dev/null || fail "flotilla serve exited early"
    sleep 0.1
done
[ -n "$KC" ] || fail "no KUBECONFIG line within 30 s"
grep -q "^export KUBECONFIG=$KC\$" "$DIR/out" || fail "no export line"
[ "$(stat -c %a "$KC")" = 600 ] || fail "the kubeconfig is not mode 0600"

k() { "$KUBECTL" --kubeconfig "$KC" --cache-dir "$DIR/cache" --request-timeout=20s "$@" 2>&1; }

# expect <description> <extended regex> <text>
expect() {
    printf '%s\n' "$3" | grep -Eq "$2" || { printf '%s\n' "$3"; fail "$1: no line matches /$2/"; }
}

OUT=$(k version) || fail "kubectl version: $OUT"
expect "kubectl version" '^Server Version: v1\.31\.0-flotilla$' "$OUT"
echo "$OUT"

OUT=$(k get nodes) || fail "kubectl get nodes: $OUT"
expect "get nodes header" '^NAME +STATUS +ROLES +AGE +VERSION$' "$OUT"
expect "get nodes control plane" '^control-plane +Ready +control-plane +[0-9]+[smhd] +v1\.31' "$OUT"
expect "get nodes worker" '^worker-1 +Ready +<none> +[0-9]+[smhd] +v1\.31' "$OUT"
echo "$OUT"

# the Deployment's pods start on the simulation clock (real time): wait until both run
for _ in $(seq 1 60); do
    OUT=$(k get pods -n shop)
    [ "$(printf '%s\n' "$OUT" | grep -Ec '^web-[a-z0-9]+-[a-z0-9]+ +1/1 +Running')" = 2 ] && break
    sleep 0.5
done
expect "pods of the shop running" '^web-[a-z0-9]+-[a-z0-9]+ +1/1 +Running +0 +[0-9]+[smhd]$' "$OUT"

OUT=$(k get pods -A) || fail "kubectl get pods -A: $OUT"
expect "get pods -A header" '^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE$' "$OUT"
expect "get pods -A shop" '^shop +web-[a-z0-9]+-[a-z0-9]+ +1/1 +Running +0 +[0-9]+[smhd]$' "$OUT"
expect "get pods -A system" '^kube-system +etcd-control-plane +1/1 +Running' "$OUT"
echo "$OUT"

OUT=$(k get pods -A -o wide) || fail "kubectl get pods -A -o wide: $OUT"
expect "-o wide header" '^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$' "$OUT"
expect "-o wide row" '^shop +web-[a-z0-9]+-[a-z0-9]+ +1/1 +Running +0 +[0-9]+[smhd] +10\.[0-9.]+ +worker-[0-9]+ ' "$OUT"
echo "$OUT"

OUT=$(k get deploy -n shop) || fail "kubectl get deploy: $OUT"
expect "get deploy" '^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$' "$OUT"
expect "get deploy row" '^web +2/2 +2 +2 +[0-9]+[smhd]$' "$OUT"
echo "$OUT"

OUT=$(k get svc -n shop) || fail "kubectl get svc: $OUT"
expect "get svc" '^web +ClusterIP +10\.[0-9.]+ +<none> +80/TCP +[0-9]+[smhd]$' "$OUT"

OUT=$(k get ns) || fail "kubectl get ns: $OUT"
expect "get ns" '^shop +Active +[0-9]+[smhd]$' "$OUT"
expect "get ns system" '^kube-system +Active' "$OUT"

OUT=$(k api-resources) || fail "kubectl api-resources: $OUT"
expect "api-resources rollouts" '^rollouts +ro +flotilla\.dev/v1alpha1 +true +Rollout$' "$OUT"
expect "api-resources pods" '^pods +po +v1 +true +Pod$' "$OUT"
expect "api-resources deployments" '^deployments +deploy +apps/v1 +true +Deployment$' "$OUT"

OUT=$(k get pod -n shop -l app=web -o name) || fail "kubectl get -l: $OUT"
[ "$(printf '%s\n' "$OUT" | grep -c '^pod/web-')" = 2 ] || fail "get -l app=web: $OUT"

# get -w: the list, then the watch; kubectl keeps running, so it is stopped after a few seconds
k get pods -n shop -w >"$DIR/watch" 2>&1 &
WATCH=$!
sleep 4
kill "$WATCH" 2>/dev/null
wait "$WATCH" 2>/dev/null
OUT=$(cat "$DIR/watch")
expect "get -w header" '^NAME +READY +STATUS +RESTARTS +AGE$' "$OUT"
[ "$(printf '%s\n' "$OUT" | grep -Ec '^web-[a-z0-9]+-[a-z0-9]+ +1/1 +Running')" -ge 2 ] || { echo "$OUT"; fail "get -w: not the initial rows"; }
grep -qi "error" "$DIR/watch" && { echo "$OUT"; fail "get -w reported an error"; }

if OUT=$(k get pods --token=wrong); then
    fail "a wrong token was accepted: $OUT"
fi
expect "wrong token" 'Unauthorized' "$OUT"
echo "$OUT"

OUT=$(k get pod no-such-pod -n shop) && fail "a missing pod was found"
expect "missing pod" '^Error from server \(NotFound\): pods "no-such-pod" not found$' "$OUT"

kill -TERM "$SERVER"
wait "$SERVER"
RC=$?
SERVER=
[ "$RC" = 0 ] || fail "flotilla serve exited with $RC after SIGTERM"
grep -q "SIGTERM received" "$DIR/err" || fail "no stop message"
if grep -q "$(cat "$DIR/data/sandboxes/local/serve/token")" "$DIR/err" "$DIR/out"; then
    fail "the token appeared in the output"
fi
echo "PASS: kubectl against flotilla serve"
