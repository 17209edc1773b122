#include "lint.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

namespace flotilla::engine::image {

namespace {

// ---------------------------------------------------------------------------------------------
// Rules. Ids are grouped by theme: FL1 base images and stages, FL2 package managers, FL3 shell in RUN,
// FL4 files (COPY/ADD/WORKDIR), FL5 runtime configuration, FL6 security, FL7 variables, FL8 style.

const std::vector<LintRule> &rules()
{
    static const std::vector<LintRule> s_rules = {
        {"FL1001", Severity::Warning, "Image uses the 'latest' tag",
         "'latest' is just the default tag name, not a promise of the newest version: it moves whenever the "
         "publisher pushes, so two builds of the same Dockerfile can get different base images. Pin a "
         "version tag (node:20-alpine) or a digest."},
        {"FL1002", Severity::Warning, "Image has no tag",
         "An image without a tag means ':latest', with the same drift problem. Pin a version tag or a digest. "
         "Not reported for 'scratch', for a previous build stage, or when the reference comes from a variable."},
        {"FL1003", Severity::Error, "Stage name is used twice",
         "Each FROM ... AS <name> must use a different name; otherwise COPY --from=<name> and --target are "
         "ambiguous and Docker refuses the Dockerfile."},
        {"FL1004", Severity::Error, "Image repository name has upper-case letters",
         "Repository names in image references must be lower case; Docker rejects 'FROM Ubuntu'. Tags may "
         "contain upper case, and so may a registry host name."},

        {"FL2001", Severity::Warning, "apt-get install without --no-install-recommends",
         "By default apt installs 'recommended' packages too, which often doubles the size of the layer with "
         "things the image never uses."},
        {"FL2002", Severity::Warning, "apt-get install without -y",
         "A build has no terminal to answer 'Do you want to continue? [Y/n]': without -y the command aborts."},
        {"FL2003", Severity::Warning, "apt package lists are not removed in the same RUN",
         "apt-get update downloads package lists into /var/lib/apt/lists. Deleting them in a later RUN does not "
         "shrink the image, because the earlier layer keeps them: remove them in the same RUN. Only reported "
         "for stages that end up in the final image, and not when the RUN uses a cache mount for apt."},
        {"FL2004", Severity::Warning, "apt-get upgrade in a Dockerfile",
         "Upgrading every package makes the build depend on the day it runs and bloats the layer. Use a newer "
         "base image instead, or install the specific package versions you need."},
        {"FL2005", Severity::Warning, "apt used instead of apt-get",
         "apt is meant for people at a terminal: its output and behaviour may change between versions and it "
         "warns that it has no stable command-line interface. Scripts should use apt-get and apt-cache."},
        {"FL2006", Severity::Warning, "apt-get update in a RUN without apt-get install",
         "The build cache reuses the 'apt-get update' layer as long as its command text is unchanged, so a later "
         "RUN apt-get install can use stale package lists and fail or install old versions. Combine "
         "'apt-get update && apt-get install' in one RUN."},
        {"FL2007", Severity::Warning, "apk add without --no-cache",
         "apk keeps its package index in /var/cache/apk; --no-cache fetches the index on the fly and leaves "
         "nothing behind in the layer."},
        {"FL2008", Severity::Warning, "pip install without --no-cache-dir",
         "pip keeps downloaded wheels in ~/.cache/pip, which ends up in the layer although it is never used "
         "again. Not reported when PIP_NO_CACHE_DIR is set or the RUN uses a cache mount."},
        {"FL2009", Severity::Warning, "yum/dnf install without cleaning the cache",
         "yum and dnf keep metadata and packages in /var/cache; run 'yum clean all' (or 'dnf clean all') in the "
         "same RUN so the layer does not keep them. Only reported for stages that end up in the final image."},
        {"FL2010", Severity::Warning, "yum/dnf install without -y",
         "Without -y, yum and dnf ask for confirmation, which aborts a non-interactive build."},
        {"FL2011", Severity::Info, "npm install where npm ci fits",
         "npm ci installs exactly what package-lock.json records, fails if it disagrees with package.json, and "
         "is faster: builds become reproducible. A warning when the build context is known to contain a "
         "package-lock.json, an info when the context is unknown, nothing when it is known to have no lock file. "
         "Only for 'npm install' without package names."},

        {"FL3001", Severity::Warning, "cd in RUN",
         "A cd only lasts until the end of its RUN, which makes the following instructions confusing to read. "
         "WORKDIR sets the directory for every later instruction and for the container."},
        {"FL3002", Severity::Warning, "Download piped without pipefail",
         "In 'curl ... | sh' the RUN's exit status is the one of the last command: a failed download is "
         "silently ignored and the build goes on with a broken step. Set "
         "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] or start the command with 'set -o pipefail &&'."},
        {"FL3003", Severity::Warning, "Both curl and wget are used",
         "Installing and using two download tools for the same job makes the image bigger; pick one."},
        {"FL3004", Severity::Warning, "useradd with a high UID without -l",
         "useradd records every user in /var/log/lastlog and faillog, sparse files sized by the highest UID; "
         "in a layer they are stored in full, so a large UID can add gigabytes. Use 'useradd -l' "
         "(--no-log-init)."},

        {"FL4001", Severity::Warning, "ADD used where COPY fits",
         "ADD also downloads URLs and unpacks local tar archives. For plain local files use COPY, whose "
         "behaviour has no surprises."},
        {"FL4002", Severity::Error, "Several sources copied to a destination without a trailing /",
         "When COPY or ADD has more than one source the destination must be a directory, written with a "
         "trailing slash (/app/)."},
        {"FL4003", Severity::Error, "COPY --from refers to the current or a later stage",
         "A stage can only copy from stages defined before it: the current or a later stage would be a cycle, "
         "and a stage number that does not exist is an error."},
        {"FL4004", Severity::Warning, "COPY --from names no stage: an untagged image is used",
         "When --from does not match a stage name Docker treats it as an image reference; without a tag that "
         "means ':latest' (and a misspelt stage name means a pull from a registry)."},
        {"FL4005", Severity::Warning, "COPY --from an image with the 'latest' tag",
         "Copying from an image's 'latest' tag makes the build change whenever that image is pushed. Pin a "
         "version or a digest."},
        {"FL4006", Severity::Warning, "Whole build context copied before installing dependencies",
         "COPY's cache key includes the checksums of the copied files: after 'COPY . .' any source change "
         "invalidates the cache and the dependency install runs again. Copy only the manifests first "
         "(package*.json, requirements.txt, go.mod ...), install, then copy the rest."},
        {"FL4007", Severity::Warning, "Whole build context copied into /",
         "Without a WORKDIR, 'COPY . .' spreads the project over the image's root directory among system "
         "directories. Set WORKDIR /app (or similar) first."},
        {"FL4008", Severity::Warning, "Relative WORKDIR path",
         "A relative WORKDIR is resolved against the base image's working directory, which you do not control. "
         "Use an absolute path. Not reported after an earlier WORKDIR in the same stage."},

        {"FL5001", Severity::Warning, "More than one CMD in a stage",
         "Only the last CMD of a stage takes effect; the earlier ones are dead code."},
        {"FL5002", Severity::Warning, "More than one ENTRYPOINT in a stage",
         "Only the last ENTRYPOINT of a stage takes effect; the earlier ones are dead code."},
        {"FL5003", Severity::Warning, "CMD/ENTRYPOINT in shell form",
         "The shell form runs the command as a child of /bin/sh -c: the shell is PID 1 and does not forward "
         "SIGTERM, so 'docker stop' waits and kills the app. The exec (JSON) form runs it directly."},
        {"FL5004", Severity::Warning, "More than one HEALTHCHECK in a stage",
         "Only the last HEALTHCHECK of a stage takes effect; the earlier ones are dead code."},
        {"FL5005", Severity::Error, "Invalid EXPOSE port",
         "EXPOSE takes container ports from 1 to 65535 (or ranges such as 8000-8010), optionally followed by "
         "/tcp, /udp or /sctp. Host ports are chosen when running (-p), not in the Dockerfile."},
        {"FL5006", Severity::Error, "Invalid STOPSIGNAL",
         "STOPSIGNAL takes a signal name (SIGTERM, TERM) or a number from 1 to 64."},
        {"FL5007", Severity::Info, "ONBUILD in the final stage",
         "ONBUILD instructions do nothing in this build: they run only when another Dockerfile uses this image "
         "in its FROM. That is intended for base images only."},

        {"FL6001", Severity::Warning, "The container runs as root",
         "Without a USER instruction (or with USER root) the process runs as root inside the container; an "
         "attacker who breaks out of the app gets root rights in the container and on mounted volumes. Create "
         "an unprivileged user and switch to it. Looks at the final stage and the stages it is built on; not "
         "reported for base images tagged 'nonroot'."},
        {"FL6002", Severity::Warning, "sudo in RUN",
         "RUN already runs as the current USER, root by default; sudo adds nothing but a package and "
         "unpredictable TTY and signal behaviour. Switch with USER instead."},
        {"FL6003", Severity::Info, "EXPOSE 22 (ssh)",
         "Running an ssh server in a container is rarely needed: use 'docker exec' or 'kubectl exec' to get a "
         "shell."},
        {"FL6004", Severity::Warning, "Secret in ENV or ARG",
         "ENV values are stored in the image configuration and ARG values in its history: anyone who can pull "
         "the image can read them. Pass secrets with RUN --mount=type=secret."},

        {"FL7001", Severity::Warning, "ARG is never used",
         "An ARG before the first FROM is only visible in FROM lines unless a stage declares it again; an ARG "
         "inside a stage is visible until the end of that stage. This one is referenced nowhere. Well-known "
         "variables read from the environment by tools (DEBIAN_FRONTEND, proxies, NODE_ENV, ...) count as used "
         "when a RUN follows."},
        {"FL7002", Severity::Warning, "Global ARG used in a stage without being declared there",
         "ARGs declared before the first FROM are not visible inside stages: the reference expands to an empty "
         "string. Add 'ARG <name>' (without a value) inside the stage to bring it in."},
        {"FL7003", Severity::Warning, "ENV refers to a variable set in the same instruction",
         "Variables in ENV are expanded with the values from before the instruction, so 'ENV A=1 B=$A' sets B "
         "to the old value of A. Split it into two ENV instructions."},

        {"FL8001", Severity::Warning, "MAINTAINER is deprecated",
         "MAINTAINER is deprecated; use LABEL maintainer=\"...\" (or the OCI label "
         "org.opencontainers.image.authors)."},
        {"FL8002", Severity::Style, "Legacy 'key value' form",
         "'ENV key value' (and LABEL) without '=' is a legacy form that sets a single variable and cannot be "
         "mixed with the key=value form. Write key=value."},
        {"FL8003", Severity::Style, "Inconsistent instruction casing",
         "Instructions are case-insensitive, but mixing cases makes a Dockerfile harder to read. Reported for "
         "keywords that differ from the case used by most instructions in the file."},
    };
    return s_rules;
}

// ---------------------------------------------------------------------------------------------
// Small string helpers.

bool isIdentChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

std::string upper(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
    return out;
}

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

long toNumber(std::string_view s)
{
    if (!allDigits(s) || s.size() > 9)
        return -1;
    long v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::string_view baseName(std::string_view s)
{
    const auto slash = s.rfind('/');
    return slash == std::string_view::npos ? s : s.substr(slash + 1);
}

bool oneOf(std::string_view s, std::initializer_list<std::string_view> list)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

bool isShortFlag(std::string_view w) { return w.size() >= 2 && w[0] == '-' && w[1] != '-'; }

/// Finds "$name" or "${name…}" in text from `from`; returns its offset and sets `len` to the length of
/// "$name" / "${name".
std::size_t findVarRef(std::string_view text, std::string_view name, std::size_t from, std::size_t *len)
{
    for (std::size_t pos = text.find('$', from); pos != std::string_view::npos; pos = text.find('$', pos + 1)) {
        if (pos + 1 >= text.size())
            break;
        if (text[pos + 1] == '{') {
            const std::size_t end = pos + 2 + name.size();
            if (text.compare(pos + 2, name.size(), name) == 0 && end < text.size()
                && std::string_view("}:-+?%#/").find(text[end]) != std::string_view::npos) {
                if (len)
                    *len = 2 + name.size();
                return pos;
            }
        } else if (text.compare(pos + 1, name.size(), name) == 0) {
            const std::size_t end = pos + 1 + name.size();
            if (end >= text.size() || !isIdentChar(text[end])) {
                if (len)
                    *len = 1 + name.size();
                return pos;
            }
        }
    }
    return std::string_view::npos;
}

struct ImageRef {
    std::string_view name;
    std::string_view tag;
    std::size_t tagOffset = std::string_view::npos; ///< of ':' before the tag
    bool digest = false;
};

ImageRef parseImageRef(std::string_view ref)
{
    ImageRef r;
    const auto at = ref.find('@');
    r.digest = at != std::string_view::npos;
    const std::string_view base = ref.substr(0, at);
    const auto slash = base.rfind('/');
    const auto colon = base.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        r.name = base.substr(0, colon);
        r.tag = base.substr(colon + 1);
        r.tagOffset = colon;
    } else {
        r.name = base;
    }
    return r;
}

// ---------------------------------------------------------------------------------------------
// A small shell reader: enough of POSIX sh to find the commands of a RUN, their words and the operators
// between them. Quotes are removed from word text; offsets point into the script.

struct ShWord {
    std::string text;
    int begin = 0;
    int end = 0;
};

struct ShCommand {
    std::vector<ShWord> words;
    std::size_t first = 0; ///< index of the command name after prefixes (VAR=x, sudo, env, time, then, ...)
    int sudo = -1;         ///< index of a "sudo" prefix
    std::string sep;       ///< operator after the command: "&&", "||", ";", "|", "&", ""
    int sepBegin = -1;
    bool valid() const { return first < words.size(); }
    std::string_view name() const { return valid() ? baseName(words[first].text) : std::string_view(); }
    std::string_view arg(std::size_t i) const
    {
        return first + i < words.size() ? std::string_view(words[first + i].text) : std::string_view();
    }
    std::size_t argCount() const { return valid() ? words.size() - first : 0; }
    bool hasWord(std::string_view w) const
    {
        for (std::size_t i = first; i < words.size(); ++i)
            if (words[i].text == w)
                return true;
        return false;
    }
};

bool isAssignment(std::string_view w)
{
    const auto eq = w.find('=');
    if (eq == std::string_view::npos || eq == 0 || !(isIdentChar(w[0]) && !(w[0] >= '0' && w[0] <= '9')))
        return false;
    return std::all_of(w.begin(), w.begin() + long(eq), isIdentChar);
}

void stripPrefixes(ShCommand &cmd)
{
    auto &w = cmd.words;
    std::size_t i = 0;
    while (i < w.size()) {
        const std::string_view t = w[i].text;
        if (isAssignment(t) || oneOf(t, {"then", "do", "else", "elif", "if", "while", "until", "!", "{", "time",
                                         "nohup", "exec", "command"})) {
            ++i;
        } else if (t == "sudo") {
            cmd.sudo = int(i++);
            while (i < w.size() && !w[i].text.empty() && w[i].text[0] == '-') {
                const bool takesArg = oneOf(w[i].text, {"-u", "-g", "-U", "-C", "-h", "-p", "-r", "-t"});
                i += takesArg ? 2 : 1;
            }
        } else if (t == "env") {
            ++i;
            while (i < w.size() && (isAssignment(w[i].text) || (!w[i].text.empty() && w[i].text[0] == '-')))
                i += (w[i].text == "-u" || w[i].text == "-C") ? 2 : 1;
        } else if (t == "nice") {
            ++i;
            if (i < w.size() && w[i].text == "-n")
                i += 2;
        } else {
            break;
        }
    }
    cmd.first = i;
}

std::vector<ShCommand> readShell(std::string_view s)
{
    std::vector<ShCommand> commands;
    ShCommand cur;
    ShWord word;
    bool inWord = false;
    bool skipNextWord = false; // the target of a redirection

    auto endWord = [&] {
        if (!inWord)
            return;
        inWord = false;
        if (skipNextWord) {
            skipNextWord = false;
        } else if (!(cur.words.empty() && word.text == "}")) {
            cur.words.push_back(std::move(word));
        }
        word = ShWord();
    };
    auto endCommand = [&](std::string sep, int at) {
        endWord();
        if (!cur.words.empty() || !sep.empty()) {
            cur.sep = std::move(sep);
            cur.sepBegin = at;
            if (!cur.words.empty()) {
                stripPrefixes(cur);
                commands.push_back(std::move(cur));
            } else if (!commands.empty() && commands.back().sep.empty()) {
                commands.back().sep = cur.sep;
                commands.back().sepBegin = at;
            }
        }
        cur = ShCommand();
    };
    auto startWord = [&](int at) {
        if (!inWord) {
            inWord = true;
            word.begin = at;
        }
    };

    const int n = int(s.size());
    int i = 0;
    while (i < n) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            endWord();
            ++i;
        } else if (c == '\n') {
            endCommand(";", i);
            ++i;
        } else if (c == '#' && !inWord) {
            while (i < n && s[i] != '\n')
                ++i;
        } else if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
            std::string op(1, c);
            if (i + 1 < n && ((c == '&' && s[i + 1] == '&') || (c == '|' && s[i + 1] == '|')
                              || (c == ';' && s[i + 1] == ';') || (c == '|' && s[i + 1] == '&'))) {
                op += s[i + 1];
            }
            if (c == '&' && i + 1 < n && s[i + 1] == '>') { // &> redirection
                endWord();
                i += 2;
                if (i < n && s[i] == '>')
                    ++i;
                skipNextWord = true;
                continue;
            }
            endCommand(op == "|&" ? "|" : op, i);
            i += int(op.size());
        } else if (c == '>' || c == '<') {
            if (inWord && allDigits(word.text)) { // 2>file
                inWord = false;
                word = ShWord();
            }
            endWord();
            while (i < n && (s[i] == '>' || s[i] == '<' || s[i] == '&' || s[i] == '-' || s[i] == '|'))
                ++i;
            skipNextWord = true;
        } else if (c == '\\' && i + 1 < n && s[i + 1] == '\n') {
            i += 2; // line continuation inside a heredoc
        } else if (c == '\\') {
            startWord(i);
            if (i + 1 < n && s[i + 1] != '\n')
                word.text += s[i + 1];
            i += 2;
            word.end = std::min(i, n);
        } else if (c == '\'') {
            startWord(i);
            ++i;
            while (i < n && s[i] != '\'')
                word.text += s[i++];
            i = std::min(i + 1, n);
            word.end = i;
        } else if (c == '"') {
            startWord(i);
            ++i;
            while (i < n && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < n && std::string_view("\"\\$`").find(s[i + 1]) != std::string_view::npos)
                    ++i;
                word.text += s[i++];
            }
            i = std::min(i + 1, n);
            word.end = i;
        } else if (c == '$' && i + 1 < n && s[i + 1] == '(') {
            startWord(i);
            int depth = 0;
            const int start = i;
            for (; i < n; ++i) {
                if (s[i] == '(')
                    ++depth;
                else if (s[i] == ')' && --depth == 0) {
                    ++i;
                    break;
                }
            }
            word.text.append(s.substr(start, i - start));
            word.end = i;
        } else if (c == '`') {
            startWord(i);
            const int start = i++;
            while (i < n && s[i] != '`')
                ++i;
            i = std::min(i + 1, n);
            word.text.append(s.substr(start, i - start));
            word.end = i;
        } else {
            startWord(i);
            word.text += c;
            word.end = ++i;
        }
    }
    endCommand("", n);
    return commands;
}

bool isShellProgram(std::string_view name)
{
    return oneOf(baseName(name), {"sh", "bash", "ash", "dash", "zsh"});
}

/// The script of a RUN and how its offsets map back to the file.
struct Script {
    const Instruction *inst = nullptr;
    std::string text;
    int argsLength = -1;                          ///< offsets below map to args; -1: nothing maps
    std::vector<std::pair<int, const Heredoc *>> heredocStarts;
    std::vector<ShCommand> commands;

    bool mapped(int begin, int end) const { return argsLength >= 0 && begin >= 0 && end <= argsLength; }
    SourceRange range(int begin, int end) const
    {
        if (mapped(begin, end))
            return inst->rangeOfArg(begin, end - begin);
        for (auto it = heredocStarts.rbegin(); it != heredocStarts.rend(); ++it)
            if (begin >= it->first)
                return it->second->range;
        return inst->argsRange;
    }
    SourceRange range(const ShWord &w) const { return range(w.begin, w.end); }
    std::optional<Fix> insertAfter(const ShWord &w, std::string text, std::string title) const
    {
        if (!mapped(w.begin, w.end))
            return std::nullopt;
        return Fix{inst->rangeOfArg(w.end, 0), std::move(text), std::move(title)};
    }
    std::optional<Fix> replace(const ShWord &w, std::string text, std::string title) const
    {
        if (!mapped(w.begin, w.end))
            return std::nullopt;
        return Fix{inst->rangeOfArg(w.begin, w.end - w.begin), std::move(text), std::move(title)};
    }
};

Script readScript(const Instruction &inst)
{
    Script sc;
    sc.inst = &inst;
    if (inst.execForm) {
        const auto &a = inst.execArgs;
        if (a.size() >= 3 && isShellProgram(a[0]) && a[1] == "-c") {
            sc.text = a[2];
        } else {
            for (const auto &w : a)
                sc.text += (sc.text.empty() ? "" : " ") + w;
        }
        sc.commands = readShell(sc.text);
        return sc;
    }
    sc.text = inst.args;
    sc.argsLength = int(inst.args.size());
    if (!inst.heredocs.empty()) {
        const auto head = readShell(inst.args);
        const bool shellBody = head.empty() || !head.front().valid() || isShellProgram(head.front().name());
        if (shellBody) {
            for (const auto &h : inst.heredocs) {
                sc.text += '\n';
                sc.heredocStarts.emplace_back(int(sc.text.size()), &h);
                sc.text += h.content;
            }
        }
    }
    sc.commands = readShell(sc.text);
    return sc;
}

/// Index of the first non-option word after the word `after`, skipping the values of `valueOptions`.
std::size_t subcommandIndex(const std::vector<ShWord> &words, std::size_t after,
                            std::initializer_list<std::string_view> valueOptions)
{
    for (std::size_t i = after + 1; i < words.size(); ++i) {
        const std::string_view w = words[i].text;
        if (w.empty() || w[0] != '-')
            return i;
        if (oneOf(w, valueOptions))
            ++i;
    }
    return words.size();
}

std::size_t subcommandIndex(const ShCommand &c, std::initializer_list<std::string_view> valueOptions)
{
    return subcommandIndex(c.words, c.first, valueOptions);
}

bool isPip(const ShCommand &c, std::size_t *pipIndex)
{
    const std::string_view n = c.name();
    if (n == "pip" || (n.starts_with("pip") && n.size() > 3 && n[3] >= '0' && n[3] <= '9')) {
        *pipIndex = c.first;
        return true;
    }
    if (n.starts_with("python")) {
        for (std::size_t i = c.first + 1; i + 1 < c.words.size(); ++i)
            if (c.words[i].text == "-m" && (c.words[i + 1].text == "pip" || c.words[i + 1].text == "pip3")) {
                *pipIndex = i + 1;
                return true;
            }
    }
    return false;
}

/// Sub-command of npm/yarn/pnpm, or "" for a bare yarn.
std::size_t npmSubcommand(const ShCommand &c)
{
    return subcommandIndex(c, {"--prefix", "-C", "--registry", "--loglevel", "--cache", "--userconfig", "-w",
                               "--workspace"});
}

/// "npm install" with no package names: the install of a project's declared dependencies.
bool isNpmProjectInstall(const ShCommand &c, std::size_t *sub)
{
    if (c.name() != "npm")
        return false;
    const std::size_t s = npmSubcommand(c);
    if (s >= c.words.size() || !oneOf(c.words[s].text, {"install", "i", "ci", "isntall"}))
        return false;
    for (std::size_t i = s + 1; i < c.words.size(); ++i) {
        const std::string_view w = c.words[i].text;
        if (w == "-g" || w == "--global")
            return false;
        if (!w.empty() && w[0] != '-')
            return false; // a package name
        if (oneOf(w, {"--omit", "--only", "--prefix", "--registry", "--loglevel", "--cache", "--include"}))
            ++i;
    }
    *sub = s;
    return true;
}

/// A command that installs a project's dependencies from its manifest (for the cache-order rule).
bool isDependencyInstall(const ShCommand &c)
{
    if (!c.valid())
        return false;
    const std::string_view n = c.name();
    std::size_t idx = 0;
    if (n == "npm")
        return isNpmProjectInstall(c, &idx);
    if (n == "yarn") {
        const std::size_t s = npmSubcommand(c);
        return s >= c.words.size() || c.words[s].text == "install";
    }
    if (n == "pnpm") {
        const std::size_t s = npmSubcommand(c);
        return s < c.words.size() && oneOf(c.words[s].text, {"install", "i"}) && s + 1 == c.words.size();
    }
    if (isPip(c, &idx)) {
        for (std::size_t i = idx + 1; i < c.words.size(); ++i)
            if (oneOf(c.words[i].text, {"-r", "--requirement"}) || c.words[i].text.starts_with("--requirement="))
                return true;
        return false;
    }
    const std::string_view a1 = c.arg(1), a2 = c.arg(2);
    if (n == "poetry" || n == "pipenv")
        return a1 == "install";
    if (n == "go")
        return a1 == "mod" && a2 == "download";
    if (n == "bundle" || n == "composer")
        return a1 == "install" || (n == "bundle" && a1.empty());
    if (n == "mvn" || n == "mvnw" || n == "./mvnw") {
        for (std::size_t i = c.first + 1; i < c.words.size(); ++i)
            if (c.words[i].text.starts_with("dependency:"))
                return true;
        return false;
    }
    if (n == "dotnet")
        return a1 == "restore";
    if (n == "cargo")
        return a1 == "fetch";
    return false;
}

bool isWholeContext(std::string_view src)
{
    return oneOf(src, {".", "./", "*", "./*", "./."});
}

bool isArchiveOrRemote(std::string_view src)
{
    if (src.find("://") != std::string_view::npos || src.starts_with("git@") || src.find('$') != std::string_view::npos)
        return true;
    const std::string l = lower(src);
    for (std::string_view ext : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz",
                                 ".tar.zst", ".tar.lz", ".tar.lzma", ".gz", ".bz2", ".xz"})
        if (l.ends_with(ext))
            return true;
    return false;
}

bool isValidSignal(std::string_view sig)
{
    if (allDigits(sig)) {
        const long n = toNumber(sig);
        return n >= 1 && n <= 64;
    }
    std::string s = upper(sig);
    if (s.starts_with("SIG"))
        s.erase(0, 3);
    static const std::array<std::string_view, 33> names = {
        "HUP",  "INT",  "QUIT", "ILL",  "TRAP", "ABRT", "IOT",  "BUS",    "FPE",  "KILL",  "USR1",
        "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CLD",  "CONT", "STOP", "TSTP",
        "TTIN", "TTOU", "URG",  "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO",  "POLL", "PWR"};
    if (std::find(names.begin(), names.end(), s) != names.end() || s == "SYS" || s == "RTMIN" || s == "RTMAX")
        return true;
    if (s.starts_with("RTMIN+") || s.starts_with("RTMAX-")) {
        const long n = toNumber(std::string_view(s).substr(6));
        return n >= 1 && n <= 15;
    }
    return false;
}

bool looksSecret(std::string_view key)
{
    std::vector<std::string> parts;
    std::string cur;
    for (char c : lower(key)) {
        if (c == '_' || c == '-' || c == '.') {
            if (!cur.empty())
                parts.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        parts.push_back(std::move(cur));
    // PASSWORD_FILE, TOKEN_URL, ACCESS_KEY_ID ... name where a secret is, not the secret itself.
    if (!parts.empty() && oneOf(parts.back(), {"file", "path", "dir", "length", "len", "name", "type", "url",
                                               "endpoint", "header", "policy", "min", "max", "ttl", "id", "user"}))
        return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string &p = parts[i];
        if (oneOf(p, {"password", "passwd", "pword", "secret", "token", "apikey", "credential", "credentials",
                      "passphrase"}))
            return true;
        if (p == "key" && i > 0 && oneOf(parts[i - 1], {"api", "access", "private", "secret", "auth", "encryption"}))
            return true;
    }
    return false;
}

// Tools read these from the environment, so an ARG that only sets them is in use when a RUN follows.
bool isEnvironmentConsumed(std::string_view name)
{
    if (oneOf(name, {"DEBIAN_FRONTEND", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY",
                     "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy", "NODE_ENV",
                     "NODE_OPTIONS", "CGO_ENABLED", "GOOS", "GOARCH", "GOPROXY", "GOFLAGS", "GOPRIVATE",
                     "SOURCE_DATE_EPOCH", "MAVEN_OPTS", "RAILS_ENV", "BUNDLE_WITHOUT", "CI"}))
        return true;
    for (std::string_view p : {"PIP_", "NPM_CONFIG_", "npm_config_", "YARN_", "PYTHON", "UV_", "CARGO_",
                               "RUSTFLAGS", "BUILDKIT_"})
        if (name.starts_with(p))
            return true;
    return false;
}

std::vector<KeyValue> keyValues(const Instruction &inst)
{
    auto kv = parseKeyValues(inst);
    if (kv.ok())
        return std::move(kv).value();
    return {};
}

int editDistance(std::string_view a, std::string_view b)
{
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = int(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string lineRef(const Instruction &inst) { return "line " + std::to_string(inst.range.begin.line); }

// ---------------------------------------------------------------------------------------------

class Linter
{
public:
    Linter(const Dockerfile &file, const LintOptions &options) : m_file(file), m_options(options) {}

    std::vector<Diagnostic> run()
    {
        prepare();
        checkFrom();
        checkRuns();
        checkFiles();
        checkRuntime();
        checkUser();
        checkArgs();
        checkEnvAndStyle();
        std::stable_sort(m_out.begin(), m_out.end(), [](const Diagnostic &a, const Diagnostic &b) {
            if (a.range.begin.line != b.range.begin.line)
                return a.range.begin.line < b.range.begin.line;
            if (a.range.begin.column != b.range.begin.column)
                return a.range.begin.column < b.range.begin.column;
            return a.code < b.code;
        });
        return std::move(m_out);
    }

private:
    const Dockerfile &m_file;
    const LintOptions &m_options;
    std::vector<Diagnostic> m_out;
    std::vector<int> m_stageOf;      ///< instruction index → stage index, -1 before the first FROM
    std::vector<int> m_parent;       ///< stage → the earlier stage it is built FROM, or -1
    std::vector<bool> m_inFinal;     ///< stage is part of the final image
    std::vector<Script> m_scripts;   ///< per instruction; only RUN ones are filled

    const Instruction &inst(int i) const { return m_file.instructions[std::size_t(i)]; }
    int stageCount() const { return int(m_file.stages.size()); }

    bool enabled(std::string_view id) const
    {
        return std::find(m_options.disabledRules.begin(), m_options.disabledRules.end(), id)
            == m_options.disabledRules.end();
    }

    void report(std::string_view id, const SourceRange &range, std::string message, std::string hint,
                std::optional<Fix> fix = std::nullopt, std::optional<Severity> severity = std::nullopt)
    {
        if (!enabled(id))
            return;
        const LintRule *rule = findLintRule(id);
        Diagnostic d;
        d.code = std::string(id);
        d.severity = severity ? *severity : (rule ? rule->severity : Severity::Warning);
        d.range = range;
        d.message = std::move(message);
        d.hint = std::move(hint);
        d.fix = std::move(fix);
        m_out.push_back(std::move(d));
    }

    SourceRange wordRange(const Instruction &in, const Word &w) const { return in.rangeOfArg(w.offset, w.length); }

    /// Earlier stage named `ref` (case-insensitive), or -1.
    int stageNamed(std::string_view ref, int before) const
    {
        const std::string l = lower(ref);
        for (int s = 0; s < std::min(before, stageCount()); ++s)
            if (!m_file.stages[std::size_t(s)].name.empty() && m_file.stages[std::size_t(s)].name == l)
                return s;
        return -1;
    }

    /// The stage and the stages it is built on, base first.
    std::vector<int> chain(int stage) const
    {
        std::vector<int> c;
        for (int s = stage; s >= 0 && c.size() <= m_file.stages.size(); s = m_parent[std::size_t(s)])
            c.insert(c.begin(), s);
        return c;
    }

    /// Instructions of the stage chain, in order (FROM lines excluded).
    std::vector<int> chainInstructions(int stage) const
    {
        std::vector<int> out;
        for (int s : chain(stage)) {
            const auto &st = m_file.stages[std::size_t(s)];
            out.insert(out.end(), st.instructions.begin(), st.instructions.end());
        }
        return out;
    }

    void prepare()
    {
        const auto n = m_file.instructions.size();
        m_stageOf.assign(n, -1);
        m_parent.assign(m_file.stages.size(), -1);
        m_inFinal.assign(m_file.stages.size(), false);
        for (const auto &st : m_file.stages) {
            if (std::size_t(st.fromInstruction) < n)
                m_stageOf[std::size_t(st.fromInstruction)] = st.index;
            for (int i : st.instructions)
                if (std::size_t(i) < n)
                    m_stageOf[std::size_t(i)] = st.index;
            if (st.baseImage.find('$') == std::string::npos)
                m_parent[std::size_t(st.index)] = stageNamed(st.baseImage, st.index);
        }
        if (!m_file.stages.empty())
            for (int s : chain(stageCount() - 1))
                m_inFinal[std::size_t(s)] = true;
        m_scripts.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            if (m_file.instructions[i].kind == InstructionKind::Run)
                m_scripts[i] = readScript(m_file.instructions[i]);
    }

    // -- FL1: base images and stages ----------------------------------------------------------

    void checkFrom()
    {
        std::map<std::string, int> names;
        for (const auto &st : m_file.stages) {
            const Instruction &from = inst(st.fromInstruction);
            if (from.kind != InstructionKind::From || from.words.empty())
                continue;
            const Word &image = from.words.front();
            const std::string_view ref = image.text;
            for (std::size_t i = 1; i + 1 < from.words.size(); ++i) {
                if (lower(from.words[i].text) != "as")
                    continue;
                const Word &nameWord = from.words[i + 1];
                const std::string name = lower(nameWord.text);
                if (auto it = names.find(name); it != names.end())
                    report("FL1003", wordRange(from, nameWord),
                           "The stage name '" + name + "' is already used on " + lineRef(inst(it->second)) + ".",
                           "Give each stage a unique name.");
                else
                    names.emplace(name, st.fromInstruction);
                break;
            }
            if (ref.find('$') != std::string_view::npos || lower(ref) == "scratch"
                || stageNamed(ref, st.index) >= 0)
                continue;
            const ImageRef r = parseImageRef(ref);
            if (r.tag == "latest") {
                const int off = image.offset + int(r.tagOffset) + (image.raw.size() != image.text.size() ? 1 : 0);
                report("FL1001", from.rangeOfArg(off, 7),
                       "'" + std::string(ref) + "' uses the 'latest' tag, which changes over time.",
                       "Pin a specific version tag, e.g. '" + std::string(r.name) + ":<version>', or a digest.");
            } else if (r.tag.empty() && !r.digest) {
                report("FL1002", wordRange(from, image),
                       "'" + std::string(ref) + "' has no tag, so Docker uses ':latest'.",
                       "Pin a specific version tag, e.g. '" + std::string(ref) + ":<version>', or a digest.");
            }
            std::string_view path = r.name;
            if (const auto slash = path.find('/'); slash != std::string_view::npos) {
                const std::string_view host = path.substr(0, slash);
                if (host.find('.') != std::string_view::npos || host.find(':') != std::string_view::npos
                    || host == "localhost")
                    path = path.substr(slash + 1);
            }
            if (lower(path) != path)
                report("FL1004", wordRange(from, image),
                       "The repository name '" + std::string(r.name) + "' must be lower case.",
                       "Write the repository name in lower case: '" + lower(r.name) + "'.");
        }
    }

    // -- FL2 / FL3: RUN ----------------------------------------------------------------------

    struct StageRunState {
        bool pipefail = false;
        bool posixShell = true;
        bool pipNoCache = false;
    };

    void checkRuns()
    {
        std::vector<StageRunState> state(m_file.stages.size());
        const ShWord *firstCurl = nullptr, *firstWget = nullptr;
        const Script *curlScript = nullptr, *wgetScript = nullptr;
        std::vector<std::pair<int, const ShWord *>> pendingUpdates; // RUN index, "update" word

        for (std::size_t idx = 0; idx < m_file.instructions.size(); ++idx) {
            const Instruction &in = m_file.instructions[idx];
            const int s = m_stageOf[idx];
            if (s < 0)
                continue;
            StageRunState &st = state[std::size_t(s)];
            if (in.kind == InstructionKind::From) {
                if (const int p = m_parent[std::size_t(s)]; p >= 0)
                    st = state[std::size_t(p)];
                pendingUpdates.clear();
                continue;
            }
            if (in.kind == InstructionKind::Shell && in.execForm) {
                st.pipefail = false;
                st.posixShell = !in.execArgs.empty() && isShellProgram(in.execArgs.front());
                for (const auto &a : in.execArgs)
                    if (a.find("pipefail") != std::string::npos)
                        st.pipefail = true;
                continue;
            }
            if (in.kind == InstructionKind::Env) {
                for (const auto &kv : keyValues(in))
                    if (kv.key == "PIP_NO_CACHE_DIR")
                        st.pipNoCache = true;
                continue;
            }
            if (in.kind != InstructionKind::Run)
                continue;

            const Script &sc = m_scripts[idx];
            std::string mounts;
            for (const auto &f : in.flags)
                if (f.name == "mount")
                    mounts += f.value + ' ';
            const bool aptCacheMount = mounts.find("/var/lib/apt") != std::string::npos;
            bool removesAptLists = false, setsPipefail = false, yumClean = false, aptInstall = false,
                 aptUpdate = false;
            for (const auto &c : sc.commands) {
                const std::string_view name = c.name();
                if (name == "rm") {
                    for (std::size_t i = c.first + 1; i < c.words.size(); ++i) {
                        if (c.words[i].text.find("/var/lib/apt/lists") != std::string::npos)
                            removesAptLists = true;
                        if (c.words[i].text.find("/var/cache/yum") != std::string::npos
                            || c.words[i].text.find("/var/cache/dnf") != std::string::npos)
                            yumClean = true;
                    }
                } else if (oneOf(name, {"yum", "dnf", "microdnf"}) && c.arg(1) == "clean") {
                    yumClean = true;
                } else if ((name == "apt-get" || name == "apt")) {
                    const std::size_t sub = subcommandIndex(c, {"-o", "-t", "-c", "--option", "--target-release",
                                                               "--config-file"});
                    if (sub < c.words.size() && c.words[sub].text == "install")
                        aptInstall = true;
                    if (sub < c.words.size() && c.words[sub].text == "update")
                        aptUpdate = true;
                }
            }

            for (std::size_t ci = 0; ci < sc.commands.size(); ++ci) {
                const ShCommand &c = sc.commands[ci];
                if (c.sudo >= 0) {
                    const ShWord &sw = c.words[std::size_t(c.sudo)];
                    std::optional<Fix> fix;
                    if (std::size_t(c.sudo) + 1 == c.first && c.valid() && sc.mapped(sw.begin, c.words[c.first].begin))
                        fix = Fix{in.rangeOfArg(sw.begin, c.words[c.first].begin - sw.begin), "", "Remove sudo"};
                    report("FL6002", sc.range(sw), "sudo in RUN: the command already runs as the current USER.",
                           "Remove sudo, and use USER to change the user for later instructions.", fix);
                }
                if (!c.valid())
                    continue;
                const std::string_view name = c.name();
                const ShWord &cmdWord = c.words[c.first];

                if (name == "set")
                    for (std::size_t i = c.first + 1; i < c.words.size(); ++i)
                        if (c.words[i].text == "pipefail")
                            setsPipefail = true;

                if (name == "apt-get" || name == "apt") {
                    checkApt(sc, c, s, aptCacheMount || removesAptLists, aptInstall, aptUpdate, in, pendingUpdates);
                } else if (name == "apk") {
                    const std::size_t sub = subcommandIndex(c, {"-X", "--repository", "-p", "--root", "--arch",
                                                               "--cache-dir", "--keys-dir", "--repositories-file"});
                    if (sub < c.words.size() && c.words[sub].text == "add" && !c.hasWord("--no-cache")
                        && mounts.find("/var/cache/apk") == std::string::npos
                        && sc.text.find("/var/cache/apk") == std::string::npos) {
                        const ShWord &w = c.words[sub];
                        report("FL2007", sc.range(cmdWord.begin, w.end),
                               "apk add without --no-cache keeps the package index in the layer.",
                               "Add --no-cache after 'apk add'.", sc.insertAfter(w, " --no-cache", "Add --no-cache"));
                    }
                } else if (oneOf(name, {"yum", "dnf", "microdnf"})) {
                    const std::size_t sub = subcommandIndex(c, {"-c", "--config", "--setopt", "--enablerepo",
                                                               "--disablerepo", "--releasever", "--installroot"});
                    if (sub < c.words.size() && oneOf(c.words[sub].text, {"install", "groupinstall", "localinstall"})) {
                        const ShWord &w = c.words[sub];
                        const SourceRange r = sc.range(cmdWord.begin, w.end);
                        bool yes = false;
                        for (std::size_t i = c.first + 1; i < c.words.size(); ++i) {
                            const std::string_view t = c.words[i].text;
                            if (t == "--assumeyes" || (isShortFlag(t) && t.find('y') != std::string_view::npos))
                                yes = true;
                        }
                        if (!yes && name != "microdnf")
                            report("FL2010", r, std::string(name) + " install without -y waits for a confirmation.",
                                   "Add -y after '" + std::string(name) + " install'.",
                                   sc.insertAfter(w, " -y", "Add -y"));
                        if (!yumClean && m_inFinal[std::size_t(s)] && mounts.find("/var/cache") == std::string::npos)
                            report("FL2009", r,
                                   std::string(name) + " install without '" + std::string(name)
                                       + " clean all' in the same RUN keeps the cache in the layer.",
                                   "Append '&& " + std::string(name) + " clean all' to this RUN.",
                                   appendFix(sc, " && " + std::string(name) + " clean all",
                                             "Add " + std::string(name) + " clean all"));
                    }
                } else if (std::size_t pipIdx = 0; isPip(c, &pipIdx)) {
                    const std::size_t sub = subcommandIndex(c.words, pipIdx, {"--index-url", "-i", "--proxy", "--cache-dir"});
                    bool noCache = st.pipNoCache || mounts.find("pip") != std::string::npos;
                    for (std::size_t i = 0; i < c.words.size(); ++i)
                        if (c.words[i].text.starts_with("--no-cache-dir") || c.words[i].text.starts_with("PIP_NO_CACHE_DIR="))
                            noCache = true;
                    if (sub < c.words.size() && c.words[sub].text == "install" && !noCache) {
                        const ShWord &w = c.words[sub];
                        report("FL2008", sc.range(cmdWord.begin, w.end),
                               "pip install without --no-cache-dir keeps downloaded packages in the layer.",
                               "Add --no-cache-dir after 'pip install'.",
                               sc.insertAfter(w, " --no-cache-dir", "Add --no-cache-dir"));
                    }
                } else if (std::size_t sub = 0; name == "npm" && isNpmProjectInstall(c, &sub)
                                                && c.words[sub].text != "ci") {
                    checkNpm(sc, c, sub);
                } else if (name == "cd") {
                    bool earlierCd = false;
                    for (std::size_t j = 0; j < ci; ++j)
                        earlierCd = earlierCd || sc.commands[j].name() == "cd";
                    if (!earlierCd)
                        report("FL3001", sc.range(cmdWord),
                               "cd in RUN only lasts until the end of this RUN.",
                               "Use WORKDIR to change the directory for later instructions.");
                } else if (name == "useradd") {
                    checkUseradd(sc, c);
                }

                if (name == "curl" || name == "wget") {
                    if (name == "curl" && !firstCurl) {
                        firstCurl = &cmdWord;
                        curlScript = &sc;
                    }
                    if (name == "wget" && !firstWget) {
                        firstWget = &cmdWord;
                        wgetScript = &sc;
                    }
                    if (c.sep == "|" && !setsPipefail && !st.pipefail && st.posixShell)
                        report("FL3002", sc.range(c.sepBegin, c.sepBegin + 1),
                               "The output of " + std::string(name)
                                   + " is piped without pipefail: a failed download does not fail the build.",
                               "Add SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before this RUN, or start "
                               "it with 'set -o pipefail &&' when the shell supports it.");
                }
            }
        }

        if (firstCurl && firstWget) {
            const bool curlFirst = curlScript->inst->range.begin.offset < wgetScript->inst->range.begin.offset
                || (curlScript == wgetScript && firstCurl->begin < firstWget->begin);
            const Script &later = curlFirst ? *wgetScript : *curlScript;
            const Script &earlier = curlFirst ? *curlScript : *wgetScript;
            const ShWord &w = curlFirst ? *firstWget : *firstCurl;
            report("FL3003", later.range(w),
                   std::string("This Dockerfile uses both curl and wget (") + (curlFirst ? "curl" : "wget")
                       + " on " + lineRef(*earlier.inst) + ").",
                   std::string("Use only ") + (curlFirst ? "curl" : "wget") + " for downloads.");
        }
    }

    std::optional<Fix> appendFix(const Script &sc, std::string text, std::string title) const
    {
        if (sc.commands.empty() || !sc.heredocStarts.empty() || sc.argsLength < 0)
            return std::nullopt;
        const ShCommand &last = sc.commands.back();
        if (last.words.empty() || !last.sep.empty())
            return std::nullopt;
        const std::string_view args = sc.inst->args;
        const auto lastChar = args.find_last_not_of(" \t\r\n");
        if (lastChar == std::string_view::npos || int(lastChar) + 1 != last.words.back().end)
            return std::nullopt;
        return Fix{sc.inst->rangeOfArg(int(lastChar) + 1, 0), std::move(text), std::move(title)};
    }

    void checkApt(const Script &sc, const ShCommand &c, int stage, bool listsHandled, bool installInRun,
                  bool updateInRun, const Instruction &in, std::vector<std::pair<int, const ShWord *>> &pendingUpdates)
    {
        const ShWord &cmdWord = c.words[c.first];
        const std::string_view name = c.name();
        const std::size_t sub = subcommandIndex(c, {"-o", "-t", "-c", "--option", "--target-release", "--config-file"});
        const std::string_view subText = sub < c.words.size() ? std::string_view(c.words[sub].text) : "";
        if (name == "apt") {
            const bool mapsToAptGet = oneOf(subText, {"install", "update", "upgrade", "remove", "purge", "autoremove",
                                                      "clean", "autoclean", "dist-upgrade"});
            report("FL2005", sc.range(cmdWord), "apt is meant for interactive use; scripts should use apt-get.",
                   "Use apt-get (or apt-cache for search and show).",
                   mapsToAptGet ? sc.replace(cmdWord, "apt-get", "Use apt-get") : std::nullopt);
        }
        if (oneOf(subText, {"upgrade", "dist-upgrade", "full-upgrade"}))
            report("FL2004", sc.range(c.words[sub]),
                   std::string(name) + " " + std::string(subText) + " makes the image depend on the day of the build.",
                   "Remove the upgrade and use a more recent base image instead.");
        if (subText == "update") {
            if (!installInRun)
                pendingUpdates.emplace_back(int(&in - m_file.instructions.data()), &c.words[sub]);
            return;
        }
        if (subText != "install")
            return;
        // An update alone in an earlier RUN of this stage: that cached layer can be stale.
        for (const auto &[runIndex, word] : pendingUpdates)
            if (m_stageOf[std::size_t(runIndex)] == stage && !updateInRun)
                report("FL2006", m_scripts[std::size_t(runIndex)].range(*word),
                       "'" + std::string(name) + " update' runs in an earlier RUN whose cached layer can keep "
                       "old package lists for the install on " + lineRef(in) + ".",
                       "Combine 'apt-get update && apt-get install ...' in the same RUN.");
        pendingUpdates.clear();

        const ShWord &w = c.words[sub];
        const SourceRange r = sc.range(cmdWord.begin, w.end);
        bool recommends = true, yes = false;
        for (std::size_t i = c.first + 1; i < c.words.size(); ++i) {
            const std::string_view t = c.words[i].text;
            if (t == "--no-install-recommends" || t.find("Install-Recommends=false") != std::string_view::npos
                || t.find("Install-Recommends=0") != std::string_view::npos)
                recommends = false;
            if (oneOf(t, {"-y", "--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2"})
                || t.find("Assume-Yes=true") != std::string_view::npos
                || (isShortFlag(t) && (t.find('y') != std::string_view::npos
                                       || std::count(t.begin(), t.end(), 'q') >= 2)))
                yes = true;
        }
        if (recommends)
            report("FL2001", r, std::string(name) + " install without --no-install-recommends also installs "
                                "recommended packages.",
                   "Add --no-install-recommends after '" + std::string(name) + " install'.",
                   sc.insertAfter(w, " --no-install-recommends", "Add --no-install-recommends"));
        if (!yes)
            report("FL2002", r, std::string(name) + " install without -y stops at the confirmation prompt.",
                   "Add -y after '" + std::string(name) + " install'.", sc.insertAfter(w, " -y", "Add -y"));
        if (!listsHandled && m_inFinal[std::size_t(stage)])
            report("FL2003", r, "The apt package lists in /var/lib/apt/lists stay in this layer.",
                   "End this RUN with '&& rm -rf /var/lib/apt/lists/*'.",
                   appendFix(sc, " && rm -rf /var/lib/apt/lists/*", "Remove the apt lists"));
    }

    void checkNpm(const Script &sc, const ShCommand &c, std::size_t sub)
    {
        bool contextKnown = !m_options.contextFiles.empty(), lock = false;
        for (const auto &f : m_options.contextFiles) {
            const std::string_view b = baseName(f);
            if (b == "package-lock.json" || b == "npm-shrinkwrap.json")
                lock = true;
        }
        if (contextKnown && !lock)
            return;
        const ShWord &w = c.words[sub];
        report("FL2011", sc.range(c.words[c.first].begin, w.end),
               lock ? "npm install where the build context has a package-lock.json: npm ci installs exactly the "
                      "locked versions."
                    : "npm install: if the project has a package-lock.json, npm ci installs exactly the locked "
                      "versions.",
               "Replace 'npm install' with 'npm ci' (it needs package-lock.json in the image).",
               sc.replace(w, "ci", "Use npm ci"), lock ? Severity::Warning : Severity::Info);
    }

    void checkUseradd(const Script &sc, const ShCommand &c)
    {
        bool noLog = false;
        long uid = -1;
        for (std::size_t i = c.first + 1; i < c.words.size(); ++i) {
            const std::string_view t = c.words[i].text;
            if (t == "--no-log-init" || (isShortFlag(t) && t.find('l') != std::string_view::npos && t != "-u"))
                noLog = true;
            if ((t == "-u" || t == "--uid") && i + 1 < c.words.size())
                uid = toNumber(c.words[i + 1].text);
            else if (t.starts_with("--uid="))
                uid = toNumber(t.substr(6));
            else if (t.starts_with("-u") && t.size() > 2 && allDigits(t.substr(2)))
                uid = toNumber(t.substr(2));
        }
        if (!noLog && uid > 99999) {
            const ShWord &w = c.words[c.first];
            report("FL3004", sc.range(w),
                   "useradd with UID " + std::to_string(uid) + " without -l can add a huge /var/log/lastlog to the layer.",
                   "Add -l (--no-log-init) to useradd.", sc.insertAfter(w, " -l", "Add -l"));
        }
    }

    // -- FL4: COPY, ADD, WORKDIR ---------------------------------------------------------------

    /// Sources and destination of COPY/ADD as (text, range) pairs; false when not analysable.
    struct CopyArg {
        std::string text;
        SourceRange range;
        const Word *word = nullptr;
    };

    bool copyArgs(const Instruction &in, std::vector<CopyArg> &out) const
    {
        out.clear();
        if (!in.heredocs.empty())
            return false;
        if (in.execForm) {
            for (const auto &a : in.execArgs)
                out.push_back({a, in.argsRange, nullptr});
        } else {
            for (const auto &w : in.words)
                out.push_back({w.text, wordRange(in, w), &w});
        }
        return out.size() >= 2;
    }

    void checkFiles()
    {
        std::vector<CopyArg> args;
        std::vector<bool> workdirSet(m_file.stages.size(), false);
        for (std::size_t idx = 0; idx < m_file.instructions.size(); ++idx) {
            const Instruction &in = m_file.instructions[idx];
            const int s = m_stageOf[idx];
            if (s < 0)
                continue;
            if (in.kind == InstructionKind::From) {
                if (const int p = m_parent[std::size_t(s)]; p >= 0)
                    workdirSet[std::size_t(s)] = workdirSet[std::size_t(p)];
                continue;
            }
            if (in.kind == InstructionKind::Workdir) {
                const auto first = in.args.find_first_not_of(" \t");
                if (first != std::string::npos && !workdirSet[std::size_t(s)]) {
                    const std::string_view path = std::string_view(in.args).substr(first);
                    const bool absolute = path[0] == '/' || path[0] == '$' || path[0] == '\\'
                        || (path.size() >= 2 && path[1] == ':');
                    if (!absolute && path[0] != '"' && path[0] != '\'')
                        report("FL4008", in.rangeOfArg(int(first), int(in.args.find_last_not_of(" \t") + 1 - first)),
                               "WORKDIR '" + std::string(path) + "' is relative to the base image's working directory.",
                               "Use an absolute path such as '/" + std::string(path) + "'.",
                               Fix{in.rangeOfArg(int(first), 0), "/", "Make the path absolute"});
                }
                workdirSet[std::size_t(s)] = true;
                continue;
            }
            if (in.kind != InstructionKind::Copy && in.kind != InstructionKind::Add)
                continue;
            if (!copyArgs(in, args))
                continue;
            const std::string keyword(instructionName(in.kind));
            const CopyArg &dest = args.back();
            const auto from = in.flag("from");

            if (args.size() > 2) {
                const std::string_view d = dest.text;
                const bool dirOk = d.ends_with('/') || d.ends_with('\\') || d == "." || d == ".." || d.ends_with("/.")
                    || d.find('$') != std::string_view::npos;
                if (!dirOk) {
                    std::optional<Fix> fix;
                    if (dest.word && dest.word->raw == dest.text)
                        fix = Fix{in.rangeOfArg(dest.word->offset + dest.word->length, 0), "/", "Add a trailing /"};
                    report("FL4002", dest.range,
                           keyword + " with " + std::to_string(args.size() - 1) + " sources needs a directory "
                                     "destination ending with '/'.",
                           "Write the destination as '" + dest.text + "/'.", fix);
                }
            }

            if (in.kind == InstructionKind::Add) {
                bool addOnly = false;
                for (const auto &f : in.flags)
                    addOnly = addOnly || oneOf(f.name, {"checksum", "keep-git-dir", "unpack"});
                bool local = !addOnly;
                for (std::size_t i = 0; i + 1 < args.size() && local; ++i)
                    local = !isArchiveOrRemote(args[i].text);
                if (local)
                    report("FL4001", in.keywordRange, "ADD copies local files here: COPY does the same without surprises.",
                           "Use COPY; keep ADD for URLs and archives to unpack.",
                           Fix{in.keywordRange, upper(in.keyword) == in.keyword ? "COPY" : "copy", "Use COPY"});
            }

            if (from) {
                checkCopyFrom(in, *from, s);
                continue;
            }

            const CopyArg *whole = nullptr;
            for (std::size_t i = 0; i + 1 < args.size() && !whole; ++i)
                if (isWholeContext(args[i].text))
                    whole = &args[i];
            if (!whole)
                continue;

            const std::string_view d = dest.text;
            const bool intoRoot = d == "/" || (!workdirSet[std::size_t(s)] && !d.empty() && d[0] != '/' && d[0] != '$'
                                               && d[0] != '\\' && !(d.size() >= 2 && d[1] == ':'));
            if (intoRoot)
                report("FL4007", dest.range,
                       "The whole build context is copied into the root directory: no WORKDIR is set in this stage.",
                       "Add 'WORKDIR /app' (or another directory) before this " + keyword + ".");

            const auto &stageInsts = m_file.stages[std::size_t(s)].instructions;
            for (int later : stageInsts) {
                if (later <= int(idx) || inst(later).kind != InstructionKind::Run)
                    continue;
                const ShCommand *install = nullptr;
                for (const auto &c : m_scripts[std::size_t(later)].commands)
                    if (!install && isDependencyInstall(c))
                        install = &c;
                if (!install)
                    continue;
                std::string what;
                for (std::size_t i = install->first; i < install->words.size() && i < install->first + 3; ++i)
                    what += (what.empty() ? "" : " ") + install->words[i].text;
                report("FL4006", whole->range,
                       keyword + " of the whole build context comes before '" + what + "' on " + lineRef(inst(later))
                           + ": every source change re-runs the install.",
                       "Copy only the dependency manifests first, run the install, then copy the rest.");
                break;
            }
        }
    }

    void checkCopyFrom(const Instruction &in, const std::string &from, int stage)
    {
        if (from.find('$') != std::string::npos)
            return;
        const Flag *flag = nullptr;
        for (const auto &f : in.flags)
            if (f.name == "from")
                flag = &f;
        const SourceRange r = flag ? flag->range : in.keywordRange;
        if (allDigits(from)) {
            const long n = toNumber(from);
            if (n >= stage)
                report("FL4003", r,
                       n == stage ? "--from=" + from + " is the current stage."
                       : n >= stageCount() ? "There is no stage " + from + " (stages are numbered from 0)."
                                           : "--from=" + from + " is a later stage.",
                       "Copy only from a stage defined before this one.");
            return;
        }
        const std::string l = lower(from);
        for (const auto &st : m_file.stages) {
            if (st.name != l)
                continue;
            if (st.index >= stage)
                report("FL4003", r,
                       st.index == stage ? "'" + from + "' is the current stage."
                                         : "The stage '" + from + "' is defined later, on " + lineRef(inst(st.fromInstruction)) + ".",
                       "Copy only from a stage defined before this one.");
            return;
        }
        const ImageRef ref = parseImageRef(from);
        if (ref.tag == "latest") {
            report("FL4005", r, "--from=" + from + " uses the 'latest' tag, which changes over time.",
                   "Pin a version tag or a digest.");
        } else if (ref.tag.empty() && !ref.digest && l != "scratch") {
            std::string guess;
            for (int s = 0; s < stage; ++s) {
                const std::string &name = m_file.stages[std::size_t(s)].name;
                if (!name.empty() && editDistance(name, l) <= 2)
                    guess = name;
            }
            report("FL4004", r,
                   "No earlier stage is named '" + from + "': Docker uses the image '" + from + ":latest'"
                       + (guess.empty() ? "." : " (did you mean the stage '" + guess + "'?)."),
                   guess.empty() ? "Name a stage defined above, or pin the image with a tag."
                                 : "Write --from=" + guess + ".",
                   guess.empty() || !flag ? std::nullopt
                                          : std::optional<Fix>(Fix{flag->range, "--from=" + guess, "Use stage " + guess}));
        }
    }

    // -- FL5: runtime configuration -------------------------------------------------------------

    void checkRuntime()
    {
        for (const auto &st : m_file.stages) {
            std::vector<int> cmds, entrypoints, healthchecks;
            for (int i : st.instructions) {
                const Instruction &in = inst(i);
                switch (in.kind) {
                case InstructionKind::Cmd: cmds.push_back(i); checkShellForm(in); break;
                case InstructionKind::Entrypoint: entrypoints.push_back(i); checkShellForm(in); break;
                case InstructionKind::Healthcheck: healthchecks.push_back(i); break;
                case InstructionKind::Expose: checkExpose(in); break;
                case InstructionKind::Stopsignal: {
                    const auto a = in.args.find_first_not_of(" \t");
                    if (a != std::string::npos && in.args.find('$') == std::string::npos) {
                        const auto e = in.args.find_last_not_of(" \t") + 1;
                        const std::string_view sig = std::string_view(in.args).substr(a, e - a);
                        if (!isValidSignal(sig))
                            report("FL5006", in.rangeOfArg(int(a), int(e - a)),
                                   "'" + std::string(sig) + "' is not a signal.",
                                   "Use a signal name such as SIGTERM or SIGINT, or a number from 1 to 64.");
                    }
                    break;
                }
                case InstructionKind::Onbuild:
                    if (st.index == stageCount() - 1)
                        report("FL5007", in.keywordRange,
                               "ONBUILD does nothing in this build: it runs when another image is built FROM this one.",
                               "Keep ONBUILD for base images; run the instruction directly otherwise.");
                    break;
                default: break;
                }
            }
            reportDuplicates("FL5001", "CMD", cmds);
            reportDuplicates("FL5002", "ENTRYPOINT", entrypoints);
            reportDuplicates("FL5004", "HEALTHCHECK", healthchecks);
        }
    }

    void reportDuplicates(std::string_view id, const std::string &what, const std::vector<int> &list)
    {
        for (std::size_t i = 0; i + 1 < list.size(); ++i)
            report(id, inst(list[i]).keywordRange,
                   "This " + what + " has no effect: the " + what + " on " + lineRef(inst(list.back())) + " replaces it.",
                   "Remove this " + what + ".");
    }

    void checkShellForm(const Instruction &in)
    {
        if (in.execForm || !in.heredocs.empty())
            return;
        const auto a = in.args.find_first_not_of(" \t");
        if (a == std::string::npos)
            return;
        const auto e = in.args.find_last_not_of(" \t") + 1;
        const std::string_view text = std::string_view(in.args).substr(a, e - a);
        if (text.starts_with("exec ") || text.starts_with("[")) // exec replaces the shell; "[" is a broken JSON array
            return;
        const std::string keyword(instructionName(in.kind));
        std::optional<Fix> fix;
        if (text.find_first_of("$&|;<>*?\"'\\`(){}[]~") == std::string_view::npos && !in.words.empty()) {
            std::string json = "[";
            for (const auto &w : in.words)
                json += (json.size() > 1 ? ", \"" : "\"") + w.text + "\"";
            json += "]";
            fix = Fix{in.rangeOfArg(int(a), int(e - a)), json, "Use the exec form"};
        }
        report("FL5003", in.rangeOfArg(int(a), int(e - a)),
               keyword + " in shell form runs under /bin/sh -c, which does not forward signals such as SIGTERM.",
               "Use the exec form: " + keyword + " [\"executable\", \"arg\", ...].", fix);
    }

    void checkExpose(const Instruction &in)
    {
        for (const auto &w : in.words) {
            const std::string_view t = w.text;
            if (t.find('$') != std::string_view::npos)
                continue;
            const auto slash = t.find('/');
            const std::string_view port = t.substr(0, slash);
            const std::string proto = slash == std::string_view::npos ? "" : lower(t.substr(slash + 1));
            std::string problem;
            if (port.find(':') != std::string_view::npos) {
                problem = "EXPOSE takes container ports only; '" + std::string(t)
                        + "' looks like a host:container mapping.";
            } else if (slash != std::string_view::npos && !oneOf(proto, {"tcp", "udp", "sctp"})) {
                problem = "Unknown protocol '" + proto + "' in '" + std::string(t) + "'.";
            } else {
                const auto dash = port.find('-');
                const long lo = toNumber(port.substr(0, dash));
                const long hi = dash == std::string_view::npos ? lo : toNumber(port.substr(dash + 1));
                if (lo < 1 || hi > 65535 || hi < lo)
                    problem = "'" + std::string(port) + "' is not a valid port or port range.";
                else if (lo == 22 && hi == 22)
                    report("FL6003", wordRange(in, w), "Port 22 (ssh) is exposed.",
                           "Remove the ssh server and use 'docker exec' or 'kubectl exec' for a shell.");
            }
            if (!problem.empty())
                report("FL5005", wordRange(in, w), problem,
                       "Use a port from 1 to 65535 or a range like 8000-8010, optionally with /tcp, /udp or /sctp.");
        }
    }

    // -- FL6: user --------------------------------------------------------------------------------

    void checkUser()
    {
        if (m_file.stages.empty())
            return;
        const Stage &last = m_file.stages.back();
        const Instruction &from = inst(last.fromInstruction);
        if (from.kind != InstructionKind::From)
            return;
        const int root = chain(last.index).front();
        const std::string base = lower(m_file.stages[std::size_t(root)].baseImage);
        const Instruction *user = nullptr;
        for (int i : chainInstructions(last.index))
            if (inst(i).kind == InstructionKind::User)
                user = &inst(i);
        if (!user) {
            if (base.find("nonroot") != std::string::npos || base.find("rootless") != std::string::npos
                || base.find('$') != std::string::npos)
                return;
            report("FL6001", from.keywordRange, "No USER is set: the container of the final stage runs as root.",
                   "Create a user (or use an existing one such as 'node') and add USER <name> near the end.");
            return;
        }
        if (user->words.empty())
            return;
        const Word &w = user->words.front();
        const std::string name = w.text.substr(0, w.text.find(':'));
        if (name == "root" || name == "0")
            report("FL6001", wordRange(*user, w), "The final stage switches to root, so the container runs as root.",
                   "Switch to an unprivileged user with USER <name> after the steps that need root.");
    }

    // -- FL7: variables ----------------------------------------------------------------------------

    /// Where `name` is referenced in an instruction (args, flags, heredocs), if it is.
    std::optional<SourceRange> findRef(const Instruction &in, std::string_view name) const
    {
        std::size_t len = 0;
        if (const auto pos = findVarRef(in.args, name, 0, &len); pos != std::string_view::npos)
            return in.rangeOfArg(int(pos), int(len));
        for (const auto &f : in.flags)
            if (findVarRef(f.value, name, 0, nullptr) != std::string_view::npos)
                return f.range;
        for (const auto &h : in.heredocs)
            if (!h.quoted && findVarRef(h.content, name, 0, nullptr) != std::string_view::npos)
                return h.range;
        if (in.onbuildTrigger)
            if (findRef(*in.onbuildTrigger, name))
                return in.argsRange;
        return std::nullopt;
    }

    void checkArgs()
    {
        // Global ARGs: used in FROM lines or brought into a stage by re-declaration.
        std::set<std::string> globalNames;
        std::map<std::string, bool> globalReferencedInStage;
        for (int gi : m_file.globalArgs) {
            if (inst(gi).kind == InstructionKind::Arg)
                for (const auto &kv : keyValues(inst(gi)))
                    globalNames.insert(kv.key);
        }

        // Stage ARGs and references to undeclared global ARGs.
        for (const auto &st : m_file.stages) {
            std::set<std::string> declared;
            for (int i : chainInstructions(st.index))
                if (m_stageOf[std::size_t(i)] != st.index && inst(i).kind == InstructionKind::Env)
                    for (const auto &kv : keyValues(inst(i)))
                        declared.insert(kv.key);
            std::set<std::string> reported;
            const auto &list = st.instructions;
            for (std::size_t k = 0; k < list.size(); ++k) {
                const Instruction &in = inst(list[k]);
                for (const auto &g : globalNames) {
                    if (declared.count(g) || reported.count(g))
                        continue;
                    if (auto r = findRef(in, g)) {
                        reported.insert(g);
                        globalReferencedInStage[g] = true;
                        report("FL7002", *r,
                               "'" + g + "' is a global ARG (declared before the first FROM); it is empty inside "
                               "this stage.",
                               "Add 'ARG " + g + "' inside this stage, before its first use.");
                    }
                }
                if (in.kind != InstructionKind::Arg && in.kind != InstructionKind::Env)
                    continue;
                for (const auto &kv : keyValues(in)) {
                    declared.insert(kv.key);
                    if (in.kind != InstructionKind::Arg || globalNames.count(kv.key))
                        continue; // re-declaring a global ARG counts as using it
                    bool used = false, runFollows = false;
                    for (std::size_t j = k + 1; j < list.size() && !used; ++j) {
                        used = findRef(inst(list[j]), kv.key).has_value();
                        runFollows = runFollows || inst(list[j]).kind == InstructionKind::Run;
                    }
                    if (!used && !(runFollows && isEnvironmentConsumed(kv.key)))
                        report("FL7001", in.rangeOfArg(kv.offset, int(kv.key.size())),
                               "ARG " + kv.key + " is never used in this stage.",
                               "Remove it, or reference it as $" + kv.key + " in a later instruction of the stage.");
                }
            }
        }

        for (int gi : m_file.globalArgs) {
            const Instruction &in = inst(gi);
            if (in.kind != InstructionKind::Arg)
                continue;
            for (const auto &kv : keyValues(in)) {
                bool used = globalReferencedInStage.count(kv.key) > 0;
                for (const auto &st : m_file.stages) {
                    if (used)
                        break;
                    used = findRef(inst(st.fromInstruction), kv.key).has_value();
                    for (int i : st.instructions) {
                        if (inst(i).kind != InstructionKind::Arg)
                            continue;
                        for (const auto &other : keyValues(inst(i)))
                            used = used || other.key == kv.key;
                    }
                }
                for (int other : m_file.globalArgs) // used by a later global ARG's default value
                    if (other > gi && findRef(inst(other), kv.key))
                        used = true;
                if (!used)
                    report("FL7001", in.rangeOfArg(kv.offset, int(kv.key.size())),
                           "ARG " + kv.key + " is declared before the first FROM but used in no FROM line and "
                           "declared in no stage.",
                           "Remove it, use it in a FROM line, or add 'ARG " + kv.key + "' inside the stage that needs it.");
            }
        }
    }

    // -- FL6 secrets, FL7 ENV, FL8 style ---------------------------------------------------------

    void checkEnvAndStyle()
    {
        int upperCount = 0, lowerCount = 0;
        for (const auto &in : m_file.instructions) {
            if (in.kind == InstructionKind::Unknown)
                continue;
            if (in.keyword == upper(in.keyword))
                ++upperCount;
            else if (in.keyword == lower(in.keyword))
                ++lowerCount;
        }
        const bool expectUpper = upperCount >= lowerCount;

        for (const auto &in : m_file.instructions) {
            if (in.kind == InstructionKind::Unknown)
                continue;
            const std::string wanted = expectUpper ? upper(in.keyword) : lower(in.keyword);
            if (in.keyword != wanted)
                report("FL8003", in.keywordRange,
                       "'" + in.keyword + "' is not written like the other instructions (" +
                           (expectUpper ? "upper case" : "lower case") + ").",
                       "Write '" + wanted + "'.", Fix{in.keywordRange, wanted, "Write " + wanted});

            if (in.kind == InstructionKind::Maintainer) {
                const auto a = in.args.find_first_not_of(" \t");
                std::optional<Fix> fix;
                std::string value;
                if (a != std::string::npos) {
                    const auto e = in.args.find_last_not_of(" \t") + 1;
                    for (char c : std::string_view(in.args).substr(a, e - a)) {
                        if (c == '"' || c == '\\')
                            value += '\\';
                        value += c;
                    }
                    fix = Fix{SourceRange{in.keywordRange.begin, in.rangeOfArg(int(e), 0).end},
                              (expectUpper ? "LABEL" : "label") + std::string(" maintainer=\"") + value + "\"",
                              "Use LABEL maintainer"};
                }
                report("FL8001", in.keywordRange, "MAINTAINER is deprecated.",
                       "Use LABEL maintainer=\"" + (value.empty() ? std::string("name <email>") : value) + "\".", fix);
            }

            if ((in.kind == InstructionKind::Env || in.kind == InstructionKind::Label) && !in.words.empty()
                && in.words.front().text.find('=') == std::string::npos) {
                const Word &key = in.words.front();
                std::optional<Fix> fix;
                if (in.words.size() >= 2) {
                    const auto e = in.args.find_last_not_of(" \t") + 1;
                    const std::string rest = in.args.substr(std::size_t(in.words[1].offset), e - std::size_t(in.words[1].offset));
                    std::string replacement;
                    if (in.words.size() == 2)
                        replacement = key.raw + "=" + in.words[1].raw;
                    else if (rest.find_first_of("\"'\\") == std::string::npos)
                        replacement = key.raw + "=\"" + rest + "\"";
                    if (!replacement.empty())
                        fix = Fix{in.rangeOfArg(key.offset, int(e) - key.offset), replacement, "Use key=value"};
                }
                report("FL8002", wordRange(in, key),
                       std::string(instructionName(in.kind)) + " " + key.text + " uses the legacy 'key value' form.",
                       "Write " + std::string(instructionName(in.kind)) + " " + key.text + "=<value>.", fix);
            }

            if (in.kind == InstructionKind::Env || in.kind == InstructionKind::Arg) {
                const auto kvs = keyValues(in);
                for (std::size_t j = 0; j < kvs.size(); ++j) {
                    const KeyValue &kv = kvs[j];
                    if (looksSecret(kv.key))
                        report("FL6004", in.rangeOfArg(kv.offset, int(kv.key.size())),
                               std::string(instructionName(in.kind)) + " " + kv.key
                                   + " looks like a secret; its value is visible to anyone with the image.",
                               "Pass secrets with RUN --mount=type=secret (docker build --secret) instead.");
                    if (in.kind != InstructionKind::Env)
                        continue;
                    for (std::size_t i = 0; i < j; ++i) {
                        if (kvs[i].key == kv.key)
                            continue;
                        const std::size_t valueFrom = std::size_t(kv.offset) + kv.key.size();
                        std::size_t len = 0;
                        const std::size_t end = j + 1 < kvs.size() ? std::size_t(kvs[j + 1].offset) : in.args.size();
                        const auto pos = findVarRef(in.args, kvs[i].key, valueFrom, &len);
                        if (pos != std::string::npos && pos < end) {
                            report("FL7003", in.rangeOfArg(int(pos), int(len)),
                                   "$" + kvs[i].key + " here is the value from before this ENV, not the one set "
                                   "earlier on the same line.",
                                   "Move " + kv.key + " into a separate ENV instruction after this one.");
                            break;
                        }
                    }
                }
            }
        }
    }
};

} // namespace

const std::vector<LintRule> &lintRules() { return rules(); }

const LintRule *findLintRule(std::string_view id)
{
    const auto &r = rules();
    const auto it = std::lower_bound(r.begin(), r.end(), id,
                                     [](const LintRule &rule, std::string_view v) { return rule.id < v; });
    return it != r.end() && it->id == id ? &*it : nullptr;
}

std::vector<Diagnostic> lintDockerfile(const Dockerfile &file, const LintOptions &options)
{
    try {
        return Linter(file, options).run();
    } catch (...) {
        return {};
    }
}

std::vector<Diagnostic> checkDockerfile(std::string_view text, const LintOptions &options)
{
    try {
        ParseResult parsed = parseDockerfile(text);
        std::vector<Diagnostic> out = std::move(parsed.errors);
        // Lint even when there are parse errors, but not inside an instruction that failed to parse: the
        // parser's best guess there would produce misleading findings.
        std::vector<std::pair<int, int>> broken;
        for (const auto &e : out)
            for (const auto &in : parsed.file.instructions)
                if (in.range.contains(e.range.begin.line))
                    broken.emplace_back(in.range.begin.line, in.range.end.line);
        for (auto &d : lintDockerfile(parsed.file, options)) {
            const int line = d.range.begin.line;
            const bool inBroken = std::any_of(broken.begin(), broken.end(),
                                              [line](const auto &b) { return line >= b.first && line <= b.second; });
            if (!inBroken)
                out.push_back(std::move(d));
        }
        std::stable_sort(out.begin(), out.end(), [](const Diagnostic &a, const Diagnostic &b) {
            if (a.range.begin.line != b.range.begin.line)
                return a.range.begin.line < b.range.begin.line;
            return a.range.begin.column < b.range.begin.column;
        });
        return out;
    } catch (...) {
        return {};
    }
}

} // namespace flotilla::engine::image
