#!/usr/bin/env bash
# Builds a function's Lambda images (both targets) and pushes them to its ECR repository.
#
#   infra/docker/push.sh FUNCTION TAG REPOSITORY_URL [--gpu]
#
#   REPOSITORY_URL:TAG        the events target (terraform: image_tags[FUNCTION])
#   REPOSITORY_URL:TAG-http   the http target   (terraform: TAG-http, the function's HTTP twin)
#   REPOSITORY_URL:TAG-gpu    with --gpu, Dockerfile.gpu (terraform: gpu_image_tags[FUNCTION])
#
# Needs docker (with buildx) and the AWS CLI, logged in to the account of the repository.
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
FN="$1" TAG="$2" REPO="$3" GPU="${4:-}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ -f "$ROOT/infra/docker/$FN/Dockerfile.lambda" ]] || { echo "no recipes for $FN in infra/docker" >&2; exit 2; }
REGISTRY="${REPO%%/*}"
REGION="$(cut -d. -f4 <<< "$REGISTRY")"
aws ecr get-login-password --region "$REGION" | docker login --username AWS --password-stdin "$REGISTRY"
cd "$ROOT"
# Lambda takes only single-platform Docker v2 / OCI manifests: no provenance attestation index.
build() { docker buildx build --platform linux/amd64 --provenance=false --push "$@" .; }
build -f "infra/docker/$FN/Dockerfile.lambda" --target events -t "$REPO:$TAG"
build -f "infra/docker/$FN/Dockerfile.lambda" --target http -t "$REPO:$TAG-http"
[[ "$GPU" != --gpu ]] || build -f "infra/docker/$FN/Dockerfile.gpu" -t "$REPO:$TAG-gpu"
