#include "adapters/report/known_office.h"

#include <set>

#include "storage/storage.h"

namespace wageflow::report {

std::optional<std::string> unknown_office(Store& store, const std::string& office) {
  CaseFilter one;
  one.office = office;
  one.limit = 1;
  if (!store.list_cases(one).empty()) return std::nullopt;
  std::set<std::string> known;
  if (AccountStore* accounts = account_store(store)) {
    for (const UserRecord& user : accounts->list_users()) {
      if (user.office == office) return std::nullopt;
      if (!user.office.empty()) known.insert(user.office);
    }
  }
  std::string list;
  for (const std::string& name : known) list += (list.empty() ? "" : ", ") + name;
  // Offices known from cases alone are not listed: check the spelling.
  return "no office '" + office + "': no case and no user belongs to it; check its spelling" +
         (list.empty() ? "" : " (offices with users: " + list + ")");
}

}  // namespace wageflow::report
