#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs the whole test suite (offscreen).
# Extra arguments go to ctest (e.g. ./test.sh -R engine).
set -euo pipefail
cd "$(dirname "$0")"
source packaging/build-env.sh

flotilla_install_deps
flotilla_build all

export QT_QPA_PLATFORM=offscreen
export QT_LOGGING_RULES="qt.qpa.*=false"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
ctest --test-dir "$FLOTILLA_BUILD_DIR" --output-on-failure -j "$(nproc)" "$@"
