#!/usr/bin/env bash
# The wageflow demo: a few wage-dispute cases of 2025 on the shipped
# workflows, advanced with --now through their dates, timers ticked, then
# each case's state, deadlines and audit trail, and the audit chain checked.
#
# Usage: examples/demo.sh [WAGEFLOW_BINARY] [FOLDER]
#   WAGEFLOW_BINARY  the wageflow program (default: $WAGEFLOW_BIN)
#   FOLDER           where the demo database goes (default: a fresh temp
#                    folder); a demo database left there before is replaced.
# Exits non-zero as soon as any command fails.
set -euo pipefail

wageflow=${1:-${WAGEFLOW_BIN:-}}
if [[ -z "$wageflow" || ! -x "$wageflow" ]]; then
  echo "usage: $0 WAGEFLOW_BINARY [FOLDER]   (or set WAGEFLOW_BIN)" >&2
  exit 2
fi
wageflow=$(cd "$(dirname "$wageflow")" && pwd)/$(basename "$wageflow")
repo=$(cd "$(dirname "$0")/.." && pwd)
folder=${2:-}
if [[ -z "$folder" ]]; then
  folder=$(mktemp -d "${TMPDIR:-/tmp}/wageflow-demo.XXXXXX")
fi
mkdir -p "$folder"
folder=$(cd "$folder" && pwd)

export WAGEFLOW_DB="$folder/wageflow-demo.db"
export WAGEFLOW_WORKFLOWS="$repo/workflows"
unset WAGEFLOW_NOW WAGEFLOW_LOG
rm -f "$WAGEFLOW_DB" "$WAGEFLOW_DB-wal" "$WAGEFLOW_DB-shm"

# at DATE COMMAND...: runs `wageflow --now DATE COMMAND...`, shows the
# command and its output, and keeps the answer (the last line) in $answer.
answer=""
at() {
  local now=$1
  shift
  echo "\$ wageflow --now $now $*"
  local output
  output=$("$wageflow" --now "$now" "$@")
  printf '%s\n' "$output" | sed 's/^/    /'
  answer=${output##*$'\n'}
}
# show COMMAND...: the same without --now (read-only commands).
show() {
  echo "\$ wageflow $*"
  "$wageflow" "$@" | sed 's/^/    /'
}
section() { printf '\n==== %s\n' "$1"; }

echo "wageflow demo: database $WAGEFLOW_DB"
echo "workflows: $WAGEFLOW_WORKFLOWS"

section "2025-01-24 速裁: 张三丰 claims 8600 yuan of unpaid wages from a builder"
at 2025-01-24T09:30:00+08:00 case open wage-arbitration-fasttrack --actor 李明 --role intake_clerk \
  --set worker_name=张三丰 --set worker_id_no=22010719850312461X --set worker_phone=13804315678 \
  --set employer=长春宏达建筑工程有限公司 --set region=长春市 --set industry=建筑业 \
  --set claim_amount=8600 --set workers_involved=1
fasttrack=$answer

section "2025-02-06 the acceptance decision is due tomorrow (5 working days over the Spring Festival)"
at 2025-02-06T08:00:00+08:00 timers tick
at 2025-02-07T10:00:00+08:00 case fire "$fasttrack" accept --actor 李明 --role intake_clerk
at 2025-02-10 case fire "$fasttrack" start_mediation --actor 赵敏 --role mediator
at 2025-02-14 case fire "$fasttrack" fail_mediation --actor 赵敏 --role mediator \
  --set hearing_date=2025-02-20 --comment "用人单位不同意调解方案"
at 2025-02-20T15:00:00+08:00 case fire "$fasttrack" award --actor 孙伟 --role arbitrator \
  --set award_amount=8600 --set outcome_notes="裁决用人单位支付拖欠工资8600元"

section "2025-03-03 four more cases come in"
at 2025-03-03T09:10:00+08:00 case open wage-arbitration-fasttrack --actor 李明 --role intake_clerk \
  --set worker_name=王建国 --set worker_phone=15904327788 --set employer=吉林市顺达物流有限公司 \
  --set region=吉林市 --set industry=交通运输业 --set workers_involved=8 --set claim_amount=45800
group=$answer
at 2025-03-03T09:40:00+08:00 case open wage-arbitration --actor 李明 --role intake_clerk \
  --set worker_name=刘强 --set worker_id_no=220711199107153218 --set employer=松原市恒基建设有限公司 \
  --set region=松原市 --set claim_amount=32000
ordinary=$answer
at 2025-03-03T10:05:00+08:00 case open legal-aid --actor 王芳 --role consultant --set channel=12351热线
hotline=$answer
at 2025-03-03T10:20:00+08:00 case fire "$hotline" give_advice --actor 王芳 --role consultant \
  --set advice_notes="告知可向劳动人事争议仲裁委员会申请仲裁，并说明所需证据材料"
at 2025-03-03T14:00:00+08:00 case open legal-aid --actor 王芳 --role consultant --set channel=来访 \
  --set applicant_name=李秀英 --set applicant_id_no=220103198805052345 \
  --set applicant_phone=13904312233
legal_aid=$answer

section "2025-03-03 a phone number was typed wrongly: corrected, with the reason"
at 2025-03-03T11:00:00+08:00 case correct "$group" --actor 李明 --role intake_clerk \
  --set worker_phone=15904327789 --comment "联系电话末位录错，已电话核实"

section "2025-03-04 .. 03-12 the cases move on"
at 2025-03-04 case fire "$group" accept --actor 李明 --role intake_clerk
at 2025-03-04T09:20:00+08:00 case fire "$ordinary" accept --actor 李明 --role intake_clerk
at 2025-03-04T11:00:00+08:00 case fire "$legal_aid" apply --actor 王芳 --role consultant \
  --set employer=吉林市鑫源劳务派遣有限公司 --set region=吉林市 --set claim_type=劳动报酬 \
  --set applicant_is_migrant_worker=true --set claim_amount=12000
at 2025-03-05 case fire "$group" start_mediation --actor 赵敏 --role mediator
at 2025-03-05T10:00:00+08:00 case fire "$ordinary" serve_copy --actor 吴磊 --role tribunal_clerk \
  --set arbitrator_name=孙伟
at 2025-03-05T15:00:00+08:00 case fire "$legal_aid" grant --actor 陈静 --role reviewer
at 2025-03-06 case fire "$legal_aid" assign_lawyer --actor 刘洋 --role coordinator \
  --set lawyer_name=周正 --set law_firm=吉林正德律师事务所
at 2025-03-10 case suspend "$ordinary" --actor 孙伟 --role arbitrator \
  --comment "申请人申请工伤认定，等待认定结论"
at 2025-03-12 case fire "$group" settle --actor 赵敏 --role mediator --set recovered_amount=42000 \
  --set outcome_notes="用人单位分两期支付8名工人工资共42000元"
at 2025-03-12T16:00:00+08:00 case fire "$legal_aid" represent_in_arbitration --actor 周正 --role lawyer

section "2025-03-24 the suspended case resumes with the days it had left"
at 2025-03-24 case resume "$ordinary" --actor 孙伟 --role arbitrator
show case show "$ordinary"

section "2025-04-03 the respondent's answer period lapsed: the case moves on by itself"
at 2025-04-03T08:00:00+08:00 timers tick
section "2025-05-07 the award limit of the ordinary case has passed: escalated to the director"
at 2025-05-07T08:00:00+08:00 timers tick

section "every case (personal data masked)"
show case list
show case list --overdue

for id in "$fasttrack" "$group" "$ordinary" "$hotline" "$legal_aid"; do
  section "case $id"
  show case show "$id"
  echo
  show audit log "$id"
done

section "the audit chain"
show audit verify
echo
echo "demo database kept at $WAGEFLOW_DB"
