# Shared shell helpers of scripts/backup and scripts/restore (sourced, not
# run). Plain bash and PostgreSQL's client programs only: the backup service
# of docker-compose.yml runs these in the postgres image, which has no Python.

die() {
  echo "$(basename "$0"): error: $*" >&2
  exit 1
}

# url_parts URL: set url_server (scheme, user, password, host and port),
# url_dbname and url_query (empty or "?..."). Fails unless URL is a
# postgres:// or postgresql:// URL that names a database.
url_parts() {
  local url=$1
  case "$url" in
    postgres://* | postgresql://*) ;;
    *) die "not a PostgreSQL URL (postgres://user:password@host:port/database): $(redact "$url")" ;;
  esac
  local base=${url%%\?*}
  url_query=${url:${#base}}
  url_dbname=${base##*/}
  url_server=${base%/*}
  if [ -z "$url_dbname" ] || [[ $url_server != *://?* ]]; then
    die "the URL names no database: $(redact "$url")"
  fi
}

# redact URL: the URL with its password hidden, for messages.
redact() {
  sed -E 's#(://[^:/@]+):[^@/]*@#\1:***@#' <<<"$1"
}

# use_pg_tools URL: set pg_dump, pg_restore and psql to client programs of
# the same major version as the server at URL, or fail. PG_BIN (a folder)
# wins; else Debian's /usr/lib/postgresql/<major>/bin when present (its
# /usr/bin wrappers pick the newest installed client); else PATH.
use_pg_tools() {
  local url=$1 version major tool client
  psql=${PG_BIN:+$PG_BIN/}psql
  command -v "$psql" >/dev/null || die "psql not found (install postgresql-client or set PG_BIN)"
  version=$("$psql" -XAtq --dbname="$url" -c "SHOW server_version_num") \
    || die "cannot connect to $(redact "$url")"
  major=$((version / 10000))
  if [ -z "${PG_BIN:-}" ] && [ -x "/usr/lib/postgresql/$major/bin/pg_dump" ]; then
    PG_BIN=/usr/lib/postgresql/$major/bin
  fi
  pg_dump=${PG_BIN:+$PG_BIN/}pg_dump
  pg_restore=${PG_BIN:+$PG_BIN/}pg_restore
  psql=${PG_BIN:+$PG_BIN/}psql
  # A dump made by a newer pg_dump cannot be read by an older pg_restore, and
  # an older pg_dump refuses a newer server: insist on the server's version.
  for tool in "$pg_dump" "$pg_restore"; do
    command -v "$tool" >/dev/null || die "$tool not found (install postgresql-client-$major or set PG_BIN)"
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)": the third word
    read -r _ _ client _ < <("$tool" --version)
    client=${client%%[!0-9]*}
    if [ "$client" != "$major" ]; then
      die "$tool is version $client but the server runs PostgreSQL $major:" \
        "install postgresql-client-$major or set PG_BIN to its bin folder"
    fi
  done
}
