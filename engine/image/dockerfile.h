#pragma once

// The Dockerfile language: a line lexer (shared with the editor's highlighter), an error-tolerant parser
// that keeps the source range of every node, and variable substitution as Docker does it.

#include "../common/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flotilla::engine::image {

/// 1-based line and column (column counts bytes of the line), plus the 0-based byte offset in the file.
struct SourcePos {
    int line = 0;
    int column = 0;
    int offset = 0;
    bool operator==(const SourcePos &) const = default;
};

/// [begin, end): end is one past the last byte.
struct SourceRange {
    SourcePos begin;
    SourcePos end;
    bool operator==(const SourceRange &) const = default;
    bool contains(int line) const { return line >= begin.line && line <= end.line; }
};

enum class Severity { Error, Warning, Info, Style };
std::string severityName(Severity s); ///< "error", "warning", "info", "style"

/// A quick fix: replace `range` of the file with `replacement`.
struct Fix {
    SourceRange range;
    std::string replacement;
    std::string title; ///< "Add --no-install-recommends"
};

/// A parse error or a lint finding.
struct Diagnostic {
    std::string code; ///< "DF001" for parse errors, "FL3007" style ids for lint rules
    Severity severity = Severity::Error;
    SourceRange range;
    std::string message;
    std::string hint; ///< how to fix it, one sentence
    std::optional<Fix> fix;
};

enum class InstructionKind {
    From, Run, Cmd, Entrypoint, Label, Expose, Env, Add, Copy, Volume, User, Workdir, Arg, Onbuild,
    Stopsignal, Healthcheck, Shell, Maintainer, Unknown
};
/// "FROM", "RUN", …; Unknown → "".
std::string_view instructionName(InstructionKind kind);
/// Case-insensitive; Unknown when not an instruction.
InstructionKind instructionKind(std::string_view word);
/// Every instruction in reference order (for completion and docs).
const std::vector<InstructionKind> &allInstructions();
/// The flags an instruction accepts ("--from", "--chown", …); empty when none.
const std::vector<std::string> &instructionFlags(InstructionKind kind);

// ---------------------------------------------------------------------------------------------
// Lexer: one line at a time with a small carried state, so an editor can re-lex only what changed.

enum class TokenKind {
    Comment,        ///< "# …" (whole-line comments)
    Directive,      ///< "# syntax=…", "# escape=`" at the top
    Instruction,    ///< FROM, RUN, … (also an unknown word in instruction position: see Error)
    Flag,           ///< --from=builder
    Keyword,        ///< AS in FROM, NONE / CMD in HEALTHCHECK
    String,         ///< "quoted" or 'quoted' text
    Variable,       ///< $VAR, ${VAR:-x}
    Punctuation,    ///< [ ] , of exec form, = in key=value
    Continuation,   ///< the escape character at the end of a line
    HeredocMarker,  ///< <<EOF, <<-"EOF"
    HeredocBody,    ///< lines inside a heredoc
    HeredocEnd,     ///< the closing delimiter line
    Number,         ///< ports in EXPOSE, durations
    Text,           ///< other argument text
    Error,          ///< an unknown instruction word or a stray character
};

struct Token {
    TokenKind kind = TokenKind::Text;
    int start = 0;  ///< byte offset within the line
    int length = 0;
};

/// What one line hands to the next. Equality decides whether the following line must be re-lexed.
/// For ONBUILD, `instruction` becomes the trigger's kind once the trigger keyword is seen; for
/// HEALTHCHECK it becomes Cmd after the CMD keyword.
struct LexState {
    bool directivesAllowed = true;   ///< still at the top, where parser directives may appear
    char escape = '\\';
    bool continuation = false;       ///< the previous line ended with the escape character
    InstructionKind instruction = InstructionKind::Unknown; ///< of the continued instruction
    bool jsonArgs = false;           ///< the continued instruction is in exec (JSON) form
    std::vector<std::string> heredocs; ///< pending heredoc delimiters, first is the one being read
    std::vector<bool> heredocStripTabs; ///< <<- per pending heredoc
    bool flagsAllowed = false;       ///< the continued instruction may still take --flags
    int argWords = 0;                ///< argument words seen so far in the continued instruction (capped
                                     ///< at 3); -1 while its keyword is still to come (a line of just "\")
    bool operator==(const LexState &) const = default;
    std::size_t hash() const;
};

/// Lexes one line (without its newline) starting in state `in`; returns the state for the next line.
LexState lexLine(std::string_view line, const LexState &in, std::vector<Token> &out);

// ---------------------------------------------------------------------------------------------
// Syntax tree.

struct ParserDirective {
    std::string name;  ///< lower case: "syntax", "escape", "check"
    std::string value;
    SourceRange range;
};

struct Flag {
    std::string name;  ///< without dashes: "from", "chown"
    std::string value; ///< empty when written without "="
    bool hasValue = false;
    SourceRange range; ///< the whole "--name=value"
};

struct Heredoc {
    std::string delimiter; ///< without quotes
    bool quoted = false;   ///< <<"EOF" / <<'EOF': no expansion inside
    bool stripTabs = false;///< <<-EOF
    std::string content;   ///< the body lines, each ending in "\n", without the closing delimiter
                           ///< (leading tabs already removed for <<-)
    SourceRange range;     ///< from the marker to the end of the closing delimiter line
};

/// An argument word with its place in the joined argument text (quotes removed, escapes kept as written
/// apart from quote handling; substitution happens later).
struct Word {
    std::string text;     ///< as written, quotes removed
    std::string raw;      ///< as written, quotes kept
    int offset = 0;       ///< byte offset of the word in Instruction::args
    int length = 0;       ///< of raw
};

struct Instruction {
    InstructionKind kind = InstructionKind::Unknown;
    std::string keyword;          ///< as written ("from", "RUN", "FOOBAR")
    SourceRange range;            ///< the whole instruction, continuations and heredocs included
    SourceRange keywordRange;
    std::vector<Flag> flags;      ///< leading --flags (only for instructions that take flags)
    std::string args;             ///< text after the keyword and flags; continuation lines joined
                                  ///< (escape + newline removed, comment lines inside dropped)
    SourceRange argsRange;
    bool execForm = false;        ///< args is a JSON string array (HEALTHCHECK: the part after CMD is)
    std::vector<std::string> execArgs; ///< decoded JSON array when execForm
    std::vector<Word> words;      ///< args split on whitespace (quote-aware); empty when execForm,
                                  ///< except for HEALTHCHECK, whose words always include CMD / NONE
    std::vector<Heredoc> heredocs;
    std::shared_ptr<Instruction> onbuildTrigger; ///< the instruction inside ONBUILD
    char escape = '\\';            ///< the file's escape character (# escape=), for splitting and unquoting
    /// Maps a byte offset in `args` back to the file.
    SourcePos posOfArg(int argOffset) const;
    SourceRange rangeOfArg(int argOffset, int length) const;
    /// The flag's value when the flag is present ("" for a bare --link); nullopt when absent.
    std::optional<std::string> flag(std::string_view name) const;

    // offset map: argSegments[i] = {offset in args, position in file}; built by the parser
    struct Segment { int argOffset; SourcePos pos; };
    std::vector<Segment> argSegments;
};

struct Comment {
    std::string text; ///< without "#"
    SourceRange range;
};

/// A build stage: FROM up to the next FROM.
struct Stage {
    int index = 0;
    std::string name;        ///< from "AS name", lower-cased; empty when unnamed
    std::string baseImage;   ///< as written (before substitution)
    std::string platform;    ///< --platform, as written
    int fromInstruction = 0; ///< index into Dockerfile::instructions
    std::vector<int> instructions; ///< indexes of the stage's instructions after FROM
};

struct Dockerfile {
    std::vector<ParserDirective> directives;
    char escape = '\\';
    std::vector<Instruction> instructions;
    std::vector<Comment> comments;
    std::vector<int> globalArgs; ///< ARG instructions before the first FROM
    std::vector<Stage> stages;
    int lineCount = 0; ///< a final newline does not start another line
};

struct ParseResult {
    Dockerfile file;
    std::vector<Diagnostic> errors; ///< empty when the file is valid; the tree is best-effort regardless
    bool ok() const { return errors.empty(); }
};

/// Parses a whole Dockerfile. Never throws; reports binary or empty input, unknown instructions, a missing
/// FROM, unterminated heredocs and JSON arrays, bad flags, … with their ranges.
ParseResult parseDockerfile(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Variable substitution ($VAR, ${VAR}, ${VAR:-word}, ${VAR-word}, ${VAR:+word}, ${VAR+word},
// ${VAR:?message}, ${VAR?message}); the escape character protects a "$".

using Variables = std::map<std::string, std::string>;

/// Expands `word` the way Docker processes one word: quotes are removed ('…' is literal, "…" expands),
/// the escape character makes the next character literal (inside "…" only before $, " and itself),
/// unknown variables become empty. Also ${VAR#pat} ${VAR##pat} ${VAR%pat} ${VAR%%pat} (* and ? globs).
/// Pass Word::raw. Errors (${X:?msg}, a bad ${…}, an unterminated quote) name the column in the word
/// (1-based) in Error::column.
Result<std::string> expandVariables(std::string_view word, const Variables &vars, char escape = '\\');

/// Key/value pairs of ENV, LABEL and ARG (ARG values are optional): "A=1 B='two words'" or the legacy
/// "KEY value" form of ENV/LABEL. Values have quotes removed, not expanded. Errors carry the file
/// line and column of the offending word.
struct KeyValue {
    std::string key;
    std::optional<std::string> value;
    int offset = 0; ///< of the key in Instruction::args
};
Result<std::vector<KeyValue>> parseKeyValues(const Instruction &instruction);

} // namespace flotilla::engine::image
