// The JSON of a workflow's parts as the API shows them, shared by the
// workflow routes and the page routes. Private to adapters/http.
#pragma once

#include <nlohmann/json.hpp>

#include "adapters/presentation/case_json.h"
#include "engine/definition/definition.h"

namespace wageflow::http {

using presentation::label_json;

// A field's definition: name, type, required, pii, label, and "values"
// (enum), "pattern", "hint" and "check" when it has them. Never a case's
// value.
nlohmann::ordered_json field_definition_json(const FieldDef& field);

}  // namespace wageflow::http
