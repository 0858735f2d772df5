// What a workflow diagram shows, independent of the output language: the
// nodes with their lines of text and the labelled edges. render_dot and
// render_mermaid draw the same model. Private to adapters/report.
#pragma once

#include <string>
#include <vector>

#include "adapters/report/diagram.h"

namespace wageflow::report::detail {

struct DiagramNode {
  std::vector<std::string> lines;  // label, id, then one or two lines per timer
  bool initial = false;
  bool final = false;
  bool any_open_state = false;  // the "*" node of `from: '*'` rows
};

struct DiagramEdge {
  int from = 0;  // indices into DiagramModel::nodes
  int to = 0;
  std::vector<std::string> lines;  // event, [roles], if guard
};

struct DiagramModel {
  std::vector<std::string> title;  // title label, then "id vN"
  std::string open_group;          // the names of the two groups of states
  std::string final_group;
  std::string entry_label;         // the entry arrow's start node
  std::vector<DiagramNode> nodes;  // one per state, in state order, then the "*" node if any
  std::vector<DiagramEdge> edges;  // in transition row order
};

DiagramModel build_model(const Definition& definition, const DiagramOptions& options);

}  // namespace wageflow::report::detail
