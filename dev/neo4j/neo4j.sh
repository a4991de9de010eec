#!/usr/bin/env bash
# neo4j.sh runs a throwaway Neo4j (community engine, embedded by src/main/java/jiangxin/dev/Neo4jDev.java)
# for development, tests and CI. Bolt on 127.0.0.1:$NEO4J_PORT, authentication disabled.
#
#   dev/neo4j/neo4j.sh build    compile and copy the engine jars into target/ (skipped when up to date)
#   dev/neo4j/neo4j.sh start    build if needed, start in the background, wait until Bolt answers
#   dev/neo4j/neo4j.sh stop     SIGTERM, wait for a clean shutdown, SIGKILL after a grace period
#   dev/neo4j/neo4j.sh status   print whether it runs; exit 0 when Bolt answers, 1 otherwise
#   dev/neo4j/neo4j.sh run      run in the foreground (Ctrl-C stops it)
#
# Environment:
#   NEO4J_PORT           Bolt port (default 7687)
#   NEO4J_RUN_DIR        pid file and log (default $TMPDIR/jiangxin-neo4j-$NEO4J_PORT)
#   NEO4J_DATA_DIR       keep the data here; default: a temporary directory deleted on stop
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt (default 120)
#   NEO4J_STOP_TIMEOUT   seconds to wait for a clean shutdown before SIGKILL (default 60)
#   NEO4J_JAVA           java binary (default: java on PATH)
#   NEO4J_JAVA_OPTS      extra JVM options (default heap: -Xms256m -Xmx1g)
#   NEO4J_APOC           1: also build APOC core (apoc-core, same version as the engine) into
#                        target/plugins and load it (apoc.* unrestricted); default off
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${NEO4J_PORT:-7687}"
run_dir="${NEO4J_RUN_DIR:-${TMPDIR:-/tmp}/jiangxin-neo4j-$port}"
pid_file="$run_dir/neo4j.pid"
log_file="$run_dir/neo4j.log"
timeout="${NEO4J_START_TIMEOUT:-120}"
stop_timeout="${NEO4J_STOP_TIMEOUT:-60}"
java="${NEO4J_JAVA:-java}"
jar="$here/target/neo4j-dev-1.jar"
stamp="$here/target/.built"
apoc="${NEO4J_APOC:-}"
[[ "$apoc" == 0 ]] && apoc=""

say() { printf 'neo4j.sh: %s\n' "$*" >&2; }

up_to_date() {
	[[ -f "$stamp" && -f "$jar" && -d "$here/target/lib" ]] || return 1
	[[ -z "$apoc" || -n "$(find "$here/target/plugins" -name 'apoc-core-*.jar' -print -quit 2>/dev/null)" ]] || return 1
	[[ -z "$(find "$here/pom.xml" "$here/src" -newer "$stamp" -print -quit)" ]]
}

build() {
	if up_to_date; then
		return 0
	fi
	say "building (the first build downloads the engine jars, about 120 MB)"
	local t0=$SECONDS
	mkdir -p "$here/target"
	local profile=()
	[[ -n "$apoc" ]] && profile=(-Dapoc)
	if ! (cd "$here" && rm -rf target/lib && mvn -q -B -Dstyle.color=never "${profile[@]}" package >"$here/target/build.log" 2>&1); then
		say "maven build failed; last lines of $here/target/build.log:"
		tail -n 40 "$here/target/build.log" >&2
		return 1
	fi
	touch "$stamp"
	say "built in $((SECONDS - t0))s"
}

bolt_answers() {
	# A Bolt server answers the handshake preamble; a bare TCP accept is enough for "listening".
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

running_pid() {
	[[ -f "$pid_file" ]] || return 1
	local pid
	pid="$(cat "$pid_file")"
	[[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

java_cmd() {
	local opts=(-Xms256m -Xmx1g -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow
		-Dfile.encoding=UTF-8 -Dio.netty.tryReflectionSetAccessible=true
		--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
		--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
		--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
		--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
		--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
		--add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
		--enable-native-access=ALL-UNNAMED)
	# shellcheck disable=SC2206
	local extra=(${NEO4J_JAVA_OPTS:-})
	cmd=("$java" "${opts[@]}" "${extra[@]}" -jar "$jar" "$port" "${NEO4J_DATA_DIR:-}")
	if [[ -n "$apoc" ]]; then
		# Embedded, APOC's extension factories (apoc.ApocConfig) are found on the class path and
		# its procedures in the plugin directory: the jars go on both.
		cmd=(env NEO4J_PLUGINS_DIR="$here/target/plugins" "$java" "${opts[@]}" "${extra[@]}"
			-cp "$jar:$here/target/plugins/*" jiangxin.dev.Neo4jDev "$port" "${NEO4J_DATA_DIR:-}")
	fi
}

start() {
	build
	local pid
	if pid="$(running_pid)"; then
		if bolt_answers; then
			say "already running (pid $pid) on bolt://127.0.0.1:$port"
			return 0
		fi
		say "pid $pid is alive but Bolt does not answer; stopping it first"
		stop
	fi
	if bolt_answers; then
		say "port $port is already in use by another process; set NEO4J_PORT"
		return 1
	fi
	mkdir -p "$run_dir"
	java_cmd
	local t0=$SECONDS
	nohup "${cmd[@]}" >"$log_file" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$pid_file"
	local deadline=$((SECONDS + timeout))
	while ! grep -q '^NEO4J READY' "$log_file" 2>/dev/null; do
		if ! kill -0 "$pid" 2>/dev/null; then
			say "neo4j exited during start-up; last lines of $log_file:"
			tail -n 40 "$log_file" >&2 || true
			rm -f "$pid_file"
			return 1
		fi
		if ((SECONDS >= deadline)); then
			say "Bolt did not answer on port $port within ${timeout}s; last lines of $log_file:"
			tail -n 40 "$log_file" >&2 || true
			stop || true
			return 1
		fi
		sleep 0.2
	done
	if ! bolt_answers; then
		say "launcher reported ready but port $port does not answer; see $log_file"
		return 1
	fi
	say "ready on bolt://127.0.0.1:$port (pid $pid, started in $((SECONDS - t0))s, log $log_file)"
}

stop() {
	local pid
	if ! pid="$(running_pid)"; then
		rm -f "$pid_file"
		say "not running"
		return 0
	fi
	kill -TERM "$pid" 2>/dev/null || true
	local i
	for ((i = 0; i < stop_timeout * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		say "pid $pid still shutting down after ${stop_timeout}s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
		sleep 0.5
		# The shutdown hook did not get to delete a temporary data directory: do it here.
		local data
		data="$(sed -n 's/^NEO4J READY .* data=\([^ ]*\) .*/\1/p' "$log_file" 2>/dev/null | tail -n 1)"
		if [[ -z "${NEO4J_DATA_DIR:-}" && "$data" == */neo4j-dev-* && -d "$data" ]]; then
			rm -rf -- "$data"
		fi
	fi
	rm -f "$pid_file"
	say "stopped (pid $pid)"
}

status() {
	local pid
	if pid="$(running_pid)" && bolt_answers; then
		echo "running: pid $pid, bolt://127.0.0.1:$port, log $log_file"
		return 0
	fi
	if [[ -n "${pid:-}" ]]; then
		echo "starting or unhealthy: pid $pid, Bolt not answering on port $port"
	else
		echo "not running (port $port)"
	fi
	return 1
}

run() {
	build
	java_cmd
	exec "${cmd[@]}"
}

case "${1:-}" in
build) build ;;
start) start ;;
stop) stop ;;
status) status ;;
run) run ;;
*)
	echo "usage: $0 build|start|stop|status|run" >&2
	exit 2
	;;
esac
