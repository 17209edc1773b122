# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
RUN <<EOT bash
  set -ex
  echo "$HOME"
EOT
RUN python3 <<PY
print("hi")
PY
