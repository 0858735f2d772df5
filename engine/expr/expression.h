// Guard and `set` expressions (workflow-format.md, "Expressions").
//
// An expression is parsed and type-checked once, when its workflow is
// loaded, into a compact postfix program over integer-indexed fields and
// constants; evaluation walks that program with a small value stack and
// never looks at names or strings of the source.
//
// Types: bool, int, money (exact fen), string, date. A bare numeric literal
// such as 12 is an int that also fits where money is expected (12 * money,
// money <= 50000 means 50000 yuan); a decimal literal such as 3.5 is money.
// Unset fields: arithmetic on an unset value is unset; any comparison or
// `in` with an unset operand is false; `is_set(f)` tests it explicitly.
// Division by zero is an evaluation error (a refusal for the caller), never
// a crash. Expressions are immutable and safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/value.h"

namespace wageflow::expr {

enum class Type { kBool, kInt, kMoney, kString, kDate };

// "bool", "int", "money", "string", "date".
const char* type_name(Type type);

// The expression type a field of `type` has (text and enum are strings).
Type type_of_field(FieldType type);
// True when an expression of type `from` may be assigned to a field of
// type `to` (`set:`), e.g. int -> money.
bool assignable(Type from, FieldType to);

// A name an expression may use.
struct Symbol {
  enum class Kind { kField, kConstant };
  Kind kind = Kind::kField;
  int index = 0;  // into Context::fields or Context::constants
  Type type = Type::kString;
  // For enum fields: the allowed values, so `region == '长春'` with a value
  // not in the list is a type error at load time. Empty otherwise.
  std::vector<std::string> enum_values;
};

// Resolves names at compile time. Implemented by the definition loader.
class Scope {
 public:
  virtual ~Scope() = default;
  virtual std::optional<Symbol> lookup(std::string_view name) const = 0;
};

// Values visible at evaluation. Not owned; must outlive the call.
struct Context {
  const std::vector<Value>* fields = nullptr;
  const std::vector<Value>* constants = nullptr;
};

struct CompileError {
  std::size_t offset = 0;  // 0-based byte offset into the expression text
  std::string message;     // e.g. "unknown name 'claim_amout'"
};

class Program;  // private: the compiled postfix code

class Expression {
 public:
  // Parses and type-checks `text`. On failure `errors` is non-empty (each
  // problem once, with its offset) and the result is nullopt.
  static std::optional<Expression> compile(std::string_view text, const Scope& scope,
                                           std::vector<CompileError>* errors);

  Type type() const;
  const std::string& text() const;
  // Whether the value depends on a case's fields; false for literals,
  // constants and arithmetic on them, whose value is known at load.
  bool reads_fields() const;

  struct Evaluation {
    Value value;        // unset (monostate) when an operand was unset
    std::string error;  // non-empty on an evaluation error, e.g. "division by zero"
  };
  // Never throws for any input values.
  Evaluation evaluate(const Context& context) const;

  // For a bool expression: true only when it evaluates to true. An unset
  // result is false. `error` as in Evaluation.
  bool holds(const Context& context, std::string* error) const;

 private:
  explicit Expression(std::shared_ptr<const Program> program);
  std::shared_ptr<const Program> program_;
};

}  // namespace wageflow::expr
