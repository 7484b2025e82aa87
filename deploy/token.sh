#!/usr/bin/env bash
# Prints a development token, and nothing else, for the platform started by deploy/run.sh.
#   deploy/token.sh ROLE [claim=value ...]
#   deploy/token.sh gp agb=01012345
#   deploy/token.sh municipality municipality=0344
#   deploy/token.sh clinician agb=94012345 domain=youth
#   deploy/token.sh client bsn=999900006
# Signed (HS256) with the development key, which every service refuses outside Development.
set -euo pipefail

roles="gp poh clinician family-therapist stw social-domain youth-protection municipality insurer client"
usage() { echo "usage: deploy/token.sh ROLE [claim=value ...]; ROLE is one of: $roles" >&2; exit 2; }
[ $# -ge 1 ] || usage
role=$1; shift
case " $roles " in *" $role "*) ;; *) usage ;; esac

key=${COORDINATION_DEV_SIGNING_KEY:-coordination-development-signing-key-not-for-production-use}
issuer=${COORDINATION_TOKEN_ISSUER:-coordination-dev}
audience=${COORDINATION_TOKEN_AUDIENCE:-coordination}
ttl=${COORDINATION_TOKEN_TTL:-3600}
now=$(date +%s)

claims=""
sub=""
for pair in "$@"; do
  name=${pair%%=*}; value=${pair#*=}
  [[ "$pair" == *=* && "$name" =~ ^[a-z_]+$ && "$value" =~ ^[A-Za-z0-9\ ._@:-]*$ ]] || { echo "bad claim: $pair" >&2; exit 2; }
  claims="$claims,\"$name\":\"$value\""
  [ "$name" = sub ] && sub=$value
  [ -z "$sub" ] && case $name in agb|bsn|municipality|uzovi) sub="$role-$value" ;; esac
done
[ -n "$sub" ] || sub=$role
[[ "$claims" == *'"sub":'* ]] || claims="$claims,\"sub\":\"$sub\""

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","aud":"%s","iat":%d,"nbf":%d,"exp":%d,"role":"%s"%s}' \
  "$issuer" "$audience" "$now" "$now" $((now + ttl)) "$role" "$claims" | b64url)
signature=$(printf '%s' "$header.$payload" | openssl dgst -sha256 -mac HMAC -macopt "key:$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
