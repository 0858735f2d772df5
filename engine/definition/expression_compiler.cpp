#include "engine/definition/expression_compiler.h"

#include "engine/definition/scalar_position.h"
#include "engine/definition/suggest.h"

namespace wageflow::loader {
namespace {

std::optional<expr::Type> type_of_value(const Value& value) {
  if (std::holds_alternative<std::string>(value)) return expr::Type::kString;
  if (std::holds_alternative<std::int64_t>(value)) return expr::Type::kInt;
  if (std::holds_alternative<Money>(value)) return expr::Type::kMoney;
  if (std::holds_alternative<Date>(value)) return expr::Type::kDate;
  if (std::holds_alternative<bool>(value)) return expr::Type::kBool;
  return std::nullopt;
}

// Fields first, then constants (a constant may not share a field's name).
class DefinitionScope : public expr::Scope {
 public:
  explicit DefinitionScope(const LoadContext& ctx) : ctx_(ctx) {}

  std::optional<expr::Symbol> lookup(std::string_view name) const override {
    if (ctx_.broken_symbols.count(std::string(name)) != 0) {
      used_broken_ = true;
      return std::nullopt;
    }
    const auto& fields = ctx_.def.fields;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name != name) continue;
      expr::Symbol symbol;
      symbol.kind = expr::Symbol::Kind::kField;
      symbol.index = static_cast<int>(i);
      symbol.type = expr::type_of_field(fields[i].type);
      if (fields[i].type == FieldType::kEnum) symbol.enum_values = fields[i].enum_values;
      return symbol;
    }
    const auto& constants = ctx_.def.constants;
    for (std::size_t i = 0; i < constants.size(); ++i) {
      if (constants[i].name != name) continue;
      std::optional<expr::Type> type = type_of_value(constants[i].value);
      if (!type) return std::nullopt;
      expr::Symbol symbol;
      symbol.kind = expr::Symbol::Kind::kConstant;
      symbol.index = static_cast<int>(i);
      symbol.type = *type;
      return symbol;
    }
    return std::nullopt;
  }

  bool used_broken() const { return used_broken_; }

 private:
  const LoadContext& ctx_;
  mutable bool used_broken_ = false;
};

// Adds "; did you mean 'x'?" to "unknown name 'y'" messages.
std::string with_hint(const std::string& message, const LoadContext& ctx) {
  // Chinese text without quotes: the lexer stops at its first character.
  const std::string unexpected = "unexpected character '";
  if (const std::size_t at = message.find(unexpected);
      at != std::string::npos && at + unexpected.size() < message.size() &&
      static_cast<unsigned char>(message[at + unexpected.size()]) >= 0x80) {
    return message + "; text is written in quotes (in YAML: \"'...'\")";
  }
  const std::string prefix = "unknown name '";
  std::size_t start = message.find(prefix);
  if (start == std::string::npos || message.find("did you mean") != std::string::npos) {
    return message;
  }
  start += prefix.size();
  std::size_t end = message.find('\'', start);
  if (end == std::string::npos) return message;
  std::vector<std::string> names;
  for (const FieldDef& f : ctx.def.fields) names.push_back(f.name);
  for (const ConstantDef& c : ctx.def.constants) names.push_back(c.name);
  const std::string name = message.substr(start, end - start);
  if (auto best = closest_name(name, names)) {
    return message + "; did you mean '" + *best + "'?";
  }
  return message + "; if '" + name + "' is text, quote it: '" + name + "' (in YAML: \"'" + name +
         "'\")";
}

}  // namespace

std::optional<expr::Expression> compile_expression(const YAML::Node& node, Position at,
                                                   const std::string& what, LoadContext& ctx) {
  if (!node.IsScalar()) {
    ctx.report.error(at, what + " must be an expression on one line, e.g. claim_amount > 0");
    return std::nullopt;
  }
  if (node.Scalar().empty()) {
    ctx.report.error(at, what + " is empty");
    return std::nullopt;
  }
  DefinitionScope scope(ctx);
  std::vector<expr::CompileError> errors;
  std::optional<expr::Expression> compiled =
      expr::Expression::compile(node.Scalar(), scope, &errors);
  if (compiled) return compiled;
  if (scope.used_broken()) return std::nullopt;
  if (errors.empty()) {
    ctx.report.error(at, what + ": the expression '" + node.Scalar() + "' is not valid");
  }
  for (const expr::CompileError& error : errors) {
    ctx.report.error(position_in_scalar(ctx.source, node, error.offset),
                     what + ": " + with_hint(error.message, ctx));
  }
  return std::nullopt;
}

}  // namespace wageflow::loader
