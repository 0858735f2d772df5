// `workflow`, `version`, `title`, `roles` and `lifecycle`.
#include <charconv>

#include "engine/definition/sections.h"
#include "engine/definition/suggest.h"

namespace wageflow::loader {

void read_identity(const Entries& top, LoadContext& ctx) {
  if (const Entry* e = find(top, "workflow")) {
    if (auto id = read_scalar(e->value, e->value_at, "workflow", ctx.report)) {
      if (is_lower_identifier(*id, '-')) {
        ctx.def.id = *id;
      } else {
        ctx.report.error(e->value_at, "workflow id '" + *id +
                                          "' must be lowercase letters, digits and '-', "
                                          "starting with a letter (e.g. wage-arbitration)");
      }
    }
  }
  if (const Entry* e = find(top, "version")) {
    std::optional<std::string> text = read_scalar(e->value, e->value_at, "version", ctx.report);
    if (text) {
      int version = 0;
      auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), version);
      bool digits_only = !text->empty() && (*text)[0] != '-' && (*text)[0] != '+';
      if (ec != std::errc() || end != text->data() + text->size() || !digits_only || version < 1) {
        ctx.report.error(e->value_at, "version must be a positive whole number (1, 2, ...), not '" +
                                          *text + "'");
      } else {
        ctx.def.version = version;
      }
    }
  }
  if (const Entry* e = find(top, "title")) {
    if (auto label = read_label(e->value, e->value_at, "title", ctx.report)) ctx.def.title = *label;
  }
}

void read_roles(const Entry* entry, LoadContext& ctx) {
  if (!entry) {
    ctx.section_broken(NameKind::kRole) = true;
    return;
  }
  std::optional<std::vector<Name>> names =
      read_names(entry->value, entry->value_at, "roles", ctx.report);
  if (!names) {
    ctx.section_broken(NameKind::kRole) = true;
    return;
  }
  if (names->empty()) {
    ctx.report.error(entry->value_at, "roles must list at least one role");
  }
  for (const Name& n : *names) ctx.def.roles.push_back(n.text);
}

// `role_labels:` role -> label, for the pages (李明（立案员）rather than
// 李明（intake_clerk）). Every key must be a role of `roles:`.
void read_role_labels(const Entry* entry, LoadContext& ctx) {
  ctx.def.role_labels.assign(ctx.def.roles.size(), Label{});
  if (!entry) return;
  std::optional<Entries> entries =
      read_map(entry->value, entry->value_at, "role_labels", ctx.report);
  if (!entries) return;
  for (const Entry& e : *entries) {
    std::optional<Label> label =
        read_label(e.value, e.value_at, "label of role " + e.key, ctx.report);
    auto id = ctx.def.role_id(e.key);
    if (!id) {
      if (!ctx.section_broken(NameKind::kRole)) {
        ctx.report.error(e.key_at, "role_labels: '" + e.key + "' is not a role of this workflow" +
                                       hint_for(e.key, ctx.def.roles));
      }
      continue;
    }
    if (label) ctx.def.role_labels[*id] = *label;
  }
}

void read_lifecycle(const Entry* entry, LoadContext& ctx) {
  if (!entry) return;
  std::optional<Entries> keys =
      read_keys(entry->value, entry->value_at, "lifecycle", format_keys::kLifecycle, ctx.report);
  if (!keys) return;
  for (const Entry& e : *keys) {
    std::vector<RoleId>& target = e.key == "suspend"  ? ctx.def.suspend_roles
                                  : e.key == "resume" ? ctx.def.resume_roles
                                                      : ctx.def.correct_roles;
    std::optional<std::vector<Name>> names =
        read_names(e.value, e.value_at, "lifecycle " + e.key, ctx.report);
    if (!names) continue;
    if (names->empty()) {
      ctx.report.error(e.value_at, "lifecycle " + e.key +
                                       " must list at least one role (leave it out to allow "
                                       "every role)");
      continue;
    }
    if (auto ids = ctx.resolve_all(NameKind::kRole, *names)) target = *ids;
  }
}

}  // namespace wageflow::loader
