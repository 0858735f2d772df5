// diagram FILE [--format dot|mermaid|svg] [--locale zh|en]: draws a workflow.
#include <ostream>

#include "adapters/cli/tooling_commands.h"
#include "adapters/cli/workflow_file.h"
#include "adapters/report/diagram.h"

namespace wageflow::cli {

int draw_diagram(const Context& context, const DiagramCommandOptions& options) {
  const std::optional<report::DiagramFormat> format = report::parse_diagram_format(options.format);
  if (!format) {
    return context.fail(kExitUsage,
                        "--format must be dot, mermaid or svg, not '" + options.format + "'");
  }
  const auto definition = load_workflow_file(context, options.file);
  if (!definition) return kExitInvalid;
  report::DiagramOptions diagram;
  diagram.locale = options.locale;
  switch (*format) {
    case report::DiagramFormat::kDot:
      context.out << report::render_dot(*definition, diagram);
      break;
    case report::DiagramFormat::kMermaid:
      context.out << report::render_mermaid(*definition, diagram);
      break;
    case report::DiagramFormat::kSvg: {
      auto svg = report::render_svg(*definition, diagram);
      if (!svg) return context.fail(kExitInvalid, svg.error());
      context.out << *svg;
      break;
    }
  }
  return kExitDone;
}

}  // namespace wageflow::cli
