#include "containers.h"

#include "../api/kinds.h"
#include "../common/log.h"
#include "../image/reference.h"
#include "../runtime/containerlogs.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace flotilla::engine::sandbox {

using runtime::ImageKind;

namespace {
constexpr std::string_view kLog = "containers";
constexpr const char *kApiVersion = "flotilla.dev/v1alpha1";
constexpr const char *kZeroTime = "0001-01-01T00:00:00Z";
/// How long a one-shot command (echo, ls, a shell without a tty) runs.
constexpr TimeMs kOneShotMs = 40;
/// The ephemeral range Docker picks host ports from (Linux's ip_local_port_range).
constexpr int kEphemeralFirst = 32768;
constexpr int kEphemeralLast = 60999;

// Docker's name generator: "adjective_surname" (its lists, abridged).
constexpr std::array kAdjectives = {
    "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful", "blissful",
    "bold", "boring", "brave", "busy", "charming", "clever", "compassionate", "competent", "condescending",
    "confident", "cool", "cranky", "crazy", "dazzling", "determined", "distracted", "dreamy", "eager",
    "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting", "fervent", "festive",
    "flamboyant", "focused", "friendly", "frosty", "funny", "gallant", "gifted", "goofy", "gracious", "great",
    "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible", "inspiring", "intelligent",
    "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving", "lucid", "magical", "modest",
    "musing", "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic", "objective", "optimistic",
    "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical", "recursing", "relaxed",
    "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic", "strange", "stupefied",
    "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled", "upbeat", "vibrant", "vigilant",
    "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen"};
constexpr std::array kSurnames = {
    "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata", "austin", "babbage",
    "banach", "bardeen", "bartik", "bassi", "beaver", "bell", "benz", "bhabha", "bhaskara", "black",
    "blackburn", "blackwell", "bohr", "booth", "borg", "bose", "bouman", "boyd", "brahmagupta", "brattain",
    "brown", "buck", "burnell", "cannon", "carson", "cartwright", "carver", "cerf", "chandrasekhar",
    "chaplygin", "chatelet", "chatterjee", "chebyshev", "clarke", "cohen", "colden", "cori", "cray", "curie",
    "curran", "darwin", "davinci", "dewdney", "dhawan", "diffie", "dijkstra", "dirac", "driscoll", "dubinsky",
    "easley", "edison", "einstein", "elbakyan", "elgamal", "elion", "ellis", "engelbart", "euclid", "euler",
    "faraday", "feistel", "fermat", "fermi", "feynman", "franklin", "gagarin", "galileo", "galois", "ganguly",
    "gates", "gauss", "germain", "goldberg", "goldstine", "goldwasser", "golick", "goodall", "gould",
    "greider", "grothendieck", "haibt", "hamilton", "hawking", "heisenberg", "hellman", "hermann", "herschel",
    "hertz", "heyrovsky", "hodgkin", "hofstadter", "hoover", "hopper", "hugle", "hypatia", "jackson", "jang",
    "jemison", "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kapitsa", "kare", "keldysh",
    "keller", "kepler", "khayyam", "khorana", "kilby", "kirch", "knuth", "kowalevski", "lalande", "lamarr",
    "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin", "lichterman", "liskov", "lovelace",
    "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy", "mcclintock", "mclaren",
    "mclean", "mcnulty", "meitner", "mendel", "mendeleev", "meninsky", "merkle", "mestorf", "mirzakhani",
    "montalcini", "moore", "morse", "moser", "murdock", "napier", "nash", "neumann", "newton", "nightingale",
    "nobel", "noether", "northcutt", "noyce", "panini", "pare", "pascal", "pasteur", "payne", "perlman",
    "pike", "poincare", "poitras", "proskuriakova", "ptolemy", "raman", "ramanujan", "rhodes", "ride",
    "ritchie", "robinson", "roentgen", "rosalind", "rubin", "saha", "sammet", "sanderson", "satoshi",
    "shamir", "shannon", "shaw", "shirley", "shockley", "shtern", "sinoussi", "snyder", "solomon", "spence",
    "stonebraker", "sutherland", "swanson", "swartz", "swirles", "taussig", "tesla", "tharp", "thompson",
    "torvalds", "tu", "turing", "varahamihira", "vaughan", "villani", "visvesvaraya", "volhard", "wescoff",
    "wilbur", "wiles", "williams", "williamson", "wilson", "wing", "wozniak", "wright", "wu", "yalow",
    "yonath", "zhukovsky"};

struct Signal {
    const char *name;
    int number;
};
constexpr std::array<Signal, 31> kSignals = {{
    {"HUP", 1},     {"INT", 2},     {"QUIT", 3},   {"ILL", 4},    {"TRAP", 5},    {"ABRT", 6},   {"BUS", 7},
    {"FPE", 8},     {"KILL", 9},    {"USR1", 10},  {"SEGV", 11},  {"USR2", 12},   {"PIPE", 13},  {"ALRM", 14},
    {"TERM", 15},   {"STKFLT", 16}, {"CHLD", 17},  {"CONT", 18},  {"STOP", 19},   {"TSTP", 20},  {"TTIN", 21},
    {"TTOU", 22},   {"URG", 23},    {"XCPU", 24},  {"XFSZ", 25},  {"VTALRM", 26}, {"PROF", 27},  {"WINCH", 28},
    {"IO", 29},     {"PWR", 30},    {"SYS", 31},
}};
constexpr int kSigKill = 9;
constexpr int kSigTerm = 15;

bool validName(std::string_view name)
{
    // Docker's restricted pattern: [a-zA-Z0-9][a-zA-Z0-9_.-]+
    if (name.size() < 2 || !std::isalnum((unsigned char)name[0]))
        return false;
    return std::all_of(name.begin() + 1, name.end(), [](char c) {
        return std::isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
    });
}

bool isHex(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit((unsigned char)c) || (c >= 'a' && c <= 'f'); });
}

/// "8080" → "8080/tcp"; empty when not a port specification.
std::string normalizePort(const std::string &text)
{
    const auto slash = text.find('/');
    const std::string number = text.substr(0, slash);
    std::string proto = slash == std::string::npos ? "tcp" : text.substr(slash + 1);
    std::transform(proto.begin(), proto.end(), proto.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (number.empty() || number.size() > 5 || !std::all_of(number.begin(), number.end(), [](char c) { return std::isdigit((unsigned char)c); }))
        return {};
    const int n = std::atoi(number.c_str());
    if (n < 1 || n > 65535 || (proto != "tcp" && proto != "udp" && proto != "sctp"))
        return {};
    return std::to_string(n) + "/" + proto;
}

std::string protoOf(const std::string &port)
{
    const auto slash = port.find('/');
    return slash == std::string::npos ? "tcp" : port.substr(slash + 1);
}

bool anyAddress(const std::string &ip) { return ip.empty() || ip == "0.0.0.0" || ip == "::"; }

std::vector<std::string> stringList(const api::Json &j)
{
    std::vector<std::string> out;
    if (j.is_array())
        for (const auto &v : j)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

api::Json portsToJson(const std::vector<PortBinding> &ports)
{
    api::Json out = api::Json::array();
    for (const auto &p : ports)
        out.push_back({{"containerPort", p.containerPort}, {"hostIp", p.hostIp}, {"hostPort", p.hostPort}});
    return out;
}

std::vector<PortBinding> portsFromJson(const api::Json &j)
{
    std::vector<PortBinding> out;
    if (j.is_array())
        for (const auto &p : j)
            if (p.is_object())
                out.push_back({api::stringField(p, "containerPort"), api::stringField(p, "hostIp"),
                               p.value("hostPort", 0)});
    return out;
}

int intValue(const api::Json &j, const char *name, int fallback = 0)
{
    const api::Json &f = api::field(j, name);
    return f.is_number_integer() ? f.get<int>() : fallback;
}

bool boolValue(const api::Json &j, const char *name)
{
    const api::Json &f = api::field(j, name);
    return f.is_boolean() && f.get<bool>();
}

std::string baseName(const std::string &path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// The words of a shell command line, roughly as sh splits them (quotes kept together, not expanded).
std::vector<std::string> shellWords(const std::string &line)
{
    std::vector<std::string> out;
    std::string word;
    bool have = false;
    char quote = 0;
    for (const char c : line) {
        if (quote) {
            if (c == quote)
                quote = 0;
            else
                word += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            have = true;
        } else if (std::isspace((unsigned char)c)) {
            if (have)
                out.push_back(word);
            word.clear();
            have = false;
        } else {
            word += c;
            have = true;
        }
    }
    if (have)
        out.push_back(word);
    return out;
}

/// The first command of a shell script ("echo hi; sleep 5" → "echo hi").
std::string firstCommand(const std::string &script)
{
    std::size_t end = script.size();
    for (const char *sep : {";", "&&", "||", "|", "\n"})
        end = std::min(end, script.find(sep));
    return script.substr(0, end);
}

/// "5", "1.5", "2m", "1h", "infinity" as sleep reads them; nullopt: forever.
std::optional<TimeMs> sleepDuration(const std::string &arg, bool &valid)
{
    valid = true;
    if (arg == "infinity" || arg == "inf")
        return std::nullopt;
    char *end = nullptr;
    const double v = std::strtod(arg.c_str(), &end);
    const std::string unit = end ? std::string(end) : std::string();
    const double scale = unit.empty() || unit == "s" ? 1000 : unit == "m" ? 60'000 : unit == "h" ? 3'600'000 : unit == "d" ? 86'400'000 : -1;
    if (end == arg.c_str() || scale < 0 || v < 0 || !std::isfinite(v)) {
        valid = false;
        return TimeMs(0);
    }
    const double ms = v * scale;
    return ms > 1e15 ? std::nullopt : std::optional<TimeMs>(TimeMs(ms));
}

struct CommandContext {
    bool interactive = false; ///< a tty or an open stdin
    bool shellImage = false;  ///< the image is a plain distribution (busybox, alpine, …)
    std::string id, user, workingDir;
};

/// What a command does on its own. `runsProgram`: it is (or hands over to) the image's program.
struct Outcome {
    bool runsProgram = false;
    std::optional<TimeMs> exitAfter;
    int exitCode = 0;
    std::vector<std::string> output;
};

Outcome analyse(std::vector<std::string> argv, const CommandContext &ctx, int depth = 0)
{
    Outcome out;
    // entrypoint wrappers hand over to their arguments
    while (!argv.empty()) {
        const std::string prog = baseName(argv.front());
        if (prog == "docker-entrypoint.sh" || prog == "tini" || prog == "dumb-init" || prog == "--") {
            argv.erase(argv.begin());
            if (!argv.empty() && argv.front() == "--")
                argv.erase(argv.begin());
            continue;
        }
        break;
    }
    if (argv.empty()) {
        out.runsProgram = true;
        return out;
    }
    const std::string prog = baseName(argv.front());
    const std::vector<std::string> args(argv.begin() + 1, argv.end());
    auto oneShot = [&](int code = 0) {
        out.exitAfter = kOneShotMs;
        out.exitCode = code;
        return out;
    };
    static const std::set<std::string> shells = {"sh", "bash", "ash", "dash", "zsh"};
    if (shells.count(prog)) {
        const auto c = std::find(args.begin(), args.end(), "-c");
        if (c != args.end() && c + 1 != args.end() && depth < 2) {
            const std::string &script = *(c + 1);
            if (script.find("while true") != std::string::npos || script.find("while :") != std::string::npos)
                return out; // a loop: runs until stopped
            return analyse(shellWords(firstCommand(script)), ctx, depth + 1);
        }
        if (std::all_of(args.begin(), args.end(), [](const std::string &a) { return !a.empty() && a[0] == '-'; }))
            return ctx.interactive ? out : oneShot(); // an interactive shell: its stdin is closed without -i
        out.runsProgram = true; // a script
        return out;
    }
    if (prog == "echo") {
        std::string text;
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (i == 0 && args[i] == "-n")
                continue;
            text += (text.empty() ? "" : " ") + args[i];
        }
        out.output.push_back(text);
        return oneShot();
    }
    if (prog == "true" || prog == ":")
        return oneShot();
    if (prog == "false")
        return oneShot(1);
    if (prog == "exit")
        return oneShot(args.empty() ? 0 : std::atoi(args.front().c_str()) & 0xff);
    if (prog == "sleep") {
        bool valid = true;
        const auto d = args.empty() ? std::optional<TimeMs>(TimeMs(0)) : sleepDuration(args.front(), valid);
        if (args.empty() || !valid) {
            out.output.push_back(args.empty() ? "sleep: missing operand" : "sleep: invalid number '" + args.front() + "'");
            return oneShot(1);
        }
        if (d)
            out.exitAfter = std::max<TimeMs>(*d, 1);
        return out;
    }
    if (prog == "hostname") {
        out.output.push_back(ctx.id.substr(0, 12));
        return oneShot();
    }
    if (prog == "whoami") {
        out.output.push_back(ctx.user.empty() ? "root" : ctx.user);
        return oneShot();
    }
    if (prog == "pwd") {
        out.output.push_back(ctx.workingDir.empty() ? "/" : ctx.workingDir);
        return oneShot();
    }
    if (prog == "tail")
        return std::find(args.begin(), args.end(), "-f") != args.end() || std::find(args.begin(), args.end(), "-F") != args.end()
                   ? out
                   : oneShot();
    static const std::set<std::string> forever = {"top", "watch", "ping", "yes", "httpd", "crond", "nc"};
    if (forever.count(prog))
        return out;
    static const std::set<std::string> utilities = {
        "ls", "cat", "date", "env", "printenv", "uname", "id", "df", "du", "ps", "uptime", "nslookup", "wget",
        "curl", "which", "find", "grep", "head", "wc", "mkdir", "touch", "rm", "cp", "mv", "chmod", "stat",
        "free", "ip", "ifconfig", "nproc", "apk", "apt", "apt-get", "printf", "test", "["};
    if (utilities.count(prog) || ctx.shellImage)
        return oneShot();
    out.runsProgram = true;
    return out;
}

/// The access line of a request answered on a published port, as the program of this kind logs it
/// (empty for programs that serve no HTTP). Requests from the host reach a container from the bridge's
/// gateway, as Docker's port forwarding does.
std::string accessLine(ImageKind kind, TimeMs t, const std::string &method, const std::string &path, int status,
                       double latencyMs)
{
    const std::string client = "172.17.0.1";
    const int bytes = status == 304 || status == 204 || method == "HEAD"
                          ? 0
                          : 120 + int(runtime::stableHash(path) % 4000);
    const std::string request = method + " " + path;
    switch (kind) {
    case ImageKind::Nginx:
        return client + " - - [" + runtime::formatLogTime(t, "clf") + "] \"" + request + " HTTP/1.1\" " +
               std::to_string(status) + " " + std::to_string(bytes) + " \"-\" \"-\"";
    case ImageKind::Node: {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.3f", std::max(latencyMs, 0.0));
        return request + " " + std::to_string(status) + " " + ms + " ms - " + std::to_string(bytes);
    }
    case ImageKind::Python:
        return client + " - - [" + runtime::formatLogTime(t, "clf") + "] \"" + request + " HTTP/1.1\" " +
               std::to_string(status) + " " + std::to_string(bytes) + " \"-\" \"-\"";
    case ImageKind::Generic:
        return "time=\"" + runtime::formatLogTime(t, "rfc3339") + "\" level=" + (status >= 500 ? "error" : "info") +
               " msg=\"request handled\" method=" + method + " path=" + path + " status=" + std::to_string(status) +
               " duration=" + std::to_string(std::max<long long>(1, std::llround(latencyMs))) + "ms";
    default:
        return {};
    }
}

/// Whether a program of this kind writes this line to stderr: nginx's error log, PostgreSQL's and
/// Kubernetes components' logs; a crash's last words.
bool toStderr(ImageKind kind, const std::string &text)
{
    switch (kind) {
    case ImageKind::Nginx:
        return text.find("] [notice] ") != std::string::npos || text.find("] [error] ") != std::string::npos ||
               text.find("] [warn] ") != std::string::npos || text.find("] [emerg] ") != std::string::npos;
    case ImageKind::Postgres:
    case ImageKind::System:
        return true;
    default:
        return false;
    }
}
} // namespace

// --- free functions ------------------------------------------------------------------------------

std::string formatDockerTime(TimeMs time)
{
    if (time <= 0)
        return kZeroTime;
    std::string s = formatRfc3339(time / 1000 * 1000);
    int ms = int(time % 1000);
    if (ms == 0)
        return s;
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03d", ms);
    std::string f = frac;
    while (f.back() == '0')
        f.pop_back();
    s.insert(s.size() - 1, f);
    return s;
}

TimeMs parseDockerTime(std::string_view text)
{
    if (text.empty() || text.rfind("0001-01-01", 0) == 0)
        return 0;
    return parseRfc3339(text).value_or(0);
}

std::string dockerHumanDuration(TimeMs duration)
{
    const std::int64_t seconds = std::max<TimeMs>(duration, 0) / 1000;
    if (seconds < 1)
        return "Less than a second";
    if (seconds == 1)
        return "1 second";
    if (seconds < 60)
        return std::to_string(seconds) + " seconds";
    const std::int64_t minutes = seconds / 60;
    if (minutes == 1)
        return "About a minute";
    if (minutes < 60)
        return std::to_string(minutes) + " minutes";
    const auto hours = std::int64_t(std::llround(double(duration) / 3'600'000.0));
    if (hours == 1)
        return "About an hour";
    if (hours < 48)
        return std::to_string(hours) + " hours";
    if (hours < 24 * 7 * 2)
        return std::to_string(hours / 24) + " days";
    if (hours < 24 * 30 * 2)
        return std::to_string(hours / 24 / 7) + " weeks";
    if (hours < 24 * 365 * 2)
        return std::to_string(hours / 24 / 30) + " months";
    return std::to_string(seconds / 3600 / 24 / 365) + " years";
}

std::optional<int> signalNumber(std::string_view signal)
{
    std::string s(signal);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit((unsigned char)c); })) {
        const int n = s.size() <= 2 ? std::atoi(s.c_str()) : 0;
        return n >= 1 && n <= 31 ? std::optional<int>(n) : std::nullopt;
    }
    if (s.rfind("SIG", 0) == 0)
        s = s.substr(3);
    for (const auto &sig : kSignals)
        if (s == sig.name)
            return sig.number;
    return std::nullopt;
}

std::string ContainerInfo::statusText(TimeMs now) const
{
    if (state == "running")
        return "Up " + dockerHumanDuration(now - startedAt);
    if (state == "paused")
        return "Up " + dockerHumanDuration(now - startedAt) + " (Paused)";
    if (state == "restarting")
        return "Restarting (" + std::to_string(exitCode) + ") " + dockerHumanDuration(now - finishedAt) + " ago";
    if (state == "exited" && finishedAt > 0)
        return "Exited (" + std::to_string(exitCode) + ") " + dockerHumanDuration(now - finishedAt) + " ago";
    if (state == "dead")
        return "Dead";
    return "Created";
}

ContainerInfo containerFromObject(const api::Object &o)
{
    ContainerInfo c;
    const api::Json &spec = o.spec();
    const api::Json &st = o.status();
    c.name = o.metadata.name;
    c.id = api::stringField(st, "id");
    c.spec.name = c.name;
    c.spec.image = api::stringField(spec, "image");
    c.imageId = api::stringField(spec, "imageId");
    c.spec.cmd = stringList(api::field(spec, "cmd"));
    c.spec.entrypoint = stringList(api::field(spec, "entrypoint"));
    c.spec.env = stringList(api::field(spec, "env"));
    if (const api::Json &labels = api::field(spec, "labels"); labels.is_object())
        for (const auto &[k, v] : labels.items())
            if (v.is_string())
                c.spec.labels[k] = v.get<std::string>();
    c.spec.exposedPorts = stringList(api::field(spec, "exposedPorts"));
    c.spec.portBindings = portsFromJson(api::field(spec, "portBindings"));
    c.spec.publishAllPorts = boolValue(spec, "publishAllPorts");
    const api::Json &policy = api::field(spec, "restartPolicy");
    c.spec.restartPolicy = api::stringField(policy, "name", "no");
    c.spec.maxRetries = intValue(policy, "maximumRetryCount");
    c.spec.tty = boolValue(spec, "tty");
    c.spec.openStdin = boolValue(spec, "openStdin");
    c.spec.autoRemove = boolValue(spec, "autoRemove");
    c.spec.workingDir = api::stringField(spec, "workingDir");
    c.spec.user = api::stringField(spec, "user");
    c.path = api::stringField(spec, "path");
    c.args = stringList(api::field(spec, "args"));
    c.state = api::stringField(st, "state", "created");
    c.created = parseDockerTime(api::stringField(st, "created"));
    c.startedAt = parseDockerTime(api::stringField(st, "startedAt"));
    c.finishedAt = parseDockerTime(api::stringField(st, "finishedAt"));
    c.exitCode = intValue(st, "exitCode");
    c.restartCount = intValue(st, "restartCount");
    c.oomKilled = boolValue(st, "oomKilled");
    c.pid = intValue(st, "pid");
    c.ipAddress = api::stringField(st, "ipAddress");
    c.error = api::stringField(st, "error");
    c.ports = portsFromJson(api::field(st, "ports"));
    c.manuallyStopped = boolValue(st, "manuallyStopped");
    return c;
}

api::MutableObjectPtr makeContainerObject(const ContainerInfo &c)
{
    api::Json labels = api::Json::object();
    for (const auto &[k, v] : c.spec.labels)
        labels[k] = v;
    auto obj = std::make_shared<api::Object>();
    obj->apiVersion = kApiVersion;
    obj->kind = std::string(api::kind::Container);
    obj->metadata.name = c.name;
    obj->body["spec"] = {
        {"image", c.spec.image},
        {"imageId", c.imageId},
        {"path", c.path},
        {"args", c.args},
        {"cmd", c.spec.cmd},
        {"entrypoint", c.spec.entrypoint},
        {"env", c.spec.env},
        {"labels", labels},
        {"exposedPorts", c.spec.exposedPorts},
        {"portBindings", portsToJson(c.spec.portBindings)},
        {"publishAllPorts", c.spec.publishAllPorts},
        {"restartPolicy", {{"name", c.spec.restartPolicy.empty() ? std::string("no") : c.spec.restartPolicy},
                           {"maximumRetryCount", c.spec.maxRetries}}},
        {"tty", c.spec.tty},
        {"openStdin", c.spec.openStdin},
        {"autoRemove", c.spec.autoRemove},
        {"workingDir", c.spec.workingDir},
        {"user", c.spec.user},
    };
    obj->body["status"] = {
        {"id", c.id},
        {"state", c.state},
        {"created", formatDockerTime(c.created)},
        {"startedAt", formatDockerTime(c.startedAt)},
        {"finishedAt", formatDockerTime(c.finishedAt)},
        {"exitCode", c.exitCode},
        {"restartCount", c.restartCount},
        {"oomKilled", c.oomKilled},
        {"pid", c.pid},
        {"ipAddress", c.ipAddress},
        {"error", c.error},
        {"ports", portsToJson(c.ports)},
        {"manuallyStopped", c.manuallyStopped},
        {"runs", api::Json::array()},
    };
    return obj;
}

// --- Containers ----------------------------------------------------------------------------------

Containers::Containers(store::Store &store, sim::Simulation &sim, std::shared_ptr<image::ImageStore> images)
    : m_store(store), m_sim(sim), m_images(std::move(images))
{
    store::WatchOptions opts;
    opts.kind = std::string(api::kind::Container);
    auto id = m_store.watch(opts, [this](std::span<const store::WatchEvent> evs) { onEvents(evs); });
    m_watch = id.ok() ? *id : 0;
}

Containers::~Containers()
{
    if (m_watch)
        m_store.unwatch(m_watch);
    for (auto &[id, e] : m_entries)
        cancelTasks(e);
}

void Containers::onEvents(std::span<const store::WatchEvent> events)
{
    // a container removed from outside (the API server): its timers and ports go too
    for (const auto &ev : events) {
        if (ev.type != store::WatchEvent::Type::Deleted || !ev.object)
            continue;
        const std::string id = api::stringField(ev.object->status(), "id");
        const auto it = m_entries.find(id);
        if (it == m_entries.end() || objectById(id))
            continue;
        cancelTasks(it->second);
        auto waiters = std::move(it->second.waiters);
        m_entries.erase(it);
        if (m_unpublish)
            m_unpublish(id);
        const int code = intValue(ev.object->status(), "exitCode");
        for (auto &w : waiters)
            if (w.done)
                w.done(code);
    }
}

std::vector<api::ObjectPtr> Containers::objects() const { return m_store.list(api::kind::Container); }

api::ObjectPtr Containers::objectById(const std::string &id) const
{
    for (const auto &o : objects())
        if (api::stringField(o->status(), "id") == id)
            return o;
    return nullptr;
}

Containers::Entry &Containers::entry(const std::string &id)
{
    auto [it, inserted] = m_entries.try_emplace(id);
    if (inserted)
        it->second.serial = m_nextSerial++;
    return it->second;
}

void Containers::cancelTasks(Entry &e)
{
    if (e.exitTask)
        m_sim.cancel(e.exitTask);
    if (e.restartTask)
        m_sim.cancel(e.restartTask);
    e.exitTask = e.restartTask = 0;
}

void Containers::cancelRestart(const std::string &id)
{
    Entry &e = entry(id);
    if (e.restartTask)
        m_sim.cancel(e.restartTask);
    e.restartTask = 0;
}

Result<api::ObjectPtr> Containers::resolve(const std::string &idOrName) const
{
    std::string key = idOrName;
    if (!key.empty() && key.front() == '/')
        key.erase(0, 1);
    const auto notFound = Error::make(Error::Code::NotFound, "No such container: " + idOrName);
    if (key.empty())
        return notFound;
    const auto all = objects();
    for (const auto &o : all)
        if (api::stringField(o->status(), "id") == key)
            return o;
    // an object written by other means than create() (kubectl apply) has no id: it is no container
    if (auto byName = m_store.get(api::kind::Container, "", key); byName && !api::stringField(byName->status(), "id").empty())
        return byName;
    if (isHex(key)) {
        api::ObjectPtr found;
        for (const auto &o : all)
            if (api::stringField(o->status(), "id").rfind(key, 0) == 0) {
                if (found)
                    return Error::make(Error::Code::Invalid, "multiple IDs found with provided prefix: " + key);
                found = o;
            }
        if (found)
            return found;
    }
    return notFound;
}

std::optional<ContainerInfo> Containers::find(const std::string &idOrName) const
{
    const auto o = resolve(idOrName);
    if (!o.ok())
        return std::nullopt;
    return containerFromObject(**o);
}

std::vector<ContainerInfo> Containers::list(bool all) const
{
    std::vector<std::pair<std::uint64_t, ContainerInfo>> found;
    for (const auto &o : objects()) {
        ContainerInfo c = containerFromObject(*o);
        if (!all && c.state != "running" && c.state != "restarting" && c.state != "paused")
            continue;
        const auto it = m_entries.find(c.id);
        found.emplace_back(it == m_entries.end() ? 0 : it->second.serial, std::move(c));
    }
    std::stable_sort(found.begin(), found.end(), [](const auto &a, const auto &b) {
        if (a.second.created != b.second.created)
            return a.second.created > b.second.created;
        return a.first > b.first;
    });
    std::vector<ContainerInfo> out;
    out.reserve(found.size());
    for (auto &f : found)
        out.push_back(std::move(f.second));
    return out;
}

std::vector<std::string> Containers::containersUsingImage(const std::string &imageId) const
{
    std::vector<std::string> out;
    for (const auto &o : objects())
        if (api::stringField(o->spec(), "imageId") == imageId)
            out.push_back(api::stringField(o->status(), "id"));
    return out;
}

api::Labels Containers::imageLabels(const std::string &imageId) const
{
    if (!m_images || imageId.empty())
        return {};
    const auto img = m_images->find(imageId);
    return img ? image::configLabels(*img) : api::Labels{};
}

std::pair<ImageKind, std::string> Containers::programOf(const ContainerInfo &c) const
{
    ImageKind kind = runtime::imageKindOf(c.spec.image);
    std::string reference = c.spec.image;
    // a built image runs what its base runs ("FROM node:14-alpine" makes a Node.js program)
    std::string at = c.imageId;
    for (int depth = 0; depth < 4 && kind == ImageKind::Generic && m_images && !at.empty(); ++depth) {
        const auto img = m_images->find(at);
        if (!img || img->baseReference.empty())
            break;
        reference = at = img->baseReference;
        kind = runtime::imageKindOf(reference);
    }
    return {kind, kind == ImageKind::Generic ? c.spec.image : reference};
}

Containers::Plan Containers::plan(const ContainerInfo &c) const
{
    std::vector<std::string> argv;
    if (!c.path.empty())
        argv.push_back(c.path);
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    CommandContext ctx;
    ctx.interactive = c.spec.tty || c.spec.openStdin;
    ctx.shellImage = programOf(c).first == ImageKind::Shell;
    ctx.id = c.id;
    ctx.user = c.spec.user;
    ctx.workingDir = c.spec.workingDir;
    const Outcome o = analyse(argv, ctx);
    Plan p;
    p.oneShot = !o.runsProgram;
    p.exitAfter = o.exitAfter;
    p.exitCode = o.exitCode;
    p.reason = "Completed";
    p.output = o.output;
    if (o.runsProgram) {
        // images may ask to crash after a while (flotilla.sim.crash-after=90s), as pods of them do
        const api::Labels labels = imageLabels(c.imageId);
        if (const auto it = labels.find("flotilla.sim.crash-after"); it != labels.end())
            if (const auto after = runtime::parseSimDuration(it->second); after && *after > 0) {
                p.exitAfter = *after;
                p.exitCode = 1;
                p.reason = "Error";
            }
    }
    return p;
}

Status Containers::validate(const ContainerSpec &spec) const
{
    static const std::set<std::string> policies = {"", "no", "always", "unless-stopped", "on-failure"};
    if (!policies.count(spec.restartPolicy))
        return Error::make(Error::Code::Invalid, "invalid restart policy: unknown policy '" + spec.restartPolicy +
                                                     "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    if (spec.maxRetries < 0)
        return Error::make(Error::Code::Invalid, "invalid restart policy: maximum retry count must be a positive integer");
    if (spec.maxRetries > 0 && spec.restartPolicy != "on-failure")
        return Error::make(Error::Code::Invalid,
                           "invalid restart policy: maximum retry count can only be used with 'on-failure'");
    if (spec.autoRemove && !spec.restartPolicy.empty() && spec.restartPolicy != "no")
        return Error::make(Error::Code::Invalid, "can't create 'AutoRemove' container with restart policy");
    for (const auto &p : spec.exposedPorts)
        if (normalizePort(p).empty())
            return Error::make(Error::Code::Invalid, "invalid port specification: \"" + p + "\"");
    for (const auto &b : spec.portBindings) {
        if (normalizePort(b.containerPort).empty())
            return Error::make(Error::Code::Invalid, "invalid containerPort: " + b.containerPort);
        if (b.hostPort < 0 || b.hostPort > 65535)
            return Error::make(Error::Code::Invalid, "invalid hostPort: " + std::to_string(b.hostPort));
    }
    return {};
}

std::string Containers::generateName()
{
    for (int attempt = 0;; ++attempt) {
        const std::uint64_t r = m_sim.random().next();
        const std::string left = kAdjectives[r % kAdjectives.size()];
        const std::string right = kSurnames[(r >> 20) % kSurnames.size()];
        if (left == "boring" && right == "wozniak") // Steve Wozniak is not boring (as Docker says)
            continue;
        std::string name = left + "_" + right;
        if (attempt > 0)
            name += std::to_string((r >> 40) % 10);
        if (attempt > 20)
            name += std::to_string(attempt);
        if (!m_store.get(api::kind::Container, "", name))
            return name;
    }
}

std::string Containers::generateId()
{
    while (true) {
        std::string id;
        char buf[17];
        for (int i = 0; i < 4; ++i) {
            std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)m_sim.random().next());
            id += buf;
        }
        if (!m_entries.count(id) && !objectById(id))
            return id;
    }
}

Result<ContainerInfo> Containers::create(const ContainerSpec &asked)
{
    if (auto s = validate(asked); !s.ok())
        return s.error();
    ContainerSpec spec = asked;
    if (spec.restartPolicy.empty())
        spec.restartPolicy = "no";
    for (auto &p : spec.exposedPorts)
        p = normalizePort(p);
    for (auto &b : spec.portBindings)
        b.containerPort = normalizePort(b.containerPort);

    const auto img = m_images ? m_images->find(spec.image) : std::optional<image::StoredImage>{};
    if (!img) {
        const auto ref = image::parseImageReference(spec.image);
        const bool byId = spec.image.rfind("sha256:", 0) == 0 || (isHex(spec.image) && spec.image.size() >= 12);
        if (!ref.ok() && !byId)
            return ref.error();
        return Error::make(Error::Code::NotFound, "No such image: " + (byId ? spec.image : ref->familiar()));
    }

    if (!spec.name.empty() && spec.name.front() == '/')
        spec.name.erase(0, 1);
    if (!spec.name.empty()) {
        if (!validName(spec.name))
            return Error::make(Error::Code::Invalid,
                               "Invalid container name (" + spec.name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        if (const auto taken = m_store.get(api::kind::Container, "", spec.name))
            return Error::make(Error::Code::Conflict, "Conflict. The container name \"/" + spec.name +
                                                          "\" is already in use by container \"" +
                                                          api::stringField(taken->status(), "id") +
                                                          "\". You have to remove (or rename) that container to be "
                                                          "able to reuse that name.");
    } else {
        spec.name = generateName();
    }

    // what runs: the entrypoint and command, the image's where not given (a given entrypoint drops the
    // image's command, as in Docker)
    const api::Json &config = api::field(img->config, "config");
    std::vector<std::string> argv = spec.entrypoint.empty() ? stringList(api::field(config, "Entrypoint")) : spec.entrypoint;
    const std::vector<std::string> cmd =
        !spec.cmd.empty() ? spec.cmd : spec.entrypoint.empty() ? stringList(api::field(config, "Cmd")) : std::vector<std::string>{};
    argv.insert(argv.end(), cmd.begin(), cmd.end());
    if (argv.empty())
        return Error::make(Error::Code::Invalid, "No command specified");

    const std::string id = generateId();
    api::Json labels = api::Json::object();
    for (const auto &[k, v] : spec.labels)
        labels[k] = v;
    auto obj = std::make_shared<api::Object>();
    obj->apiVersion = kApiVersion;
    obj->kind = std::string(api::kind::Container);
    obj->metadata.name = spec.name;
    obj->body["spec"] = {
        {"image", spec.image},
        {"imageId", img->id},
        {"path", argv.front()},
        {"args", std::vector<std::string>(argv.begin() + 1, argv.end())},
        {"cmd", spec.cmd},
        {"entrypoint", spec.entrypoint},
        {"env", spec.env},
        {"labels", labels},
        {"exposedPorts", spec.exposedPorts},
        {"portBindings", portsToJson(spec.portBindings)},
        {"publishAllPorts", spec.publishAllPorts},
        {"restartPolicy", {{"name", spec.restartPolicy}, {"maximumRetryCount", spec.maxRetries}}},
        {"tty", spec.tty},
        {"openStdin", spec.openStdin},
        {"autoRemove", spec.autoRemove},
        {"workingDir", spec.workingDir},
        {"user", spec.user},
    };
    obj->body["status"] = {
        {"id", id},
        {"state", "created"},
        {"created", formatDockerTime(m_sim.now())},
        {"startedAt", kZeroTime},
        {"finishedAt", kZeroTime},
        {"exitCode", 0},
        {"restartCount", 0},
        {"oomKilled", false},
        {"pid", 0},
        {"ipAddress", ""},
        {"error", ""},
        {"ports", api::Json::array()},
        {"manuallyStopped", false},
        {"runs", api::Json::array()},
    };
    auto created = m_store.create(obj);
    if (!created.ok())
        return created.error();
    entry(id);
    ContainerInfo info = containerFromObject(**created);
    announce("create", info);
    return info;
}

Result<api::ObjectPtr> Containers::writeStatus(const api::Object &object, const std::function<void(api::Json &)> &change)
{
    auto copy = std::make_shared<api::Object>(object);
    if (!copy->body["status"].is_object())
        copy->body["status"] = api::Json::object();
    change(copy->body["status"]);
    copy->metadata.resourceVersion = 0;
    return m_store.update(copy);
}

// --- start ---------------------------------------------------------------------------------------

Result<std::vector<PortBinding>> Containers::choosePorts(const ContainerInfo &c)
{
    std::vector<PortBinding> wanted = c.spec.portBindings;
    if (c.spec.publishAllPorts) {
        std::vector<std::string> exposed = c.spec.exposedPorts;
        if (m_images)
            if (const auto img = m_images->find(c.imageId)) {
                const api::Json &ports = api::field(api::field(img->config, "config"), "ExposedPorts");
                if (ports.is_object())
                    for (const auto &[port, _] : ports.items())
                        exposed.push_back(normalizePort(port));
            }
        for (const auto &port : exposed)
            if (!port.empty() && std::none_of(wanted.begin(), wanted.end(), [&](const PortBinding &b) { return b.containerPort == port; }))
                wanted.push_back({port, "", 0});
    }
    // what the other running containers hold: (protocol, host port) → host address
    std::vector<std::pair<std::pair<std::string, int>, std::string>> held;
    for (const auto &o : objects()) {
        const api::Json &st = o->status();
        if (api::stringField(st, "state") != "running" || api::stringField(st, "id") == c.id)
            continue;
        for (const auto &p : portsFromJson(api::field(st, "ports")))
            held.push_back({{protoOf(p.containerPort), p.hostPort}, p.hostIp});
    }
    auto clash = [&](const std::string &proto, int port, const std::string &ip) {
        return std::any_of(held.begin(), held.end(), [&](const auto &h) {
            return h.first.first == proto && h.first.second == port && (anyAddress(ip) || anyAddress(h.second) || ip == h.second);
        });
    };
    std::vector<PortBinding> out;
    for (auto b : wanted) {
        const std::string proto = protoOf(b.containerPort);
        if (b.hostPort == 0) {
            // the next free port of the ephemeral range after the last one given, as Docker's allocator does
            int port = 0;
            for (int i = 0; i <= kEphemeralLast - kEphemeralFirst; ++i) {
                int candidate = m_lastEphemeralPort + 1 + i;
                if (candidate > kEphemeralLast)
                    candidate = kEphemeralFirst + (candidate - kEphemeralLast - 1);
                if (!clash(proto, candidate, b.hostIp)) {
                    port = candidate;
                    break;
                }
            }
            if (port == 0)
                return Error::make(Error::Code::Conflict, "driver failed programming external connectivity on endpoint " +
                                                              c.name + " (" + c.id + "): all ports are allocated");
            m_lastEphemeralPort = port;
            b.hostPort = port;
        } else if (clash(proto, b.hostPort, b.hostIp)) {
            return Error::make(Error::Code::Conflict, "driver failed programming external connectivity on endpoint " +
                                                          c.name + " (" + c.id + "): Bind for " +
                                                          (b.hostIp.empty() ? std::string("0.0.0.0") : b.hostIp) + ":" +
                                                          std::to_string(b.hostPort) + " failed: port is already allocated");
        }
        held.push_back({{proto, b.hostPort}, b.hostIp});
        out.push_back(std::move(b));
    }
    return out;
}

std::string Containers::chooseIp() const
{
    std::set<std::string> used;
    for (const auto &o : objects())
        if (api::stringField(o->status(), "state") == "running")
            used.insert(api::stringField(o->status(), "ipAddress"));
    for (int n = 2;; ++n) {
        const std::string ip = "172.17." + std::to_string(n / 256) + "." + std::to_string(n % 256);
        if (n % 256 != 0 && n % 256 != 255 && !used.count(ip))
            return ip;
    }
}

Status Containers::start(const std::string &idOrName)
{
    const auto o = resolve(idOrName);
    if (!o.ok())
        return o.error();
    const std::string state = api::stringField((*o)->status(), "state");
    if (state == "running" || state == "restarting" || state == "paused")
        return Error::make(Error::Code::AlreadyExists, "container already started");
    return startContainer(api::stringField((*o)->status(), "id"), false);
}

Status Containers::startContainer(const std::string &id, bool automatic)
{
    const api::ObjectPtr obj = objectById(id);
    if (!obj)
        return Error::make(Error::Code::NotFound, "No such container: " + id);
    ContainerInfo c = containerFromObject(*obj);
    auto fail = [&](const Error &error) -> Status {
        // Docker keeps the container as it was (created, exited) with the reason and exit code 128
        (void)writeStatus(*obj, [&](api::Json &st) {
            st["error"] = error.message;
            st["exitCode"] = 128;
            if (automatic) {
                st["state"] = "exited";
                st["finishedAt"] = formatDockerTime(m_sim.now());
            }
        });
        return error;
    };
    auto ports = choosePorts(c);
    if (!ports.ok())
        return fail(ports.error());
    ContainerInfo next = c;
    next.state = "running";
    next.startedAt = m_sim.now();
    next.exitCode = 0;
    next.error.clear();
    next.oomKilled = false;
    next.pid = int(m_sim.random().range(2000, 65000));
    next.ipAddress = chooseIp();
    next.ports = std::move(ports.value());
    if (!automatic) {
        next.restartCount = 0;
        next.manuallyStopped = false;
    }
    if (m_publish)
        if (auto published = m_publish(next); !published.ok())
            return fail(published.error());
    Entry &e = entry(id);
    if (!automatic)
        e.backoff = 0;
    cancelRestart(id);
    auto written = writeStatus(*obj, [&](api::Json &st) {
        st["state"] = "running";
        st["startedAt"] = formatDockerTime(next.startedAt);
        st["exitCode"] = 0;
        st["error"] = "";
        st["oomKilled"] = false;
        st["pid"] = next.pid;
        st["ipAddress"] = next.ipAddress;
        st["ports"] = portsToJson(next.ports);
        st["restartCount"] = next.restartCount;
        st["manuallyStopped"] = next.manuallyStopped;
        api::Json &runs = st["runs"];
        if (!runs.is_array())
            runs = api::Json::array();
        const int n = runs.empty() ? 0 : runs.back().value("n", 0) + 1;
        runs.push_back({{"n", n}, {"startedAt", formatDockerTime(next.startedAt)}, {"finishedAt", kZeroTime},
                        {"exitCode", 0}, {"reason", ""}});
        while (runs.size() > kRunsKept)
            runs.erase(runs.begin());
    });
    if (!written.ok()) {
        if (m_unpublish)
            m_unpublish(id);
        return written.error();
    }
    const ContainerInfo now = containerFromObject(**written);
    announce("start", now);
    scheduleExit(now);
    return {};
}

void Containers::scheduleExit(const ContainerInfo &c)
{
    const Plan p = plan(c);
    Entry &e = entry(c.id);
    if (e.exitTask) {
        m_sim.cancel(e.exitTask);
        e.exitTask = 0;
    }
    if (!p.exitAfter)
        return;
    const TimeMs at = std::max(m_sim.now(), c.startedAt + *p.exitAfter);
    const std::string id = c.id;
    const TimeMs startedAt = c.startedAt;
    e.exitTask = m_sim.at(at, [this, id, startedAt, code = p.exitCode, reason = p.reason] {
        if (auto it = m_entries.find(id); it != m_entries.end())
            it->second.exitTask = 0;
        const api::ObjectPtr obj = objectById(id);
        if (!obj || api::stringField(obj->status(), "state") != "running" ||
            parseDockerTime(api::stringField(obj->status(), "startedAt")) != startedAt)
            return;
        if (exitContainer(id, code, reason, Cause::Program))
            (void)removeNow(id);
    });
}

// --- exit and restart ----------------------------------------------------------------------------

bool Containers::exitContainer(const std::string &id, int exitCode, const std::string &reason, Cause cause)
{
    const api::ObjectPtr obj = objectById(id);
    if (!obj)
        return false;
    ContainerInfo c = containerFromObject(*obj);
    if (c.state != "running")
        return false;
    const TimeMs now = m_sim.now();
    Entry &e = entry(id);
    if (e.exitTask) {
        m_sim.cancel(e.exitTask);
        e.exitTask = 0;
    }
    const bool manual = cause != Cause::Program || c.manuallyStopped;
    // Docker's restart manager: the delay doubles from 100 ms up to a minute, and starts again after a
    // run of 10 s or more
    bool restart = false;
    if (cause == Cause::Program) {
        if (now - c.startedAt >= kBackoffReset)
            e.backoff = 0;
        e.backoff = e.backoff == 0 ? kBackoffStart : std::min(e.backoff * 2, kBackoffMax);
        const std::string &policy = c.spec.restartPolicy;
        restart = policy == "always" || (policy == "unless-stopped" && !manual) ||
                  (policy == "on-failure" && exitCode != 0 && (c.spec.maxRetries == 0 || c.restartCount < c.spec.maxRetries));
    }
    const TimeMs delay = e.backoff;
    auto written = writeStatus(*obj, [&](api::Json &st) {
        st["state"] = restart ? "restarting" : "exited";
        st["finishedAt"] = formatDockerTime(now);
        st["exitCode"] = exitCode;
        st["pid"] = 0;
        st["ipAddress"] = "";
        st["ports"] = api::Json::array();
        st["manuallyStopped"] = manual;
        if (restart)
            st["restartCount"] = c.restartCount + 1;
        if (!st.contains("runs"))
            return;
        api::Json &runs = st["runs"];
        if (runs.is_array() && !runs.empty()) {
            runs.back()["finishedAt"] = formatDockerTime(now);
            runs.back()["exitCode"] = exitCode;
            runs.back()["reason"] = reason;
        }
    });
    if (m_unpublish)
        m_unpublish(id);
    const ContainerInfo after = written.ok() ? containerFromObject(**written) : c;
    announce("die", after, exitCode);
    if (restart)
        scheduleRestart(id, delay);
    // waiters of this exit (a callback may change anything: work from a copy)
    std::vector<Waiter> due;
    if (auto it = m_entries.find(id); it != m_entries.end()) {
        auto &ws = it->second.waiters;
        for (auto w = ws.begin(); w != ws.end();) {
            if (w->condition != WaitCondition::Removed) {
                due.push_back(std::move(*w));
                w = ws.erase(w);
            } else {
                ++w;
            }
        }
    }
    for (auto &w : due)
        if (w.done)
            w.done(exitCode);
    return !restart && cause != Cause::Removal && c.spec.autoRemove;
}

void Containers::scheduleRestart(const std::string &id, TimeMs delay)
{
    cancelRestart(id);
    Entry &e = entry(id);
    e.restartTask = m_sim.after(delay, [this, id] {
        if (auto it = m_entries.find(id); it != m_entries.end())
            it->second.restartTask = 0;
        const api::ObjectPtr obj = objectById(id);
        if (!obj || api::stringField(obj->status(), "state") != "restarting")
            return;
        if (auto s = startContainer(id, true); !s.ok())
            log::warning(kLog, "container " + obj->metadata.name + " could not restart: " + s.error().message);
    });
}

// --- stop, kill, restart, remove -----------------------------------------------------------------

Status Containers::stop(const std::string &idOrName, int timeoutSeconds)
{
    const auto o = resolve(idOrName);
    if (!o.ok())
        return o.error();
    const ContainerInfo c = containerFromObject(**o);
    if (c.state == "restarting") {
        cancelRestart(c.id); // the container stays down
        auto written = writeStatus(**o, [](api::Json &st) {
            st["state"] = "exited";
            st["manuallyStopped"] = true;
        });
        announce("stop", written.ok() ? containerFromObject(**written) : c);
        return {};
    }
    if (c.state != "running")
        return Error::make(Error::Code::AlreadyExists, "container already stopped");
    const bool autoRemove = stopRunning(c, timeoutSeconds);
    if (autoRemove)
        (void)removeNow(c.id);
    return {};
}

bool Containers::stopRunning(const ContainerInfo &c, int timeoutSeconds)
{
    announce("kill", c, 0, kSigTerm);
    // a program answers SIGTERM by exiting; with no time to do so it gets SIGKILL
    const bool killed = timeoutSeconds == 0;
    if (killed)
        announce("kill", c, 0, kSigKill);
    const bool autoRemove = exitContainer(c.id, killed ? 128 + kSigKill : 0, killed ? "" : "Completed", Cause::User);
    if (const auto now = objectById(c.id))
        announce("stop", containerFromObject(*now));
    return autoRemove;
}

Status Containers::kill(const std::string &idOrName, const std::string &signal)
{
    const auto o = resolve(idOrName);
    if (!o.ok())
        return o.error();
    const auto sig = signalNumber(signal.empty() ? "SIGKILL" : signal);
    if (!sig)
        return Error::make(Error::Code::Invalid, "Invalid signal: " + signal);
    const ContainerInfo c = containerFromObject(**o);
    if (c.state == "restarting")
        return Error::make(Error::Code::Conflict, "cannot kill container: " + idOrName + ": container " + c.id +
                                                      " is restarting: wait until the container is running");
    if (c.state != "running")
        return Error::make(Error::Code::Conflict,
                           "cannot kill container: " + idOrName + ": container " + c.id + " is not running");
    announce("kill", c, 0, *sig);
    // signals a program lives through: job control, window changes, and nginx's reload and reopen
    const bool survives = *sig == 17 || *sig == 18 || *sig == 19 || *sig == 20 || *sig == 21 || *sig == 22 ||
                          *sig == 23 || *sig == 28 ||
                          (programOf(c).first == ImageKind::Nginx && !plan(c).oneShot && (*sig == 1 || *sig == 10));
    if (survives)
        return {};
    const bool graceful = *sig == kSigTerm || *sig == 2 || *sig == 3;
    if (exitContainer(c.id, 128 + *sig, graceful ? "Completed" : "", Cause::User))
        (void)removeNow(c.id);
    return {};
}

Status Containers::restart(const std::string &idOrName, int timeoutSeconds)
{
    const auto o = resolve(idOrName);
    if (!o.ok())
        return o.error();
    const ContainerInfo c = containerFromObject(**o);
    if (c.state == "restarting") {
        cancelRestart(c.id);
    } else if (c.state == "running") {
        (void)stopRunning(c, timeoutSeconds);
    }
    if (auto s = startContainer(c.id, false); !s.ok())
        return s;
    if (const auto now = objectById(c.id))
        announce("restart", containerFromObject(*now));
    return {};
}

Status Containers::remove(const std::string &idOrName, bool force)
{
    const auto o = resolve(idOrName);
    if (!o.ok())
        return o.error();
    const ContainerInfo c = containerFromObject(**o);
    const bool up = c.state == "running" || c.state == "restarting" || c.state == "paused";
    if (up && !force)
        return Error::make(Error::Code::Conflict, "cannot remove container \"/" + c.name + "\": container is " + c.state +
                                                      ": stop the container before removing or force remove");
    if (c.state == "running") {
        announce("kill", c, 0, kSigKill);
        (void)exitContainer(c.id, 128 + kSigKill, "", Cause::Removal);
    }
    return removeNow(c.id);
}

Status Containers::removeNow(const std::string &id)
{
    const api::ObjectPtr obj = objectById(id);
    if (!obj)
        return Error::make(Error::Code::NotFound, "No such container: " + id);
    const ContainerInfo c = containerFromObject(*obj);
    std::vector<Waiter> waiters;
    if (auto it = m_entries.find(id); it != m_entries.end()) {
        cancelTasks(it->second);
        waiters = std::move(it->second.waiters);
        m_entries.erase(it);
    }
    auto removed = m_store.remove(api::kind::Container, "", obj->metadata.name);
    if (m_unpublish)
        m_unpublish(id);
    announce("destroy", c);
    for (auto &w : waiters)
        if (w.done)
            w.done(c.exitCode);
    if (!removed.ok())
        return removed.error();
    return {};
}

// --- wait, logs, requests ------------------------------------------------------------------------

Status Containers::wait(const std::string &idOrName, std::function<void(int)> done, WaitCondition condition)
{
    const auto o = resolve(idOrName);
    if (!o.ok())
        return o.error();
    const ContainerInfo c = containerFromObject(**o);
    if (condition == WaitCondition::NotRunning && c.state != "running" && c.state != "restarting" && c.state != "paused") {
        if (done)
            done(c.exitCode);
        return {};
    }
    entry(c.id).waiters.push_back({condition, std::move(done)});
    return {};
}

std::vector<ContainerLogLine> Containers::logs(const std::string &idOrName, TimeMs since, TimeMs until,
                                               std::size_t tail) const
{
    std::vector<ContainerLogLine> out;
    const auto o = resolve(idOrName);
    if (!o.ok())
        return out;
    const ContainerInfo c = containerFromObject(**o);
    const Plan p = plan(c);
    const auto [imageKind, versionRef] = programOf(c);
    const ImageKind kind = p.oneShot ? ImageKind::Shell : imageKind;
    const TimeMs now = m_sim.now();
    const TimeMs upTo = until > 0 ? until : now;
    runtime::LogQuery query;
    query.since = since;
    query.until = until;
    query.tail = tail;
    // the command as it runs, without the wrappers images start it through, and the port it listens on
    std::string command;
    for (const auto &part : c.args.empty() && c.path.empty() ? std::vector<std::string>{} : [&] {
             std::vector<std::string> all{c.path};
             all.insert(all.end(), c.args.begin(), c.args.end());
             return all;
         }()) {
        if (command.empty() && (part == "docker-entrypoint.sh" || part == "tini" || part == "dumb-init" || part == "--"))
            continue;
        command += (command.empty() ? "" : " ") + part;
    }
    int port = 0;
    for (const auto &b : c.spec.portBindings)
        if (!port)
            port = std::atoi(b.containerPort.c_str());
    if (!port && m_images)
        if (const auto img = m_images->find(c.imageId))
            for (const auto &[k, v] : api::field(api::field(img->config, "config"), "ExposedPorts").items())
                if (!port)
                    port = std::atoi(k.c_str());
    const api::Json &runs = api::field((*o)->status(), "runs");
    if (runs.is_array())
        for (const auto &r : runs) {
            runtime::ContainerRun run;
            run.command = command;
            run.port = port;
            run.seed = m_sim.seed();
            run.podUid = c.id;
            run.container = c.name;
            run.restartCount = r.value("n", 0);
            run.kind = kind;
            run.image = versionRef;
            run.podIP = c.ipAddress;
            run.startedAt = parseDockerTime(api::stringField(r, "startedAt"));
            const TimeMs finished = parseDockerTime(api::stringField(r, "finishedAt"));
            run.finishedAt = finished > 0 ? std::max(finished, run.startedAt + 1) : 0;
            run.endReason = api::stringField(r, "reason");
            for (auto &line : runtime::containerLog(run, now, query)) {
                const bool lastWords = run.endReason == "Error" && line.time == run.finishedAt;
                const bool err = lastWords || toStderr(kind, line.text);
                out.push_back({line.time, std::move(line.text), err});
            }
            // what a one-shot command prints
            const TimeMs printed = run.startedAt + 5;
            if ((run.finishedAt == 0 || printed <= run.finishedAt) && printed >= since && printed <= upTo)
                for (const auto &text : p.output)
                    out.push_back({printed, text, r.value("exitCode", 0) != 0});
        }
    if (const auto it = m_entries.find(c.id); it != m_entries.end() && runtime::logsRequests(kind))
        for (const auto &req : it->second.requests)
            if (req.time >= since && req.time <= upTo)
                if (std::string text = accessLine(kind, req.time, req.method, req.path, req.status, req.latencyMs); !text.empty())
                    out.push_back({req.time, std::move(text), false});
    std::stable_sort(out.begin(), out.end(), [](const ContainerLogLine &a, const ContainerLogLine &b) { return a.time < b.time; });
    if (tail > 0 && out.size() > tail)
        out.erase(out.begin(), out.end() - std::ptrdiff_t(tail));
    return out;
}

void Containers::recordRequest(const std::string &idOrName, const std::string &method, const std::string &path,
                               int status, double latencyMs)
{
    const auto o = resolve(idOrName);
    if (!o.ok() || api::stringField((*o)->status(), "state") != "running")
        return;
    auto &requests = entry(api::stringField((*o)->status(), "id")).requests;
    requests.push_back({m_sim.now(), method.empty() ? "GET" : method, path.empty() ? "/" : path, status, latencyMs});
    while (requests.size() > kRequestsKept)
        requests.pop_front();
}

// --- hooks, events, reopening --------------------------------------------------------------------

void Containers::setPortHooks(std::function<Status(const ContainerInfo &)> publish,
                              std::function<void(const std::string &)> unpublish)
{
    m_publish = std::move(publish);
    m_unpublish = std::move(unpublish);
    if (!m_publish)
        return;
    for (const auto &o : objects()) {
        const ContainerInfo c = containerFromObject(*o);
        if (!c.running())
            continue;
        if (auto s = m_publish(c); !s.ok()) {
            log::warning(kLog, "the ports of container " + c.name + " could not be published: " + s.error().message);
            (void)writeStatus(*o, [&](api::Json &st) { st["error"] = s.error().message; });
        }
    }
}

void Containers::announce(const std::string &action, const ContainerInfo &c, int exitCode, int signal) const
{
    if (!m_listener)
        return;
    ContainerEvent ev;
    ev.action = action;
    ev.id = c.id;
    ev.name = c.name;
    ev.image = c.spec.image;
    ev.time = m_sim.now();
    ev.exitCode = exitCode;
    ev.signal = signal;
    ev.attributes = c.spec.labels;
    ev.attributes["image"] = c.spec.image;
    ev.attributes["name"] = c.name;
    if (action == "die")
        ev.attributes["exitCode"] = std::to_string(exitCode);
    if (action == "kill")
        ev.attributes["signal"] = std::to_string(signal);
    m_listener(ev);
}

void Containers::resume()
{
    std::vector<ContainerInfo> all;
    for (const auto &o : objects())
        all.push_back(containerFromObject(*o));
    std::stable_sort(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.created < b.created; });
    for (const auto &c : all) {
        entry(c.id);
        if (c.state == "running") {
            scheduleExit(c); // its run goes on
        } else if (c.state == "restarting") {
            scheduleRestart(c.id, kBackoffStart);
        } else if (c.state == "exited" && c.startedAt > 0 &&
                   (c.spec.restartPolicy == "always" || (c.spec.restartPolicy == "unless-stopped" && !c.manuallyStopped))) {
            // as when Docker's daemon starts: `always` brings back even a container stopped by the user
            if (auto s = startContainer(c.id, false); !s.ok())
                log::warning(kLog, "container " + c.name + " could not start again: " + s.error().message);
        }
    }
}

} // namespace flotilla::engine::sandbox
