// Workflow diagrams (`wageflow diagram`, the web Workflows page): the states
// of a definition, open ones and final ones grouped apart, the initial state
// marked by an entry arrow and final states by a double border; transitions
// labelled with their event, roles and guard; each timer shown on the states
// that start it (entered, or reached by its start event) with its duration,
// warning, extension and expiry. Rows written `from: '*'` (every open state)
// are drawn once, from an "any open state" node.
//
// Pure functions of the definition (render_svg also runs Graphviz); safe to
// call from several threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/result.h"
#include "engine/definition/definition.h"

namespace wageflow::report {

enum class DiagramFormat { kDot, kMermaid, kSvg };

// "dot", "mermaid", "svg"; nullopt for anything else.
std::optional<DiagramFormat> parse_diagram_format(std::string_view text);

struct DiagramOptions {
  // The locale of the labels shown beside state and timer ids (Label::get
  // falls back to zh, then to any text).
  std::string locale = "zh";
  // The Graphviz program render_svg runs: a name looked up on PATH, or a
  // path.
  std::string dot_program = "dot";
};

// A Graphviz digraph; `dot -Tcanon` accepts it. UTF-8.
std::string render_dot(const Definition& definition, const DiagramOptions& options);

// A Mermaid flowchart (`flowchart LR`), every label quoted with Mermaid's
// entity codes for quotes, '#', '<', '>' and '&'.
std::string render_mermaid(const Definition& definition, const DiagramOptions& options);

// render_dot drawn by `dot -Tsvg`. Errors: "Graphviz 'dot' is not
// installed: apt-get install graphviz" when the program is not found, or
// what dot said when it failed.
Result<std::string> render_svg(const Definition& definition, const DiagramOptions& options);

// The dot string with \n line breaks, as render_dot would quote `text`.
// Exposed for tests of escaping.
std::string dot_quoted(std::string_view text);
// `text` as a Mermaid quoted label ("..." with entity codes), ditto.
std::string mermaid_quoted(std::string_view text);

}  // namespace wageflow::report
