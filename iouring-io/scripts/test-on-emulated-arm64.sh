#!/usr/bin/env bash
# Runs iouring-io's JUnit tests on a real arm64 Linux kernel: Debian's arm64 kernel and JDK 17 in
# qemu-system-aarch64 (software emulation, so slow: expect 10-30 minutes on 2 cores).
#
# Why: the binding makes raw io_uring syscalls through JNA and lays out kernel structs by hand;
# AbiTest/LibCTest pin the arm64 constants on any machine, but only an arm64 kernel shows that
# the rings, the syscalls and the sockets really work there. qemu-user would not do: it does not
# translate io_uring's syscalls. Not part of CI (too slow); run it after changing uring/ or sys/.
#
# Needs: Debian (apt, dpkg multiarch), root for apt, Maven with the module's dependencies in ~/.m2.
# Usage:   iouring-io/scripts/test-on-emulated-arm64.sh [JUnit console options, default: the whole module]
# Output:  the JUnit summary; the whole console in iouring-io/target/arm64/console.log.
# Exit:    0 when every test passed on arm64, 1 when some failed, 2 when it could not run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$here/target/arm64"
root="$work/root"
debs="$work/debs"
junit_version=1.11.4
jdk=/usr/lib/jvm/java-17-openjdk-arm64

die() { echo "test-on-emulated-arm64: $*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "run as root (apt installs qemu-system-arm and downloads arm64 packages)"
command -v apt-get >/dev/null || die "needs Debian's apt"

command -v cpio >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q cpio >/dev/null
if ! command -v qemu-system-aarch64 >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q qemu-system-arm >/dev/null
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
  apt-get update -q >/dev/null
fi

# 1. an arm64 root file system from Debian's packages: kernel, C and C++ runtimes, JDK, busybox
mkdir -p "$debs"
kernel_pkg="$(apt-cache depends linux-image-arm64:arm64 | awk '/Depends: linux-image-/ {print $2; exit}')"
[ -n "$kernel_pkg" ] || die "no arm64 kernel package found (apt-cache depends linux-image-arm64:arm64)"
(cd "$debs" && apt-get download -q "$kernel_pkg" openjdk-17-jre-headless:arm64 libc6:arm64 zlib1g:arm64 \
    libgcc-s1:arm64 libstdc++6:arm64 busybox-static:arm64 >/dev/null 2>&1) \
  || die "apt-get download of the arm64 packages failed"
rm -rf "$root"
mkdir -p "$root"
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
kernel="$(ls "$root"/boot/vmlinuz-* | head -n 1)"
mkdir -p "$root"/{proc,sys,dev,tmp,work/jars}

# 2. the module's compiled classes and tests (JVM bytecode runs as built on this machine), JNA
#    (it carries its arm64 native part) and the JUnit console launcher
(cd "$here/.." && mvn -B -q -o -pl iouring-io test-compile \
    dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test) \
  || die "mvn test-compile failed (build the module once with 'mvn -pl iouring-io install' first)"
cp -r "$here/target/classes" "$root/work/classes"
cp -r "$here/target/test-classes" "$root/work/test-classes"
tr ':' '\n' < "$work/classpath.txt" | grep -v -e junit -e opentest4j -e apiguardian | xargs -r -I{} cp {} "$root/work/jars/"
launcher="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$junit_version/junit-platform-console-standalone-$junit_version.jar"
if [ ! -f "$launcher" ]; then
  mvn -B -q dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version" >/dev/null \
    || die "could not fetch the JUnit console launcher from Maven Central"
fi
cp "$launcher" "$root/work/junit-console.jar"

selection=("$@")
[ ${#selection[@]} -gt 0 ] || selection=(--scan-classpath /work/test-classes)
# 3. /init: mount the kernel's file systems, bring up loopback, run the tests, power off
{
  echo '#!/bin/busybox sh'
  echo '/bin/busybox --install -s /bin'
  echo 'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; mount -t tmpfs tmp /tmp'
  echo 'ip link set lo up'
  echo 'echo "arm64 guest: $(uname -srm), $(nproc) CPUs"'
  echo 'cd /work'
  printf '%s -Dringplc.realtime=false -jar junit-console.jar execute --disable-banner --details=summary --details=tree ' "$jdk/bin/java"
  echo "--class-path /work/classes:/work/test-classes:\$(ls /work/jars/*.jar | tr '\\n' ':') ${selection[*]}"
  echo 'echo "ARM64-TESTS-EXIT=$?"'
  echo 'poweroff -f'
} > "$root/init"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$work/initramfs.cpio"

# 4. boot it: 2 emulated Cortex-A72 CPUs, the console on the serial port, back when /init powers off
qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 3G -nographic -no-reboot \
    -kernel "$kernel" -initrd "$work/initramfs.cpio" -append "console=ttyAMA0 rdinit=/init quiet" \
    < /dev/null | tee "$work/console.log" | grep -E "arm64 guest|tests (successful|failed|aborted|skipped)|^\s*\[X\]|ARM64-TESTS-EXIT|MethodSource|=>" || true
code="$(sed -n 's/.*ARM64-TESTS-EXIT=\([0-9]*\).*/\1/p' "$work/console.log" | tail -n 1)"
[ -n "$code" ] || die "the guest did not finish the tests; see $work/console.log"
[ "$code" = 0 ] && echo "test-on-emulated-arm64: every selected test passed on arm64" || echo "test-on-emulated-arm64: failures on arm64 (exit $code); see $work/console.log"
[ "$code" = 0 ] && exit 0 || exit 1
