#!/usr/bin/env bash
# The Terraform checks `./mvnw verify` runs (infra/checks/pom.xml, phase test), with the real
# terraform binary and the AWS provider from the machine's filesystem mirror, offline:
#   1. terraform fmt -check -recursive terraform/   (.tf, .tftest.hcl, .tfmock.hcl)
#   2. per root (every folder of .tf files: terraform/modules/*, terraform/examples/*):
#      terraform init -backend=false (providers from the mirror), terraform validate, and
#      terraform test (tests/*.tftest.hcl: plan and apply with mock_provider "aws").
# Prints "Terraform checks skipped: <reason>" and exits 0 where terraform (>= 1.7, for
# mock_provider) or the mirror is missing; exits 1 when any check fails.
#
#   infra/checks/terraform-checks.sh [ROOT...]    (roots relative to the repository; default: all)
#
# TERRAFORM_CHECKS_JOBS: roots checked at once (default: the CPU count, at most 4).
# TERRAFORM_CHECKS_WORK: scratch folder (CLI config, .terraform data dirs, logs);
# default infra/checks/target/terraform.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
started=$SECONDS

skip() {
  echo "Terraform checks skipped: $1"
  exit 0
}

command -v terraform >/dev/null 2>&1 || skip "terraform is not on the PATH"
version=$(terraform version 2>/dev/null | sed -n 's/^Terraform v\([0-9][0-9.]*\).*/\1/p' | head -1)
IFS=. read -r major minor _ <<<"${version:-0.0.0}"
if ((major < 1 || (major == 1 && minor < 7))); then
  skip "terraform ${version:-of unknown version} is older than 1.7 (terraform test with mock_provider)"
fi

work=${TERRAFORM_CHECKS_WORK:-$repo/infra/checks/target/terraform}
mkdir -p "$work"
rc_file=$(infra/checks/terraform-mirror-rc "$work/mirror.tfrc") ||
  skip "no filesystem mirror of hashicorp/aws found (infra/checks/terraform-mirror-rc; set TERRAFORM_MIRROR to its folder)"
export TF_CLI_CONFIG_FILE=$rc_file TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
mirror=$(sed -n 's/^ *path *= *"\(.*\)"/\1/p' "$rc_file")
echo "Terraform checks: terraform $version, providers from $mirror"

if [[ $# -gt 0 ]]; then
  roots=("$@")
else
  mapfile -t roots < <(find terraform -name '*.tf' -not -path '*/.terraform/*' -printf '%h\n' | sort -u)
fi

failed=()

# 1. Formatting of the whole tree.
if ! fmt=$(terraform fmt -check -recursive -diff -no-color terraform 2>&1); then
  echo "$fmt"
  echo "FAIL terraform fmt -check: run \`terraform fmt -recursive terraform\`"
  failed+=("fmt")
else
  echo "ok   terraform fmt -check -recursive terraform"
fi

# 2. One root: init, validate, test. Writes its log and prints one summary line.
check_root() {
  local root=$1 name log data t0 tests summary
  name=${root//\//_}
  log=$work/$name.log
  data=$work/$name.terraform
  t0=$SECONDS
  : >"$log"
  export TF_DATA_DIR=$data
  run() { echo "\$ $*" >>"$log"; "$@" >>"$log" 2>&1; }
  if ! run terraform -chdir="$root" init -backend=false -no-color; then
    echo "FAIL $root: terraform init (log: $log)"
    return 1
  fi
  if ! run terraform -chdir="$root" validate -no-color; then
    echo "FAIL $root: terraform validate (log: $log)"
    return 1
  fi
  tests=$(find "$root" -maxdepth 2 -name '*.tftest.hcl' | wc -l)
  if ((tests == 0)); then
    echo "FAIL $root: no tests (add $root/tests/<name>.tftest.hcl with mock_provider \"aws\")"
    return 1
  fi
  if ! run terraform -chdir="$root" test -no-color; then
    echo "FAIL $root: terraform test (log: $log)"
    return 1
  fi
  summary=$(grep -E '^(Success|Failure)!' "$log" | tail -1)
  echo "ok   $root: init, validate, test ($tests file(s): ${summary#Success! }) in $((SECONDS - t0)) s"
}

jobs=${TERRAFORM_CHECKS_JOBS:-$(nproc 2>/dev/null || echo 2)}
((jobs > 4)) && jobs=4
((jobs < 1)) && jobs=1
for root in "${roots[@]}"; do
  root=${root%/}
  rm -f "$work/${root//\//_}.status"
  [[ -d $root ]] || continue
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n; done
  check_root "$root" >"$work/${root//\//_}.status" 2>&1 &
done
wait
# Summaries in root order; the log of each failed root in full.
for root in "${roots[@]}"; do
  root=${root%/}
  status=$work/${root//\//_}.status
  if [[ ! -d $root ]]; then
    echo "FAIL $root: no such folder"
    failed+=("$root")
    continue
  fi
  cat "$status"
  if ! grep -q '^ok ' "$status"; then
    failed+=("$root")
    [[ -f $work/${root//\//_}.log ]] && sed 's/^/    /' "$work/${root//\//_}.log"
  fi
done

if ((${#failed[@]})); then
  echo "Terraform checks FAILED (${failed[*]}) in $((SECONDS - started)) s"
  exit 1
fi
echo "Terraform checks passed: fmt, and init, validate and test of ${#roots[@]} roots in $((SECONDS - started)) s"
