#!/usr/bin/env bash
# Installs what is missing, builds, and opens Flotilla on its sandbox. Arguments go to flotilla
# (try ./run.sh --help).
set -euo pipefail
cd "$(dirname "$0")"
source packaging/build-env.sh

flotilla_install_deps
flotilla_build flotilla

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run.sh: no display found; starting Flotilla under a virtual X server (xvfb-run)." >&2
  echo "run.sh: to see the window there, use: ./run.sh --screenshot flotilla.png" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$FLOTILLA_BUILD_DIR/bin/flotilla" "$@"
fi
exec "$FLOTILLA_BUILD_DIR/bin/flotilla" "$@"
