// A JSON Schema (draft 2020-12) validator for the subset of keywords
// workflows/workflow.schema.json uses, and YAML -> JSON as editors read
// YAML (YAML 1.2 core schema), for the schema sync test. Test support only:
// bad schemas throw.
#pragma once

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace wageflow::testing {

// A YAML node as JSON: maps -> objects (keys as text), sequences -> arrays,
// an empty value -> null, plain scalars resolved by the YAML 1.2 core
// schema (null, true/false, integers, floats, else text), quoted or
// block scalars -> text.
nlohmann::json yaml_to_json(const YAML::Node& node);

class JsonSchema {
 public:
  // Keywords understood: type, properties, required, additionalProperties,
  // propertyNames, minProperties, maxProperties, enum, const, not, anyOf,
  // oneOf, allOf, items, minItems, maxItems, uniqueItems, pattern,
  // minLength, maxLength, minimum, maximum, $ref (to "#/..." in the same
  // document); annotations ($schema, $id, $defs, $comment, title,
  // description, default, examples) are ignored. Throws
  // std::invalid_argument naming the place of any other keyword, or of a
  // $ref that points nowhere, so a schema never relies on a keyword this
  // validator would silently skip.
  explicit JsonSchema(nlohmann::json schema);

  // Every violation, each as "<JSON pointer>: <what is wrong>" (e.g.
  // "/transitions/2: unknown key 'gaurd'"); empty when `instance` is valid.
  std::vector<std::string> validate(const nlohmann::json& instance) const;

  const nlohmann::json& document() const { return schema_; }

 private:
  void check(const nlohmann::json& schema, const nlohmann::json& instance, const std::string& where,
             std::vector<std::string>* errors) const;
  const nlohmann::json& resolve(const std::string& ref) const;
  void check_keywords(const nlohmann::json& schema, const std::string& where) const;

  nlohmann::json schema_;
};

}  // namespace wageflow::testing
