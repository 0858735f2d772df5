// Private to storage/: binding a list of case ids to `IN (...)`.
#pragma once

#include <soci/soci.h>

#include <string>
#include <vector>

namespace wageflow {

// Ids per `IN (...)` list: far below every backend's limit on bound values.
inline constexpr std::size_t kIdsPerQuery = 500;

// Binds ids[first .. first+count) on `st` as :id0, :id1, ... and returns
// ":id0, :id1, ..." for the query text. `names` must outlive the statement.
inline std::string bind_id_list(soci::statement& st, const std::vector<std::string>& ids,
                                std::size_t first, std::size_t count,
                                std::vector<std::string>& names) {
  names.clear();
  names.reserve(count);
  std::string list;
  for (std::size_t i = 0; i < count; ++i) {
    names.push_back("id" + std::to_string(i));
    list += (i ? ", :" : ":") + names.back();
  }
  for (std::size_t i = 0; i < count; ++i) st.exchange(soci::use(ids[first + i], names[i]));
  return list;
}

// Runs st.alloc/prepare/define_and_bind once its variables are exchanged.
inline void prepare_bound(soci::statement& st, const std::string& query) {
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
}

}  // namespace wageflow
