#!/usr/bin/env bash
# The demo database of the staff pages (./run.sh serves it): demo users of
# every role in two offices and one province-wide director, made with
# `wageflow user add` (their tokens go to FOLDER/demo-users.txt), and a few
# cases of the shipped workflows opened and moved over the last weeks, so
# that My work shows running, due-soon, overdue and paused deadlines.
#
# The cases go in through the JSON API (so that each belongs to the office
# of the user who opened it): a seeding `wageflow serve` on a free loopback
# port with --test-clock sets its clock to each step's date, and is stopped
# when done. Its tick loop is off; the server ./run.sh starts ticks at once.
#
# Usage: examples/web-demo.sh WAGEFLOW_BINARY FOLDER
#   Writes FOLDER/wageflow-demo.db (replacing one left there) and
#   FOLDER/demo-users.txt (a line per user: name, token, roles @ office;
#   readable by you only).
# Needs curl and GNU date. Exits non-zero as soon as a step fails.
set -euo pipefail

if [[ $# -ne 2 || ! -x "$1" ]]; then
  echo "usage: $0 WAGEFLOW_BINARY FOLDER" >&2
  exit 2
fi
wageflow=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$2"
folder=$(cd "$2" && pwd)
db="$folder/wageflow-demo.db"
users_file="$folder/demo-users.txt"
rm -f "$db" "$db-wal" "$db-shm" "$users_file"
export WAGEFLOW_DB="$db" WAGEFLOW_WORKFLOWS="$repo/workflows"
unset WAGEFLOW_NOW WAGEFLOW_LISTEN

arbitration_office=长春市劳动人事争议仲裁院
legal_aid_office=长春市职工法律援助中心

# user NAME OFFICE|--province ROLE...: adds the user, keeps the token.
declare -A token
user() {
  local name=$1 office=$2
  shift 2
  local args=(user add "$name")
  for role in "$@"; do args+=(--role "$role"); done
  if [[ "$office" == --province ]]; then
    args+=(--office 吉林省人力资源和社会保障厅 --province)
    office="吉林省人力资源和社会保障厅 (province-wide)"
  else
    args+=(--office "$office")
  fi
  token[$name]=$("$wageflow" "${args[@]}" | tail -n 1)
  printf '%s\t%s\t%s @ %s\n' "$name" "${token[$name]}" "$*" "$office" >>"$users_file"
}
umask 077
user 李明 "$arbitration_office" intake_clerk
user 吴磊 "$arbitration_office" tribunal_clerk
user 赵敏 "$arbitration_office" mediator
user 孙伟 "$arbitration_office" arbitrator
user 周主任 "$arbitration_office" director
user 王芳 "$legal_aid_office" consultant
user 陈静 "$legal_aid_office" reviewer
user 刘洋 "$legal_aid_office" coordinator
user 周正 "$legal_aid_office" lawyer
user 张处长 --province director
umask 022

# The seeding server.
log="$folder/seeding-server.log"
"$wageflow" serve --listen 127.0.0.1:0 --test-clock --tick-interval 0 --web "$repo/adapters/web" \
  >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log")
  [[ -n "$url" ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "web-demo: the seeding server did not start" >&2; cat "$log" >&2; exit 1; }

# day N: the date N days ago (0: today), at 09:30 China Standard Time; today
# before 09:30, the minute it is now (a case is not opened in the future of
# the server that serves it next).
day() {
  local at
  at="$(TZ=Asia/Shanghai date -d "today - $1 days" +%F)T09:30:00+08:00"
  if (($(date -d "$at" +%s) > $(date +%s))); then at=$(TZ=Asia/Shanghai date +%FT%H:%M:00+08:00); fi
  echo "$at"
}
clock() { curl -sS -f -o /dev/null -X POST "$url/test/clock" -H 'Content-Type: application/json' \
  -d "{\"now\": \"$1\"}"; }
# post USER PATH JSON: prints the answer; fails on anything but 2xx.
answer=""
post() {
  local status
  answer=$(curl -sS -X POST "$url$2" -H "Authorization: Bearer ${token[$1]}" \
    -H 'Content-Type: application/json' -d "$3" -w '\n%{http_code}')
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  if [[ "$status" != 2* ]]; then
    echo "web-demo: POST $2 as $1 answered $status: $answer" >&2
    exit 1
  fi
}
# open DAYS_AGO USER WORKFLOW VALUES_JSON: opens a case; its id in $case.
case=""
open() {
  clock "$(day "$1")"
  post "$2" /api/cases "{\"workflow\": \"$3\", \"values\": $4}"
  case=$(printf '%s' "$answer" | grep -o '"id":"[0-9]\{4\}-[0-9]\{6\}"' | head -n 1 | cut -d'"' -f4)
  echo "  $case  $3"
}
# fire DAYS_AGO USER CASE EVENT [VALUES_JSON [COMMENT]]
fire() {
  clock "$(day "$1")"
  local values=${5:-}
  [[ -n "$values" ]] || values='{}'
  local body="{\"event\": \"$4\", \"values\": $values"
  [[ -n "${6:-}" ]] && body+=", \"comment\": \"$6\""
  post "$2" "/api/cases/$3/events" "$body}"
}

echo "web-demo: demo cases in $db"
# Fast-track cases of the arbitration commission.
open 0 李明 wage-arbitration-fasttrack '{"worker_name": "张三丰", "worker_phone": "13804315678",
  "employer": "长春宏达建筑工程有限公司", "region": "长春市", "industry": "建筑业", "claim_amount": "8600"}'
open 6 李明 wage-arbitration-fasttrack '{"worker_name": "王建国", "worker_phone": "15904327788",
  "employer": "长春顺达物流有限公司", "region": "长春市", "industry": "交通运输业",
  "workers_involved": 8, "claim_amount": "45800"}'
open 20 李明 wage-arbitration-fasttrack '{"worker_name": "刘强", "employer": "长春恒基建设有限公司",
  "region": "长春市", "claim_amount": "12000"}'
fire 19 李明 "$case" accept
fire 18 赵敏 "$case" start_mediation
open 30 李明 wage-arbitration-fasttrack '{"worker_name": "李秀英", "employer": "长春鑫源餐饮管理有限公司",
  "region": "长春市", "industry": "餐饮业", "claim_amount": "42000", "workers_involved": 6}'
fire 29 李明 "$case" accept
fire 28 赵敏 "$case" start_mediation
fire 25 赵敏 "$case" settle '{"recovered_amount": "42000", "outcome_notes": "用人单位分两期支付6名工人工资共42000元"}'
# The employer's name was entered as the worker said it: corrected after closing.
clock "$(day 24)"
post 李明 "/api/cases/$case/correct" '{"values": {"employer": "长春市鑫源餐饮管理有限公司"},
  "comment": "用人单位名称以营业执照为准"}'
# Ordinary arbitration: one near its award limit, one suspended.
open 40 李明 wage-arbitration '{"worker_name": "赵大勇", "worker_id_no": "220711199107153218",
  "employer": "松原市恒基建设有限公司", "region": "松原市", "claim_amount": "32000"}'
fire 39 李明 "$case" accept
fire 38 吴磊 "$case" serve_copy '{"arbitrator_name": "孙伟"}'
open 15 李明 wage-arbitration '{"worker_name": "钱小芳", "employer": "长春华信电子有限公司",
  "region": "长春市", "claim_amount": "18500"}'
fire 14 李明 "$case" accept
clock "$(day 10)"
post 孙伟 "/api/cases/$case/suspend" '{"comment": "申请人申请工伤认定，等待认定结论"}'
# The legal-aid centre: a consultation, an application under review, and a
# granted one still waiting for its lawyer.
open 2 王芳 legal-aid '{"channel": "12351热线"}'
fire 2 王芳 "$case" give_advice '{"advice_notes": "告知可向劳动人事争议仲裁委员会申请仲裁，并说明所需证据材料"}'
open 6 王芳 legal-aid '{"channel": "来访", "applicant_name": "孙丽", "applicant_phone": "13904312233"}'
fire 6 王芳 "$case" apply '{"employer": "长春鑫源劳务派遣有限公司", "region": "长春市", "claim_type": "劳动报酬",
  "applicant_is_migrant_worker": true, "claim_amount": "12000"}'
open 12 王芳 legal-aid '{"channel": "工会驿站", "applicant_name": "马春生"}'
fire 12 王芳 "$case" apply '{"employer": "长春宏图装饰工程有限公司", "region": "长春市", "claim_type": "劳动报酬",
  "applicant_is_migrant_worker": true, "claim_amount": "26000"}'
fire 11 陈静 "$case" grant
echo "web-demo: demo users and their tokens in $users_file"
