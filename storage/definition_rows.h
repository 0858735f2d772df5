// The definitions and published_definitions rows (docs/schema.md), written
// within the caller's transaction by pinning, publishing and importing.
// Private to storage.
#pragma once

#include <soci/soci.h>

#include "engine/runtime/store.h"

namespace wageflow {

// Stores the text of `definition` unless its sha256 is stored already
// (another process may store the same text at the same moment: the second
// insert then does nothing). Throws soci errors.
void insert_definition_row(soci::session& sql, const DefinitionRecord& definition);

// Stores `published` unless its (workflow, version) is stored already;
// true when this call stored it. Throws soci errors.
bool insert_published_row(soci::session& sql, const PublishedDefinition& published);

}  // namespace wageflow
