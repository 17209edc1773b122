#!/bin/sh
# The whole kubectl scenario against `flotilla serve`, with kubectl's defaults (client-side validation
# through /openapi/v3, aggregated discovery): read the cluster, apply one multi-document file, follow
# the rollout, scale, change the image, look at the history and undo, read and follow logs, describe,
# watch, create a ConfigMap and a Secret from literals, and delete it all again.
# The simulation runs 10 times faster than real time (serve --speed 10), so rollouts and logs move quickly.
# Usage: kubectl_scenario.sh <path to the flotilla binary>
set -u
FLOTILLA=$1
HERE=$(cd "$(dirname "$0")" && pwd)
DIR_PREFIX=flotilla-scenario
. "$HERE/serve_common.sh"

step() { echo "=== $*"; }

start_serve --speed 10

# count <extended regex> <text>: how many lines match
count() { printf '%s\n' "$2" | grep -Ec "$1"; }

NS=demo
FILE=$HERE/scenario.yaml

step "1. get nodes, get pods -A"
OUT=$(k get nodes) || fail "kubectl get nodes: $OUT"
expect "get nodes header" '^NAME +STATUS +ROLES +AGE +VERSION$' "$OUT"
expect "get nodes worker" '^worker-1 +Ready +<none> +' "$OUT"
OUT=$(k get pods -A) || fail "kubectl get pods -A: $OUT"
expect "get pods -A header" '^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE$' "$OUT"
expect "get pods -A system pod" '^kube-system +etcd-control-plane +1/1 +Running' "$OUT"

step "2. apply -f with client-side validation"
OUT=$(k apply -f "$FILE") || fail "kubectl apply: $OUT"
echo "$OUT"
expect "apply namespace" '^namespace/demo created$' "$OUT"
expect "apply configmap" '^configmap/app-config created$' "$OUT"
expect "apply secret" '^secret/app-secret created$' "$OUT"
expect "apply deployment" '^deployment.apps/hello created$' "$OUT"
expect "apply service" '^service/hello created$' "$OUT"
printf '%s\n' "$OUT" | grep -qi "warning" && fail "apply printed a warning: $OUT"
OUT=$(k apply -f "$FILE") || fail "kubectl apply again: $OUT"
[ "$(count ' unchanged$' "$OUT")" = 5 ] || { echo "$OUT"; fail "a second apply did not leave all five objects unchanged"; }
sed 's/greeting: hello/greeting: bonjour/' "$FILE" >"$DIR/changed.yaml"
OUT=$(k apply -f "$DIR/changed.yaml") || fail "kubectl apply of a change: $OUT"
expect "apply change" '^configmap/app-config configured$' "$OUT"
expect "apply change, rest unchanged" '^deployment.apps/hello unchanged$' "$OUT"
OUT=$(k get configmap app-config -n $NS -o jsonpath='{.data.greeting}')
[ "$OUT" = bonjour ] || fail "app-config holds '$OUT' after the change"
# a typo'd field is refused by the server (kubectl sends fieldValidation=Strict)
sed 's/^  replicas: 2$/  replicaz: 2/' "$FILE" >"$DIR/typo.yaml"
grep -q replicaz "$DIR/typo.yaml" || fail "the typo was not made"
OUT=$(k apply -f "$DIR/typo.yaml") && fail "an unknown field was accepted: $OUT"
expect "typo refused" 'strict decoding error: unknown field "spec.replicaz"' "$OUT"
sed 's/^  name: hello$/  name: typo/; s/^  replicas: 2$/  replicaz: 2/' "$FILE" >"$DIR/typo-new.yaml"
OUT=$(k apply -f "$DIR/typo-new.yaml") && fail "an unknown field was accepted on create: $OUT"
expect "typo refused on create" 'error when creating .*Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"' "$OUT"
OUT=$(k get deploy typo -n $NS) && fail "the deployment with a typo was created"

step "3. rollout status"
OUT=$(k rollout status deployment/hello -n $NS --timeout=60s) || fail "rollout status: $OUT"
expect "rollout status" 'deployment "hello" successfully rolled out' "$OUT"

step "4. scale, set image, history, undo"
OUT=$(k scale deployment/hello -n $NS --replicas=3) || fail "kubectl scale: $OUT"
expect "scale" '^deployment.apps/hello scaled$' "$OUT"
OUT=$(k set image deployment/hello -n $NS hello=nginx:1.26) || fail "kubectl set image: $OUT"
expect "set image" '^deployment.apps/hello image updated$' "$OUT"
OUT=$(k rollout status deployment/hello -n $NS --timeout=60s) || fail "rollout status after set image: $OUT"
expect "rollout status after set image" 'successfully rolled out' "$OUT"
OUT=$(k get deploy hello -n $NS -o jsonpath='{.spec.template.spec.containers[0].image} {.status.updatedReplicas} {.status.readyReplicas}')
[ "$OUT" = "nginx:1.26 3 3" ] || fail "after the rollout: '$OUT', not 'nginx:1.26 3 3'"
OUT=$(k rollout history deployment/hello -n $NS) || fail "rollout history: $OUT"
expect "history header" '^REVISION +CHANGE-CAUSE$' "$OUT"
expect "history revision 1" '^1 +<none>$' "$OUT"
expect "history revision 2" '^2 +<none>$' "$OUT"
OUT=$(k rollout undo deployment/hello -n $NS) || fail "rollout undo: $OUT"
expect "undo" '^deployment.apps/hello rolled back$' "$OUT"
OUT=$(k rollout status deployment/hello -n $NS --timeout=60s) || fail "rollout status after undo: $OUT"
expect "rollout status after undo" 'successfully rolled out' "$OUT"
OUT=$(k get deploy hello -n $NS -o jsonpath='{.spec.template.spec.containers[0].image}')
[ "$OUT" = "nginx:1.25" ] || fail "undo: the image is '$OUT', not nginx:1.25"
# the first ReplicaSet came back (revision 3) instead of a new one
OUT=$(k get rs -n $NS -l app=hello -o name)
[ "$(count '^replicaset.apps/hello-' "$OUT")" = 2 ] || fail "undo made a new ReplicaSet: $OUT"
OUT=$(k rollout history deployment/hello -n $NS)
expect "history after undo" '^3 +<none>$' "$OUT"

step "5. logs"
OUT=$(k logs deployment/hello -n $NS) || fail "kubectl logs deployment/hello: $OUT"
expect "logs of the deployment" 'docker-entrypoint|nginx' "$OUT"
POD=$(k get pods -n $NS -l app=hello --field-selector=status.phase=Running -o name | head -n 1)
[ -n "$POD" ] || fail "no running pod"
OUT=$(k logs -n $NS "$POD") || fail "kubectl logs $POD: $OUT"
expect "logs of a pod" 'nginx' "$OUT"
OUT=$(k logs -n $NS "$POD" --tail=2 --timestamps) || fail "kubectl logs --tail: $OUT"
[ "$(count '^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:.]+Z ' "$OUT")" = 2 ] || { echo "$OUT"; fail "logs --tail=2 --timestamps"; }
OUT=$(k logs -n $NS "$POD" -c nosuch) && fail "a missing container was accepted"
expect "missing container" 'container nosuch is not valid for pod' "$OUT"
# follow for a while: the last line, then the new ones as the container writes them
timeout 6 "$KUBECTL" --kubeconfig "$KC" --cache-dir "$DIR/cache" logs -f -n $NS "$POD" --tail=1 >"$DIR/follow" 2>&1
RC=$?
[ "$RC" = 124 ] || { cat "$DIR/follow"; fail "logs -f ended by itself (exit $RC)"; }
[ "$(grep -c . "$DIR/follow")" -ge 2 ] || { cat "$DIR/follow"; fail "logs -f showed no new lines in 6 s"; }
grep -qi "error" "$DIR/follow" && { cat "$DIR/follow"; fail "logs -f reported an error"; }
# a followed log ends when its pod is deleted
"$KUBECTL" --kubeconfig "$KC" --cache-dir "$DIR/cache" logs -f -n $NS "$POD" >"$DIR/follow2" 2>&1 &
FOLLOW=$!
BACKGROUND="$BACKGROUND $FOLLOW"
sleep 1
OUT=$(k delete -n $NS "$POD") || fail "kubectl delete $POD: $OUT"
for _ in $(seq 1 50); do kill -0 "$FOLLOW" 2>/dev/null || break; sleep 0.2; done
kill -0 "$FOLLOW" 2>/dev/null && fail "logs -f still runs after its pod was deleted"
wait "$FOLLOW" || { cat "$DIR/follow2"; fail "logs -f failed when its pod was deleted"; }

step "6. describe"
OUT=$(k describe deployment hello -n $NS) || fail "describe deployment: $OUT"
expect "describe deployment name" '^Name: +hello$' "$OUT"
expect "describe deployment namespace" '^Namespace: +demo$' "$OUT"
expect "describe deployment image" '^ +Image: +nginx:1\.25$' "$OUT"
expect "describe deployment replicas" '^Replicas: +3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$' "$OUT"
expect "describe deployment events" '^Events:' "$OUT"
expect "describe deployment scaling event" 'ScalingReplicaSet .*deployment-controller +Scaled (up|down) replica set hello-' "$OUT"
POD=$(k get pods -n $NS -l app=hello --field-selector=status.phase=Running -o name | head -n 1)
OUT=$(k describe -n $NS "$POD") || fail "describe pod: $OUT"
expect "describe pod name" "^Name: +${POD#pod/}\$" "$OUT"
expect "describe pod image" '^ +Image: +nginx:1\.25$' "$OUT"
expect "describe pod env from configmap" 'GREETING: +<set to the key .greeting. of config map .app-config.>' "$OUT"
expect "describe pod events" '^Events:' "$OUT"
expect "describe pod scheduled" 'Scheduled .*default-scheduler +Successfully assigned demo/' "$OUT"
expect "describe pod started" 'Started .*kubelet +Started container hello' "$OUT"

step "7. get pods -w"
k get pods -n $NS -w >"$DIR/watch" 2>&1 &
WATCH=$!
BACKGROUND="$BACKGROUND $WATCH"
sleep 2
k get pods -n $NS -o name | sort >"$DIR/before"
OUT=$(k scale deployment/hello -n $NS --replicas=4) || fail "kubectl scale to 4: $OUT"
NEW=
for _ in $(seq 1 50); do
    NEW=$(k get pods -n $NS -o name | sort >"$DIR/after"; comm -13 "$DIR/before" "$DIR/after" | head -n 1)
    [ -n "$NEW" ] && grep -q "^${NEW#pod/} .*Running" "$DIR/watch" && break
    sleep 0.2
done
kill "$WATCH" 2>/dev/null
wait "$WATCH" 2>/dev/null
OUT=$(cat "$DIR/watch")
[ -n "$NEW" ] || fail "scale to 4 made no new pod"
expect "watch header" '^NAME +READY +STATUS +RESTARTS +AGE$' "$OUT"
expect "watch: the new pod pending" "^${NEW#pod/} +0/1 +(Pending|ContainerCreating)" "$OUT"
expect "watch: the new pod running" "^${NEW#pod/} +1/1 +Running" "$OUT"
grep -qi "error" "$DIR/watch" && { echo "$OUT"; fail "get -w reported an error"; }

step "8. create configmap and secret from literals"
OUT=$(k create configmap extra -n $NS --from-literal=colour=blue --from-literal=size=2) || fail "create configmap: $OUT"
expect "create configmap" '^configmap/extra created$' "$OUT"
OUT=$(k get configmap extra -n $NS -o jsonpath='{.data.colour}/{.data.size}')
[ "$OUT" = "blue/2" ] || fail "configmap extra holds '$OUT'"
OUT=$(k create secret generic token -n $NS --from-literal=password=hunter2) || fail "create secret: $OUT"
expect "create secret" '^secret/token created$' "$OUT"
OUT=$(k get secret token -n $NS -o jsonpath='{.data.password}') || fail "get secret: $OUT"
[ "$(printf '%s' "$OUT" | base64 -d)" = hunter2 ] || fail "secret token holds '$OUT', not base64 of hunter2"
OUT=$(k get secret app-secret -n $NS -o jsonpath='{.data.password}')
[ "$(printf '%s' "$OUT" | base64 -d)" = s3cret ] || fail "app-secret holds '$OUT'"
# stringData is written into data
printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: plain, namespace: %s}\nstringData: {user: admin}\n' $NS >"$DIR/plain.yaml"
OUT=$(k apply -f "$DIR/plain.yaml") || fail "apply a Secret with stringData: $OUT"
expect "apply stringData" '^secret/plain created$' "$OUT"
OUT=$(k get secret plain -n $NS -o jsonpath='{.data.user}')
[ "$(printf '%s' "$OUT" | base64 -d)" = admin ] || fail "secret plain holds '$OUT', not base64 of admin"

step "9. delete -f, delete ns"
# the file's objects without their Namespace: only they go
awk 'BEGIN { RS = "---\n"; ORS = "" } !/kind: Namespace/ { if (n++) print "---\n"; print }' "$FILE" >"$DIR/objects.yaml"
OUT=$(k delete -f "$DIR/objects.yaml") || fail "kubectl delete -f: $OUT"
echo "$OUT"
expect "delete configmap" '^configmap "app-config" deleted$' "$OUT"
expect "delete secret" '^secret "app-secret" deleted$' "$OUT"
expect "delete deployment" '^deployment.apps "hello" deleted$' "$OUT"
expect "delete service" '^service "hello" deleted$' "$OUT"
OUT=$(k get deployment hello -n $NS) && fail "the deployment is still there: $OUT"
expect "deployment gone" 'Error from server \(NotFound\): deployments.apps "hello" not found' "$OUT"
OUT=$(k get svc,configmap,secret -n $NS -o name)
expect "the rest stays" '^configmap/extra$' "$OUT"
printf '%s\n' "$OUT" | grep -q 'app-config\|app-secret\|service/hello' && fail "objects of the file are still there: $OUT"
# the whole file, its Namespace first: the namespace stands Terminating for a moment, so kubectl still
# finds the other objects and deletes them, and then the namespace's own contents go with it
OUT=$(k apply -f "$FILE") || fail "apply -f again: $OUT"
OUT=$(k delete -f "$FILE") || fail "kubectl delete -f with the namespace: $OUT"
echo "$OUT"
expect "delete ns" '^namespace "demo" deleted$' "$OUT"
expect "delete configmap with ns" '^configmap "app-config" deleted$' "$OUT"
expect "delete deployment with ns" '^deployment.apps "hello" deleted$' "$OUT"
expect "delete service with ns" '^service "hello" deleted$' "$OUT"
for _ in $(seq 1 50); do
    OUT=$(k get ns $NS) || break
    sleep 0.2
done
expect "namespace gone" 'Error from server \(NotFound\): namespaces "demo" not found' "$OUT"
OUT=$(k get configmap extra -n $NS) && fail "the namespace's configmap is still there: $OUT"
expect "configmap gone" 'NotFound' "$OUT"
# delete -f of the whole file (namespace included) once more: nothing left
OUT=$(k delete -f "$FILE") && fail "delete -f of deleted objects succeeded: $OUT"
expect "delete -f again" 'namespaces "demo" not found' "$OUT"

kill -TERM "$SERVER"
wait "$SERVER"
RC=$?
SERVER=
[ "$RC" = 0 ] || fail "flotilla serve exited with $RC after SIGTERM"
if grep -q "$(cat "$DIR/data/sandboxes/local/serve/token")" "$DIR/err" "$DIR/out"; then
    fail "the token appeared in the output"
fi
if grep -q "hunter2\|s3cret" "$DIR/err" "$DIR/out"; then
    fail "a secret value appeared in the output"
fi
echo "PASS: the kubectl scenario against flotilla serve"
