// render_dot: the diagram model as a Graphviz digraph.
#include <sstream>

#include "adapters/report/diagram.h"
#include "adapters/report/diagram_model.h"

namespace wageflow::report {
namespace {

std::string node_id(int index) {
  return "s" + std::to_string(index);
}

std::string lines_label(const std::vector<std::string>& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) text += (i ? "\n" : "") + lines[i];
  return dot_quoted(text);
}

void write_node(std::ostream& out, int index, const detail::DiagramNode& node) {
  out << "    " << node_id(index) << " [label=" << lines_label(node.lines);
  if (node.final) out << ", peripheries=2";
  if (node.initial) out << ", penwidth=2";
  if (node.any_open_state) out << ", style=\"rounded,dashed\"";
  out << "];\n";
}

void write_group(std::ostream& out, const detail::DiagramModel& model, const char* name,
                 const std::string& label, bool final) {
  out << "  subgraph " << name << " {\n"
      << "    label=" << dot_quoted(label) << ";\n"
      << "    style=dashed;\n"
      << "    color=gray60;\n";
  for (int i = 0; i < static_cast<int>(model.nodes.size()); ++i) {
    const detail::DiagramNode& node = model.nodes[i];
    if (!node.any_open_state && node.final == final) write_node(out, i, node);
  }
  out << "  }\n";
}

}  // namespace

std::string dot_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      continue;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string render_dot(const Definition& definition, const DiagramOptions& options) {
  const detail::DiagramModel model = detail::build_model(definition, options);
  std::ostringstream out;
  out << "digraph " << dot_quoted(definition.id) << " {\n"
      << "  graph [rankdir=LR, labelloc=t, fontname=\"sans-serif\", label="
      << lines_label(model.title) << "];\n"
      << "  node [shape=box, style=rounded, fontname=\"sans-serif\", fontsize=11];\n"
      << "  edge [fontname=\"sans-serif\", fontsize=9];\n"
      << "  entry [shape=circle, style=filled, fillcolor=black, fontcolor=white, fontsize=9, "
         "margin=0.02, label="
      << dot_quoted(model.entry_label) << "];\n";
  write_group(out, model, "cluster_open", model.open_group, false);
  write_group(out, model, "cluster_final", model.final_group, true);
  for (int i = 0; i < static_cast<int>(model.nodes.size()); ++i) {
    if (model.nodes[i].any_open_state) write_node(out, i, model.nodes[i]);
  }
  for (int i = 0; i < static_cast<int>(model.nodes.size()); ++i) {
    if (model.nodes[i].initial) out << "  entry -> " << node_id(i) << ";\n";
  }
  for (const detail::DiagramEdge& edge : model.edges) {
    out << "  " << node_id(edge.from) << " -> " << node_id(edge.to)
        << " [label=" << lines_label(edge.lines) << "];\n";
  }
  out << "}\n";
  return out.str();
}

std::optional<DiagramFormat> parse_diagram_format(std::string_view text) {
  if (text == "dot") return DiagramFormat::kDot;
  if (text == "mermaid") return DiagramFormat::kMermaid;
  if (text == "svg") return DiagramFormat::kSvg;
  return std::nullopt;
}

}  // namespace wageflow::report
