#!/usr/bin/env bash
# bench io in the topology its target is about, on one Linux machine: the echo peers in a network
# namespace of their own ("devices", 10.77.0.2) behind a veth pair, answering the PLC side
# (10.77.0.1, this namespace) the way remote I/O devices would.
#
# Why: on loopback, and on a plain veth, the kernel runs the receiver's whole receive path in the
# sender's softirq, so every request charges the device's receive work to the scan thread. Here
# the devices' veth steers its receive work to the devices' CPU (Receive Packet Steering), the
# peers and their softirqs run on that CPU and the benchmark on the other: as on two machines,
# except that both share this machine's memory and the cross-CPU interrupt of each steered packet
# is still sent from the scan thread. With 2 CPUs: PLC on CPU 0, devices on CPU 1.
#
# Needs: root (ip netns), iproute2, 2+ CPUs, ringplc built (./ringplc). Leaves nothing behind.
# Usage: iouring-io/scripts/bench-two-hosts.sh [bench io options, default: --n 1,8,32 --multishot]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ns=ringplc-devices
die() { echo "bench-two-hosts: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "run as root (it creates a network namespace and a veth pair)"
command -v ip >/dev/null || die "needs iproute2 (apt-get install iproute2)"
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs: one for the PLC side, one for the devices"
devices_cpu=$(( $(nproc) - 1 ))

cleanup() {
  [ -n "${peers_pid:-}" ] && kill "$peers_pid" 2>/dev/null && wait "$peers_pid" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  ip link del rp-plc 2>/dev/null || true
}
trap cleanup EXIT
cleanup

ip netns add "$ns"
ip link add rp-plc type veth peer name rp-dev
ip link set rp-dev netns "$ns"
ip addr add 10.77.0.1/24 dev rp-plc
ip link set rp-plc up
ip netns exec "$ns" ip addr add 10.77.0.2/24 dev rp-dev
ip netns exec "$ns" ip link set rp-dev up
ip netns exec "$ns" ip link set lo up
# The devices' receive work on the devices' CPU (a hex mask of CPUs).
ip netns exec "$ns" sh -c "printf '%x' $((1 << devices_cpu)) > /sys/class/net/rp-dev/queues/rx-0/rps_cpus"

"$repo/ringplc" --version >/dev/null   # builds first if needed, outside the measurement
ip netns exec "$ns" taskset -c "$devices_cpu" "$repo/ringplc" bench io-peers --n 32 --bind 10.77.0.2 --port 7400 \
    > /tmp/ringplc-io-peers.log 2>&1 &
peers_pid=$!
for _ in $(seq 100); do grep -q "echo peers on" /tmp/ringplc-io-peers.log 2>/dev/null && break; sleep 0.1; done
grep -q "echo peers on" /tmp/ringplc-io-peers.log || die "the peers did not start: $(cat /tmp/ringplc-io-peers.log)"

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--n 1,8,32 --multishot)
${BENCH_PREFIX:-} taskset -c 0 "$repo/ringplc" bench io --peers 10.77.0.2:7400 "${args[@]}"
