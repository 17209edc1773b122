# Shared by run.sh and test.sh: dependencies, configuration and the build (Ninja, ccache).
FLOTILLA_BUILD_DIR="${FLOTILLA_BUILD_DIR:-$PWD/build}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-2G}"

flotilla_install_deps() {
  ./packaging/install-deps.sh
}

flotilla_build() {
  local target="$1"
  if [ ! -f "$FLOTILLA_BUILD_DIR/build.ninja" ]; then
    cmake -S . -B "$FLOTILLA_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${FLOTILLA_BUILD_TYPE:-RelWithDebInfo}"
  fi
  cmake --build "$FLOTILLA_BUILD_DIR" --target "$target" -- -j "$(nproc)"
}
