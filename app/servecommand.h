#pragma once

namespace flotilla::app {

/// `flotilla serve [--data-dir DIR] [--sandbox NAME] [--port N] [--apply FILE]…`: runs a sandbox without a
/// window, serves its Kubernetes API on 127.0.0.1, writes a kubeconfig for it and prints its path; stops
/// cleanly on SIGINT or SIGTERM. `argv[0]` is "serve".
int runServe(int argc, char *argv[]);

} // namespace flotilla::app
