// render_mermaid: the diagram model as a Mermaid flowchart.
#include <sstream>

#include "adapters/report/diagram.h"
#include "adapters/report/diagram_model.h"

namespace wageflow::report {
namespace {

std::string node_id(int index) {
  return "s" + std::to_string(index);
}

// Each line quoted on its own, joined with Mermaid's line break.
std::string lines_label(const std::vector<std::string>& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string quoted = mermaid_quoted(lines[i]);
    text += (i ? "<br/>" : "") + quoted.substr(1, quoted.size() - 2);
  }
  return "\"" + text + "\"";
}

// A rounded box for an open state, a double-edged box for a final one, a
// dashed box for the "*" node.
void write_node(std::ostream& out, int index, const detail::DiagramNode& node) {
  const std::string label = lines_label(node.lines);
  out << "    " << node_id(index);
  if (node.final) {
    out << "[[" << label << "]]\n";
  } else {
    out << "(" << label << ")\n";
  }
}

}  // namespace

std::string mermaid_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '#':
        out += "#35;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '&':
        out += "#amp;";
        break;
      case '|':
        out += "#124;";
        break;
      case '`':
        out += "#96;";
        break;
      case '\n':
        out += "<br/>";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

std::string render_mermaid(const Definition& definition, const DiagramOptions& options) {
  const detail::DiagramModel model = detail::build_model(definition, options);
  std::ostringstream out;
  out << "flowchart LR\n";
  for (const std::string& line : model.title) {
    std::string quoted = mermaid_quoted(line);
    out << "  %% " << quoted.substr(1, quoted.size() - 2) << "\n";
  }
  out << "  entry((" << mermaid_quoted(model.entry_label) << "))\n";
  std::string finals;
  for (const bool final : {false, true}) {
    out << "  subgraph " << (final ? "final_states" : "open_states") << "["
        << mermaid_quoted(final ? model.final_group : model.open_group) << "]\n";
    for (int i = 0; i < static_cast<int>(model.nodes.size()); ++i) {
      const detail::DiagramNode& node = model.nodes[i];
      if (node.any_open_state || node.final != final) continue;
      write_node(out, i, node);
      if (final) finals += (finals.empty() ? "" : ",") + node_id(i);
    }
    out << "  end\n";
  }
  std::string any;
  for (int i = 0; i < static_cast<int>(model.nodes.size()); ++i) {
    if (!model.nodes[i].any_open_state) continue;
    out << "  " << node_id(i) << "[" << lines_label(model.nodes[i].lines) << "]\n";
    any = node_id(i);
  }
  for (int i = 0; i < static_cast<int>(model.nodes.size()); ++i) {
    if (model.nodes[i].initial) out << "  entry --> " << node_id(i) << "\n";
  }
  for (const detail::DiagramEdge& edge : model.edges) {
    out << "  " << node_id(edge.from) << " -->|" << lines_label(edge.lines) << "| "
        << node_id(edge.to) << "\n";
  }
  out << "  classDef finalState stroke-width:3px\n";
  out << "  classDef anyState stroke-dasharray:4 3\n";
  if (!finals.empty()) out << "  class " << finals << " finalState\n";
  if (!any.empty()) out << "  class " << any << " anyState\n";
  return out.str();
}

}  // namespace wageflow::report
