// The wageflow export file (docs/export-format.md): JSON Lines, one object
// a line, written canonically (fixed key order, no spaces, UTF-8 as is) so
// that the same database content always gives the same bytes. Private to
// adapters/cli.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "engine/core/result.h"
#include "engine/runtime/store.h"

namespace wageflow::cli {

inline constexpr const char* kExportFormatName = "wageflow-export";
// The version export writes. Import reads it and every earlier one: version 1
// is version 2 without `published` lines and without the end line's count of
// them.
inline constexpr int kExportFormatVersion = 3;

struct ExportCounts {
  std::int64_t definitions = 0;
  std::int64_t cases = 0;
  std::int64_t records = 0;
  std::int64_t published = 0;  // published versions (format version 2)
};

// One line each, without the newline. Throw std::runtime_error for text
// that is not valid UTF-8 (storage never holds such text).
std::string header_line();
std::string definition_line(const DefinitionRecord& definition);
std::string published_line(const PublishedDefinition& published);
// The case line only; its audit records are audit_line()s.
std::string case_line(const CaseWithTrail& c);
std::string audit_line(const StoredAuditRecord& record);
std::string end_line(const ExportCounts& counts);

// Reads an export file front to back, one definition, published version or
// case (with all its audit records) at a time, checking every line's form and the order
// of the file. Checks nothing against a database or a definition.
class ExportReader {
 public:
  struct Item {
    enum class Kind { kDefinition, kPublished, kCase, kEnd };
    Kind kind = Kind::kEnd;
    std::int64_t line = 0;  // the line of the definition, published version or case
    DefinitionRecord definition;
    PublishedDefinition published;
    CaseWithTrail c;
    ExportCounts counts;  // kEnd: what the end line says (already checked)
    // A digest of the item's lines as read (not cryptographic): two readings
    // of a file give the same digests unless the file changed in between.
    std::uint64_t digest = 0;
  };

  // `name` is the file name used in messages. The stream must outlive the
  // reader. `fast_lines`: read canonical case and audit lines with
  // canonical_line_reader.h (the same items and messages, faster); false
  // reads every line with the full JSON parser (tests compare the two).
  ExportReader(std::istream& in, std::string name, bool fast_lines = true);

  // The next item; after kEnd, or after an error, do not call again.
  // Errors read "FILE:LINE: what is wrong" (or "FILE: ..." for the file as a
  // whole, e.g. a missing end line: the file was cut short).
  Result<Item> next();

  // "FILE:LINE: " for messages about the item read last.
  std::string where(std::int64_t line) const;

 private:
  // Reads the next non-empty line into line_text_; false at end of file.
  bool read_line();
  // Reads the audit lines after a case line into c.trail; the first line
  // of another type is left pending. Throws BadLine (export_format.cpp).
  void read_trail(CaseWithTrail& c);
  void put_back_line();

  std::istream& in_;
  std::string name_;
  bool fast_lines_;
  std::int64_t line_ = 0;
  std::string line_text_;
  std::uint64_t digest_ = 0;              // of the lines read since the last item began
  std::uint64_t digest_before_line_ = 0;  // digest_ before the line last read
  bool pending_ = false;                  // line_text_ holds a line not yet used
  bool header_seen_ = false;
  std::int64_t format_version_ = 0;  // the header's
  bool published_started_ = false;
  bool cases_started_ = false;
  ExportCounts seen_;
};

}  // namespace wageflow::cli
