// Diagrams of workflows: the DOT output of every shipped workflow is
// accepted by Graphviz (`dot -Tcanon`), the Mermaid output passes a
// structural check of the statements it uses, and both show what the
// definition says (labels, final states, guards, timers on their states).
#include "adapters/report/diagram.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/definition/definition.h"
#include "tests/support/temp_dir.h"

namespace wageflow::report {
namespace {

namespace fs = std::filesystem;

const fs::path kWorkflows = fs::path(WAGEFLOW_SOURCE_DIR) / "workflows";

std::vector<fs::path> shipped_workflows() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kWorkflows)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::shared_ptr<const Definition> load(const fs::path& file) {
  LoadOptions options;
  options.calendars_dir = (kWorkflows / "calendars").string();
  auto loaded = load_definition_file(file.string(), options, nullptr);
  if (!loaded.ok()) throw std::runtime_error(loaded.error());
  return loaded.value();
}

std::shared_ptr<const Definition> load_text(const std::string& yaml) {
  LoadOptions options;
  options.calendars_dir = (kWorkflows / "calendars").string();
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(yaml, "test.yaml", options, &diagnostics);
  if (!loaded.ok()) {
    std::string text = loaded.error();
    for (const auto& d : diagnostics) text += "\n" + d.to_string();
    throw std::runtime_error(text);
  }
  return loaded.value();
}

bool has_graphviz() {
  return std::system("command -v dot >/dev/null 2>&1") == 0;
}

// Runs `dot -Tcanon` on `text`; its exit code, and what it said in *said.
int dot_canon(const std::string& text, std::string* said) {
  testing::TempDir dir;
  const std::string in = dir.write("in.dot", text);
  const std::string out = dir.file("out.txt");
  const int status = std::system(("dot -Tcanon " + in + " >" + out + " 2>&1").c_str());
  std::ifstream output(out);
  std::ostringstream buffer;
  buffer << output.rdbuf();
  *said = buffer.str();
  return WEXITSTATUS(status);
}

// A structural parser for the Mermaid flowchart subset render_mermaid
// emits: every line is one of the known statement forms, every quoted
// label has no raw quote and only known entity codes, subgraphs are
// balanced, and every node an edge or class names is declared. Returns the
// problems, one a line (empty: the text is well-formed).
struct MermaidCheck {
  std::vector<std::string> problems;
  std::set<std::string> nodes;
  int edges = 0;
  int subgraphs = 0;
};

const std::string kId = "[A-Za-z_][A-Za-z0-9_]*";
// A quoted label: no raw '"', '<' or '>' apart from <br/>, entities only
// as #name; or #digits;.
const std::string kLabel = R"("(?:[^"<>#]|<br/>|#(?:quot|lt|gt|amp|[0-9]+);)*")";

MermaidCheck check_mermaid(const std::string& text) {
  MermaidCheck check;
  const std::regex header("flowchart (LR|TD|TB|RL|BT)");
  const std::regex comment(" *%%.*");
  const std::regex subgraph(" *subgraph (" + kId + ")\\[" + kLabel + "\\]");
  const std::regex end(" *end");
  const std::regex node(" *(" + kId + R"()(\(\(|\[\[|\(|\[))" + kLabel + R"((\)\)|\]\]|\)|\]))");
  const std::regex edge(" *(" + kId + ") -->(?:\\|" + kLabel + "\\|)? (" + kId + ")");
  const std::regex class_def(" *classDef (" + kId + ") [a-z-]+:[^,;]+(,[a-z-]+:[^,;]+)*");
  const std::regex class_use(" *class (" + kId + "(?:," + kId + ")*) (" + kId + ")");
  const std::map<std::string, std::string> closing = {
      {"((", "))"}, {"[[", "]]"}, {"(", ")"}, {"[", "]"}};
  std::vector<std::pair<int, std::string>> references;  // line, node id
  std::set<std::string> classes;
  std::vector<std::pair<int, std::string>> class_uses;
  std::istringstream lines(text);
  int number = 0;
  int depth = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    std::smatch m;
    const std::string where = "line " + std::to_string(number) + ": ";
    if (number == 1) {
      if (!std::regex_match(line, header)) check.problems.push_back(where + "not a flowchart");
    } else if (line.empty() || std::regex_match(line, comment)) {
    } else if (std::regex_match(line, m, subgraph)) {
      ++depth;
      ++check.subgraphs;
    } else if (std::regex_match(line, end)) {
      if (--depth < 0) check.problems.push_back(where + "end without subgraph");
    } else if (std::regex_match(line, m, node)) {
      if (closing.at(m[2]) != m[3]) check.problems.push_back(where + "mismatched node brackets");
      if (!check.nodes.insert(m[1]).second) {
        check.problems.push_back(where + "node " + m[1].str() + " declared twice");
      }
    } else if (std::regex_match(line, m, edge)) {
      references.emplace_back(number, m[1]);
      references.emplace_back(number, m[2]);
      ++check.edges;
    } else if (std::regex_match(line, m, class_def)) {
      classes.insert(m[1]);
    } else if (std::regex_match(line, m, class_use)) {
      std::istringstream ids(m[1].str());
      for (std::string id; std::getline(ids, id, ',');) references.emplace_back(number, id);
      class_uses.emplace_back(number, m[2]);
    } else {
      check.problems.push_back(where + "not a known statement: " + line);
    }
  }
  if (depth != 0) check.problems.push_back("unclosed subgraph");
  for (const auto& [at, id] : references) {
    if (!check.nodes.count(id)) {
      check.problems.push_back("line " + std::to_string(at) + ": undeclared node " + id);
    }
  }
  for (const auto& [at, name] : class_uses) {
    if (!classes.count(name)) {
      check.problems.push_back("line " + std::to_string(at) + ": undefined class " + name);
    }
  }
  return check;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

TEST(Diagram, DotOfEveryShippedWorkflowIsAcceptedByGraphviz) {
  if (!has_graphviz()) GTEST_SKIP() << "Graphviz dot is not installed";
  for (const auto& file : shipped_workflows()) {
    SCOPED_TRACE(file.string());
    const std::string dot = render_dot(*load(file), DiagramOptions{});
    std::string said;
    EXPECT_EQ(dot_canon(dot, &said), 0) << said << "\n" << dot;
    EXPECT_EQ(said.find("Warning"), std::string::npos) << said;
  }
}

TEST(Diagram, MermaidOfEveryShippedWorkflowIsWellFormed) {
  for (const auto& file : shipped_workflows()) {
    SCOPED_TRACE(file.string());
    const auto def = load(file);
    const std::string mermaid = render_mermaid(*def, DiagramOptions{});
    const MermaidCheck check = check_mermaid(mermaid);
    EXPECT_TRUE(check.problems.empty()) << joined(check.problems) << mermaid;
    // Every state, the entry node, and the "*" node when a row is from '*'.
    EXPECT_GE(check.nodes.size(), def->states.size() + 1);
    EXPECT_GE(check.edges, 1 + 1);
    EXPECT_EQ(check.subgraphs, 2);
  }
}

TEST(Diagram, MermaidCheckFindsBrokenText) {
  const std::pair<const char*, const char*> broken[] = {
      {"raw quote in a label", "flowchart LR\n  s0(\"a \"b\"\")\n"},
      {"undeclared node", "flowchart LR\n  s0(\"a\")\n  s0 --> s1\n"},
      {"unclosed subgraph", "flowchart LR\n  subgraph g[\"x\"]\n  s0(\"a\")\n"},
      {"unknown statement", "flowchart LR\n  s0(\"a\") ~~ s1\n"},
      {"raw angle bracket", "flowchart LR\n  s0(\"a < b\")\n"},
      {"mismatched brackets", "flowchart LR\n  s0((\"a\")]\n"},
  };
  for (const auto& [what, text] : broken) {
    EXPECT_FALSE(check_mermaid(text).problems.empty()) << what;
  }
}

TEST(Diagram, ShowsLabelsFinalStatesTimersAndGuardsOfTheFastTrackWorkflow) {
  const auto def = load(kWorkflows / "wage-arbitration-fasttrack.yaml");
  const std::string dot = render_dot(*def, DiagramOptions{});
  // The initial state with its label and the acceptance timer it starts.
  EXPECT_NE(dot.find("申请登记\\nintake\\ntimer acceptance_decision 受理审查期限: 5 working_days, "
                     "warn 1 working_days (binding)"),
            std::string::npos)
      << dot;
  // Timers started by the accept event are shown on the state it leads to.
  EXPECT_NE(dot.find("已受理\\naccepted\\ntimer closure_target 速裁结案目标: 30 days from accept, "
                     "warn 5 days (target)"),
            std::string::npos);
  EXPECT_NE(dot.find("extend_award_limit +15 days ×1 [director]; expire: escalate director"),
            std::string::npos);
  // Final states have a double border, inside the final group.
  const auto final_group = dot.find("subgraph cluster_final");
  ASSERT_NE(final_group, std::string::npos);
  EXPECT_NE(dot.find("调解结案\\nsettled\", peripheries=2", final_group), std::string::npos);
  // Edges carry event, roles and guard.
  EXPECT_NE(dot.find("[label=\"award\\n[arbitrator]\\nif award_amount >= 0 and award_amount <= "
                     "claim_amount\"]"),
            std::string::npos);
  // withdraw (from '*') is drawn once, from the "*" node.
  std::size_t withdraws = 0;
  for (auto at = dot.find("label=\"withdraw\""); at != std::string::npos;
       at = dot.find("label=\"withdraw\"", at + 1)) {
    ++withdraws;
  }
  EXPECT_EQ(withdraws, 1u) << dot;
}

// Quotes, backslashes, brackets and Chinese text in names, labels and
// guards stay inside their labels in both languages.
constexpr const char* kAwkward = R"(workflow: awkward
version: 2
title: '引号 "quoted" \ back'
calendar: cn-mainland
roles: ['a "role"', 'b|c']
fields:
  kind: {type: enum, values: ['a', 'b<c>', '#1']}
  note: {type: string}
states:
  'start "here"': {initial: true, label: '开始 [x] {y} <b> & #35;'}
  'done\path': {final: true, label: "完成 'ok'"}
transitions:
  - event: finish
    from: 'start "here"'
    to: 'done\path'
    roles: ['a "role"', 'b|c']
    guard: "kind in ['a', 'b<c>', '#1'] and note != 'x|\"y\"'"
timers:
  limit:
    label: '期限 "a" <b>'
    duration: 3 days
    start: {enter: 'start "here"'}
)";

TEST(Diagram, EscapesQuotesBracketsAndChineseText) {
  const auto def = load_text(kAwkward);
  const std::string mermaid = render_mermaid(*def, DiagramOptions{});
  const MermaidCheck check = check_mermaid(mermaid);
  EXPECT_TRUE(check.problems.empty()) << joined(check.problems) << mermaid;
  EXPECT_NE(mermaid.find("kind in ['a', 'b#lt;c#gt;', '#35;1'] and note != 'x#124;#quot;y#quot;'"),
            std::string::npos)
      << mermaid;
  EXPECT_NE(mermaid.find("开始 [x] {y} #lt;b#gt; #amp; #35;35;"), std::string::npos) << mermaid;

  const std::string dot = render_dot(*def, DiagramOptions{});
  EXPECT_NE(dot.find(R"(start \"here\")"), std::string::npos) << dot;
  EXPECT_NE(dot.find(R"(done\\path)"), std::string::npos) << dot;
  EXPECT_NE(dot.find(R"(note != 'x|\"y\"')"), std::string::npos) << dot;
  if (has_graphviz()) {
    std::string said;
    EXPECT_EQ(dot_canon(dot, &said), 0) << said << "\n" << dot;
    // Graphviz read the labels as written: the canonical form keeps them.
    EXPECT_NE(said.find(R"(引号 \"quoted\" \\ back)"), std::string::npos) << said;
  }
}

TEST(Diagram, LabelsFollowTheLocale) {
  const auto def = load(kWorkflows / "wage-arbitration-fasttrack.yaml");
  DiagramOptions english;
  english.locale = "en";
  const std::string dot = render_dot(*def, english);
  EXPECT_NE(dot.find("Application received\\nintake"), std::string::npos) << dot;
  EXPECT_NE(dot.find("final"), std::string::npos);
}

TEST(Diagram, SvgComesFromGraphviz) {
  if (!has_graphviz()) GTEST_SKIP() << "Graphviz dot is not installed";
  const auto def = load(kWorkflows / "wage-arbitration-fasttrack.yaml");
  auto svg = render_svg(*def, DiagramOptions{});
  ASSERT_TRUE(svg.ok()) << svg.error();
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  EXPECT_NE(svg->find("申请登记"), std::string::npos);
  EXPECT_NE(svg->find("</svg>"), std::string::npos);
}

TEST(Diagram, SvgWithoutGraphvizSaysHowToInstallIt) {
  const auto def = load(kWorkflows / "wage-arbitration-fasttrack.yaml");
  DiagramOptions options;
  options.dot_program = "wageflow-no-such-dot-program";
  auto svg = render_svg(*def, options);
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.error(), "Graphviz 'dot' is not installed: apt-get install graphviz");
}

TEST(Diagram, SvgReportsAFailingDotProgram) {
  DiagramOptions options;
  options.dot_program = "false";  // a real program that exits 1, found on PATH
  auto svg = render_svg(*load(kWorkflows / "legal-aid.yaml"), options);
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.error().rfind("Graphviz dot failed (exit 1)", 0), 0u) << svg.error();
}

TEST(Diagram, ParsesFormatNames) {
  EXPECT_EQ(parse_diagram_format("dot"), DiagramFormat::kDot);
  EXPECT_EQ(parse_diagram_format("mermaid"), DiagramFormat::kMermaid);
  EXPECT_EQ(parse_diagram_format("svg"), DiagramFormat::kSvg);
  EXPECT_EQ(parse_diagram_format("png"), std::nullopt);
}

}  // namespace
}  // namespace wageflow::report
