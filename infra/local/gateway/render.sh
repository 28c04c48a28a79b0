#!/usr/bin/env bash
# Renders the nginx configuration of the local gateway from routes.txt.
#
#   infra/local/gateway/render.sh DIR PORT [FUNCTION=HOST:PORT ...]
#
# writes DIR/nginx.conf: one server on 127.0.0.1:PORT (COHERENT_LOCAL_GATEWAY_HOST to change the
# address) with the routes of routes.txt, each proxied to its function's HTTP server. A function
# without an address answers 503 (its jar is not built). Like the AWS HTTP API, an unknown route
# or method answers 404 {"message":"Not Found"}, bodies above 10 MB 413, requests above the
# throttling rate 429, and a function that does not answer within 30 s 503. Each request is
# logged as one JSON line (the fields of the AWS access log) in DIR/access.log. There is no JWT
# authorizer locally. nginx then runs with `nginx -p DIR -c DIR/nginx.conf -e DIR/error.log`.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -ge 2 ]] || { echo "usage: $0 DIR PORT [FUNCTION=HOST:PORT ...]" >&2; exit 2; }
DIR="$(mkdir -p "$1" && cd "$1" && pwd)"
PORT="$2"
shift 2
declare -A UPSTREAM=()
for arg in "$@"; do
  UPSTREAM["${arg%%=*}"]="${arg#*=}"
done
HOST="${COHERENT_LOCAL_GATEWAY_HOST:-127.0.0.1}"
RATE="${COHERENT_LOCAL_GATEWAY_RATE:-50}"
BURST="${COHERENT_LOCAL_GATEWAY_BURST:-100}"
mkdir -p "$DIR/tmp"

routes_map=""
function_map=""
functions=()
while read -r method path function _; do
  [[ -z "$method" || "$method" == \#* ]] && continue
  if [[ "$path" == *"{"* ]]; then
    regex="$(printf '%s' "$path" | sed -e 's/[.]/\\./g' -e 's/{[^}]*}/[^\/]+/g')"
    routes_map+="    \"~^$method $regex\$\" \"$method $path\";"$'\n'
  else
    routes_map+="    \"$method $path\" \"$method $path\";"$'\n'
  fi
  function_map+="    \"$method $path\" $function;"$'\n'
  [[ " ${functions[*]} " == *" $function "* ]] || functions+=("$function")
done < "$HERE/routes.txt"

upstream_map=""
upstreams=""
for function in "${functions[@]}"; do
  if [[ -n "${UPSTREAM[$function]:-}" ]]; then
    upstream_map+="    $function $function;"$'\n'
    upstreams+="  upstream $function {"$'\n'"    server ${UPSTREAM[$function]};"$'\n'"    keepalive 8;"$'\n'"  }"$'\n'
  else
    upstream_map+="    $function unavailable;"$'\n'
  fi
done

cat > "$DIR/nginx.conf" <<EOF
# Rendered by infra/local/gateway/render.sh from routes.txt; edit those, not this file.
daemon off;
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/error.log warn;

events {
  worker_connections 256;
}

http {
  client_body_temp_path $DIR/tmp/client_body;
  proxy_temp_path $DIR/tmp/proxy;
  fastcgi_temp_path $DIR/tmp/fastcgi;
  uwsgi_temp_path $DIR/tmp/uwsgi;
  scgi_temp_path $DIR/tmp/scgi;
  server_tokens off;
  default_type application/json;

  # The route key as API Gateway names it ("METHOD /path/{param}"), or "" when no route matches.
  map "\$request_method \$uri" \$route_key {
    default "";
$routes_map  }

  # The function behind each route.
  map \$route_key \$route_function {
    default "";
$function_map  }

  # The upstream of each function; "unavailable" when its jar is not built.
  map \$route_function \$route_upstream {
    default unavailable;
$upstream_map  }

$upstreams
  # One JSON line per request with the fields of the AWS access log (terraform/modules/gateway).
  log_format access escape=json '{"requestId":"\$request_id","ip":"\$remote_addr",'
    '"requestTime":"\$time_iso8601","httpMethod":"\$request_method","routeKey":"\$route_key",'
    '"path":"\$uri","status":"\$status","responseLength":"\$body_bytes_sent",'
    '"integrationLatency":"\$upstream_response_time","function":"\$route_function"}';
  access_log $DIR/access.log access;

  # API Gateway limits: 10 MB payloads, 30 s integration timeout, stage throttling.
  client_max_body_size 10m;
  proxy_connect_timeout 5s;
  proxy_read_timeout 30s;
  proxy_send_timeout 30s;
  limit_req_zone \$server_port zone=stage:1m rate=${RATE}r/s;
  limit_req_status 429;

  server {
    listen $HOST:$PORT;

    location / {
      limit_req zone=stage burst=$BURST nodelay;
      add_header apigw-requestid \$request_id always;
      if (\$route_key = "") {
        return 404 '{"message":"Not Found"}\n';
      }
      if (\$route_upstream = unavailable) {
        return 503 '{"message":"Service Unavailable","detail":"\$route_function is not running in the local stack (its jar is not built)"}\n';
      }
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Request-Id \$request_id;
      proxy_pass http://\$route_upstream;
    }

    error_page 429 = @throttled;
    # nginx answers 502 when a function refuses connections and 504 when it times out.
    error_page 502 504 = @unavailable;
    error_page 413 = @too_large;
    location @throttled {
      return 429 '{"message":"Too Many Requests"}\n';
    }
    location @unavailable {
      return 503 '{"message":"Service Unavailable"}\n';
    }
    location @too_large {
      return 413 '{"message":"Request Entity Too Large"}\n';
    }
  }
}
EOF
echo "$DIR/nginx.conf"
