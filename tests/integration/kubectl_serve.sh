#!/bin/sh
# The real kubectl against `flotilla serve`: start the server on a fresh data folder with a small shop
# (namespace, Deployment, Service), read it with kubectl, write with kubectl (create, scale, set image,
# apply client- and server-side, label, delete), and stop the server with SIGTERM.
# Writes pass --validate=false (client-side validation through /openapi/v3 is covered by kubectl_scenario.sh).
# Usage: kubectl_serve.sh <path to the flotilla binary>
set -u
FLOTILLA=$1
HERE=$(cd "$(dirname "$0")" && pwd)
DIR_PREFIX=flotilla-kubectl
. "$HERE/serve_common.sh"

start_serve --apply "$HERE/shop.yaml"
grep -q "^export KUBECONFIG=$KC\$" "$DIR/out" || fail "no export line"
[ "$(stat -c %a "$KC")" = 600 ] || fail "the kubeconfig is not mode 0600"
# the Docker Engine API beside it, for the real docker CLI
DH=$(sed -n 's/^DOCKER_HOST=//p' "$DIR/out")
[ "$DH" = "unix://$DIR/docker.sock" ] || fail "no DOCKER_HOST line for $DIR/docker.sock: '$DH'"
grep -q "^export DOCKER_HOST=$DH\$" "$DIR/out" || fail "no export DOCKER_HOST line"
[ "$(stat -c %a "$DIR/docker.sock")" = 600 ] || fail "the Docker socket is not mode 0600"
OUT=$(DOCKER_HOST=$DH DOCKER_CONFIG=$DIR/docker-config docker version --format '{{.Server.APIVersion}} {{.Server.Os}}' 2>&1) ||
    fail "docker version: $OUT"
expect "docker version" '^1\.47 linux$' "$OUT"

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

# ---- writes -------------------------------------------------------------------------------------

OUT=$(k create configmap x -n shop --from-literal=a=b) || fail "kubectl create configmap: $OUT"
expect "create configmap" '^configmap/x created$' "$OUT"
OUT=$(k get configmap x -n shop -o jsonpath='{.data.a}') || fail "get configmap x: $OUT"
[ "$OUT" = b ] || fail "configmap x holds '$OUT', not b"
OUT=$(k create configmap x -n shop --from-literal=a=b) && fail "a second create succeeded: $OUT"
expect "create configmap twice" '^error: failed to create configmap: configmaps "x" already exists$' "$OUT"

OUT=$(k create secret generic s -n shop --from-literal=p=q) || fail "kubectl create secret: $OUT"
expect "create secret" '^secret/s created$' "$OUT"
OUT=$(k get secret s -n shop -o jsonpath='{.data.p}') || fail "get secret s: $OUT"
[ "$OUT" = cQ== ] || fail "secret s holds '$OUT', not base64 q"

# kubectl 1.32 and later send these creates as protobuf (the dispatcher picks 1.31 for this server: run it directly)
KUBECTL_132=$(dirname "$(command -v kubectl.1.32 2>/dev/null || echo /usr/lib/google-cloud-sdk/bin/kubectl.1.32)")/kubectl.1.32
if [ -x "$KUBECTL_132" ]; then
    OUT=$("$KUBECTL_132" --kubeconfig "$KC" --cache-dir "$DIR/cache132" create configmap pb -n shop --from-literal=mode=fast 2>&1) ||
        fail "kubectl 1.32 create configmap (protobuf): $OUT"
    expect "protobuf create configmap" '^configmap/pb created$' "$OUT"
    OUT=$("$KUBECTL_132" --kubeconfig "$KC" --cache-dir "$DIR/cache132" create secret generic pbs -n shop --from-literal=pw=hunter2 2>&1) ||
        fail "kubectl 1.32 create secret (protobuf): $OUT"
    OUT=$(k get secret pbs -n shop -o jsonpath='{.data.pw}' | base64 -d)
    [ "$OUT" = hunter2 ] || fail "the protobuf secret reads back as '$OUT'"
    OUT=$(k get configmap pb -n shop -o jsonpath='{.data.mode}')
    [ "$OUT" = fast ] || fail "the protobuf configmap reads back as '$OUT'"
else
    echo "NOTE: no kubectl.1.32 next to the dispatcher: protobuf creates not checked"
fi

OUT=$(k create configmap Bad_Name -n shop --from-literal=a=b) && fail "an invalid name was accepted: $OUT"
expect "invalid name" 'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value' "$OUT"

OUT=$(k scale deploy/web -n shop --replicas=3) || fail "kubectl scale: $OUT"
expect "scale" '^deployment.apps/web scaled$' "$OUT"
for _ in $(seq 1 60); do
    OUT=$(k get pods -n shop -l app=web)
    [ "$(printf '%s\n' "$OUT" | grep -Ec '^web-[a-z0-9]+-[a-z0-9]+ +1/1 +Running')" = 3 ] && break
    sleep 0.5
done
[ "$(printf '%s\n' "$OUT" | grep -Ec '^web-[a-z0-9]+-[a-z0-9]+ +1/1 +Running')" = 3 ] || { echo "$OUT"; fail "scale: not 3 pods running"; }

OUT=$(k set image deploy/web -n shop web=nginx:1.26) || fail "kubectl set image: $OUT"
expect "set image" '^deployment.apps/web image updated$' "$OUT"
OUT=$(k get deploy web -n shop -o jsonpath='{.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.replicas}')
[ "$OUT" = "nginx:1.26 80 3" ] || fail "after set image: '$OUT'"
OUT=$(k rollout status deploy/web -n shop --timeout=60s) || fail "rollout status after set image: $OUT"
expect "rollout status" 'successfully rolled out' "$OUT"

OUT=$(k apply --server-side --validate=false -f "$HERE/extra-ssa.yaml") || fail "kubectl apply --server-side: $OUT"
expect "server-side apply" '^configmap/ssa serverside-applied$' "$OUT"
OUT=$(k get configmap ssa -n shop -o jsonpath='{.data.mode}')
[ "$OUT" = server-side ] || fail "ssa configmap holds '$OUT'"

OUT=$(k apply --validate=false -f "$HERE/extra.yaml") || fail "kubectl apply (client-side): $OUT"
expect "apply creates configmap" '^configmap/settings created$' "$OUT"
expect "apply creates deployment" '^deployment.apps/api created$' "$OUT"
sed 's/colour: blue/colour: green/; s/replicas: 1/replicas: 2/' "$HERE/extra.yaml" >"$DIR/extra2.yaml"
OUT=$(k apply --validate=false -f "$DIR/extra2.yaml") || fail "kubectl apply again: $OUT"
expect "apply configures configmap" '^configmap/settings configured$' "$OUT"
expect "apply configures deployment" '^deployment.apps/api configured$' "$OUT"
OUT=$(k get configmap settings -n shop -o jsonpath='{.data.colour}')
[ "$OUT" = green ] || fail "settings holds '$OUT' after the second apply"
OUT=$(k get deploy api -n shop -o jsonpath='{.spec.replicas}')
[ "$OUT" = 2 ] || fail "api has '$OUT' replicas after the second apply"
OUT=$(k apply --validate=false -f "$DIR/extra2.yaml") || fail "kubectl apply a third time: $OUT"
expect "apply unchanged" '^configmap/settings unchanged$' "$OUT"

POD=$(k get pods -n shop -l app=web -o name | head -n 1)
OUT=$(k label -n shop "$POD" tier=front) || fail "kubectl label: $OUT"
expect "label" "^${POD} labeled\$" "$OUT"
OUT=$(k get pods -n shop -l tier=front -o name)
[ "$OUT" = "$POD" ] || fail "label: -l tier=front gives '$OUT'"

OUT=$(k delete configmap x -n shop) || fail "kubectl delete configmap: $OUT"
expect "delete configmap" '^configmap "x" deleted$' "$OUT"
OUT=$(k get configmap x -n shop) && fail "configmap x is still there"
expect "deleted configmap" 'NotFound' "$OUT"

OUT=$(k delete -f "$HERE/extra.yaml") || fail "kubectl delete -f: $OUT"
expect "delete -f configmap" '^configmap "settings" deleted$' "$OUT"
expect "delete -f deployment" '^deployment.apps "api" deleted$' "$OUT"
for _ in $(seq 1 60); do
    OUT=$(k get pods -n shop -l app=api -o name)
    [ -z "$OUT" ] && break
    sleep 0.5
done
[ -z "$OUT" ] || fail "the pods of a deleted deployment are still there: $OUT"
echo "PASS: kubectl writes"

# the window opens on the same cluster through the kubeconfig (KubeBackend), and says what is wrong with a
# broken one
QT_QPA_PLATFORM=offscreen "$FLOTILLA" --kubeconfig "$KC" --quit-after-start >"$DIR/window.out" 2>&1 ||
    { cat "$DIR/window.out"; fail "flotilla --kubeconfig did not open the cluster"; }
printf 'clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: true}\n' >"$DIR/broken-kubeconfig"
if QT_QPA_PLATFORM=offscreen "$FLOTILLA" --kubeconfig "$DIR/broken-kubeconfig" --quit-after-start >"$DIR/window.out" 2>&1; then
    fail "a broken kubeconfig was accepted"
fi
expect "broken kubeconfig" "broken-kubeconfig:3:3: clusters\[0\]\.cluster\.server: is required" "$(cat "$DIR/window.out")"

kill -TERM "$SERVER"
wait "$SERVER"
RC=$?
SERVER=
[ "$RC" = 0 ] || fail "flotilla serve exited with $RC after SIGTERM"
grep -q "SIGTERM received" "$DIR/err" || fail "no stop message"
[ -e "$DIR/docker.sock" ] && fail "the Docker socket is still there after the server stopped"
if grep -q "$(cat "$DIR/data/sandboxes/local/serve/token")" "$DIR/err" "$DIR/out"; then
    fail "the token appeared in the output"
fi
echo "PASS: kubectl against flotilla serve"
