#include "benchmarks.h"

#include <QApplication>

#include <cstring>

int main(int argc, char **argv)
{
    // The editor benchmark needs widgets; without a display they are drawn offscreen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::vector<flotilla::bench::Benchmark> all;
    flotilla::bench::storeBenchmarks(all);
    flotilla::bench::modelBenchmarks(all);
    flotilla::bench::pipelineBenchmarks(all);
    flotilla::bench::imageBenchmarks(all);
    flotilla::bench::clusterBenchmarks(all);
    flotilla::bench::apiBenchmarks(all);
    flotilla::bench::guiBenchmarks(all);
    flotilla::bench::startupBenchmarks(all);

    std::vector<std::string> wanted;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--list") == 0 || std::strcmp(argv[i], "--help") == 0) {
            std::printf("usage: flotilla-bench [NAME...]\nbenchmarks:\n");
            for (const auto &b : all)
                std::printf("  %-10s %s\n", b.name, b.what);
            return 0;
        }
        wanted.emplace_back(argv[i]);
    }
    for (const auto &w : wanted) {
        if (std::none_of(all.begin(), all.end(), [&](const auto &b) { return w == b.name; })) {
            std::fprintf(stderr, "flotilla-bench: no benchmark named \"%s\" (see --list)\n", w.c_str());
            return 2;
        }
    }
    for (const auto &b : all)
        if (wanted.empty() || std::find(wanted.begin(), wanted.end(), b.name) != wanted.end())
            b.run();
    return 0;
}
