// /healthz and /openapi.json.
#include "adapters/http/api_context.h"

namespace wageflow::http {
namespace {

// The database answers (a connection is leased, which opens one if none
// is idle, and reads the schema through a trivial lookup).
HttpResponse health(Exchange& ex) {
  ex.db().store->idempotent_answer("healthz");
  return HttpResponse::json(200, {{"status", "ok"}, {"time", format_utc(ex.now())}});
}

HttpResponse openapi(Exchange&) {
  HttpResponse response;
  response.content_type = "application/json";
  response.body = openapi_document();
  return response;
}

}  // namespace

void add_service_routes(Router& router) {
  router.add({"GET", "/healthz", Access::kPublic, "liveness and database check", health});
  router.add({"GET", "/openapi.json", Access::kPublic, "this API's OpenAPI 3.1 document", openapi});
}

}  // namespace wageflow::http
