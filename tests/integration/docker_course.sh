#!/bin/sh
# The course's Docker commands, verbatim, with the real docker CLI against `flotilla serve`: the Node.js
# service's Dockerfile, `docker build -t my-microservice .`, `docker run -d -p 3000:8080 --name
# service-instance my-microservice`, `curl localhost:3000`, then ps, logs, stop, start, rm, tag, rmi; the
# container outlives a restart of the server.
# Usage: docker_course.sh <path to the flotilla binary>
set -u
FLOTILLA=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
DIR_PREFIX=flotilla-docker
. "$HERE/serve_common.sh"
command -v docker >/dev/null || { echo "SKIP: no docker CLI"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }

start_serve
export DOCKER_HOST="unix://$DIR/docker.sock" DOCKER_CONFIG="$DIR/docker-config"
unset DOCKER_CONTEXT

# the course's service: Flotilla's node-microservice template is its Dockerfile, package.json and app.js
mkdir -p "$DIR/app"
cp -R "$HERE/../../resources/templates/node-microservice/." "$DIR/app/" || fail "no node-microservice template"
grep -qx 'CMD \["node", "app.js"\]' "$DIR/app/Dockerfile" || fail "the template is not the course's Dockerfile"
cd "$DIR/app" || fail "no app folder"

OUT=$(docker build -t my-microservice . 2>&1) || fail "docker build: $OUT"
expect "build steps" '^Step 4/5 : RUN npm install$' "$OUT"
expect "build result" '^Successfully tagged my-microservice:latest$' "$OUT"
echo "$OUT" | tail -3

# the course's port 3000 when this machine has it free
PORT=3000
while curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; [ $? != 7 ]; do PORT=$((PORT + 1)); done
OUT=$(docker run -d -p $PORT:8080 --name service-instance my-microservice 2>&1) || fail "docker run: $OUT"
expect "container id" '^[0-9a-f]{64}$' "$OUT"
OUT=$(docker ps 2>&1) || fail "docker ps: $OUT"
expect "docker ps" "my-microservice +\"docker-entrypoint.s…\" .* Up .* 0\.0\.0\.0:$PORT->8080/tcp +service-instance$" "$OUT"
echo "$OUT"
OUT=$(curl -sS "http://localhost:$PORT/" 2>&1) || fail "curl localhost:$PORT: $OUT"
expect "curl answer" '^\{"service":"my-microservice","version":"1\.0\.0","host":"[0-9a-f]{12}"\}$' "$OUT"
echo "$OUT"
OUT=$(docker logs service-instance 2>&1) || fail "docker logs: $OUT"
expect "the request in the log" '"?GET / (HTTP/1\.1" )?200' "$OUT"

OUT=$(docker stop service-instance 2>&1) || fail "docker stop: $OUT"
expect "docker stop" '^service-instance$' "$OUT"
curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/"
[ $? = 7 ] || fail "port $PORT still answers after docker stop"
OUT=$(docker ps -a --format '{{.Names}} {{.Status}}' 2>&1)
expect "stopped container" '^service-instance Exited \(0\)' "$OUT"

# the container outlives the server: stop it with SIGTERM, start it again on the same data
kill -TERM "$SERVER"
wait "$SERVER"
SERVER=
start_serve
OUT=$(docker ps -a --format '{{.Names}} {{.Image}} {{.Status}}' 2>&1) || fail "docker ps after restart: $OUT"
expect "container kept" '^service-instance my-microservice Exited \(0\)' "$OUT"
OUT=$(docker start service-instance 2>&1) || fail "docker start: $OUT"
OUT=$(curl -sS "http://localhost:$PORT/" 2>&1) || fail "curl after start: $OUT"
expect "curl after start" '^\{"service":"my-microservice"' "$OUT"

OUT=$(docker rm service-instance 2>&1) && fail "docker rm removed a running container"
expect "rm refused" 'stop the container before removing or force remove' "$OUT"
OUT=$(docker rm -f service-instance 2>&1) || fail "docker rm -f: $OUT"
OUT=$(docker tag my-microservice my-microservice:1.0 2>&1) || fail "docker tag: $OUT"
OUT=$(docker images my-microservice --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')
[ "$OUT" = "my-microservice:1.0 my-microservice:latest " ] || fail "docker images after tag: $OUT"
OUT=$(docker rmi my-microservice:1.0 my-microservice 2>&1) || fail "docker rmi: $OUT"
expect "rmi untagged" '^Untagged: my-microservice:latest$' "$OUT"
expect "rmi deleted" '^Deleted: sha256:[0-9a-f]{64}$' "$OUT"
[ -z "$(docker images -q my-microservice)" ] || fail "the image is still there after rmi"
echo "PASS: the course's docker commands against flotilla serve"
