#include "adapters/report/charts.h"

#include <algorithm>
#include <functional>
#include <sstream>

#include "engine/core/money.h"

namespace wageflow::report {
namespace {

constexpr const char* kFonts = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";
constexpr int kWidth = 760, kHeight = 380;
constexpr int kLeft = 90, kRight = 20, kTop = 56, kBottom = 70;

struct Series {
  std::string name;
  std::string color;
  std::vector<std::int64_t> values;
};

struct BarChart {
  std::string title;
  std::string unit;  // shown above the axis
  std::vector<std::string> categories;
  std::vector<Series> series;
  std::function<std::string(std::int64_t)> format;  // axis and bar labels
  // A bar's <title>, its exact value (reports.md); empty: `format`.
  std::function<std::string(std::int64_t)> exact = nullptr;
};

// 1, 2, 5 x 10^n at or above `value` (at least 1).
std::int64_t nice_ceiling(std::int64_t value) {
  std::int64_t step = 1;
  while (true) {
    for (std::int64_t m : {1, 2, 5}) {
      if (m * step >= value) return std::max<std::int64_t>(1, m * step);
    }
    step *= 10;
  }
}

std::string text(int x, int y, const std::string& content, const char* anchor, int size,
                 const char* extra = "") {
  std::ostringstream out;
  out << "<text x=\"" << x << "\" y=\"" << y << "\" text-anchor=\"" << anchor << "\" font-size=\""
      << size << "\" fill=\"#222\"" << extra << ">" << xml_escape(content) << "</text>\n";
  return out.str();
}

std::string draw(const BarChart& chart) {
  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << kHeight
      << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight << "\" font-family=\"" << kFonts
      << "\" role=\"img\" aria-label=\"" << xml_escape(chart.title) << "\">\n"
      << "<title>" << xml_escape(chart.title) << "</title>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
      << text(kWidth / 2, 28, chart.title, "middle", 18, " font-weight=\"bold\"");
  std::int64_t max = 0;
  for (const auto& s : chart.series) {
    for (auto v : s.values) max = std::max(max, v);
  }
  // Gridlines at whole values: 4 steps when the top divides by 4, else 5.
  const std::int64_t top = std::max<std::int64_t>(4, nice_ceiling(max));
  const int steps = top % 4 == 0 ? 4 : 5;
  const int plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const int base = kTop + plot_h;
  svg << text(kLeft - 8, kTop - 10, chart.unit, "end", 12);
  for (int tick = 0; tick <= steps; ++tick) {
    const std::int64_t value = top * tick / steps;
    const int y = base - static_cast<int>(plot_h * tick / steps);
    svg << "<line x1=\"" << kLeft << "\" y1=\"" << y << "\" x2=\"" << kLeft + plot_w << "\" y2=\""
        << y << "\" stroke=\"#ddd\"/>\n"
        << text(kLeft - 8, y + 4, chart.format(value), "end", 12);
  }
  const int groups = std::max<int>(1, static_cast<int>(chart.categories.size()));
  const int group_w = plot_w / groups;
  const int per_series = std::max(1, static_cast<int>(chart.series.size()));
  const int bar_w = std::max(2, (group_w * 7 / 10) / per_series);
  for (int g = 0; g < static_cast<int>(chart.categories.size()); ++g) {
    const int group_x = kLeft + g * group_w + (group_w - bar_w * per_series) / 2;
    for (int s = 0; s < static_cast<int>(chart.series.size()); ++s) {
      const std::int64_t value = chart.series[s].values[g];
      const int h = static_cast<int>(static_cast<long double>(plot_h) * value / top);
      const int x = group_x + s * bar_w;
      svg << "<rect x=\"" << x << "\" y=\"" << base - h << "\" width=\"" << bar_w - 1
          << "\" height=\"" << h << "\" fill=\"" << chart.series[s].color << "\"><title>"
          << xml_escape(chart.categories[g] + " " + chart.series[s].name + ": " +
                        (chart.exact ? chart.exact : chart.format)(value))
          << "</title></rect>\n";
      if (chart.categories.size() <= 12) {
        svg << text(x + bar_w / 2, base - h - 4, chart.format(value), "middle", 10);
      }
    }
    svg << text(kLeft + g * group_w + group_w / 2, base + 18, chart.categories[g], "middle", 12);
  }
  svg << "<line x1=\"" << kLeft << "\" y1=\"" << base << "\" x2=\"" << kLeft + plot_w << "\" y2=\""
      << base << "\" stroke=\"#444\"/>\n";
  int legend_x = kLeft;
  for (const auto& s : chart.series) {
    svg << "<rect x=\"" << legend_x << "\" y=\"" << kHeight - 24 << "\" width=\"12\" height=\"12\""
        << " fill=\"" << s.color << "\"/>\n"
        << text(legend_x + 18, kHeight - 14, s.name, "start", 12);
    legend_x += 160;
  }
  if (chart.categories.empty()) svg << text(kWidth / 2, kTop + plot_h / 2, "无数据", "middle", 14);
  svg << "</svg>\n";
  return svg.str();
}

std::string count_text(std::int64_t n) {
  return std::to_string(n);
}

std::string yuan_text(std::int64_t fen) {
  return std::to_string(fen / 100);  // axis and bar labels in whole yuan
}

std::string exact_yuan_text(std::int64_t fen) {
  return Money{fen}.to_string();
}

std::string tenths_percent(std::int64_t tenths) {
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + "%";
}

BarChart received_closed(const Figures& f) {
  BarChart chart{"收案与结案（按月） " + f.period.name(), "件", {}, {}, count_text};
  Series received{"收案数", "#3b6fb6", {}}, closed{"结案数", "#e39b2d", {}};
  for (const MonthCount& m : f.months) {
    chart.categories.push_back(m.month);
    received.values.push_back(m.received);
    closed.values.push_back(m.closed);
  }
  chart.series = {received, closed};
  return chart;
}

BarChart backlog(const Figures& f) {
  BarChart chart{"期末未结案件（按状态） " + f.period.name(), "件", {}, {}, count_text};
  Series pending{"未结案件数", "#7a5bb5", {}};
  for (const auto& [state, count] : f.backlog_by_state) {
    chart.categories.push_back(state);
    pending.values.push_back(count);
  }
  chart.series = {pending};
  return chart;
}

BarChart on_time(const Figures& f) {
  BarChart chart{"按期结案率（按机构，法定期限） " + f.period.name(), "%", {}, {}, tenths_percent};
  Series rate{"按期结案率", "#2f9e6b", {}};
  for (const auto& [office, ratio] : f.on_time_by_office) {
    chart.categories.push_back(office);
    rate.values.push_back(ratio.denominator
                              ? (ratio.numerator * 1000 + ratio.denominator / 2) / ratio.denominator
                              : 0);
  }
  chart.series = {rate};
  chart.format = [](std::int64_t tenths) { return tenths_percent(tenths); };
  // The title as the report prints the rate, always with one decimal.
  chart.exact = [](std::int64_t tenths) {
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
  };
  return chart;
}

BarChart recovered(const Figures& f) {
  BarChart chart{"追回金额（按月） " + f.period.name(), "元", {}, {}, yuan_text, exact_yuan_text};
  Series amount{"追回金额（元）", "#c2453c", {}};
  for (const MonthCount& m : f.months) {
    chart.categories.push_back(m.month);
    amount.values.push_back(m.recovered_fen);
  }
  chart.series = {amount};
  return chart;
}

}  // namespace

const std::vector<std::string>& chart_names() {
  static const std::vector<std::string> names = {"received-closed", "backlog", "on-time",
                                                 "recovered"};
  return names;
}

std::optional<std::string> render_chart(std::string_view name, const Figures& figures) {
  if (name == "received-closed") return draw(received_closed(figures));
  if (name == "backlog") return draw(backlog(figures));
  if (name == "on-time") return draw(on_time(figures));
  if (name == "recovered") return draw(recovered(figures));
  return std::nullopt;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;  // not XML
        out += c;
    }
  }
  return out;
}

}  // namespace wageflow::report
