#!/bin/sh
# net-check.sh — the network tests: boots each tests/programs/net program
# under the native kernel with QEMU user networking (net-boot.sh) and
# drives it from the host through hostfwd ports (net-drive.py).
#
#   tcp_echo    blocking echo server: 3 clients, then 4 MiB echoed intact
#   poll_echo   non-blocking server on poll(): 50 concurrent clients x 200 lines
#   epoll_echo  the same on epoll
#   tcp6_echo   dual-stack IPv6: self-checks over ::1 and ::ffff:127.0.0.1
#               (V6ONLY, UDP), then a server on [::]:8080 reached through
#               IPv4 hostfwd (peers shown as ::ffff:10.0.2.2): 3 clients,
#               then 4 MiB echoed intact
#   udp_echo    UDP round trips (recvfrom/sendto and recvmsg/sendmsg)
#   tcp_client  the guest connects out to a host listener at 10.0.2.2:PORT,
#               non-blocking connect + SO_ERROR, ECONNREFUSED from a closed port
#   dns         getaddrinfo: the image's own name (kcheck-dns, which the
#               toolchain's /etc/hosts maps to 10.0.2.15), and a name sent to
#               QEMU's DNS (10.0.2.3, which asks the host's resolver): the
#               answer must be one the host's own resolver gives
#   loopback    the program talks to itself over 127.0.0.1 and 10.0.2.15
#   close_blocked  threads blocked in accept/recv while another closes the fds
#   bulk        throughput both ways (printed, not judged)
#   dhcp        ingot.dhcp=1 on user networking moved to 10.0.3.0/24: the
#               lease (10.0.3.15, reported under ingot.debug=1) is the only
#               address hostfwd reaches, and the echo works through it
#   dhcp_fallback  ingot.dhcp=1 on a wire where nothing answers: the kernel
#               says it fell back to 10.0.2.15/24 and loopback (which talks
#               to 10.0.2.15) passes
#   go_echo     examples/echo/echo (Go: epoll, accept4, non-blocking I/O,
#               threads): 50 concurrent clients x 200 lines; run by default
#               once the kernel has epoll_create1
#   go_copy     tests/programs/net/go/copyecho.go, io.Copy(conn, conn) (Go
#               splices socket -> pipe -> socket): 50 clients x 200 lines,
#               4 MiB echoed intact, half-close answered by close, and no
#               "unimplemented syscall" from the kernel
#
# ICMP from the host is impossible with user networking: not tested.
# Environment: PORT (first host port; default 28000 + pid % 1000), MACHINE,
# MODERN, BACKEND=linux (see net-boot.sh). Usage: net-check.sh [TEST...]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/kernel/tests
src=$root/tests/programs/net
bin=$src/build
mkdir -p "$bin"
for p in "$src"/*.c; do
	n=$(basename "$p" .c)
	[ "$bin/$n" -nt "$p" ] || musl-gcc -static -O2 -Wall -pthread -o "$bin/$n" "$p" || exit 1
done
PORT=${PORT:-$((28000 + $$ % 1000 * 8))}
tmp=$(mktemp -d /tmp/ingot-netcheck.XXXXXX)
guest=""
cleanup() { [ -n "$guest" ] && kill "$guest" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
pass=0 fail=0 failed=""

# boot NAME FWD ARGS...: starts the guest in the background.
boot() {
	name=$1 fwd=$2
	shift 2
	NET_FWD="$fwd" "$here/net-boot.sh" "$bin/$name" "$@" > "$tmp/$name.out" 2>&1 &
	guest=$!
}
# wait_line PATTERN: until the guest printed it (240 s: the image is built
# first, by a JVM that starts slowly on a loaded host).
wait_line() {
	i=0
	while ! grep -q "$1" "$tmp/$name.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 2400 ] && return 1
		sleep 0.1
	done
}
# finish OK: waits for the guest (300 s), requires its status 0 and OK=0.
finish() {
	drive=$1
	i=0
	while kill -0 "$guest" 2>/dev/null && [ $i -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
	kill "$guest" 2>/dev/null
	wait "$guest" 2>/dev/null
	guest=""
	status=$(tr -d '\r' < "$tmp/$name.out" | sed -n 's/^exit status: //p')
	if [ "$drive" = 0 ] && [ "$status" = 0 ]; then
		pass=$((pass + 1)); echo "PASS $test"
	else
		fail=$((fail + 1)); failed="$failed $test"
		echo "FAIL $test (host side $drive, guest status ${status:-none})"
		sed 's/^/  guest: /' "$tmp/$name.out" | tail -15
	fi
}

# go_server NAME FWD DRIVE [ARGS...]: boots a Go server (which never exits on
# its own), runs the DRIVE command line, then stops the guest; passes when
# the drive passed and the kernel reported no unimplemented syscall.
go_server() {
	name=$1 fwd=$2 drive_cmd=$3
	shift 3
	boot "$name" "$fwd" "$@"
	wait_line listening || true
	sh -c "$drive_cmd"
	drive=$?
	kill "$guest" 2>/dev/null
	wait "$guest" 2>/dev/null
	guest=""
	if [ $drive = 0 ] && ! grep -q 'unimplemented syscall' "$tmp/$name.out"; then
		pass=$((pass + 1)); echo "PASS $test"
	else
		fail=$((fail + 1)); failed="$failed $test"; echo "FAIL $test (host side $drive)"
		tail -15 "$tmp/$name.out" | sed 's/^/  guest: /'
	fi
}

run_test() {
	test=$1
	case $test in
	tcp_echo)
		boot tcp_echo "tcp::$PORT-:8080" 4 8080
		wait_line listening || true
		python3 "$here/net-drive.py" echo "$PORT" 3 200 &&
			python3 "$here/net-drive.py" bigecho "$PORT" 4
		finish $?;;
	poll_echo)
		boot poll_echo "tcp::$PORT-:8080" 8080 50
		wait_line listening || true
		python3 "$here/net-drive.py" echo "$PORT" 50 200
		finish $?;;
	epoll_echo)
		boot epoll_echo "tcp::$PORT-:8080" 8080 50
		wait_line listening || true
		python3 "$here/net-drive.py" echo "$PORT" 50 200
		finish $?;;
	tcp6_echo)
		if [ "${BACKEND:-native}" = linux ] && grep -q '^CONFIG_IPV6=n' "$root/linux/kernel.config"; then
			echo "SKIP tcp6_echo (the Linux backend's kernel is built without IPv6)"; return
		fi
		boot tcp6_echo "tcp::$PORT-:8080" 4 8080
		wait_line listening || true
		python3 "$here/net-drive.py" echo "$PORT" 3 200 &&
			python3 "$here/net-drive.py" bigecho "$PORT" 4
		finish $?
		grep -q '^client from ::ffff:10.0.2.2' "$tmp/tcp6_echo.out" ||
			{ fail=$((fail + 1)); failed="$failed tcp6-peer"; echo "FAIL tcp6-peer: no v4-mapped peer line"; };;
	udp_echo)
		boot udp_echo "udp::$PORT-:8081" 8081 6
		wait_line "udp on" || true
		python3 "$here/net-drive.py" udp "$PORT" 6
		finish $?;;
	tcp_client)
		python3 "$here/net-drive.py" serve $((PORT + 1)) 240 > "$tmp/serve.out" &
		server=$!
		i=0
		while ! grep -q serving "$tmp/serve.out" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
		boot tcp_client "" 10.0.2.2 $((PORT + 1)) $((PORT + 2))
		finish 0
		kill $server 2>/dev/null;;
	dns)
		name_dns=${DNS_NAME:-deb.debian.org}
		want=$(getent ahostsv4 "$name_dns" 2>/dev/null | awk '{print $1}' | sort -u)
		if [ -z "$want" ]; then
			echo "SKIP dns via 10.0.2.3: the host cannot resolve $name_dns"
			boot dns "" kcheck-dns localhost
			finish 0
		else
			boot dns "" kcheck-dns localhost "$name_dns"
			finish 0
			got=$(tr -d '\r' < "$tmp/dns.out" | sed -n "s/^$name_dns \([0-9.]*\)$/\1/p")
			if echo "$want" | grep -qx "$got" && grep -q 'kcheck-dns 10.0.2.15$' "$tmp/dns.out"; then
				echo "  dns: $name_dns -> $got (host says: $(echo $want))"
			else
				fail=$((fail + 1)); failed="$failed dns-answer"
				echo "FAIL dns-answer: guest got '$got', host resolver says '$(echo $want)'"
			fi
		fi;;
	loopback|close_blocked)
		boot "$test" ""
		finish 0;;
	bulk)
		boot bulk "tcp::$PORT-:8080" sink 8080
		wait_line ready || true
		python3 "$here/net-drive.py" source "$PORT" 32
		finish $?
		grep 'MB/s' "$tmp/bulk.out" | sed 's/^/  guest: /'
		boot bulk "tcp::$PORT-:8080" source 8080 32
		wait_line ready || true
		python3 "$here/net-drive.py" sink "$PORT"
		finish $?
		grep 'MB/s' "$tmp/bulk.out" | sed 's/^/  guest: /';;
	dhcp)
		NET_OPTS=net=10.0.3.0/24 APPEND="ingot.dhcp=1 ingot.debug=1"; export NET_OPTS APPEND
		boot tcp_echo "tcp::$PORT-:8080" 1 8080
		unset NET_OPTS APPEND
		wait_line listening || true
		python3 "$here/net-drive.py" echo "$PORT" 1 50
		drive=$?
		finish $drive
		grep -q '^ingot: net: DHCP lease 10.0.3.15 via 10.0.3.2' "$tmp/tcp_echo.out" ||
			{ fail=$((fail + 1)); failed="$failed dhcp-lease"; echo "FAIL dhcp-lease: no lease line"; }
		tr -d '\r' < "$tmp/tcp_echo.out" | grep '^ingot: net: DHCP' | sed 's/^/  guest: /';;
	dhcp_fallback)
		NET_NETDEV=hubport,id=n0,hubid=0 APPEND=ingot.dhcp=1; export NET_NETDEV APPEND
		boot loopback ""
		unset NET_NETDEV APPEND
		finish 0
		grep -q '^ingot: net: no DHCP lease in [0-9]* ms, using static 10.0.2.15/24' "$tmp/loopback.out" ||
			{ fail=$((fail + 1)); failed="$failed dhcp-fallback-line"; echo "FAIL dhcp-fallback-line"; }
		tr -d '\r' < "$tmp/loopback.out" | grep '^ingot: net:' | sed 's/^/  guest: /';;
	go_echo)
		echo_bin=$root/examples/echo/echo
		[ -x "$echo_bin" ] || make -s -C "$root/examples/echo" >/dev/null || { echo "FAIL go_echo: cannot build"; fail=$((fail + 1)); return; }
		cp "$echo_bin" "$bin/go_echo"
		go_server go_echo "tcp::$PORT-:8080" "python3 $here/net-drive.py echo $PORT 50 200";;
	go_copy)
		(cd "$src/go" && CGO_ENABLED=0 GO111MODULE=off GOCACHE=${GOCACHE:-/tmp/ingot-gocache} \
			go build -trimpath -o "$bin/go_copy" copyecho.go) || { echo "FAIL go_copy: cannot build"; fail=$((fail + 1)); return; }
		go_server go_copy "tcp::$PORT-:8080" "python3 $here/net-drive.py echo $PORT 50 200 &&
			python3 $here/net-drive.py bigecho $PORT 4";;
	*) echo "unknown test $test"; fail=$((fail + 1));;
	esac
}

defaults="tcp_echo tcp6_echo poll_echo epoll_echo udp_echo tcp_client dns loopback close_blocked bulk dhcp dhcp_fallback"
grep -q 'sys_epoll_create1' "$root/kernel/sys/syscall.c" && defaults="$defaults go_echo go_copy"
for t in ${*:-$defaults}; do
	run_test "$t"
done
echo "net-check: $pass passed, $fail failed${failed:+ (}${failed# }${failed:+)}"
[ "$fail" = 0 ]
