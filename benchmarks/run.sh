#!/usr/bin/env bash
# Idem benchmark: see BENCHMARKS.md.
#
#   benchmarks/run.sh            phases A, B, C, D, B_sql, C_sql over HTTP (wrk) and F (pgbench), ratios, report
#   benchmarks/run.sh --scale    10 million records, purge under load, large bodies (longer)
#   benchmarks/run.sh --jmh      the JMH micro-benchmarks of the CPU-only parts
#
# The report is printed as markdown and written to benchmarks/target/report.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="$HERE/target"

MODE=http
DURATION=15s
WARMUP=5s
JIT_WARMUP=30s
ROUNDS=3
THREADS=2
CONNECTIONS=16
PGBENCH_CLIENTS=4
PGBENCH_DURATION=15
PGBENCH_WARMUP=5
REPLAY_KEYS=1000
SCALE_RECORDS=10000000
SCALE_JIT_WARMUP=60s
EXPIRED_RECORDS=1000000
SMALL_RECORDS=100000
LARGE_BODY=524288
LARGE_CONNECTIONS=64
LARGE_HOLD_MS=4000
LARGE_HEAP=512m
BUILD=1
MVN_OPTS=()
JMH_ARGS=(-f 1 -wi 2 -w 2s -i 3 -r 3s)

usage() {
    cat <<EOF
usage: benchmarks/run.sh [--scale | --jmh] [options]
  (default)            phases A, B, C, D, B_sql, C_sql (wrk over HTTP) and F (pgbench), ratios and verdicts
  --scale              claim and replay with ${SCALE_RECORDS} records, purge of ${EXPIRED_RECORDS} expired
                       records under load, large bodies
  --jmh                JMH micro-benchmarks (key parsing, fingerprinting, body capture)
options:
  --rounds N           default run: rounds of A, B, C, D, each phase measured once per round;
                       the report gives each phase's median and each round's ratios (default $ROUNDS)
  --duration D         measured wrk run per phase (default $DURATION)
  --warmup D           wrk warm-up per phase (default $WARMUP)
  --jit-warmup D       default run: load on each endpoint once before the first round, so that
                       every phase is measured on compiled code (default $JIT_WARMUP)
  --threads N          wrk threads (default $THREADS)
  --connections N      wrk connections (default $CONNECTIONS)
  --pgbench-clients N  pgbench clients for F (default $PGBENCH_CLIENTS)
  --pgbench-duration S measured pgbench run per script, seconds (default $PGBENCH_DURATION)
  --replay-keys N      keys recorded before phase D (default $REPLAY_KEYS)
  --records N          --scale: records in the big table (default $SCALE_RECORDS)
  --expired N          --scale: expired records purged under load (default $EXPIRED_RECORDS)
  --skip-build         use the jars already built
  --offline            build with mvn -o
  --jmh-args "..."     arguments for JMH (default: ${JMH_ARGS[*]})
environment:
  BENCH_PG_HOST, BENCH_PG_PORT, BENCH_PG_USER, BENCH_PG_PASSWORD, BENCH_PG_DB
                       use this PostgreSQL instead of an embedded one (its tables bench_order and
                       idem_record are emptied)
  BENCH_APP_OPTS       extra JVM options for the application, e.g. -Didem.<setting>=...
EOF
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) MODE=scale ;;
        --jmh) MODE=jmh ;;
        --rounds) ROUNDS="$2"; shift ;;
        --duration) DURATION="$2"; shift ;;
        --warmup) WARMUP="$2"; shift ;;
        --jit-warmup) JIT_WARMUP="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --connections) CONNECTIONS="$2"; shift ;;
        --pgbench-clients) PGBENCH_CLIENTS="$2"; shift ;;
        --pgbench-duration) PGBENCH_DURATION="$2"; shift ;;
        --replay-keys) REPLAY_KEYS="$2"; shift ;;
        --records) SCALE_RECORDS="$2"; shift ;;
        --expired) EXPIRED_RECORDS="$2"; shift ;;
        --skip-build) BUILD=0 ;;
        --offline) MVN_OPTS+=(-o) ;;
        --jmh-args) read -r -a JMH_ARGS <<< "$2"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

mkdir -p "$TARGET"
LOG="$TARGET/logs"
mkdir -p "$LOG"
REPORT="$TARGET/report.md"
: > "$REPORT"

say() { echo ">> $*" >&2; }
out() { echo "$*" | tee -a "$REPORT"; }
die() { echo "FAILED: $*" >&2; exit 1; }
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number, was $ROUNDS"

# ---------------------------------------------------------------------------------------------
# JMH
# ---------------------------------------------------------------------------------------------
if [[ $MODE == jmh ]]; then
    if [[ $BUILD == 1 ]]; then
        say "building Idem and the JMH benchmarks"
        mvn -B -q "${MVN_OPTS[@]}" -f "$HERE/pom.xml" -pl jmh -am package -DskipTests
    fi
    say "running JMH (${JMH_ARGS[*]})"
    java -jar "$HERE/jmh/target/benchmarks.jar" "${JMH_ARGS[@]}" -rf text -rff "$TARGET/jmh.txt" | tee "$LOG/jmh.log" >&2
    {
        echo "### Idem JMH micro-benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo
        echo "$(nproc) CPUs ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(java -version 2>&1 | head -1)"
        echo
        echo '```'
        cat "$TARGET/jmh.txt"
        echo '```'
    } | tee "$REPORT"
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# Tools, build
# ---------------------------------------------------------------------------------------------
need_apt() {
    say "installing $1 with apt-get"
    local sudo=""
    [[ $(id -u) != 0 ]] && sudo=sudo
    $sudo apt-get install -y "$1" >"$LOG/apt-$1.log" 2>&1 \
        || { $sudo apt-get update >>"$LOG/apt-$1.log" 2>&1 && $sudo apt-get install -y "$1" >>"$LOG/apt-$1.log" 2>&1; } \
        || die "could not install $1 (see $LOG/apt-$1.log)"
}
command -v wrk >/dev/null || need_apt wrk
command -v pgbench >/dev/null || need_apt postgresql-client
command -v psql >/dev/null || need_apt postgresql-client
command -v curl >/dev/null || need_apt curl

APP_JAR="$HERE/app/target/quarkus-app/quarkus-run.jar"
if [[ $BUILD == 1 ]]; then
    say "building Idem and the benchmark application"
    mvn -B -q "${MVN_OPTS[@]}" -f "$HERE/pom.xml" -pl app -am package -DskipTests
fi
[[ -f $APP_JAR ]] || die "$APP_JAR missing: build first (drop --skip-build)"
TOOLS_CP="$HERE/app/target/classes:$HERE/app/target/quarkus-app/lib/main/*"

# ---------------------------------------------------------------------------------------------
# Processes: PostgreSQL and the application, stopped on exit
# ---------------------------------------------------------------------------------------------
DB_PID=""
APP_PID=""
cleanup() {
    set +e
    stop_app
    if [[ -n $DB_PID ]]; then
        kill "$DB_PID" 2>/dev/null
        wait "$DB_PID" 2>/dev/null
        DB_PID=""
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo $(( 20000 + RANDOM % 20000 ))
}

if [[ -n ${BENCH_PG_PORT:-} ]]; then
    PGHOST="${BENCH_PG_HOST:-localhost}"
    PGPORT="$BENCH_PG_PORT"
    PGUSER="${BENCH_PG_USER:-postgres}"
    PGPASSWORD="${BENCH_PG_PASSWORD:-postgres}"
    PGDATABASE="${BENCH_PG_DB:-postgres}"
    say "using PostgreSQL at $PGHOST:$PGPORT/$PGDATABASE"
else
    rm -f "$TARGET/pgport"
    say "starting embedded PostgreSQL"
    java -cp "$TOOLS_CP" dev.idem.bench.BenchDatabase "$TARGET/pgport" "$TARGET/pgdata" >"$LOG/postgres.log" 2>&1 &
    DB_PID=$!
    for _ in $(seq 1 120); do
        [[ -s $TARGET/pgport ]] && break
        kill -0 "$DB_PID" 2>/dev/null || die "embedded PostgreSQL did not start (see $LOG/postgres.log)"
        sleep 0.5
    done
    [[ -s $TARGET/pgport ]] || die "embedded PostgreSQL did not start in time"
    PGHOST=localhost
    PGPORT="$(cat "$TARGET/pgport")"
    PGUSER=postgres
    PGPASSWORD=postgres
    PGDATABASE=postgres
fi
PGOPTIONS="-c client_min_messages=warning"
export PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGOPTIONS
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"

sql() { psql -X -q -v ON_ERROR_STOP=1 -At -c "$1"; }

# The business table, as a migration would create it; Idem creates idem_record itself.
sql "CREATE TABLE IF NOT EXISTS bench_order (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        ref varchar(64) NOT NULL,
        amount bigint NOT NULL,
        body_length integer NOT NULL)"
sql "TRUNCATE bench_order"
sql "DROP TABLE IF EXISTS idem_record"
# Statement statistics are reported when the database has pg_stat_statements installed and loaded.
STATEMENTS=0
sql "SELECT 1 FROM pg_stat_statements LIMIT 1" >/dev/null 2>&1 && STATEMENTS=1

APP_PORT=""
BASE=""
start_app() { # extra JVM options...
    APP_PORT="$(free_port)"
    BASE="http://127.0.0.1:$APP_PORT"
    say "starting the application on port $APP_PORT $*"
    # shellcheck disable=SC2086
    java ${BENCH_APP_OPTS:-} "$@" \
        -Dquarkus.http.port="$APP_PORT" \
        -Dquarkus.datasource.jdbc.url="$JDBC_URL" \
        -Dquarkus.datasource.username="$PGUSER" \
        -Dquarkus.datasource.password="$PGPASSWORD" \
        -jar "$APP_JAR" >>"$LOG/app.log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 240); do
        curl -fs "$BASE/ready" >/dev/null 2>&1 && return 0
        kill -0 "$APP_PID" 2>/dev/null || die "the application did not start (see $LOG/app.log)"
        sleep 0.5
    done
    die "the application was not ready in time (see $LOG/app.log)"
}
stop_app() {
    if [[ -n $APP_PID ]]; then
        kill "$APP_PID" 2>/dev/null
        wait "$APP_PID" 2>/dev/null || true
        APP_PID=""
    fi
}

# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------
RUN_ID="$(date +%s)$$"
declare -A RPS P50 P99 ERR NOTE COMMITS APP_CPU PG_CPU IDLE
FAILURES=()

# wrk_run NAME PATH CONNECTIONS DURATION lua-args... ; sets W_* from the RESULT line
wrk_run() {
    local name="$1" path="$2" conns="$3" duration="$4"
    shift 4
    wrk -t"$THREADS" -c"$conns" -d"$duration" --timeout 10s -s "$HERE/scripts/bench.lua" "$BASE$path" -- "$@" \
        >"$LOG/wrk-$name.log" 2>&1 || die "wrk failed (see $LOG/wrk-$name.log)"
    local line
    line="$(grep '^RESULT ' "$LOG/wrk-$name.log" | tail -1)"
    [[ -n $line ]] || die "no result from wrk (see $LOG/wrk-$name.log)"
    W_REQUESTS=$(field requests "$line"); W_DURATION=$(field duration_us "$line")
    W_OK=$(field ok "$line"); W_BAD=$(field bad "$line"); W_SOCKET=$(field socket_errors "$line")
    W_P50=$(field p50_us "$line"); W_P99=$(field p99_us "$line"); W_STATUSES=$(field bad_statuses "$line")
    W_RPS=$(awk -v n="$W_OK" -v d="$W_DURATION" 'BEGIN { printf "%.1f", n / (d / 1e6) }')
    W_ERRORS=$(( W_BAD + W_SOCKET ))
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p; s/^RESULT $1=\([^ ]*\).*/\1/p" <<< "$2" | head -1; }

cpu_ticks() { # PID... : user + system CPU time of these processes so far, in clock ticks
    local total=0 pid
    for pid in "$@"; do
        [[ -r /proc/$pid/stat ]] && total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
    done
    echo "$total"
}
postgres_pids() { # the embedded PostgreSQL's processes (none for an external one)
    [[ -n $DB_PID && -s $TARGET/pgdata/postmaster.pid ]] || return 0
    local postmaster
    postmaster="$(head -1 "$TARGET/pgdata/postmaster.pid")"
    echo "$postmaster" $(pgrep -P "$postmaster")
}
machine_ticks() { # prints: all ticks, idle ticks (idle and I/O wait) of the whole machine so far
    awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6; exit }' /proc/stat
}
# pg_stat_statements, when the PostgreSQL used has it (an external one can; the embedded one has not)
statements_reset() { (( STATEMENTS )) && sql "SELECT pg_stat_statements_reset()" >/dev/null; return 0; }
statements_of() { # LABEL REQUESTS : PostgreSQL time per answered request by kind of statement, as table rows
    (( STATEMENTS )) || return 0
    sql "SELECT kind, round(sum(calls)::numeric / $2, 2), round((sum(total_exec_time) * 1000 / $2)::numeric, 1),
                round((sum(total_plan_time) * 1000 / $2)::numeric, 1), round(sum(plans)::numeric / greatest(sum(calls), 1), 2), count(*)
         FROM (SELECT CASE
                   WHEN query LIKE '%completed AS (UPDATE idem_record%claimed AS (INSERT%' THEN 'Idem: claims and completions in one statement'
                   WHEN query LIKE '%pg_advisory_xact_lock%' THEN 'Idem: same-transaction locks'
                   WHEN query LIKE 'SELECT 1 FROM idem_record WHERE%' THEN 'Idem: same-transaction checks'
                   WHEN query LIKE '%INSERT INTO idem_record AS r%' THEN 'Idem: same-transaction records'
                   WHEN query LIKE '%INSERT INTO idem_record%' THEN 'Idem: claims'
                   WHEN query LIKE '%UPDATE idem_record%' THEN 'Idem: completions and takeovers'
                   WHEN query LIKE '%FROM idem_record%' THEN 'Idem: reads and deletes'
                   WHEN query ILIKE 'insert into bench_order%' THEN 'business INSERT'
                   ELSE 'other (BEGIN, the harness)' END AS kind, *
               FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())) s
         GROUP BY kind ORDER BY sum(total_exec_time + total_plan_time) DESC" \
        | awk -F'|' -v l="$1" '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", l, $1, $2, $3, $4, $5, $6 }' >"$TARGET/statements-$1.md"
}
per_request_us() { # TICKS REQUESTS
    awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0) }'
}
counts() { # prints: business_rows live_records done in_flight (expired records, which a purge may delete, left out)
    sql "SELECT (SELECT count(*) FROM bench_order), (SELECT count(*) FROM idem_record WHERE expires_at > now()),
                (SELECT count(*) FROM idem_record WHERE state = 'DONE' AND expires_at > now()),
                (SELECT count(*) FROM idem_record WHERE state <> 'DONE')" | tr '|' ' '
}
commits() { # transactions committed in the database so far (PostgreSQL's statistics, all sessions)
    sql "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
}
settle() { # waits until no record is in flight (requests wrk abandoned at the end still finish)
    for _ in $(seq 1 40); do
        [[ $(sql "SELECT count(*) FROM idem_record WHERE state <> 'DONE'") == 0 ]] && return 0
        sleep 0.25
    done
}

# http_phase LABEL KIND PATH CONNECTIONS [REPLAY_PREFIX REPLAY_COUNT [PAD]]
#   KIND: plain (no key) | keyed (a new key per request) | replay (recorded keys)
# Keys of the warm-up and of the measured run are distinct, and distinct from every other phase's.
http_phase() {
    local label="$1" kind="$2" path="$3" conns="$4" prefix="${5:-}" count="${6:-0}" pad="${7:-0}" mode
    case "$kind" in plain) mode=plain ;; keyed) mode=new ;; replay) mode=replay ;; esac
    read -r b0 r0 _ _ < <(counts)
    local ok_total=0 err_total=0
    if [[ ${SKIP_WARMUP:-0} != 1 ]]; then
        say "phase $label: warm-up $WARMUP"
        wrk_run "$label-warmup" "$path" "$conns" "$WARMUP" "$mode" "$RUN_ID-$label-w" "$prefix" "$count" "$pad"
        ok_total=$W_OK; err_total=$W_ERRORS
    fi
    say "phase $label: measuring $DURATION"
    local c0 c1 app0 app1 pg0 pg1 all0 all1 idle0 idle1
    statements_reset
    c0=$(commits); app0=$(cpu_ticks "$APP_PID"); pg0=$(cpu_ticks $(postgres_pids)); read -r all0 idle0 < <(machine_ticks)
    wrk_run "$label" "$path" "$conns" "$DURATION" "$mode" "$RUN_ID-$label" "$prefix" "$count" "$pad"
    app1=$(cpu_ticks "$APP_PID"); pg1=$(cpu_ticks $(postgres_pids)); read -r all1 idle1 < <(machine_ticks)
    statements_of "$label" "$W_OK"
    IDLE[$label]=$(awk -v a="$(( all1 - all0 ))" -v i="$(( idle1 - idle0 ))" 'BEGIN { printf "%.0f", (a > 0 ? 100 * i / a : 0) }')
    APP_CPU[$label]=$(per_request_us $(( app1 - app0 )) "$W_OK")
    PG_CPU[$label]=$( [[ -n $(postgres_pids) ]] && per_request_us $(( pg1 - pg0 )) "$W_OK" || echo "-")
    ok_total=$(( ok_total + W_OK )); err_total=$(( err_total + W_ERRORS ))
    settle
    sleep 1 # PostgreSQL publishes a session's statistics up to half a second late
    c1=$(commits)
    COMMITS[$label]=$(awk -v c="$(( c1 - c0 ))" -v n="$W_OK" 'BEGIN { printf "%.2f", (n > 0 ? c / n : 0) }')
    read -r b1 r1 d1 f1 < <(counts)
    local db=$(( b1 - b0 )) dr=$(( r1 - r0 )) slack=$(( 2 * conns )) problem=""
    # wrk stops without waiting for the requests in flight; the server still completes them, so a
    # phase may leave up to one row per connection and run more than it counted as answered.
    case "$kind" in
        plain)
            (( dr == 0 )) || problem="records changed by $dr"
            (( db >= ok_total && db <= ok_total + slack )) || problem+=" business rows $db for $ok_total answers" ;;
        keyed)
            (( db == dr )) || problem="business rows $db but records $dr"
            (( db >= ok_total && db <= ok_total + slack )) || problem+=" business rows $db for $ok_total answers"
            (( f1 == 0 )) || problem+=" $f1 records left in flight" ;;
        replay)
            (( db == 0 && dr == 0 )) || problem="replays changed the database: business rows +$db, records +$dr" ;;
    esac
    (( err_total == 0 )) || problem+=" $err_total errors (statuses ${W_STATUSES})"
    RPS[$label]=$W_RPS; P50[$label]=$W_P50; P99[$label]=$W_P99; ERR[$label]=$err_total
    if [[ -n $problem ]]; then
        NOTE[$label]="FAIL:$problem"
        FAILURES+=("$label:$problem")
    else
        NOTE[$label]="ok: +$db business rows, +$dr records, $f1 in flight"
    fi
    say "phase $label: ${RPS[$label]} req/s, p50 ${P50[$label]} us, p99 ${P99[$label]} us, errors ${ERR[$label]}; ${NOTE[$label]}"
}

preload() { # PREFIX COUNT
    say "recording $2 keys for the replay phase"
    java -cp "$TOOLS_CP" dev.idem.bench.Preload "$BASE" "$1" "$2" 8 >"$LOG/preload-$1.log" 2>&1 \
        || die "recording the replay keys failed (see $LOG/preload-$1.log)"
}

SCOPE=""
PGB_HEADERS="Location: http://127.0.0.1:8080/orders/1234567\nContent-Type: application/json\n"
PGB_BODY='{"id":1234567,"ref":"bench-0000000000-1-0000000001","amount":1}'
write_pgbench_scripts() { # REPLAY_PREFIX REPLAY_COUNT
    local dir="$TARGET/pgbench" key="'pgb-' || :client_id || '-' || :r"
    mkdir -p "$dir"
    local claim="INSERT INTO idem_record (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at)
  VALUES ('$SCOPE', $key, md5(:r::text) || md5(:client_id::text), 'IN_FLIGHT', :r, now() + interval '1 minute', NULL, NULL, NULL, clock_timestamp(), now() + interval '1 day')
  ON CONFLICT (scope, idem_key) DO NOTHING;"
    local business="INSERT INTO bench_order (ref, amount, body_length) VALUES ('bench-' || :r, :r, 62) RETURNING id;"
    # The completion writes the expiry the claim wrote, as Idem's does for a request completed within
    # the tenth of a second of its claim (IdempotencyEngine.expiry): PostgreSQL updates the row in place.
    local complete="UPDATE idem_record SET state = 'DONE', status = 201, headers = E'$PGB_HEADERS', body = convert_to('$PGB_BODY', 'UTF8'), locked_until = NULL,
  expires_at = expires_at WHERE scope = '$SCOPE' AND idem_key = $key AND lease_token = :r AND state = 'IN_FLIGHT';"
    # Separate mode's own writes commit asynchronously, the setting made inside the statement, as Idem's
    # store does (RecordSql): the same text here, so that F_B is the floor of what B really runs.
    local async="WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true) AS value) "
    local claim_async="$async${claim/clock_timestamp()/(SELECT clock_timestamp() FROM async_commit)}"
    local complete_async="$async${complete/locked_until = NULL/locked_until = (SELECT NULL::timestamptz FROM async_commit)}"
    local rnd='\set r random(1, 9000000000000000)'
    printf '%s\nBEGIN;\n%s\nCOMMIT;\n' "$rnd" "$business" >"$dir/A.sql"
    printf '%s\n%s\nBEGIN;\n%s\nCOMMIT;\n%s\n' "$rnd" "$claim_async" "$business" "$complete_async" >"$dir/B.sql"
    # Same-transaction mode: the key's advisory lock, the check for a record, then the finished record (RecordSql).
    # The lock and the check are two statements in one round trip (\; makes them one command), as Idem sends them.
    local lock_check="SELECT 1 FROM (SELECT pg_advisory_xact_lock(:r)) AS locked \; SELECT 1 FROM idem_record WHERE scope = '$SCOPE' AND idem_key = $key;"
    local record="INSERT INTO idem_record AS r (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at)
  VALUES ('$SCOPE', $key, md5(:r::text) || md5(:client_id::text), 'DONE', :r, NULL, 201, E'$PGB_HEADERS', convert_to('$PGB_BODY', 'UTF8'), clock_timestamp(), now() + interval '1 day')
  ON CONFLICT (scope, idem_key) DO UPDATE SET state = 'DONE', status = EXCLUDED.status, headers = EXCLUDED.headers, body = EXCLUDED.body,
  locked_until = NULL, expires_at = EXCLUDED.expires_at WHERE r.lease_token = EXCLUDED.lease_token AND r.state = 'IN_FLIGHT';"
    printf '%s\nBEGIN;\n%s\n%s\n%s\nCOMMIT;\n' "$rnd" "$lock_check" "$business" "$record" >"$dir/C.sql"
    printf '\\set i random(0, %d)\nSELECT fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at FROM idem_record WHERE scope = '"'"'%s'"'"' AND idem_key = '"'"'%s-'"'"' || lpad(:i::text, 10, '"'"'0'"'"');\n' \
        "$(( $2 - 1 ))" "$SCOPE" "$1" >"$dir/D.sql"
}

# pgbench_phase LABEL SCRIPT
pgbench_phase() {
    local label="$1" script="$2"
    say "phase $label: pgbench warm-up ${PGBENCH_WARMUP}s"
    pgbench -n -c "$PGBENCH_CLIENTS" -j "$THREADS" -T "$PGBENCH_WARMUP" -f "$script" >"$LOG/pgbench-$label-warmup.log" 2>&1 \
        || die "pgbench failed (see $LOG/pgbench-$label-warmup.log)"
    say "phase $label: pgbench ${PGBENCH_DURATION}s"
    rm -rf "$TARGET/pgbench-log" && mkdir -p "$TARGET/pgbench-log"
    (cd "$TARGET/pgbench-log" && pgbench -n -c "$PGBENCH_CLIENTS" -j "$THREADS" -T "$PGBENCH_DURATION" -f "$script" \
        --log --log-prefix=tx >"$LOG/pgbench-$label.log" 2>&1) || die "pgbench failed (see $LOG/pgbench-$label.log)"
    local tps failed
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$LOG/pgbench-$label.log" | head -1)
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$LOG/pgbench-$label.log" | head -1)
    read -r p50 p99 < <(cat "$TARGET"/pgbench-log/tx* | awk '{ print $3 }' | sort -n \
        | awk '{ v[NR] = $1 } END { i50 = int(NR * 0.50); i99 = int(NR * 0.99); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; print v[i50], v[i99] }')
    RPS[$label]=$(printf '%.1f' "$tps"); P50[$label]=$p50; P99[$label]=$p99; ERR[$label]=${failed:-0}
    NOTE[$label]="pgbench, $PGBENCH_CLIENTS clients"
    (( ${failed:-0} == 0 )) || FAILURES+=("$label: $failed failed transactions")
    say "phase $label: ${RPS[$label]} tps, p50 $p50 us, p99 $p99 us"
}

ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "PASS" : "FAIL") }'; }
# CPU microseconds the whole machine spends per request: cores / throughput
cpu_us() { awk -v rps="$1" -v n="$(nproc)" 'BEGIN { printf "%.1f", n * 1e6 / rps }'; }

machine_block() {
    out "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average at start: $LOAD_AT_START"
    out "- Machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM"
    out "- Java: $(java -version 2>&1 | head -1); PostgreSQL: $(sql 'SHOW server_version') ($( [[ -n $DB_PID ]] && echo embedded || echo external)); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(pgbench --version)"
    out "- Idem: commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' with uncommitted changes to the library')"
}
phase_row() { # LABEL DESCRIPTION
    out "| $1 | $2 | ${RPS[$1]} | $(ms "${P50[$1]}") | $(ms "${P99[$1]}") | ${ERR[$1]} | ${NOTE[$1]} |"
}
median_of() { # VALUES... (numbers) : the median, the mean of the middle two for an even count; 0 for none
    (( $# > 0 )) || { echo 0; return; }
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
combine_rounds() { # PHASE : its median figures over the rounds, errors summed, every round's check
    local p="$1" round rps=() p50=() p99=() commits=() app=() pg=() idle=() errors=0 notes=""
    for round in $(seq 1 "$ROUNDS"); do
        rps+=("${RPS[$p$round]}"); p50+=("${P50[$p$round]}"); p99+=("${P99[$p$round]}")
        commits+=("${COMMITS[$p$round]}"); app+=("${APP_CPU[$p$round]}"); pg+=("${PG_CPU[$p$round]}")
        idle+=("${IDLE[$p$round]}")
        errors=$(( errors + ${ERR[$p$round]} ))
        case "${NOTE[$p$round]}" in
            FAIL*) notes+="round $round ${NOTE[$p$round]}; " ;;
        esac
    done
    RPS[$p]=$(median_of "${rps[@]}"); P50[$p]=$(median_of "${p50[@]}"); P99[$p]=$(median_of "${p99[@]}")
    COMMITS[$p]=$(median_of "${commits[@]}"); APP_CPU[$p]=$(median_of "${app[@]}")
    PG_CPU[$p]=$( [[ ${pg[0]} == - ]] && echo - || median_of "${pg[@]}")
    IDLE[$p]=$(median_of "${idle[@]}")
    ERR[$p]=$errors
    NOTE[$p]=${notes:-"ok in every round (last: ${NOTE[${p}$ROUNDS]#ok: })"}
}
over_rounds() { # FUNCTION ARGS... : median over the rounds of FUNCTION ARGS... ROUND
    local round values=()
    for round in $(seq 1 "$ROUNDS"); do
        values+=("$("$@" "$round")")
    done
    median_of "${values[@]}"
}
ratio_in_round() { # PHASE BASE ROUND : PHASE/BASE in that round
    ratio "${RPS[$1$3]}" "${RPS[$2$3]}"
}
round_ratio() { # PHASE [BASE] : median over the rounds of PHASE/BASE (default A)
    printf '%.2f' "$(over_rounds ratio_in_round "$1" "${2:-A}")"
}
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------
# Default run: A, B, C, D, F
# ---------------------------------------------------------------------------------------------
if [[ $MODE == http ]]; then
    start_app
    # Phase A comes first and would otherwise also pay for compiling the code every phase shares
    # (HTTP, JAX-RS, JTA, Hibernate): run each endpoint for a while before any measurement. On two
    # cores that the load shares with the JIT compiler, throughput keeps rising for some 40 to 60
    # seconds of load on a fresh JVM, hence 30 seconds per endpoint.
    say "warming the application up ($JIT_WARMUP per endpoint)"
    for warm in "plain /plain/orders plain" "separate /idem/orders new" "same-tx /idem-tx/orders new" \
                "sql /sql/orders new" "sql-tx /sql-tx/orders new"; do
        read -r name path mode <<<"$warm"
        wrk_run "jit-warmup-$name" "$path" "$CONNECTIONS" "$JIT_WARMUP" "$mode" "$RUN_ID-jit-$name" "" 0 0
        (( W_ERRORS == 0 )) || FAILURES+=("jit-warmup-$name: $W_ERRORS errors (statuses ${W_STATUSES})")
    done
    REPLAY_PREFIX="replay-$RUN_ID"
    preload "$REPLAY_PREFIX" "$REPLAY_KEYS"
    # Rounds: every phase once per round, back to back, so that the phases of one round share the
    # machine's conditions of the moment; the ratios of each round, and the median of each phase.
    for round in $(seq 1 "$ROUNDS"); do
        http_phase "A$round" plain /plain/orders "$CONNECTIONS"
        http_phase "B$round" keyed /idem/orders "$CONNECTIONS"
        http_phase "C$round" keyed /idem-tx/orders "$CONNECTIONS"
        http_phase "D$round" replay /idem/orders "$CONNECTIONS" "$REPLAY_PREFIX" "$REPLAY_KEYS"
        http_phase "B_sql$round" keyed /sql/orders "$CONNECTIONS"
        http_phase "C_sql$round" keyed /sql-tx/orders "$CONNECTIONS"
    done
    for p in A B C D B_sql C_sql; do
        combine_rounds "$p"
    done
    stop_app
    SCOPE="$(sql "SELECT scope FROM idem_record WHERE idem_key LIKE 'replay-%' LIMIT 1")"
    write_pgbench_scripts "$REPLAY_PREFIX" "$REPLAY_KEYS"
    for p in A B C D; do
        pgbench_phase "F_$p" "$TARGET/pgbench/$p.sql"
    done

    BA=$(round_ratio B); CA=$(round_ratio C); DA=$(round_ratio D)
    BSA=$(round_ratio B_sql); CSA=$(round_ratio C_sql); BBS=$(round_ratio B B_sql); CCS=$(round_ratio C C_sql)
    # Idem's own time per request: what X costs the machine beyond the same statements without Idem,
    # T_X - T_X_sql, the median over the rounds (each round's phases measured back to back)
    own_in_round() { # PHASE ROUND
        awk -v x="$(cpu_us "${RPS[$1$2]}")" -v s="$(cpu_us "${RPS[$1_sql$2]}")" 'BEGIN { printf "%.1f", x - s }'
    }
    own() { over_rounds own_in_round "$1"; }
    # Library time per request beyond the floor, in CPU-us of this machine (see BENCHMARKS.md):
    #   (T_X - T_F_X) - (T_A - T_F_A), T = cores / throughput
    beyond() { awk -v x="$(cpu_us "${RPS[$1]}")" -v fx="$(cpu_us "${RPS[F_$1]}")" -v a="$(cpu_us "${RPS[A]}")" -v fa="$(cpu_us "${RPS[F_A]}")" \
        'BEGIN { printf "%.1f", (x - fx) - (a - fa) }'; }

    out "### Idem benchmark, default run"
    out ""
    machine_block
    out "- Load: $ROUNDS rounds of A, B, C, D, B_sql, C_sql; wrk -t$THREADS -c$CONNECTIONS, $JIT_WARMUP per endpoint before the first round, warm-up $WARMUP then $DURATION per phase and round; pgbench -c$PGBENCH_CLIENTS -j$THREADS, warm-up ${PGBENCH_WARMUP}s then ${PGBENCH_DURATION}s; $REPLAY_KEYS replay keys"
    out ""
    out "Median of the $ROUNDS rounds for the HTTP phases (requests/s, p50, p99 and CPU each the median of its own; errors and database checks of every round):"
    out ""
    out "| phase | what | requests/s | p50 ms | p99 ms | errors | database check |"
    out "| --- | --- | ---: | ---: | ---: | ---: | --- |"
    phase_row A "plain POST, one business INSERT"
    phase_row B "@Idempotent, new key each request (separate mode)"
    phase_row C "@Idempotent, new key each request (same-transaction mode)"
    phase_row D "replay of a recorded key"
    phase_row B_sql "B's statements written out by hand, no Idem: claim, business transaction, completion, three commits"
    phase_row C_sql "C's statements written out by hand, no Idem: lock and check, business row, record in one transaction"
    phase_row F_A "SQL of A: INSERT in BEGIN/COMMIT"
    phase_row F_B "SQL of B: claim, INSERT, complete (three commits, claim and complete asynchronous)"
    phase_row F_C "SQL of C: lock and check, INSERT, record, in one transaction"
    phase_row F_D "SQL of D: record lookup by primary key"
    out ""
    out "Each round (requests/s; the ratios against the same round's A):"
    out ""
    out "| round | A | B | C | D | B_sql | C_sql | B/A | C/A | D/A | B_sql/A | C_sql/A | B/B_sql | C/C_sql |"
    out "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for round in $(seq 1 "$ROUNDS"); do
        row="| $round"
        for p in A B C D B_sql C_sql; do
            row+=" | ${RPS[$p$round]}"
        done
        for pair in "B A" "C A" "D A" "B_sql A" "C_sql A" "B B_sql" "C C_sql"; do
            row+=" | $(ratio_in_round $pair "$round")"
        done
        out "$row |"
    done
    out ""
    out "| ratio (median of the rounds) | value | target | verdict |"
    out "| --- | ---: | ---: | --- |"
    out "| B/A | $BA | 0.60 | $(verdict "$BA" 0.6) |"
    out "| C/A | $CA | 0.75 | $(verdict "$CA" 0.75) |"
    out "| D/A | $DA | 4.00 | $(verdict "$DA" 4) |"
    ERRORS_TOTAL=$(( ${ERR[A]} + ${ERR[B]} + ${ERR[C]} + ${ERR[D]} + ${ERR[B_sql]} + ${ERR[C_sql]} ))
    out "| errors, all phases | $ERRORS_TOTAL | 0 | $( (( ERRORS_TOTAL == 0 )) && echo PASS || echo FAIL) |"
    out ""
    out "Library time per request beyond the SQL floor, CPU-us on this machine ((T_X - T_F_X) - (T_A - T_F_A), T = $(nproc) cores / throughput):"
    out "B (separate) $(beyond B) us, C (same transaction) $(beyond C) us, D (replay) $(beyond D) us;"
    out "For comparison: A itself costs $(cpu_us "${RPS[A]}") us per request, its SQL $(cpu_us "${RPS[F_A]}") us."
    out ""
    out "Idem's own time per request, measured over HTTP (T_X - T_X_sql, CPU-us, median of the rounds): B $(own B) us, C $(own C) us."
    out "Without any of Idem's code, the same statements over the same stack reach B_sql/A $BSA and C_sql/A $CSA (medians of the rounds);"
    out "Idem reaches B/B_sql $BBS and C/C_sql $CCS of them."
    out ""
    out "Database commits per answered request (measured runs, median; every session's commits, including the requests wrk abandoned at the end and a few of the harness's own):"
    out "A ${COMMITS[A]}, B ${COMMITS[B]}, C ${COMMITS[C]}, D ${COMMITS[D]}, B_sql ${COMMITS[B_sql]}, C_sql ${COMMITS[C_sql]}."
    out ""
    out "CPU time per answered request, measured runs, median, in us: the application's process and PostgreSQL's (its every process, embedded PostgreSQL only; the rest of the machine's time is wrk's and the kernel's); and the share of the machine's CPU time left idle meanwhile (a phase that leaves much idle is held back by waiting, not by work):"
    out ""
    out "| | A | B | C | D | B_sql | C_sql |"
    out "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    out "| application | ${APP_CPU[A]} | ${APP_CPU[B]} | ${APP_CPU[C]} | ${APP_CPU[D]} | ${APP_CPU[B_sql]} | ${APP_CPU[C_sql]} |"
    out "| PostgreSQL | ${PG_CPU[A]} | ${PG_CPU[B]} | ${PG_CPU[C]} | ${PG_CPU[D]} | ${PG_CPU[B_sql]} | ${PG_CPU[C_sql]} |"
    out "| machine idle | ${IDLE[A]}% | ${IDLE[B]}% | ${IDLE[C]}% | ${IDLE[D]}% | ${IDLE[B_sql]}% | ${IDLE[C_sql]}% |"
    if (( STATEMENTS )); then
        out ""
        out "PostgreSQL's time per answered request by kind of statement, last round (pg_stat_statements: execution and planning time in us; parsing, commits and the protocol are not included):"
        out ""
        out "| phase | statements | calls | execution us | planning us | plans per call | texts |"
        out "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
        for p in A B C; do
            [[ -s $TARGET/statements-$p$ROUNDS.md ]] && cat "$TARGET/statements-$p$ROUNDS.md" | sed "s/^| $p$ROUNDS /| $p /" | tee -a "$REPORT" >&2
        done
    fi
fi

# ---------------------------------------------------------------------------------------------
# Scale run
# ---------------------------------------------------------------------------------------------
if [[ $MODE == scale ]]; then
    # A short purge interval, so that the purge starts as soon as expired records appear; a heap
    # small enough that copies of large bodies beyond the body limit would not fit.
    start_app -Xmx"$LARGE_HEAP" -Xlog:gc:file="$LOG/gc.log" -Didem.cleanup.interval=PT1S
    SCALE_PREFIX="idem-scale-key"
    # Records that requests can replay, written by SQL: the fingerprint is Idem's (SHA-256 over
    # length-prefixed method, path, sorted query and body), checked by one replay below.
    bulk() { # FROM TO EXPIRES_AT (an SQL expression)
        sql "INSERT INTO idem_record (scope, idem_key, fingerprint, state, lease_token, locked_until, status, headers, body, created_at, expires_at)
             SELECT '$SCOPE', k, encode(sha256(int4send(4) || convert_to('POST', 'UTF8') || int4send(12) || convert_to('/idem/orders', 'UTF8')
                        || int4send(0) || int4send(length(b)) || convert_to(b, 'UTF8')), 'hex'),
                    'DONE', i, NULL, 201, 'Location: http://127.0.0.1:8080/orders/' || i || E'\nContent-Type: application/json\n',
                    convert_to('{\"id\":' || i || ',\"ref\":\"' || k || '\",\"amount\":' || i || '}', 'UTF8'),
                    now(), $3
             FROM (SELECT i, k, '{\"ref\":\"' || k || '\",\"amount\":' || i || '}' AS b
                   FROM (SELECT i, '${4:-}$SCALE_PREFIX-' || lpad(i::text, 10, '0') AS k
                         FROM generate_series($1, $2) i) keys) rows"
    }
    measure_replay() { # SUFFIX KEYS
        http_phase "D$1" replay /idem/orders "$CONNECTIONS" "$SCALE_PREFIX" "$2"
        write_pgbench_scripts "$SCALE_PREFIX" "$2"
        pgbench_phase "F_D$1" "$TARGET/pgbench/D.sql"
    }

    # The scope of anonymous requests, from one real record
    curl -fs -X POST "$BASE/idem/orders" -H 'Content-Type: application/json' -H "Idempotency-Key: scope-probe-$RUN_ID" \
        -d '{"ref":"probe","amount":1}' >/dev/null || die "probe request failed"
    SCOPE="$(sql "SELECT scope FROM idem_record WHERE idem_key = 'scope-probe-$RUN_ID'")"

    # The first phase after start-up would also pay for the JIT: warm the claim path up on its
    # own first, then empty the tables again. A minute: on two cores a fresh JVM's claims keep
    # getting faster for about that long (with 20 seconds, B_small measured half-compiled code).
    say "warming the application up ($SCALE_JIT_WARMUP)"
    wrk_run jit-warmup /idem/orders "$CONNECTIONS" "$SCALE_JIT_WARMUP" new "$RUN_ID-jit" "" 0 0
    # Emptied by TRUNCATE, as a new table is.
    sql "TRUNCATE bench_order"
    sql "TRUNCATE idem_record"
    curl -fs -X POST "$BASE/idem/orders" -H 'Content-Type: application/json' -H "Idempotency-Key: scope-probe-$RUN_ID" \
        -d '{"ref":"probe","amount":1}' >/dev/null || die "probe request failed"
    sql "TRUNCATE bench_order"
    http_phase B_small keyed /idem/orders "$CONNECTIONS"
    sql "TRUNCATE bench_order"
    sql "DELETE FROM idem_record WHERE idem_key <> 'scope-probe-$RUN_ID'"
    say "writing $SMALL_RECORDS replayable records (the small table)"
    bulk 0 $(( SMALL_RECORDS - 1 )) "now() + interval '7 days'"
    sql "VACUUM ANALYZE idem_record"
    probe_key="$(printf '%s-%010d' "$SCALE_PREFIX" 7)"
    probe="$(curl -s -D - -o /dev/null -X POST "$BASE/idem/orders" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: $probe_key" -d "{\"ref\":\"$probe_key\",\"amount\":7}" | tr -d '\r')"
    grep -qi '^Idempotent-Replayed: true' <<< "$probe" \
        || die "a record written by SQL is not replayed (the library's fingerprint may have changed): $(head -1 <<< "$probe")"
    measure_replay _small "$SMALL_RECORDS"

    say "writing records up to $SCALE_RECORDS (this takes a few minutes)"
    started=$(date +%s)
    for (( from = SMALL_RECORDS; from < SCALE_RECORDS; from += 1000000 )); do
        to=$(( from + 1000000 - 1 )); (( to < SCALE_RECORDS )) || to=$(( SCALE_RECORDS - 1 ))
        bulk "$from" "$to" "now() + interval '7 days'"
        say "  $(( to + 1 )) records"
    done
    sql "VACUUM ANALYZE idem_record"
    LOAD_SECONDS=$(( $(date +%s) - started ))
    # Write the loaded pages out now rather than during the measured phases
    sql "CHECKPOINT"
    TABLE_SIZE="$(sql "SELECT pg_size_pretty(pg_total_relation_size('idem_record'))")"
    http_phase B_big keyed /idem/orders "$CONNECTIONS"
    measure_replay _big "$SCALE_RECORDS"

    say "writing $EXPIRED_RECORDS expired records, then measuring while the purge deletes them"
    # They expire together once written and checkpointed, so that the purge starts with the
    # measured run and not while they are being written.
    expire_at=$(( $(date +%s) + 45 + EXPIRED_RECORDS / 20000 ))
    bulk 0 $(( EXPIRED_RECORDS - 1 )) "to_timestamp($expire_at)" expired-
    sql "CHECKPOINT"
    while (( $(date +%s) <= expire_at )); do sleep 0.2; done
    EXPIRED_BEFORE="$(sql "SELECT count(*) FROM idem_record WHERE expires_at <= now()")"
    # no warm-up (the application is warm): the measured run starts as the purge does
    SKIP_WARMUP=1 http_phase B_purge keyed /idem/orders "$CONNECTIONS"
    EXPIRED_AFTER="$(sql "SELECT count(*) FROM idem_record WHERE expires_at <= now()")"

    say "large bodies: $LARGE_BODY bytes, $LARGE_CONNECTIONS connections"
    # Live memory from a class histogram (which collects fully first), taken every two seconds
    # while the requests are in flight: the bytes of live byte arrays, where request and response
    # bodies live, and of all live objects. Object sizes, not heap regions: G1 keeps each array
    # of half a region or more (a 512 KiB body) in regions of its own, so the heap's occupancy
    # would count up to twice the bytes actually held. The median of the samples is the figure;
    # the peak is shown too (it catches the moment wrk's warm-up connections and its measured
    # run's overlap).
    live_bytes() { # prints: byte-array bytes, all bytes
        jcmd "$APP_PID" GC.class_histogram 2>/dev/null | awk '$4 == "[B" { b = $3 } $1 == "Total" { t = $3 } END { print b + 0, t + 0 }'
    }
    read -r IDLE_ARRAYS IDLE_TOTAL < <(live_bytes)
    declare -A ARRAYS_MEDIAN TOTAL_MEDIAN TOTAL_PEAK HEAP_SAMPLES PER_REQUEST_KB
    per_request_kb() { awk -v p="$1" -v i="$2" -v c="$LARGE_CONNECTIONS" 'BEGIN { printf "%.0f", (p - i) / 1024 / c }'; }
    # What the application allocates per request in byte arrays of at least half a body: JFR's
    # jdk.ObjectAllocationOutsideTLAB events (every array of half a G1 region or more is allocated
    # outside the thread-local buffers, so none is missed), each attributed by the innermost frame of
    # its stack in dev.idem: the library's own code, or the benchmark application's (dev.idem.bench).
    # Unlike the live bytes, which move with the runtime's buffer pools, these counts are exact.
    cat >"$TARGET/large-allocations.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="large allocations">
  <event name="jdk.ObjectAllocationOutsideTLAB"><setting name="enabled">true</setting><setting name="stackTrace">true</setting></event>
</configuration>
JFC
    declare -A IDEM_ALLOC_KB IDEM_ALLOC_COUNT OTHER_ALLOC_KB PHASE_REQUESTS
    large_allocations() { # JFR-FILE MIN-BYTES : prints bytes and count by Idem's code, then bytes by everything else
        jfr print --stack-depth 64 --events jdk.ObjectAllocationOutsideTLAB "$1" | awk -v min="$2" '
            function flush() { if (inside && array && size >= min) { if (owner == "idem") { ib += size; ic++ } else { ob += size } } }
            /^jdk\.ObjectAllocationOutsideTLAB/ { flush(); inside = 1; array = 0; size = 0; owner = "" ; next }
            /objectClass = byte\[\]/ { array = 1 }
            /allocationSize = / {
                split($0, f, "= "); split(f[2], v, " "); size = v[1] + 0
                if (v[2] == "kB") size *= 1024; else if (v[2] == "MB") size *= 1048576; else if (v[2] == "GB") size *= 1073741824
            }
            owner == "" && /^[[:space:]]+dev\.idem\./ { owner = ($0 ~ /dev\.idem\.bench\./) ? "app" : "idem" }
            END { flush(); printf "%.0f %d %.0f\n", ib, ic, ob }'
    }
    large_phase() { # LABEL KIND PATH
        local samples="$LOG/live-$1.txt" sampler rows0 rows1 recording="$LOG/allocations-$1.jfr"
        : >"$samples"
        ( while kill -0 "$APP_PID" 2>/dev/null; do live_bytes >>"$samples"; sleep 2; done ) &
        sampler=$!
        rows0=$(sql "SELECT count(*) FROM bench_order")
        jcmd "$APP_PID" JFR.start name="$1" settings="$TARGET/large-allocations.jfc" filename="$recording" >/dev/null \
            || die "could not start a JFR recording in the application"
        http_phase "$1" "$2" "$3" "$LARGE_CONNECTIONS" "" 0 "$LARGE_BODY"
        kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
        # The requests wrk abandoned at its end are still held in the resource; the plain ones
        # leave no record to wait for, and would add their rows to the next phase's counts.
        sleep $(( LARGE_HOLD_MS / 1000 + 2 ))
        jcmd "$APP_PID" JFR.stop name="$1" >/dev/null || die "could not stop the JFR recording"
        # Every request that reached the resource inserted one business row, answered or abandoned by wrk.
        rows1=$(sql "SELECT count(*) FROM bench_order")
        PHASE_REQUESTS[$1]=$(( rows1 - rows0 ))
        local idem_bytes idem_count other_bytes
        read -r idem_bytes idem_count other_bytes < <(large_allocations "$recording" $(( LARGE_BODY / 2 )))
        IDEM_ALLOC_KB[$1]=$(awk -v b="$idem_bytes" -v n="${PHASE_REQUESTS[$1]}" 'BEGIN { printf "%.1f", (n > 0 ? b / 1024 / n : 0) }')
        IDEM_ALLOC_COUNT[$1]=$(awk -v c="$idem_count" -v n="${PHASE_REQUESTS[$1]}" 'BEGIN { printf "%.2f", (n > 0 ? c / n : 0) }')
        OTHER_ALLOC_KB[$1]=$(awk -v b="$other_bytes" -v n="${PHASE_REQUESTS[$1]}" 'BEGIN { printf "%.1f", (n > 0 ? b / 1024 / n : 0) }')
        HEAP_SAMPLES[$1]=$(grep -c . "$samples" || true)
        ARRAYS_MEDIAN[$1]=$(median_of $(cut -d' ' -f1 "$samples"))
        TOTAL_MEDIAN[$1]=$(median_of $(cut -d' ' -f2 "$samples"))
        TOTAL_PEAK[$1]=$(cut -d' ' -f2 "$samples" | sort -n | tail -1)
        PER_REQUEST_KB[$1]=$(per_request_kb "${ARRAYS_MEDIAN[$1]}" "$IDLE_ARRAYS")
    }
    # Each request then waits ?hold=4000 ms in the resource, its body read: at every heap sample
    # the 64 requests in flight are all inside the application, in the same stage, with and
    # without Idem; without it the samples would also count requests still uploading.
    large_phase A_large plain "/plain/orders?hold=$LARGE_HOLD_MS"
    large_phase B_large keyed "/idem/orders?hold=$LARGE_HOLD_MS"
    RSS_PEAK_KB=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$APP_PID/status")
    BODY_LIMIT=1048576

    cmp_row() { # WHAT SMALL BIG
        local r50 r99
        r50=$(ratio "${P50[$3]}" "${P50[$2]}"); r99=$(ratio "${P99[$3]}" "${P99[$2]}")
        out "| $1 | $(ms "${P50[$2]}") / $(ms "${P99[$2]}") | $(ms "${P50[$3]}") / $(ms "${P99[$3]}") | $r50 / $r99 | $(awk -v a="$r50" -v b="$r99" 'BEGIN { print (a <= 2 && b <= 2 ? "PASS" : "FAIL") }') |"
    }
    out "### Idem benchmark, scale run"
    out ""
    machine_block
    out "- Load: wrk -t$THREADS -c$CONNECTIONS, warm-up $WARMUP then $DURATION per phase; application heap -Xmx$LARGE_HEAP, idem.cleanup.interval=PT1S"
    out "- Big table: $SCALE_RECORDS finished records written by SQL in ${LOAD_SECONDS}s, $TABLE_SIZE with indexes; small table: $SMALL_RECORDS records (empty for the claim)"
    out ""
    out "| phase | what | requests/s | p50 ms | p99 ms | errors | database check |"
    out "| --- | --- | ---: | ---: | ---: | ---: | --- |"
    phase_row B_small "claim, new keys, empty table"
    phase_row D_small "replay, random among $SMALL_RECORDS keys"
    phase_row F_D_small "SQL lookup, random among $SMALL_RECORDS keys"
    phase_row B_big "claim, new keys, $SCALE_RECORDS records"
    phase_row D_big "replay, random among $SCALE_RECORDS keys"
    phase_row F_D_big "SQL lookup, random among $SCALE_RECORDS keys"
    phase_row B_purge "claim while $EXPIRED_RECORDS expired records are purged"
    phase_row A_large "plain POST, bodies of $LARGE_BODY bytes, $LARGE_CONNECTIONS connections, each held $LARGE_HOLD_MS ms"
    phase_row B_large "claim, bodies of $LARGE_BODY bytes, $LARGE_CONNECTIONS connections, each held $LARGE_HOLD_MS ms"
    out ""
    out "| latency p50 / p99 | small table ms | big table ms | ratio | target <= 2x |"
    out "| --- | ---: | ---: | ---: | --- |"
    cmp_row "claim (B)" B_small B_big
    cmp_row "replay (D)" D_small D_big
    cmp_row "lookup SQL (F_D)" F_D_small F_D_big
    PURGE_R=$(ratio "${P99[B_purge]}" "${P99[B_big]}")
    out ""
    out "Purge under load: expired records $EXPIRED_BEFORE before the measured run, $EXPIRED_AFTER after it;"
    out "claim p99 $(ms "${P99[B_purge]}") ms with the purge running vs $(ms "${P99[B_big]}") ms without: $PURGE_R x (target <= 2: $(verdict 2 "$PURGE_R"))."
    out ""
    IDEM_KB=$(( ${PER_REQUEST_KB[B_large]} - ${PER_REQUEST_KB[A_large]} ))
    mb() { awk -v b="${1:-0}" 'BEGIN { printf "%.0f", b / 1048576 }'; }
    out "Large bodies ($(( LARGE_BODY / 1024 )) KiB, $LARGE_CONNECTIONS connections, each request held $LARGE_HOLD_MS ms in the resource), class histogram every 2 s, median of the samples:"
    out "live byte arrays $(mb "$IDLE_ARRAYS") MB idle; without Idem (A_large) $(mb "${ARRAYS_MEDIAN[A_large]}") MB in ${HEAP_SAMPLES[A_large]} samples, ${PER_REQUEST_KB[A_large]} KiB per in-flight request;"
    out "with Idem (B_large) $(mb "${ARRAYS_MEDIAN[B_large]}") MB in ${HEAP_SAMPLES[B_large]} samples, ${PER_REQUEST_KB[B_large]} KiB per in-flight request."
    out "Difference: $IDEM_KB KiB per in-flight request (the live bytes move with the runtime's pooled buffers, which grow under load and are not returned; see BENCHMARKS.md)."
    out ""
    out "Byte arrays of at least $(( LARGE_BODY / 2048 )) KiB allocated per request (JFR, every such allocation, by the innermost dev.idem frame of its stack; ${PHASE_REQUESTS[A_large]} and ${PHASE_REQUESTS[B_large]} requests reached the resource):"
    out ""
    out "| phase | by Idem's code, KiB (arrays) | by the rest of the application and the runtime, KiB |"
    out "| --- | ---: | ---: |"
    out "| A_large | ${IDEM_ALLOC_KB[A_large]} (${IDEM_ALLOC_COUNT[A_large]}) | ${OTHER_ALLOC_KB[A_large]} |"
    out "| B_large | ${IDEM_ALLOC_KB[B_large]} (${IDEM_ALLOC_COUNT[B_large]}) | ${OTHER_ALLOC_KB[B_large]} |"
    out ""
    out "Idem's memory per in-flight request: ${IDEM_ALLOC_KB[B_large]} KiB allocated in large arrays per request, against a body of $(( LARGE_BODY / 1024 )) KiB and a body limit of $(( BODY_LIMIT / 1024 )) KiB ($(awk -v a="${IDEM_ALLOC_KB[B_large]}" -v b="$(( BODY_LIMIT / 1024 ))" 'BEGIN { print (a <= b ? "PASS" : "FAIL") }'))."
    out "All live objects, median (peak): idle $(mb "$IDLE_TOTAL") MB, A_large $(mb "${TOTAL_MEDIAN[A_large]}") ($(mb "${TOTAL_PEAK[A_large]}")) MB, B_large $(mb "${TOTAL_MEDIAN[B_large]}") ($(mb "${TOTAL_PEAK[B_large]}")) MB: $(( $(per_request_kb "${TOTAL_MEDIAN[B_large]}" "$IDLE_TOTAL") - $(per_request_kb "${TOTAL_MEDIAN[A_large]}" "$IDLE_TOTAL") )) KiB per in-flight request more with Idem ($(( $(per_request_kb "${TOTAL_PEAK[B_large]}" "$IDLE_TOTAL") - $(per_request_kb "${TOTAL_PEAK[A_large]}" "$IDLE_TOTAL") )) KiB from the peaks);"
    out "peak RSS $(( ${RSS_PEAK_KB:-0} / 1024 )) MB with -Xmx$LARGE_HEAP; errors ${ERR[A_large]} and ${ERR[B_large]}."
fi

out ""
if (( ${#FAILURES[@]} > 0 )); then
    out "Checks that failed: ${FAILURES[*]}"
    say "report: $REPORT"
    exit 1
fi
out "Every phase: database consistent with the answers (see the check column)."
say "report: $REPORT"
