#pragma once
// The real main window on a paused in-memory sandbox, for tests that drive the window step by step.

#include <backends/sandboxbackend.h>
#include <widgets/mainwindow.h>

#include <QSignalSpy>
#include <QtTest>

#include <cstdint>
#include <functional>
#include <string>

namespace flotilla::testutil {

struct WindowFixture {
    explicit WindowFixture(std::uint64_t seed)
        : backend([seed] {
              backends::SandboxBackend::Options opts;
              opts.inMemory = true;
              opts.mode = engine::ClockMode::Paused;
              opts.seed = seed;
              return opts;
          }()),
          window(&backend)
    {
        window.resize(1400, 860);
        window.show();
    }
    bool start()
    {
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        QSignalSpy started(&backend, &backends::Backend::started);
        backend.start();
        return started.wait(10000);
    }
    /// Moves the paused clock on by `ms`, every task due meanwhile run.
    void advance(engine::TimeMs ms)
    {
        backend.engine().call([ms](engine::sandbox::Sandbox &sb) { sb.advanceTo(sb.sim().now() + ms); }).wait();
    }
    bool apply(const std::string &yaml)
    {
        return backend.engine().call([yaml](engine::sandbox::Sandbox &sb) { return sb.apply(yaml).ok(); }).get();
    }
    /// Advances the clock a second at a time, letting the window take each batch, until `done`.
    bool advanceUntil(const std::function<bool()> &done, int seconds = 180)
    {
        for (int i = 0; i < seconds; ++i) {
            if (done())
                return true;
            advance(1'000);
            QTest::qWait(2 * backends::SandboxBackend::kBatchIntervalMs);
        }
        return QTest::qWaitFor(done, 2000);
    }

    backends::SandboxBackend backend;
    widgets::MainWindow window;
};

} // namespace flotilla::testutil
