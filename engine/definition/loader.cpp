// load_definition_file / load_definition_text: YAML -> validated Definition.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "engine/core/utf8.h"
#include "engine/core/yaml_syntax.h"
#include "engine/definition/definition.h"
#include "engine/definition/format_keys.h"
#include "engine/definition/sections.h"

namespace wageflow {
namespace {

using loader::Entries;
using loader::Position;
using loader::Reporter;

// Where the root node of each YAML document of a text is, in order, up to
// and excluding the first empty document (what YAML::LoadAll would return).
// yaml-cpp 0.7's LoadAll never stops on some malformed texts: it keeps
// finding documents without reading further, and its list grows until
// memory runs out (jbeder/yaml-cpp#1319; found by tests/fuzz). So the
// documents are counted here, two at the most, from the parser's events.
class DocumentRoots final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;
  bool empty_document = false;  // a document without a root ended the list

  void OnDocumentStart(const YAML::Mark&) override { expecting_root_ = true; }
  void OnDocumentEnd() override {
    if (expecting_root_) empty_document = true;
    expecting_root_ = false;
  }
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {
    if (expecting_root_) empty_document = true;
    expecting_root_ = false;
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { root(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    root(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    root(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    root(mark);
  }
  void OnMapEnd() override {}

 private:
  void root(const YAML::Mark& mark) {
    if (expecting_root_) marks.push_back(mark);
    expecting_root_ = false;
  }
  bool expecting_root_ = false;
};

// The roots of the first two non-empty documents of `text`. Throws
// YAML::ParserException on a syntax error.
std::vector<YAML::Mark> first_document_roots(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentRoots roots;
  while (roots.marks.size() < 2 && !roots.empty_document && parser.HandleNextDocument(roots)) {
  }
  return roots.marks;
}

// The one document of the file, or nullopt after reporting why not.
std::optional<YAML::Node> parse_document(const std::string& text, Reporter& report) {
  // yaml-cpp would take GBK bytes as they are: labels and enum values would
  // then never match what a clerk types.
  if (const std::optional<TextPlace> bad = first_invalid_utf8(text)) {
    if (report.later_rule(Position{bad->line, bad->column}, kNotUtf8File)) return std::nullopt;
  }
  std::vector<YAML::Mark> roots;
  YAML::Node first;
  try {
    roots = first_document_roots(text);
    if (!roots.empty()) first = YAML::Load(text);  // the first document only
  } catch (const YAML::ParserException& e) {
    const YamlSyntaxError explained =
        explain_yaml_syntax_error(text, e.mark.line + 1, e.mark.column + 1, e.msg);
    report.error(Position{explained.line, explained.column}, explained.message);
    return std::nullopt;
  }
  if (roots.empty() || first.IsNull()) {
    report.error(Position{}, "the file is empty; a workflow starts with workflow: <id>");
    return std::nullopt;
  }
  if (roots.size() > 1) {
    report.error(Position{roots[1].line + 1, roots[1].column + 1},
                 "one workflow per file: remove the second YAML document (after ---)");
  }
  if (!first.IsMap()) {
    report.error(loader::position_of(first),
                 "a workflow file must be a map of keys (workflow:, version:, calendar:, roles:, "
                 "states:, transitions:, ...), not a " +
                     std::string(first.IsSequence() ? "list" : "single value"));
    return std::nullopt;
  }
  return first;
}

std::shared_ptr<Definition> build(const std::string& text, const LoadOptions& options,
                                  Reporter& report) {
  std::optional<YAML::Node> root = parse_document(text, report);
  if (!root) return nullptr;
  const Position top_at = loader::position_of(*root);
  std::optional<Entries> top =
      loader::read_keys(*root, top_at, "a workflow", format_keys::kWorkflow, report);
  if (!top) return nullptr;
  for (std::string_view key : format_keys::kWorkflowRequired) {
    if (!loader::find(*top, key))
      report.error(top_at, "missing required key '" + std::string(key) + "'");
  }
  loader::LoadContext ctx(text, options, report);
  loader::read_identity(*top, ctx);
  loader::read_roles(loader::find(*top, "roles"), ctx);
  loader::read_role_labels(loader::find(*top, "role_labels"), ctx);
  loader::read_fields(loader::find(*top, "fields"), ctx);
  loader::read_constants(loader::find(*top, "constants"), ctx);
  loader::read_states(loader::find(*top, "states"), ctx);
  loader::read_calendar(loader::find(*top, "calendar"), ctx);
  loader::read_transitions(loader::find(*top, "transitions"), ctx);
  loader::read_timers(loader::find(*top, "timers"), ctx);
  loader::read_lifecycle(loader::find(*top, "lifecycle"), ctx);
  loader::read_statistics(loader::find(*top, "statistics"), ctx);
  if (report.error_count() > 0) return nullptr;
  loader::warn_about_graph(ctx);
  auto definition = std::make_shared<Definition>(std::move(ctx.def));
  definition->source_text = text;
  definition->finish();
  return definition;
}

Result<std::shared_ptr<const Definition>> finish_load(std::shared_ptr<Definition> definition,
                                                      const Reporter& report,
                                                      std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> found = report.in_file_order();
  if (diagnostics) diagnostics->insert(diagnostics->end(), found.begin(), found.end());
  const int errors = report.error_count();
  if (errors > 0 || !definition) {
    return Error{std::to_string(errors) + (errors == 1 ? " error in " : " errors in ") +
                 report.file()};
  }
  return std::shared_ptr<const Definition>(std::move(definition));
}

}  // namespace

Result<std::shared_ptr<const Definition>> load_definition_text(
    const std::string& text, const std::string& file, const LoadOptions& options,
    std::vector<Diagnostic>* diagnostics) {
  Reporter report(file, options.stored_text);
  std::shared_ptr<Definition> definition;
  try {
    definition = build(text, options, report);
  } catch (const std::exception& e) {
    report.error(Position{}, std::string("could not read the workflow: ") + e.what());
    definition = nullptr;
  }
  return finish_load(std::move(definition), report, diagnostics);
}

Result<std::shared_ptr<const Definition>> load_definition_file(
    const std::string& path, const LoadOptions& options, std::vector<Diagnostic>* diagnostics) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    Reporter report(path);
    report.error(Position{}, "cannot read the file (missing or not readable)");
    return finish_load(nullptr, report, diagnostics);
  }
  return load_definition_text(text.str(), path, options, diagnostics);
}

}  // namespace wageflow
