#include <engine/image/instructiondocs.h>
#include <engine/image/lint.h>

#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace flotilla::engine::image;

namespace {

struct RuleCase {
    const char *tag;
    const char *rule;
    const char *text;
    int count;  ///< findings of `rule`
    int line;   ///< of the first one
    int column;
};

// Every rule has at least one positive and one negative case (checked by rulesCovered()).
const RuleCase s_cases[] = {
    // FL1: base images and stages
    {"FL1001 latest", "FL1001", "FROM ubuntu:latest\nUSER app\n", 1, 1, 12},
    {"FL1001 version", "FL1001", "FROM ubuntu:22.04\nUSER app\n", 0, 0, 0},
    {"FL1002 no tag", "FL1002", "FROM ubuntu\nUSER app\n", 1, 1, 6},
    {"FL1002 registry port", "FL1002", "FROM localhost:5000/team/app\nUSER app\n", 1, 1, 6},
    {"FL1002 digest", "FL1002",
     "FROM ubuntu@sha256:2b7412e6465c3c7fc5bb21d3e6f1917c167358449fecac8176c6e496e5c1f05f\nUSER app\n", 0, 0, 0},
    {"FL1002 scratch", "FL1002", "FROM scratch\nCOPY app /app\nUSER 65534\n", 0, 0, 0},
    {"FL1002 stage", "FL1002", "FROM golang:1.22 AS build\nRUN true\nFROM build\nUSER app\n", 0, 0, 0},
    {"FL1002 variable", "FL1002", "ARG BASE=alpine:3.19\nFROM ${BASE}\nUSER app\n", 0, 0, 0},
    {"FL1003 reused", "FL1003", "FROM alpine:3.19 AS build\nRUN true\nFROM alpine:3.19 AS build\nUSER app\n", 1, 3, 21},
    {"FL1003 distinct", "FL1003", "FROM alpine:3.19 AS build\nRUN true\nFROM alpine:3.19 AS run\nUSER app\n", 0, 0, 0},
    {"FL1004 upper case", "FL1004", "FROM Ubuntu:22.04\nUSER app\n", 1, 1, 6},
    {"FL1004 host and tag", "FL1004", "FROM Registry.example.com/team/app:V1\nUSER app\n", 0, 0, 0},

    // FL2: package managers
    {"FL2001 recommends", "FL2001",
     "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n", 1, 2, 23},
    {"FL2001 no recommends", "FL2001",
     "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n"
     "    && rm -rf /var/lib/apt/lists/*\n", 0, 0, 0},
    {"FL2002 no -y", "FL2002",
     "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
     1, 2, 23},
    {"FL2002 -qy", "FL2002",
     "FROM debian:12\nRUN apt-get update && apt-get -qy install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
     0, 0, 0},
    {"FL2003 lists kept", "FL2003",
     "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n", 1, 2, 23},
    {"FL2003 builder stage", "FL2003",
     "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\n"
     "FROM debian:12\nCOPY --from=build /x /x\n", 0, 0, 0},
    {"FL2003 cache mount", "FL2003",
     "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y "
     "--no-install-recommends curl\n", 0, 0, 0},
    {"FL2004 upgrade", "FL2004", "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n", 1, 2, 31},
    {"FL2004 update only", "FL2004", "FROM debian:12\nRUN apt-get update\n", 0, 0, 0},
    {"FL2005 apt", "FL2005",
     "FROM debian:12\nRUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
     2, 2, 5},
    {"FL2005 apt-get", "FL2005",
     "FROM debian:12\nRUN apt-get update && apt-cache policy curl\n", 0, 0, 0},
    {"FL2006 separate update", "FL2006",
     "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
     1, 2, 13},
    {"FL2006 combined", "FL2006",
     "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
     0, 0, 0},
    {"FL2007 apk add", "FL2007", "FROM alpine:3.19\nRUN apk add curl\n", 1, 2, 5},
    {"FL2007 no-cache", "FL2007", "FROM alpine:3.19\nRUN apk add --no-cache curl && apk --no-cache add git\n", 0, 0, 0},
    {"FL2008 pip", "FL2008", "FROM python:3.12-slim\nRUN pip install flask\n", 1, 2, 5},
    {"FL2008 python -m pip", "FL2008", "FROM python:3.12-slim\nRUN python3 -m pip install flask\n", 1, 2, 5},
    {"FL2008 no-cache-dir", "FL2008", "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n", 0, 0, 0},
    {"FL2008 env", "FL2008", "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n", 0, 0, 0},
    {"FL2009 yum", "FL2009", "FROM centos:7\nRUN yum install -y httpd\n", 1, 2, 5},
    {"FL2009 clean", "FL2009", "FROM centos:7\nRUN yum install -y httpd && yum clean all\n", 0, 0, 0},
    {"FL2010 dnf", "FL2010", "FROM fedora:40\nRUN dnf install httpd && dnf clean all\n", 1, 2, 5},
    {"FL2010 -y", "FL2010", "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n", 0, 0, 0},
    {"FL2011 npm install", "FL2011",
     "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nUSER node\n", 1, 4, 5},
    {"FL2011 npm install pkg", "FL2011", "FROM node:20-alpine\nRUN npm install -g pm2\nUSER node\n", 0, 0, 0},
    {"FL2011 npm ci", "FL2011", "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n", 0, 0, 0},

    // FL3: shell in RUN
    {"FL3001 cd", "FL3001", "FROM alpine:3.19\nRUN cd /tmp && wget -q https://example.com/x && cd /\n", 1, 2, 5},
    {"FL3001 workdir", "FL3001", "FROM alpine:3.19\nWORKDIR /tmp\nRUN wget -q https://example.com/x\n", 0, 0, 0},
    {"FL3002 curl | sh", "FL3002", "FROM debian:12\nRUN curl -fsSL https://example.com/install.sh | sh\n", 1, 2, 47},
    {"FL3002 SHELL pipefail", "FL3002",
     "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/i.sh | sh\n",
     0, 0, 0},
    {"FL3002 set pipefail", "FL3002",
     "FROM debian:12\nRUN set -o pipefail && curl -fsSL https://example.com/i.sh | bash\n", 0, 0, 0},
    {"FL3002 other pipe", "FL3002", "FROM debian:12\nRUN ls / | sort\n", 0, 0, 0},
    {"FL3003 both", "FL3003",
     "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN wget https://example.com/b\n", 1, 3, 5},
    {"FL3003 curl only", "FL3003",
     "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN curl -fsSLO https://example.com/b\n", 0, 0, 0},
    {"FL3004 high uid", "FL3004", "FROM debian:12\nRUN useradd -u 123456 app\nUSER app\n", 1, 2, 5},
    {"FL3004 -l", "FL3004", "FROM debian:12\nRUN useradd -l -u 123456 app && useradd -u 1000 b\nUSER app\n", 0, 0, 0},

    // FL4: COPY, ADD, WORKDIR
    {"FL4001 add file", "FL4001", "FROM alpine:3.19\nADD app.py /app/\n", 1, 2, 1},
    {"FL4001 add archive", "FL4001", "FROM alpine:3.19\nADD rootfs.tar.gz /\nADD https://example.com/x.txt /x\n", 0, 0, 0},
    {"FL4002 no slash", "FL4002", "FROM alpine:3.19\nCOPY a.txt b.txt /app\n", 1, 2, 18},
    {"FL4002 slash", "FL4002", "FROM alpine:3.19\nCOPY a.txt b.txt /app/\nCOPY c.txt /app/c\n", 0, 0, 0},
    {"FL4003 later stage", "FL4003", "FROM alpine:3.19 AS a\nCOPY --from=b /x /x\nFROM alpine:3.19 AS b\nUSER app\n", 1, 2, 6},
    {"FL4003 current index", "FL4003", "FROM alpine:3.19\nCOPY --from=0 /x /x\n", 1, 2, 6},
    {"FL4003 earlier stage", "FL4003",
     "FROM alpine:3.19 AS a\nRUN touch /x\nFROM alpine:3.19\nCOPY --from=a /x /x\nCOPY --from=0 /x /y\n", 0, 0, 0},
    {"FL4004 misspelt stage", "FL4004",
     "FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3.19\nCOPY --from=buildr /app /app\n", 1, 4, 6},
    {"FL4004 tagged image", "FL4004", "FROM alpine:3.19\nCOPY --from=nginx:1.25 /etc/nginx/nginx.conf /x\n", 0, 0, 0},
    {"FL4005 latest", "FL4005", "FROM alpine:3.19\nCOPY --from=nginx:latest /etc/nginx/nginx.conf /etc/nginx/\n", 1, 2, 6},
    {"FL4005 pinned", "FL4005", "FROM alpine:3.19\nCOPY --from=nginx:1.25 /etc/nginx/nginx.conf /etc/nginx/\n", 0, 0, 0},
    {"FL4006 npm", "FL4006", "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n", 1, 3, 6},
    {"FL4006 pip", "FL4006",
     "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n", 1, 3, 6},
    {"FL4006 good order", "FL4006",
     "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n", 0, 0, 0},
    {"FL4006 build after copy", "FL4006",
     "FROM maven:3.9 AS build\nWORKDIR /src\nCOPY . .\nRUN mvn -B package\n", 0, 0, 0},
    {"FL4007 into root", "FL4007", "FROM node:20-alpine\nCOPY . .\n", 1, 2, 8},
    {"FL4007 workdir", "FL4007", "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n", 0, 0, 0},
    {"FL4008 relative", "FL4008", "FROM alpine:3.19\nWORKDIR app\n", 1, 2, 9},
    {"FL4008 absolute", "FL4008", "FROM alpine:3.19\nWORKDIR /app\nWORKDIR src\nWORKDIR $HOME/x\n", 0, 0, 0},

    // FL5: runtime configuration
    {"FL5001 two CMD", "FL5001", "FROM alpine:3.19\nCMD [\"a\"]\nCMD [\"b\"]\n", 1, 2, 1},
    {"FL5001 one per stage", "FL5001", "FROM alpine:3.19 AS a\nCMD [\"a\"]\nFROM alpine:3.19\nCMD [\"b\"]\n", 0, 0, 0},
    {"FL5002 two ENTRYPOINT", "FL5002", "FROM alpine:3.19\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n", 1, 2, 1},
    {"FL5002 one", "FL5002", "FROM alpine:3.19\nENTRYPOINT [\"a\"]\nCMD [\"b\"]\n", 0, 0, 0},
    {"FL5003 shell CMD", "FL5003", "FROM node:20-alpine\nCMD node app.js\n", 1, 2, 5},
    {"FL5003 shell ENTRYPOINT", "FL5003", "FROM node:20-alpine\nENTRYPOINT node app.js\n", 1, 2, 12},
    {"FL5003 exec", "FL5003", "FROM node:20-alpine\nCMD [\"node\", \"app.js\"]\nENTRYPOINT exec java -jar /a.jar\n", 0, 0, 0},
    {"FL5004 two HEALTHCHECK", "FL5004", "FROM alpine:3.19\nHEALTHCHECK CMD [\"true\"]\nHEALTHCHECK NONE\n", 1, 2, 1},
    {"FL5004 one", "FL5004", "FROM alpine:3.19\nHEALTHCHECK --interval=5s CMD [\"true\"]\n", 0, 0, 0},
    {"FL5005 bad ports", "FL5005", "FROM alpine:3.19\nEXPOSE 80 70000 8080/http 80:80 0\n", 4, 2, 11},
    {"FL5005 good ports", "FL5005", "FROM alpine:3.19\nEXPOSE 80/tcp 53/udp 8000-8010 ${PORT} 443/TCP\n", 0, 0, 0},
    {"FL5006 bad signal", "FL5006", "FROM alpine:3.19\nSTOPSIGNAL SIGFOO\n", 1, 2, 12},
    {"FL5006 good signal", "FL5006", "FROM alpine:3.19\nSTOPSIGNAL SIGQUIT\nSTOPSIGNAL 9\nSTOPSIGNAL term\n", 0, 0, 0},
    {"FL5007 final", "FL5007", "FROM alpine:3.19\nONBUILD RUN echo hi\n", 1, 2, 1},
    {"FL5007 base stage", "FL5007", "FROM alpine:3.19 AS base\nONBUILD RUN echo hi\nFROM alpine:3.19\n", 0, 0, 0},

    // FL6: security
    {"FL6001 no USER", "FL6001", "FROM alpine:3.19\nRUN echo hi\n", 1, 1, 1},
    {"FL6001 USER root", "FL6001", "FROM alpine:3.19\nUSER app\nUSER root\n", 1, 3, 6},
    {"FL6001 USER in final", "FL6001", "FROM alpine:3.19 AS b\nRUN true\nFROM alpine:3.19\nUSER 1000:1000\n", 0, 0, 0},
    {"FL6001 USER in base stage", "FL6001", "FROM alpine:3.19 AS base\nUSER app\nFROM base\nRUN echo hi\n", 0, 0, 0},
    {"FL6002 sudo", "FL6002", "FROM debian:12\nRUN sudo apt-get update\n", 1, 2, 5},
    {"FL6002 no sudo", "FL6002", "FROM debian:12\nRUN apt-get update\n", 0, 0, 0},
    {"FL6003 ssh", "FL6003", "FROM alpine:3.19\nEXPOSE 22\n", 1, 2, 8},
    {"FL6003 other", "FL6003", "FROM alpine:3.19\nEXPOSE 2222 8022\n", 0, 0, 0},
    {"FL6004 ENV password", "FL6004", "FROM alpine:3.19\nENV DB_PASSWORD=hunter2\n", 1, 2, 5},
    {"FL6004 ARG token", "FL6004", "FROM alpine:3.19\nARG GITHUB_TOKEN\nRUN echo $GITHUB_TOKEN\n", 1, 2, 5},
    {"FL6004 not secrets", "FL6004",
     "FROM alpine:3.19\nENV PASSWORD_FILE=/run/secrets/db GPG_KEY=ABC AWS_ACCESS_KEY_ID=x\n", 0, 0, 0},

    // FL7: variables
    {"FL7001 stage ARG", "FL7001", "FROM alpine:3.19\nARG VERSION=1\nRUN echo hi\n", 1, 2, 5},
    {"FL7001 global ARG", "FL7001", "ARG VERSION=1\nFROM alpine:3.19\n", 1, 1, 5},
    {"FL7001 used in FROM", "FL7001", "ARG VERSION=3.19\nFROM alpine:${VERSION}\n", 0, 0, 0},
    {"FL7001 used in RUN", "FL7001", "FROM alpine:3.19\nARG VERSION=1\nRUN echo \"$VERSION\"\n", 0, 0, 0},
    {"FL7001 environment", "FL7001",
     "FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n", 0, 0, 0},
    {"FL7001 redeclared", "FL7001",
     "ARG VERSION=1\nFROM alpine:3.19\nARG VERSION\nRUN echo ${VERSION:-none}\n", 0, 0, 0},
    {"FL7002 undeclared", "FL7002", "ARG VERSION=1\nFROM alpine:3.19\nRUN echo $VERSION\n", 1, 3, 10},
    {"FL7002 declared", "FL7002", "ARG VERSION=1\nFROM alpine:3.19\nARG VERSION\nRUN echo $VERSION\n", 0, 0, 0},
    {"FL7003 same ENV", "FL7003", "FROM alpine:3.19\nENV A=1 B=$A\n", 1, 2, 11},
    {"FL7003 separate", "FL7003", "FROM alpine:3.19\nENV A=1\nENV B=$A PATH=/x:$PATH\n", 0, 0, 0},

    // FL8: style
    {"FL8001 MAINTAINER", "FL8001", "FROM alpine:3.19\nMAINTAINER Ada <ada@example.com>\n", 1, 2, 1},
    {"FL8001 LABEL", "FL8001", "FROM alpine:3.19\nLABEL maintainer=\"Ada <ada@example.com>\"\n", 0, 0, 0},
    {"FL8002 legacy ENV", "FL8002", "FROM alpine:3.19\nENV NODE_ENV production\n", 1, 2, 5},
    {"FL8002 legacy LABEL words", "FL8002", "FROM alpine:3.19\nLABEL description a small image\n", 1, 2, 7},
    {"FL8002 key=value", "FL8002", "FROM alpine:3.19\nENV NODE_ENV=production\n", 0, 0, 0},
    {"FL8003 mixed", "FL8003", "FROM alpine:3.19\nrun echo hi\nCMD [\"true\"]\n", 1, 2, 1},
    {"FL8003 all lower", "FL8003", "from alpine:3.19\nrun echo hi\n", 0, 0, 0},

    // Heredocs are shell scripts too (unless another interpreter reads them), and so is sh -c in exec form.
    {"FL2008 python heredoc", "FL2008", "FROM python:3.12\nRUN python3 <<EOF\npip install flask\nEOF\n", 0, 0, 0},
    {"FL2001 exec form", "FL2001",
     "FROM debian:12\nRUN [\"/bin/sh\", \"-c\", \"apt-get install -y curl && rm -rf /var/lib/apt/lists/*\"]\n", 1, 2, 5},
    {"FL2001 heredoc", "FL2001",
     "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n", 1, 2, 5},
};

std::vector<Diagnostic> only(const std::vector<Diagnostic> &all, std::string_view code)
{
    std::vector<Diagnostic> out;
    for (const auto &d : all)
        if (d.code == code)
            out.push_back(d);
    return out;
}

bool isParseError(const Diagnostic &d) { return d.code.rfind("FL", 0) != 0; }

QByteArray describe(const std::vector<Diagnostic> &all)
{
    QByteArray out;
    for (const auto &d : all)
        out += QByteArray::fromStdString(d.code) + " " + QByteArray::number(d.range.begin.line) + ":"
            + QByteArray::number(d.range.begin.column) + " " + QByteArray::fromStdString(d.message) + "\n";
    return out;
}

/// Applies fixes (non-overlapping) from the last to the first.
std::string applyFixes(std::string text, std::vector<Fix> fixes)
{
    std::sort(fixes.begin(), fixes.end(),
              [](const Fix &a, const Fix &b) { return a.range.begin.offset > b.range.begin.offset; });
    for (const auto &f : fixes)
        text.replace(std::size_t(f.range.begin.offset), std::size_t(f.range.end.offset - f.range.begin.offset),
                     f.replacement);
    return text;
}

std::string courseDockerfile()
{
    QFile f(QStringLiteral(FLOTILLA_SOURCE_DIR "/resources/templates/node-microservice/Dockerfile"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

} // namespace

class tst_Lint : public QObject
{
    Q_OBJECT

private slots:
    void rulesAreDocumented();
    void rulesCovered();
    void rules_data();
    void rules();
    void quickFixes_data();
    void quickFixes();
    void courseDockerfile();
    void npmCiDependsOnContext();
    void disabledRules();
    void findingsSorted();
    void parseErrorsComeFirstClass();
    void instructionDocs();
    void performance();
    void truncatedAndRandomInput();
};

void tst_Lint::rulesAreDocumented()
{
    const auto &all = lintRules();
    QVERIFY(all.size() >= 28);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const LintRule &r = all[i];
        QVERIFY2(r.id.size() == 6 && r.id.rfind("FL", 0) == 0
                     && std::all_of(r.id.begin() + 2, r.id.end(), [](char c) { return c >= '0' && c <= '9'; }),
                 r.id.c_str());
        QVERIFY2(ids.insert(r.id).second, r.id.c_str());
        if (i > 0)
            QVERIFY(all[i - 1].id < r.id);
        QVERIFY2(!r.title.empty() && !r.description.empty(), r.id.c_str());
        QVERIFY2(r.description.size() > r.title.size(), r.id.c_str());
        QCOMPARE(findLintRule(r.id), &r);
    }
    QCOMPARE(findLintRule("FL0000"), nullptr);
}

void tst_Lint::rulesCovered()
{
    for (const auto &r : lintRules()) {
        bool positive = false, negative = false;
        for (const auto &c : s_cases) {
            if (r.id != c.rule)
                continue;
            (c.count > 0 ? positive : negative) = true;
        }
        QVERIFY2(positive && negative, r.id.c_str());
    }
}

void tst_Lint::rules_data()
{
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < std::size(s_cases); ++i)
        QTest::newRow(s_cases[i].tag) << int(i);
}

void tst_Lint::rules()
{
    QFETCH(int, index);
    const RuleCase &c = s_cases[index];
    QVERIFY2(findLintRule(c.rule), c.rule);
    // The parser itself reports duplicate stage names (DF014) and bad EXPOSE ports (DF024); lintDockerfile
    // still checks them for trees that come from elsewhere, checkDockerfile shows the parse error instead.
    const bool parserChecksToo = std::string_view(c.rule) == "FL1003" || std::string_view(c.rule) == "FL5005";
    const ParseResult parsed = parseDockerfile(c.text);
    QVERIFY2(parsed.ok() || (parserChecksToo && c.count > 0), describe(parsed.errors).constData());
    const auto all = lintDockerfile(parsed.file);
    if (parserChecksToo && c.count > 0) {
        const auto checked = checkDockerfile(c.text);
        QVERIFY(only(checked, c.rule).empty());
        QVERIFY(std::any_of(checked.begin(), checked.end(), isParseError));
    }
    const auto found = only(all, c.rule);
    QVERIFY2(int(found.size()) == c.count, describe(all).constData());
    for (const auto &d : found) {
        QVERIFY(!d.message.empty());
        QVERIFY(!d.hint.empty());
        QVERIFY(d.range.end.offset >= d.range.begin.offset);
    }
    if (c.count > 0) {
        QCOMPARE(found.front().range.begin.line, c.line);
        QCOMPARE(found.front().range.begin.column, c.column);
    }
}

void tst_Lint::quickFixes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("rule");
    QTest::addColumn<QByteArray>("expected"); ///< the fixed text, or empty to check only that the rule is gone

    QTest::newRow("no-install-recommends") << QByteArray("FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")
                                           << QByteArray("FL2001")
                                           << QByteArray("FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n");
    QTest::newRow("-y") << QByteArray("FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n")
                        << QByteArray("FL2002") << QByteArray();
    QTest::newRow("apt lists") << QByteArray("FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl\n")
                               << QByteArray("FL2003")
                               << QByteArray("FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n");
    QTest::newRow("apt→apt-get") << QByteArray("FROM debian:12\nRUN apt update && apt install -y --no-install-recommends curl\n")
                                 << QByteArray("FL2005") << QByteArray();
    QTest::newRow("apk --no-cache") << QByteArray("FROM alpine:3.19\nRUN apk add curl\n") << QByteArray("FL2007")
                                    << QByteArray("FROM alpine:3.19\nRUN apk add --no-cache curl\n");
    QTest::newRow("pip --no-cache-dir") << QByteArray("FROM python:3.12\nRUN pip install -r requirements.txt\n")
                                        << QByteArray("FL2008") << QByteArray();
    QTest::newRow("yum clean") << QByteArray("FROM centos:7\nRUN yum install -y httpd\n") << QByteArray("FL2009")
                               << QByteArray("FROM centos:7\nRUN yum install -y httpd && yum clean all\n");
    QTest::newRow("dnf -y") << QByteArray("FROM fedora:40\nRUN dnf install httpd && dnf clean all\n")
                            << QByteArray("FL2010") << QByteArray();
    QTest::newRow("npm ci") << QByteArray("FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install --omit=dev\n")
                            << QByteArray("FL2011")
                            << QByteArray("FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n");
    QTest::newRow("useradd -l") << QByteArray("FROM debian:12\nRUN useradd -u 123456 app\n") << QByteArray("FL3004")
                                << QByteArray();
    QTest::newRow("ADD→COPY") << QByteArray("FROM alpine:3.19\nADD app.py /app/\n") << QByteArray("FL4001")
                              << QByteArray("FROM alpine:3.19\nCOPY app.py /app/\n");
    QTest::newRow("trailing /") << QByteArray("FROM alpine:3.19\nCOPY a b /app\n") << QByteArray("FL4002")
                                << QByteArray("FROM alpine:3.19\nCOPY a b /app/\n");
    QTest::newRow("stage typo") << QByteArray("FROM golang:1.22 AS builder\nRUN true\nFROM alpine:3.19\nCOPY --from=buildr /a /a\n")
                                << QByteArray("FL4004")
                                << QByteArray("FROM golang:1.22 AS builder\nRUN true\nFROM alpine:3.19\nCOPY --from=builder /a /a\n");
    QTest::newRow("absolute WORKDIR") << QByteArray("FROM alpine:3.19\nWORKDIR app\n") << QByteArray("FL4008")
                                      << QByteArray("FROM alpine:3.19\nWORKDIR /app\n");
    QTest::newRow("exec form") << QByteArray("FROM node:20\nCMD node app.js\n") << QByteArray("FL5003")
                               << QByteArray("FROM node:20\nCMD [\"node\", \"app.js\"]\n");
    QTest::newRow("sudo") << QByteArray("FROM debian:12\nRUN sudo apt-get update\n") << QByteArray("FL6002")
                          << QByteArray("FROM debian:12\nRUN apt-get update\n");
    QTest::newRow("MAINTAINER") << QByteArray("FROM alpine:3.19\nMAINTAINER Ada \"The Countess\" <ada@example.com>\n")
                                << QByteArray("FL8001")
                                << QByteArray("FROM alpine:3.19\nLABEL maintainer=\"Ada \\\"The Countess\\\" <ada@example.com>\"\n");
    QTest::newRow("ENV key=value") << QByteArray("FROM alpine:3.19\nENV NODE_ENV production\n") << QByteArray("FL8002")
                                   << QByteArray("FROM alpine:3.19\nENV NODE_ENV=production\n");
    QTest::newRow("LABEL key=value") << QByteArray("FROM alpine:3.19\nLABEL description a small image\n")
                                     << QByteArray("FL8002")
                                     << QByteArray("FROM alpine:3.19\nLABEL description=\"a small image\"\n");
    QTest::newRow("casing") << QByteArray("FROM alpine:3.19\nrun echo hi\nCopy a /a\n") << QByteArray("FL8003")
                            << QByteArray("FROM alpine:3.19\nRUN echo hi\nCOPY a /a\n");
}

void tst_Lint::quickFixes()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, rule);
    QFETCH(QByteArray, expected);
    const std::string code = rule.toStdString();
    const auto before = only(checkDockerfile(text.toStdString()), code);
    QVERIFY(!before.empty());
    std::vector<Fix> fixes;
    for (const auto &d : before) {
        QVERIFY2(d.fix.has_value(), d.message.c_str());
        QVERIFY(!d.fix->title.empty());
        fixes.push_back(*d.fix);
    }
    const std::string fixed = applyFixes(text.toStdString(), fixes);
    if (!expected.isEmpty())
        QCOMPARE(QByteArray::fromStdString(fixed), expected);
    const auto after = checkDockerfile(fixed);
    QVERIFY2(only(after, code).empty(), fixed.c_str());
    for (const auto &d : after)
        QVERIFY2(!isParseError(d), describe(after).constData());
}

void tst_Lint::courseDockerfile()
{
    const std::string text = ::courseDockerfile();
    QVERIFY(!text.empty());
    const auto all = checkDockerfile(text);
    QVERIFY2(all.size() == 2, describe(all).constData());

    // No USER: the container runs as root; reported on the final stage's FROM.
    QCOMPARE(QString::fromStdString(all[0].code), QStringLiteral("FL6001"));
    QCOMPARE(all[0].severity, Severity::Warning);
    QCOMPARE(all[0].range.begin.line, 2);
    QCOMPARE(all[0].range.begin.column, 1);

    // RUN npm install: an info while the build context is unknown, with a quick fix to npm ci.
    QCOMPARE(QString::fromStdString(all[1].code), QStringLiteral("FL2011"));
    QCOMPARE(all[1].severity, Severity::Info);
    QCOMPARE(all[1].range.begin.line, 11);
    QCOMPARE(all[1].range.begin.column, 5);
    QCOMPARE(all[1].range.end.column, 16);
    QVERIFY(all[1].fix.has_value());
    QCOMPARE(QString::fromStdString(all[1].fix->replacement), QStringLiteral("ci"));

    // node:14-alpine is pinned, and COPY package*.json → npm install → COPY . . is the cache-friendly order.
    for (const char *quiet : {"FL1001", "FL1002", "FL4006", "FL4007", "FL5003"})
        QVERIFY(only(all, quiet).empty());
}

void tst_Lint::npmCiDependsOnContext()
{
    const std::string text = ::courseDockerfile();
    LintOptions withLock;
    withLock.contextFiles = {"Dockerfile", "app.js", "package.json", "package-lock.json"};
    auto found = only(checkDockerfile(text, withLock), "FL2011");
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found[0].severity, Severity::Warning);

    LintOptions withoutLock;
    withoutLock.contextFiles = {"Dockerfile", "app.js", "package.json"};
    QVERIFY(only(checkDockerfile(text, withoutLock), "FL2011").empty());
}

void tst_Lint::disabledRules()
{
    const std::string text = ::courseDockerfile();
    LintOptions options;
    options.disabledRules = {"FL6001"};
    const auto all = checkDockerfile(text, options);
    QCOMPARE(all.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(all[0].code), QStringLiteral("FL2011"));

    options.disabledRules = {"FL6001", "FL2011"};
    QVERIFY(checkDockerfile(text, options).empty());
}

void tst_Lint::findingsSorted()
{
    const char *text = "FROM ubuntu\n"
                       "MAINTAINER someone\n"
                       "ENV A=1 B=$A\n"
                       "RUN sudo apt install curl | tee /log && cd /tmp\n"
                       "ADD . .\n"
                       "RUN npm install\n"
                       "EXPOSE 22 99999\n" // a parse error: no lint finding inside this instruction
                       "CMD run.sh\n"
                       "CMD [\"x\"]\n";
    const auto all = checkDockerfile(text);
    QVERIFY(all.size() >= 12);
    for (std::size_t i = 1; i < all.size(); ++i) {
        const auto &a = all[i - 1].range.begin, &b = all[i].range.begin;
        QVERIFY2(a.line < b.line || (a.line == b.line && a.column <= b.column), describe(all).constData());
    }
    QCOMPARE(std::count_if(all.begin(), all.end(), isParseError), 1);
    QVERIFY(only(all, "FL6003").empty() && only(all, "FL5005").empty());

    // lintDockerfile sorts on its own as well, and still sees the broken EXPOSE.
    const auto linted = lintDockerfile(parseDockerfile(text).file);
    QCOMPARE(linted.size(), all.size() + 1);
    for (std::size_t i = 1; i < linted.size(); ++i) {
        const auto &a = linted[i - 1].range.begin, &b = linted[i].range.begin;
        QVERIFY(a.line < b.line || (a.line == b.line && a.column <= b.column));
    }
}

void tst_Lint::parseErrorsComeFirstClass()
{
    const auto all = checkDockerfile("FROM alpine:3.19\nFOO bar\nADD app.py /app/\n");
    QVERIFY(std::any_of(all.begin(), all.end(), [](const Diagnostic &d) {
        return isParseError(d) && d.severity == Severity::Error && d.range.begin.line == 2;
    }));
    QCOMPARE(only(all, "FL4001").size(), std::size_t(1)); // the rest of the file is still linted
}

void tst_Lint::instructionDocs()
{
    for (int k = 0; k < int(InstructionKind::Unknown); ++k) {
        const auto kind = InstructionKind(k);
        const InstructionDoc &doc = instructionDoc(kind);
        const std::string name(instructionName(kind));
        QVERIFY2(doc.kind == kind, name.c_str());
        QVERIFY2(doc.synopsis.rfind(name, 0) == 0, name.c_str());
        QVERIFY2(!doc.summary.empty() && doc.summary.back() == '.', name.c_str());
        QVERIFY2(doc.details.size() > 150, name.c_str());
        QVERIFY2(!doc.example.empty() && std::count(doc.example.begin(), doc.example.end(), '\n') <= 1, name.c_str());
        for (const auto &flag : instructionFlags(kind))
            QVERIFY2(doc.synopsis.find(flag) != std::string::npos, (name + " " + flag).c_str());
    }
    for (InstructionKind kind : allInstructions())
        QVERIFY(!instructionDoc(kind).summary.empty() || kind == InstructionKind::Unknown);
    QVERIFY(instructionDoc(InstructionKind::Unknown).summary.empty());
    QVERIFY(instructionDoc(InstructionKind::Copy).details.find("checksum") != std::string::npos);
}

void tst_Lint::performance()
{
    std::string text = "ARG BASE=debian:12\nFROM ${BASE} AS build\nWORKDIR /src\n";
    while (std::count(text.begin(), text.end(), '\n') < 2000) {
        text += "COPY package*.json ./\n"
                "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\\n"
                "    && curl -fsSL https://example.com/x.sh | sh && rm -rf /var/lib/apt/lists/*\n"
                "ENV A=1 B=$A PATH=/usr/local/bin:$PATH\n"
                "RUN npm install && cd /tmp && pip install flask\n"
                "EXPOSE 8080 22\n"
                "ARG VERSION=1\n"
                "LABEL version=$VERSION\n";
    }
    text += "FROM alpine:3.19\nCOPY --from=build /src /app\nCMD [\"/app/run\"]\n";
    const ParseResult parsed = parseDockerfile(text);
    qint64 best = std::numeric_limits<qint64>::max();
    std::size_t findings = 0;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        findings = lintDockerfile(parsed.file).size();
        best = std::min(best, timer.nsecsElapsed());
    }
    QVERIFY(findings > 1000);
    qInfo("lint of %d lines: %.2f ms, %zu findings", int(std::count(text.begin(), text.end(), '\n')),
          double(best) / 1e6, findings);
    QVERIFY2(best < 5'000'000, QByteArray::number(double(best) / 1e6).constData());
}

void tst_Lint::truncatedAndRandomInput()
{
    // What an editor sends while the user types: every prefix must lint without crashing, with sane ranges.
    const std::string text = "# syntax=docker/dockerfile:1\n"
                             "ARG VERSION=1.0\n"
                             "FROM ubuntu:latest as base\n"
                             "MAINTAINER Jane <jane@example.com>\n"
                             "RUN apt update && sudo apt-get install curl \"$(echo x)\" `y` 2>/dev/null | sh\n"
                             "RUN [\"/bin/sh\", \"-c\", \"cd /x && npm install\"]\n"
                             "RUN <<EOF bash\ncurl -fsSL https://x | sh\nuseradd -u 1234567 a\nEOF\n"
                             "ENV A=1 B=$A C ${A:-x}\n"
                             "ADD . .\n"
                             "COPY --from=nothere a b c\n"
                             "EXPOSE 22 80-90/udp\n"
                             "CMD python app.py\n"
                             "FROM base AS second\n"
                             "ONBUILD RUN echo $VERSION\n"
                             "HEALTHCHECK CMD [\"true\"]\n"
                             "USER root\n";
    auto sane = [](const std::vector<Diagnostic> &all, std::size_t size) {
        for (const auto &d : all) {
            if (d.code.empty() || d.range.begin.line < 1 || d.range.begin.column < 1
                || d.range.end.offset < d.range.begin.offset || std::size_t(d.range.end.offset) > size)
                return false;
            if (d.fix && (d.fix->range.end.offset < d.fix->range.begin.offset
                          || std::size_t(d.fix->range.end.offset) > size))
                return false;
        }
        return true;
    };
    for (std::size_t n = 0; n <= text.size(); ++n) {
        const std::string prefix = text.substr(0, n);
        QVERIFY2(sane(checkDockerfile(prefix), prefix.size()), prefix.c_str());
    }
    std::uint32_t seed = 12345;
    const std::string alphabet = "FROM RUN COPY ARG ENV $ { } ( ) | & ; \" ' ` < > \\ \n = -- [ ] , # EOF";
    for (int round = 0; round < 300; ++round) {
        std::string junk;
        for (int i = 0; i < 200; ++i) {
            seed = seed * 1664525u + 1013904223u;
            junk += alphabet[(seed >> 16) % alphabet.size()];
        }
        QVERIFY(sane(checkDockerfile(junk), junk.size()));
    }
}

QTEST_GUILESS_MAIN(tst_Lint)
#include "tst_lint.moc"
