#!/bin/sh
# Images travel both ways between the sandbox, a real registry (docker-registry) and a real Docker engine
# (dockerd), with the real docker CLI and skopeo:
#   - the course's image, built in the sandbox, is pushed (`docker push`), `skopeo inspect` reads it, and it
#     is pulled back;
#   - a busybox base made with `docker import` on a real dockerd is pushed by dockerd, pulled by the sandbox,
#     built upon (FROM it, COPY only), pushed by the sandbox, and the real dockerd pulls and runs the result;
#   - an htpasswd registry refuses the sandbox without and with wrong credentials, and takes its push after
#     `docker login`; the password appears in no output;
#   - a registry over TLS (a CA made here) with the Docker token flow (registry_token_server.py): the same
#     refusals and push, and `skopeo inspect` checks the certificate against the CA.
# Every server is started here, on loopback, in a temporary folder.
# Usage: registry_interop.sh <path to the flotilla binary>
set -u
FLOTILLA=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
DIR_PREFIX=flotilla-registry
. "$HERE/serve_common.sh"
for tool in docker docker-registry skopeo curl openssl python3; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done

free_port() {
    p=$1
    while curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/"; [ $? != 7 ]; do p=$((p + 1)); done
    echo "$p"
}

# start_registry <name> <port> [auth | token]: a docker-registry of our own on 127.0.0.1; with token, over
# TLS (certificate from a CA made here, in $DIR/<name>/certs/127.0.0.1:<port>/ca.crt as skopeo and Docker
# look for it) and with a token service on the next free port
start_registry() {
    mkdir -p "$DIR/$1"
    scheme=http
    if [ "${3:-}" = token ]; then
        scheme=https
        mkdir -p "$DIR/$1/certs/127.0.0.1:$2"
        (
            cd "$DIR/$1" || exit 1
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj "/CN=Flotilla Test CA" &&
                openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 &&
                printf 'subjectAltName=IP:127.0.0.1\n' >server.ext &&
                openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out server.crt -extfile server.ext &&
                openssl req -x509 -newkey rsa:2048 -nodes -keyout token.key -out token.crt -days 2 -subj /CN=flotilla-test-token
        ) >"$DIR/$1/openssl.log" 2>&1 || { cat "$DIR/$1/openssl.log"; fail "openssl could not make the certificates"; }
        cp "$DIR/$1/ca.crt" "$DIR/$1/certs/127.0.0.1:$2/ca.crt"
        TOKEN_PORT=$(free_port $(($2 + 1)))
        python3 "$HERE/registry_token_server.py" "$TOKEN_PORT" "$DIR/$1/token.key" "$DIR/$1/token.crt" \
            flotilla-test-issuer flotilla-test-registry learner course-secret-3 2>"$DIR/$1/token.log" &
        BACKGROUND="$BACKGROUND $!"
        for _ in $(seq 1 100); do
            curl -s -o /dev/null "http://127.0.0.1:$TOKEN_PORT/"; [ $? != 7 ] && break
            sleep 0.1
        done
    fi
    {
        printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\n' "$DIR/$1/data"
        printf '  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:%s\n' "$2"
        if [ "${3:-}" = token ]; then
            printf '  tls:\n    certificate: %s\n    key: %s\n' "$DIR/$1/server.crt" "$DIR/$1/server.key"
            printf 'auth:\n  token:\n    realm: http://127.0.0.1:%s/token\n    service: flotilla-test-registry\n' "$TOKEN_PORT"
            printf '    issuer: flotilla-test-issuer\n    rootcertbundle: %s\n' "$DIR/$1/token.crt"
        fi
        if [ "${3:-}" = auth ]; then
            # the password is "course-secret-3" (bcrypt, as htpasswd -B makes it)
            printf '%s\n' 'learner:$2y$05$wamCgsY/CfEyR6qd/8z07eZ47cgQETqMNare2K9ohdUbNVXjWBjyG' >"$DIR/$1/htpasswd"
            printf 'auth:\n  htpasswd:\n    realm: flotilla-test\n    path: %s\n' "$DIR/$1/htpasswd"
        fi
    } >"$DIR/$1/config.yml"
    docker-registry serve "$DIR/$1/config.yml" >"$DIR/$1/log" 2>&1 &
    BACKGROUND="$BACKGROUND $!"
    for _ in $(seq 1 100); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$DIR/$1/ca.crt" "$scheme://127.0.0.1:$2/v2/")
        [ "$code" = 200 ] || [ "$code" = 401 ] && return 0
        sleep 0.1
    done
    cat "$DIR/$1/log"
    fail "docker-registry $1 did not start on port $2"
}

# ports from a start of its own, so that tests running side by side do not pick the same one
REG=127.0.0.1:$(free_port $((20000 + $$ % 20000)))
start_registry open "${REG#*:}"
AUTH=127.0.0.1:$(free_port $((${REG#*:} + 1)))
start_registry locked "${AUTH#*:}" auth
SECURE=127.0.0.1:$(free_port $((${AUTH#*:} + 1)))
start_registry secure "${SECURE#*:}" token

start_serve
export DOCKER_HOST="unix://$DIR/docker.sock" DOCKER_CONFIG="$DIR/docker-config"
unset DOCKER_CONTEXT

# ---- the course's image: sandbox → registry → skopeo, and back ----
mkdir -p "$DIR/app"
cp -R "$HERE/../../resources/templates/node-microservice/." "$DIR/app/"
OUT=$(cd "$DIR/app" && docker build -t my-microservice . 2>&1) || fail "docker build: $OUT"
OUT=$(docker tag my-microservice "$REG/my-microservice:1.0" 2>&1) || fail "docker tag: $OUT"
OUT=$(docker push "$REG/my-microservice:1.0" 2>&1) || fail "docker push: $OUT"
expect "push refers to" "^The push refers to repository \[$REG/my-microservice\]$" "$OUT"
expect "push digest" '^1\.0: digest: sha256:[0-9a-f]{64} size: [0-9]+$' "$OUT"
expect "push warns of the catalog base" "catalog image node:14-alpine" "$OUT"
echo "$OUT" | tail -3
OUT=$(skopeo inspect --tls-verify=false "docker://$REG/my-microservice:1.0" 2>&1) || fail "skopeo inspect: $OUT"
expect "skopeo name" "\"Name\": \"$REG/my-microservice\"" "$OUT"
expect "skopeo tag" '^ +"1\.0"$' "$OUT"
OUT=$(curl -s "http://$REG/v2/my-microservice/tags/list")
expect "registry tags" '"tags":\["1\.0"\]' "$OUT"
# into another repository of the same registry: the layers are mounted, not uploaded again
OUT=$(docker tag my-microservice "$REG/copies/my-microservice:1.0" 2>&1) || fail "docker tag: $OUT"
OUT=$(docker push "$REG/copies/my-microservice:1.0" 2>&1) || fail "docker push of the copy: $OUT"
expect "cross-repository mount" ': Mounted from my-microservice$' "$OUT"
printf '%s\n' "$OUT" | grep -q ": Pushed$" && fail "a layer was uploaded again instead of mounted: $OUT"
OUT=$(docker rmi "$REG/copies/my-microservice:1.0" 2>&1) || fail "docker rmi of the copy: $OUT"
OUT=$(docker rmi "$REG/my-microservice:1.0" 2>&1) || fail "docker rmi: $OUT"
OUT=$(docker pull "$REG/my-microservice:1.0" 2>&1) || fail "docker pull: $OUT"
expect "pull status" "Downloaded newer image for $REG/my-microservice:1\.0" "$OUT"
OUT=$(docker images "$REG/my-microservice" --format '{{.Repository}}:{{.Tag}}')
[ "$OUT" = "$REG/my-microservice:1.0" ] || fail "the pulled image is not listed: $OUT"
echo "PASS: sandbox → registry → skopeo → sandbox"

# ---- a real engine: busybox imported there, built upon in the sandbox, run there ----
REAL_OK=
if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null && command -v busybox >/dev/null; then
    mkdir -p "$DIR/engine" "$DIR/rootfs/bin"
    dockerd --storage-driver=vfs --iptables=false --bridge=none --host "unix://$DIR/engine/docker.sock" \
        --data-root "$DIR/engine/data" --exec-root "$DIR/engine/exec" --pidfile "$DIR/engine/pid" \
        >"$DIR/engine/log" 2>&1 &
    BACKGROUND="$BACKGROUND $!"
    real() { DOCKER_HOST="unix://$DIR/engine/docker.sock" docker "$@"; }
    for _ in $(seq 1 100); do real version >/dev/null 2>&1 && REAL_OK=1 && break; sleep 0.2; done
    [ -n "$REAL_OK" ] || { tail -20 "$DIR/engine/log"; fail "dockerd did not start"; }
fi
if [ -n "$REAL_OK" ]; then
    cp "$(command -v busybox)" "$DIR/rootfs/bin/busybox"
    for applet in sh cat echo ls; do ln -s busybox "$DIR/rootfs/bin/$applet"; done
    OUT=$(tar -C "$DIR/rootfs" -cf - . | real import - "$REG/busybox:1" 2>&1) || fail "docker import: $OUT"
    OUT=$(real push "$REG/busybox:1" 2>&1) || fail "dockerd push: $OUT"
    # the sandbox pulls the real base and builds on it with real files only
    OUT=$(docker pull "$REG/busybox:1" 2>&1) || fail "sandbox pull of busybox: $OUT"
    expect "sandbox pull" "Downloaded newer image for $REG/busybox:1" "$OUT"
    mkdir -p "$DIR/greeter"
    echo "hello from the Flotilla sandbox" >"$DIR/greeter/greeting.txt"
    printf 'FROM %s/busybox:1\nCOPY greeting.txt /greeting.txt\nCMD ["cat", "/greeting.txt"]\n' "$REG" >"$DIR/greeter/Dockerfile"
    OUT=$(cd "$DIR/greeter" && docker build -t "$REG/greeter:1" . 2>&1) || fail "sandbox build on busybox: $OUT"
    OUT=$(docker push "$REG/greeter:1" 2>&1) || fail "sandbox push of greeter: $OUT"
    printf '%s\n' "$OUT" | grep -q "Warning" && fail "a complete image was pushed with a warning: $OUT"
    OUT=$(real pull "$REG/greeter:1" 2>&1) || fail "dockerd pull of the sandbox's image: $OUT"
    OUT=$(real run --rm --network none "$REG/greeter:1" 2>&1) || fail "dockerd run of the sandbox's image: $OUT"
    [ "$OUT" = "hello from the Flotilla sandbox" ] || fail "the sandbox's image ran with: $OUT"
    echo "PASS: dockerd → registry → sandbox build → registry → dockerd run"
else
    echo "NOTE: no root or no dockerd/busybox: the real-engine part was not run"
fi

# refused_then_pushed <registry> <tag> <pattern of the wrong password's refusal>: a push without credentials
# and a login with a wrong password are refused; after `docker login` the push goes through
refused_then_pushed() {
    OUT=$(docker tag my-microservice "$1/course/my-microservice:$2" 2>&1) || fail "docker tag: $OUT"
    OUT=$(docker push "$1/course/my-microservice:$2" 2>&1) && fail "pushed to $1 without credentials: $OUT"
    expect "no credentials ($1)" "authentication required|unauthorized" "$OUT"
    OUT=$(echo wrong-password | docker login "$1" -u learner --password-stdin 2>&1) && fail "logged in to $1 with a wrong password"
    expect "wrong password ($1)" "$3" "$OUT"
    OUT=$(echo course-secret-3 | docker login "$1" -u learner --password-stdin 2>&1) || fail "docker login $1: $OUT"
    expect "login ($1)" "Login Succeeded" "$OUT"
    OUT=$(docker push "$1/course/my-microservice:$2" 2>&1) || fail "authenticated push to $1: $OUT"
    expect "authenticated push ($1)" "^$2: digest: sha256:" "$OUT"
}

# ---- an authenticated registry ----
refused_then_pushed "$AUTH" 1 "unauthorized|refused"
OUT=$(curl -s -u learner:course-secret-3 "http://$AUTH/v2/_catalog")
expect "authenticated catalog" '"course/my-microservice"' "$OUT"
if grep -q "course-secret-3" "$DIR/err" "$DIR/out"; then
    fail "the registry password appeared in flotilla serve's output"
fi
echo "PASS: an htpasswd registry"

# ---- TLS and the token flow ----
refused_then_pushed "$SECURE" 2 "refused the credentials"
OUT=$(skopeo inspect --cert-dir "$DIR/secure/certs/$SECURE" --creds learner:course-secret-3 \
    "docker://$SECURE/course/my-microservice:2" 2>&1) || fail "skopeo inspect over TLS: $OUT"
expect "skopeo over TLS" "\"Name\": \"$SECURE/course/my-microservice\"" "$OUT"
OUT=$(skopeo inspect --creds learner:course-secret-3 "docker://$SECURE/course/my-microservice:2" 2>&1) &&
    fail "skopeo trusted the registry without its CA"
expect "skopeo checks the certificate" "certificate" "$OUT"
OUT=$(docker rmi "$SECURE/course/my-microservice:2" 2>&1) || fail "docker rmi: $OUT"
OUT=$(docker pull "$SECURE/course/my-microservice:2" 2>&1) || fail "pull over TLS with a token: $OUT"
expect "pull over TLS" "Downloaded newer image for $SECURE/course/my-microservice:2" "$OUT"
if grep -q "course-secret-3" "$DIR/err" "$DIR/out" "$DIR/secure/token.log"; then
    fail "the registry password appeared in a log"
fi
echo "PASS: images between the sandbox, registries and a real engine"
