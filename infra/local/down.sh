#!/usr/bin/env bash
# Stops the local stack started by infra/local/up.sh: the gateway, the functions, their Lambda
# runtime emulators and S3Mock (whose objects are discarded). Only processes recorded in
# infra/local/.run/pids are touched. Logs stay in infra/local/.run/logs.
#
#   infra/local/down.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stop gateway
for fn in "${ALL_FUNCTIONS[@]}"; do stop "$fn"; done
for fn in "${ALL_FUNCTIONS[@]}"; do stop "$fn-runtime"; done
stop s3mock
rm -rf "$RUN_DIR/s3" "$RUN_DIR/task" "$RUN_DIR/work" "$RUN_DIR/gateway/tmp"
log "the local stack is down"
