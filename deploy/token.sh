#!/usr/bin/env bash
# Prints a development token, and nothing else, for the platform started by deploy/run.sh.
#   deploy/token.sh ROLE [claim=value ...]
#   deploy/token.sh gp agb=01012345
#   deploy/token.sh municipality municipality=0344
#   deploy/token.sh clinician agb=94012345 org=12345678 domain=youth
#   deploy/token.sh client bsn=999900006
# Each role needs its own claims (see `required` below); `sub` and `name` are filled in when not
# given. The token is an access token (header typ at+jwt), signed (HS256) with the development
# key, which a host accepts only in Development with Auth__AllowDevelopmentKey=true; with
# COORDINATION_SIGNING_KEY set, with that key (deploy/run.sh --production makes one per run).
set -euo pipefail

roles="gp poh clinician family-therapist stw youth-protection district-nurse social-domain municipality insurer client"
# The claims each role needs besides sub, name and role (TokenClaimRules.RequiredByRole).
declare -A required=(
  [gp]="agb" [poh]="agb"
  [clinician]="agb org domain" [family-therapist]="agb org" [stw]="agb org" [youth-protection]="agb org" [district-nurse]="agb org"
  [social-domain]="municipality" [municipality]="municipality" [insurer]="uzovi" [client]="bsn"
)
usage() { echo "usage: deploy/token.sh ROLE [claim=value ...]; ROLE is one of: $roles" >&2; exit 2; }
[ $# -ge 1 ] || usage
role=$1; shift
case " $roles " in *" $role "*) ;; *) usage ;; esac

key=${COORDINATION_SIGNING_KEY:-${COORDINATION_DEV_SIGNING_KEY:-coordination-development-signing-key-not-for-production-use}}
issuer=${COORDINATION_TOKEN_ISSUER:-coordination-dev}
audience=${COORDINATION_TOKEN_AUDIENCE:-coordination}
ttl=${COORDINATION_TOKEN_TTL:-3600}
now=$(date +%s)

claims=""
sub=""
name_given=""
declare -A given=()
for pair in "$@"; do
  name=${pair%%=*}; value=${pair#*=}
  [[ "$pair" == *=* && "$name" =~ ^[a-z_]+$ && "$value" =~ ^[A-Za-z0-9\ ._@:-]*$ ]] || { echo "bad claim: $pair" >&2; exit 2; }
  case $name in role|iss|aud|iat|nbf|exp|typ) echo "claim $name is set by token.sh itself" >&2; exit 2 ;; esac
  [ -z "${given[$name]:-}" ] || { echo "claim $name given twice" >&2; exit 2; }
  given[$name]=1
  claims="$claims,\"$name\":\"$value\""
  [ "$name" = sub ] && sub=$value
  [ "$name" = name ] && name_given=1
  [ -z "$sub" ] && case $name in agb|bsn|municipality|uzovi) sub="$role-$value" ;; esac
done
missing=""
for claim in ${required[$role]}; do
  [ -n "${given[$claim]:-}" ] || missing="$missing $claim"
done
[ -z "$missing" ] || { echo "role $role needs the claims:$missing (e.g. deploy/token.sh $role$(for c in ${required[$role]}; do printf ' %s=...' "$c"; done))" >&2; exit 2; }
[ -n "$sub" ] || sub=$role
[ -n "${given[sub]:-}" ] || claims="$claims,\"sub\":\"$sub\""
[ -n "$name_given" ] || claims="$claims,\"name\":\"Development user $sub\""

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '%s' '{"alg":"HS256","typ":"at+jwt"}' | b64url)
payload=$(printf '{"iss":"%s","aud":"%s","iat":%d,"nbf":%d,"exp":%d,"role":"%s"%s}' \
  "$issuer" "$audience" "$now" "$now" $((now + ttl)) "$role" "$claims" | b64url)
signature=$(printf '%s' "$header.$payload" | openssl dgst -sha256 -mac HMAC -macopt "key:$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
