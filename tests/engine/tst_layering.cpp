// Links the engine and nothing else: a Qt symbol in the engine would fail this link.
#include <engine/sandbox/sandbox.h>

#include <cstdio>

int main()
{
    flotilla::engine::sandbox::SandboxOptions options; // in memory
    options.seed = 7;
    auto sb = flotilla::engine::sandbox::Sandbox::open(options);
    const bool ok = sb.ok() && (*sb)->store().count("Node") == 3;
    std::printf("%d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
    return ok ? 0 : 1;
}
