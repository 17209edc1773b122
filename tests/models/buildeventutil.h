#pragma once

// Build event streams as the engine's builder produces them, for the build log's model and view tests.

#include <engine/image/buildevent.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace flotilla::tests {

using engine::image::BuildEvent;
using engine::image::BuildStepInfo;

/// A build of the given instructions; each event it makes carries its step's info, as the engine's do.
class FakeBuild {
public:
    struct Instruction {
        std::string text;
        int line = 0;
        int endLine = 0; ///< 0: same as line
    };

    explicit FakeBuild(std::vector<Instruction> instructions)
    {
        int n = 0;
        for (const Instruction &i : instructions) {
            BuildStepInfo info;
            info.number = ++n;
            info.text = i.text;
            info.range.begin = {i.line, 1, 0};
            // [begin, end): an instruction that owns its newline ends at column 1 of the next line.
            info.range.end = {(i.endLine > 0 ? i.endLine : i.line) + 1, 1, 0};
            m_steps.push_back(std::move(info));
        }
    }

    int total() const { return int(m_steps.size()); }

    BuildEvent event(BuildEvent::Type type, int step = 0) const
    {
        BuildEvent e;
        e.type = type;
        e.step = step;
        e.totalSteps = total();
        if (step > 0 && step <= total())
            e.info = m_steps[std::size_t(step - 1)];
        return e;
    }
    BuildEvent started() const { return event(BuildEvent::Type::Started); }
    BuildEvent stepStarted(int step, bool simulated = false) const
    {
        BuildEvent e = event(BuildEvent::Type::StepStarted, step);
        e.simulated = simulated;
        return e;
    }
    BuildEvent cached(int step, std::string digest = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0") const
    {
        BuildEvent e = event(BuildEvent::Type::StepCached, step);
        e.layerDigest = std::move(digest);
        return e;
    }
    BuildEvent output(int step, std::string text) const
    {
        BuildEvent e = event(BuildEvent::Type::Output, step);
        e.text = std::move(text);
        return e;
    }
    BuildEvent stepFinished(int step, double seconds, std::int64_t layerSize = -1, bool simulated = false) const
    {
        BuildEvent e = event(BuildEvent::Type::StepFinished, step);
        e.durationSeconds = seconds;
        e.simulated = simulated;
        if (layerSize >= 0) {
            e.layerSize = layerSize;
            e.layerDigest = "sha256:" + std::string(64, char('a' + step % 6));
        }
        return e;
    }
    BuildEvent stepFailed(int step, std::string message, int errorLine = 0) const
    {
        BuildEvent e = event(BuildEvent::Type::StepFailed, step);
        e.text = std::move(message);
        e.errorRange.begin = {errorLine, 1, 0};
        e.errorRange.end = {errorLine, 2, 0};
        return e;
    }
    BuildEvent finished(double seconds, std::string imageId, std::vector<std::string> tags, std::string text = {}) const
    {
        BuildEvent e = event(BuildEvent::Type::Finished);
        e.durationSeconds = seconds;
        e.imageId = std::move(imageId);
        e.tags = std::move(tags);
        e.text = std::move(text);
        return e;
    }
    BuildEvent failed(std::string message, int step = 0, int errorLine = 0) const
    {
        BuildEvent e = event(BuildEvent::Type::Failed, step);
        e.text = std::move(message);
        e.errorRange.begin = {errorLine, 1, 0};
        e.errorRange.end = {errorLine, 2, 0};
        return e;
    }

private:
    std::vector<BuildStepInfo> m_steps;
};

/// The course's Node.js microservice Dockerfile, one instruction a line.
inline FakeBuild nodeBuild()
{
    return FakeBuild({{"FROM node:14-alpine", 1},
                      {"WORKDIR /usr/src/app", 2},
                      {"COPY package*.json ./", 3},
                      {"RUN npm install", 4},
                      {"COPY . .", 5},
                      {"EXPOSE 8080", 6},
                      {"CMD [\"node\", \"server.js\"]", 7}});
}

inline const std::string kNodeImageId = "sha256:3f5c2a9d81e4b7c60a2f9e8d7c6b5a4938271605f4e3d2c1b0a9988776655443";

/// The whole build of nodeBuild(), finished, in the order the engine reports it.
inline std::vector<BuildEvent> nodeBuildEvents()
{
    const FakeBuild b = nodeBuild();
    return {b.started(),
            b.stepStarted(1), b.cached(1),
            b.stepStarted(2), b.stepFinished(2, 0.1, 96),
            b.stepStarted(3), b.stepFinished(3, 0.2, 2'048),
            b.stepStarted(4, true),
            b.output(4, "npm WARN read-shrinkwrap This version of npm is compatible with lockfileVersion@1, but package-lock.json was generated for lockfileVersion@2."),
            b.output(4, "npm WARN my-microservice@1.0.0 No repository field."),
            b.output(4, "added 57 packages from 42 contributors and audited 57 packages in 3.21s"),
            b.output(4, "found 0 vulnerabilities"),
            b.stepFinished(4, 8.4, 21'340'000, true),
            b.stepStarted(5), b.stepFinished(5, 0.3, 14'600),
            b.stepStarted(6), b.stepFinished(6, 0.0),
            b.stepStarted(7), b.stepFinished(7, 0.0),
            b.finished(9.2, kNodeImageId, {"my-microservice:latest"})};
}

} // namespace flotilla::tests
