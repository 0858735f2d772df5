// SVG charts of a report, drawn by this code (no chart library, no external
// service): standalone SVG 1.1 documents, UTF-8, every text escaped, fonts
// "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif so Chinese labels
// read. No script, no style element (only presentation attributes), so they
// can be served under a strict Content-Security-Policy. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/report/statistics.h"

namespace wageflow::report {

// "received-closed" (per month), "backlog" (pending at the end, by state),
// "on-time" (on-time rate by office), "recovered" (amount recovered per
// month).
const std::vector<std::string>& chart_names();

// The chart `name` of `figures`; nullopt for an unknown name.
std::optional<std::string> render_chart(std::string_view name, const Figures& figures);

// Text made safe for SVG/XML character data and attribute values.
std::string xml_escape(std::string_view text);

}  // namespace wageflow::report
