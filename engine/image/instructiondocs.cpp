#include "instructiondocs.h"

#include <array>

namespace flotilla::engine::image {

namespace {

constexpr std::size_t kKinds = std::size_t(InstructionKind::Unknown) + 1;

std::array<InstructionDoc, kKinds> makeDocs()
{
    std::array<InstructionDoc, kKinds> d;
    auto set = [&d](InstructionKind k, std::string synopsis, std::string summary, std::string details,
                    std::string example) {
        d[std::size_t(k)] = {k, std::move(synopsis), std::move(summary), std::move(details), std::move(example)};
    };

    set(InstructionKind::From,
        "FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]",
        "Starts a build stage on top of a base image.",
        "Every Dockerfile starts with FROM (only ARG and parser directives may come before it). The new stage "
        "begins with all the layers and the configuration (environment, user, working directory, command) of "
        "the base image; FROM adds no layer of its own. 'FROM scratch' starts from an empty image. Several FROM "
        "lines make a multi-stage build: 'AS name' names a stage so that a later stage can use it as its base "
        "or COPY --from it, and only the last stage ends up in the final image. Pin a tag or a digest: the build "
        "cache trusts the base image it already has, and 'latest' changes over time.",
        "FROM node:20-alpine AS build\nFROM --platform=$BUILDPLATFORM golang:1.22 AS builder");

    set(InstructionKind::Run,
        "RUN [--mount=<type=…,…>] [--network=default|none|host] [--security=insecure|sandbox] <command>\n"
        "RUN [\"<executable>\", \"<arg>\", …]",
        "Runs a command during the build and saves the changed files as a new layer.",
        "In shell form the command runs with /bin/sh -c (or the shell set by SHELL), so &&, pipes and variables "
        "work; the exec (JSON) form runs the program directly, without a shell. Every RUN creates a layer with "
        "the files it added, changed or deleted. The cache key of a RUN is its command text only: Docker does "
        "not look at what the command would download, so 'RUN apt-get update' stays cached for ever. Put "
        "commands that belong together in one RUN (apt-get update && apt-get install && cleanup), because a "
        "file deleted in a later layer still takes space in the earlier one. --mount adds build-time cache, "
        "secret or bind mounts that never end up in the image.",
        "RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*");

    set(InstructionKind::Cmd,
        "CMD [\"<executable>\", \"<arg>\", …]\nCMD [\"<arg>\", …]  (default arguments for ENTRYPOINT)\nCMD <command>",
        "Sets the default command a container runs when it starts.",
        "CMD runs nothing at build time and adds no layer: it only records the default command in the image "
        "configuration. 'docker run image other-command' replaces it. With an ENTRYPOINT, CMD gives its default "
        "arguments. Only the last CMD of the final stage counts. Prefer the exec (JSON) form: in shell form "
        "/bin/sh becomes process 1 and does not pass SIGTERM on to your program, so it cannot stop cleanly.",
        "CMD [\"node\", \"app.js\"]");

    set(InstructionKind::Entrypoint,
        "ENTRYPOINT [\"<executable>\", \"<arg>\", …]\nENTRYPOINT <command>",
        "Sets the program that always runs when a container starts.",
        "Like CMD, ENTRYPOINT only changes the image configuration and adds no layer. Arguments given to "
        "'docker run' (or the CMD) are appended to an exec-form ENTRYPOINT, which makes the image behave like a "
        "command; 'docker run --entrypoint' overrides it. A shell-form ENTRYPOINT ignores CMD and run arguments "
        "and runs under /bin/sh -c, which does not forward signals. Only the last ENTRYPOINT counts.",
        "ENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"postgres\"]");

    set(InstructionKind::Label,
        "LABEL <key>=<value> [<key>=<value> …]",
        "Adds metadata (key/value pairs) to the image.",
        "Labels are stored in the image configuration, not in a layer; tools and registries read them, for "
        "example the OCI keys org.opencontainers.image.source or .version. Labels of the base image are "
        "inherited and a later LABEL with the same key replaces the value. Use quotes for values with spaces. "
        "A changed label invalidates the cache of the instructions after it, so put labels that change on "
        "every build (a commit id) near the end.",
        "LABEL org.opencontainers.image.source=\"https://github.com/acme/shop\" version=\"1.4\"");

    set(InstructionKind::Expose,
        "EXPOSE <port>[/<protocol>] [<port>[/<protocol>] …]",
        "Documents the ports the application listens on.",
        "EXPOSE does not open or publish anything: it records the ports (tcp by default, or udp, sctp) in the "
        "image configuration, adds no layer, and tells the reader and tools where the app listens. To reach the "
        "port from the host you still publish it when running, with 'docker run -p 8080:8080' (or -P to publish "
        "every exposed port to random host ports).",
        "EXPOSE 8080\nEXPOSE 53/udp 9000-9010");

    set(InstructionKind::Env,
        "ENV <key>=<value> [<key>=<value> …]",
        "Sets environment variables for the rest of the build and for the container.",
        "ENV changes the image configuration (no layer): the variables are visible to later instructions of "
        "the stage, to stages built on it, and to every container started from the image, where 'docker run -e' "
        "can override them. Values can use earlier variables ($PATH), expanded with the values from before the "
        "instruction. Do not put secrets in ENV: anyone with the image can read them. When a RUN needs a "
        "variable only during the build, set it on that RUN line or use ARG.",
        "ENV NODE_ENV=production PATH=/app/node_modules/.bin:$PATH");

    set(InstructionKind::Add,
        "ADD [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--checksum=<sha256:…>] [--keep-git-dir] "
        "[--exclude=<pattern>] <src>… <dest>",
        "Copies files, URLs or git repositories into the image, unpacking local tar archives.",
        "ADD works like COPY and creates a layer, with two extras: a source can be an http(s) URL or a git "
        "repository, and a local tar archive (gzip, bzip2, xz) is unpacked into the destination. For local "
        "sources the cache key includes the checksums of the files; for a URL Docker downloads it to compare. "
        "Because of these surprises, use COPY for ordinary files and keep ADD for archives to unpack or "
        "downloads checked with --checksum.",
        "ADD --checksum=sha256:24454f83… https://example.com/tool.tar.gz /opt/");

    set(InstructionKind::Copy,
        "COPY [--from=<stage|image>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] "
        "[--exclude=<pattern>] <src>… <dest>",
        "Copies files from the build context (or another stage) into the image.",
        "COPY creates a layer with the copied files. Sources are relative to the build context (minus what "
        ".dockerignore excludes) and may use wildcards; a destination ending in '/' is a directory, and a "
        "relative destination is under WORKDIR. The cache key includes a checksum of every copied file, so any "
        "change to them re-runs this step and everything after it. That is why you copy the dependency "
        "manifests first, install, and copy the source code last: editing code then reuses the cached install. "
        "--from copies out of an earlier stage or another image, the heart of multi-stage builds.",
        "COPY package*.json ./\nCOPY --from=build /app/dist /usr/share/nginx/html");

    set(InstructionKind::Volume,
        "VOLUME [\"<path>\", …]\nVOLUME <path> [<path> …]",
        "Marks directories whose data lives outside the container's writable layer.",
        "VOLUME records mount points in the image configuration; when a container starts, Docker mounts an "
        "anonymous volume there (unless you mount one yourself), so the data survives the container and is "
        "fast to write. It adds no layer. With the legacy builder, changes that later build steps make inside a "
        "declared volume path are discarded, so prepare its content before the VOLUME line.",
        "VOLUME /var/lib/postgresql/data");

    set(InstructionKind::User,
        "USER <user>[:<group>]\nUSER <uid>[:<gid>]",
        "Sets the user (and group) for later RUN, CMD and ENTRYPOINT.",
        "USER changes the image configuration, not the file system: the user must already exist (create it "
        "with RUN useradd/adduser) or be given as a numeric id. Later RUN instructions and the container's "
        "process run as that user, which limits the damage a compromised application can do. Install packages "
        "as root first, then switch to an unprivileged user near the end of the final stage.",
        "RUN adduser -D -u 10001 app\nUSER app");

    set(InstructionKind::Workdir,
        "WORKDIR <path>",
        "Sets the working directory for later instructions and for the container.",
        "WORKDIR changes the directory in which later RUN, CMD, ENTRYPOINT, COPY and ADD work, and the "
        "directory a container starts in; it creates the directory if it does not exist. Use absolute paths: a "
        "relative path is resolved against the previous WORKDIR. Prefer WORKDIR to 'cd' inside RUN, which only "
        "lasts until the end of that RUN.",
        "WORKDIR /usr/src/app");

    set(InstructionKind::Arg,
        "ARG <name>[=<default value>] [<name>[=<default value>] …]",
        "Declares a build-time variable that 'docker build --build-arg' can set.",
        "An ARG exists only while building: it is not in the environment of the running container. An ARG "
        "before the first FROM can only be used in FROM lines; to use it inside a stage, declare it again there "
        "with 'ARG name'. Within a stage it is visible from its declaration to the end of the stage, also as an "
        "environment variable for RUN. A changed value causes a cache miss at the first instruction that uses "
        "it, and every RUN after the ARG uses it implicitly through the environment. ARG values are recorded in the image history, so never pass secrets this way.",
        "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine");

    set(InstructionKind::Onbuild,
        "ONBUILD <INSTRUCTION>",
        "Registers an instruction to run later, when another image is built FROM this one.",
        "ONBUILD does nothing in the current build: it stores a trigger in the image configuration. When "
        "someone else's Dockerfile uses this image in FROM, the triggers run right after that FROM, as if they "
        "were written there. It suits base images meant to build an application in a standard way. ONBUILD "
        "cannot contain FROM, MAINTAINER or another ONBUILD.",
        "ONBUILD COPY . /app/src\nONBUILD RUN make -C /app/src");

    set(InstructionKind::Stopsignal,
        "STOPSIGNAL <signal>",
        "Sets the signal sent to the container's main process to stop it.",
        "'docker stop' sends this signal (SIGTERM by default), waits for a grace period, then sends SIGKILL. "
        "Use it when the program expects another signal to shut down cleanly, for example SIGQUIT for nginx's "
        "graceful stop. It only changes the image configuration and adds no layer.",
        "STOPSIGNAL SIGQUIT");

    set(InstructionKind::Healthcheck,
        "HEALTHCHECK [--interval=<duration>] [--timeout=<duration>] [--start-period=<duration>] "
        "[--start-interval=<duration>] [--retries=<n>] CMD <command>\nHEALTHCHECK NONE",
        "Tells Docker how to test that the container still works.",
        "Docker runs the command inside the container at each interval; exit code 0 means healthy and a number "
        "of failures in a row marks the container unhealthy, which 'docker ps' shows and orchestrators can act "
        "on. 'HEALTHCHECK NONE' turns off a check inherited from the base image. It is stored in the image "
        "configuration (no layer), and only the last HEALTHCHECK counts. Kubernetes ignores it and uses its own "
        "liveness and readiness probes.",
        "HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/health || exit 1");

    set(InstructionKind::Shell,
        "SHELL [\"<executable>\", \"<parameter>\", …]",
        "Changes the shell used by the shell form of RUN, CMD and ENTRYPOINT.",
        "The default shell is [\"/bin/sh\", \"-c\"] on Linux and [\"cmd\", \"/S\", \"/C\"] on Windows. SHELL "
        "replaces it for the following instructions of the stage, for example to use bash with "
        "'-o pipefail' so that a failing command on the left of a pipe fails the build. It only changes the "
        "image configuration and adds no layer; it must be written in JSON form.",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]");

    set(InstructionKind::Maintainer,
        "MAINTAINER <name>",
        "Sets the author of the image (deprecated).",
        "MAINTAINER records an author field in the image configuration and adds no layer. It is deprecated: "
        "labels are more flexible and are what tools read, so use LABEL maintainer=\"…\" or the OCI key "
        "org.opencontainers.image.authors instead.",
        "LABEL maintainer=\"Ada Lovelace <ada@example.com>\"");

    d[std::size_t(InstructionKind::Unknown)].kind = InstructionKind::Unknown;
    return d;
}

} // namespace

const InstructionDoc &instructionDoc(InstructionKind kind)
{
    static const std::array<InstructionDoc, kKinds> s_docs = makeDocs();
    const auto i = std::size_t(kind);
    return s_docs[i < kKinds ? i : std::size_t(InstructionKind::Unknown)];
}

} // namespace flotilla::engine::image
