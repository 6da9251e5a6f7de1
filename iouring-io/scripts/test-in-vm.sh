#!/usr/bin/env bash
# Runs iouring-io's JUnit tests in a virtual machine on Debian stable's own kernel and JDK 17:
#   ARCH=arm64 (default)  an arm64 kernel in qemu-system-aarch64, emulated in software (a few minutes)
#   ARCH=amd64            Debian's x86-64 kernel in qemu-system-x86_64 (emulated too; KVM=1 for KVM)
#
# Why: the binding makes raw io_uring syscalls through JNA and lays out kernel structs by hand;
# AbiTest/LibCTest pin the arm64 constants on any machine, but only an arm64 kernel shows that
# the rings, the syscalls and the sockets really work there (qemu-user would not do: it does not
# translate io_uring's syscalls). ARCH=amd64 runs the same tests on an older kernel (Debian 12's
# 6.1) than a developer machine's. Not part of CI (minutes of emulation); run it after changing
# uring/ or sys/. Timing tests run under emulation on an emulated CPU, so a deadline test may
# fail for slowness alone: read the failure before blaming the kernel.
#
# Needs: Debian (apt, dpkg multiarch), root for apt, Maven with the module's dependencies in ~/.m2.
# Usage:   [ARCH=amd64] iouring-io/scripts/test-in-vm.sh [JUnit console options, default: all]
# Output:  the JUnit summary; the whole console in iouring-io/target/<arch>-vm/console.log.
# Exit:    0 when every selected test passed in the guest, 1 when some failed, 2 when it could not run.
set -euo pipefail

arch="${ARCH:-arm64}"
case "$arch" in
  arm64) qemu=qemu-system-aarch64; qemu_pkg=qemu-system-arm; console=ttyAMA0
         machine=(-M virt -cpu cortex-a72) ;;
  amd64) qemu=qemu-system-x86_64; qemu_pkg=qemu-system-x86; console=ttyS0
         # KVM=1 for hardware virtualisation; off by default: nested inside a VM it was seen to hang
         # Without KVM: one host thread for both emulated CPUs. Multi-threaded TCG was seen to run
         # the JIT's freshly patched code stale (SIGILL/SIGSEGV in JDK methods) on an x86 guest.
         if [ "${KVM:-0}" = 1 ]; then machine=(-enable-kvm -cpu host); else machine=(-accel tcg,thread=single -cpu max); fi ;;
  *) echo "test-in-vm: ARCH must be arm64 or amd64, not $arch" >&2; exit 2 ;;
esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$here/target/$arch-vm"
root="$work/root"
debs="$work/debs"
junit_version=1.11.4
jdk=/usr/lib/jvm/java-17-openjdk-$arch

die() { echo "test-in-vm: $*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "run as root (apt installs $qemu_pkg and downloads $arch packages)"
command -v apt-get >/dev/null || die "needs Debian's apt"

command -v cpio >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q cpio >/dev/null
if ! command -v "$qemu" >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$qemu_pkg" >/dev/null
fi
if [ "$arch" != "$(dpkg --print-architecture)" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
  dpkg --add-architecture "$arch"
  apt-get update -q >/dev/null
fi

# 1. a root file system from Debian's packages: kernel, C and C++ runtimes, JDK, busybox
mkdir -p "$debs"
kernel_pkg="$(apt-cache depends "linux-image-$arch:$arch" | awk '/Depends: linux-image-/ {print $2; exit}')"
[ -n "$kernel_pkg" ] || die "no $arch kernel package found (apt-cache depends linux-image-$arch:$arch)"
(cd "$debs" && apt-get download -q "$kernel_pkg" "openjdk-17-jre-headless:$arch" "libc6:$arch" "zlib1g:$arch" \
    "libgcc-s1:$arch" "libstdc++6:$arch" "busybox-static:$arch" >/dev/null 2>&1) \
  || die "apt-get download of the $arch packages failed"
rm -rf "$root"
mkdir -p "$root"
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
kernel="$work/vmlinuz"
cp "$(ls "$root"/boot/vmlinuz-* | head -n 1)" "$kernel"
# The guest runs from RAM and loads no module: the kernel's modules would only triple its size.
rm -rf "$root/boot" "$root/lib/modules" "$root/usr/lib/modules"
mkdir -p "$root"/{proc,sys,dev,tmp,work/jars}

# 2. the module's compiled classes and tests (JVM bytecode runs as built on this machine), JNA
#    (it carries its native part for each architecture) and the JUnit console launcher
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
  echo 'echo "guest: $(uname -srm), $(nproc) CPUs"'
  echo 'cd /work'
  # verbose: each test is named as it starts, so a crash of the JVM shows where it happened
  printf '%s -Dringplc.realtime=false -XX:ErrorFile=/tmp/hs_err.log -jar junit-console.jar execute --disable-banner --details=%s ' "$jdk/bin/java" "${DETAILS:-tree}"
  echo "--class-path /work/classes:/work/test-classes:\$(ls /work/jars/*.jar | tr '\\n' ':') ${selection[*]}"
  echo 'code=$?'
  echo '[ -f /tmp/hs_err.log ] && head -n 60 /tmp/hs_err.log'
  echo 'echo "GUEST-TESTS-EXIT=$code"'
  echo 'poweroff -f'
} > "$root/init"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$work/initramfs.cpio"

# 4. boot it: 2 CPUs, the console on the serial port, back when /init powers off
"$qemu" "${machine[@]}" -smp 2 -m 3G -nographic -no-reboot \
    -kernel "$kernel" -initrd "$work/initramfs.cpio" -append "console=$console rdinit=/init quiet" \
    < /dev/null | tee "$work/console.log" | grep -E "^guest: |tests (successful|failed|aborted|skipped)|MethodSource|=>|GUEST-TESTS-EXIT|SIGSEGV|Problematic frame|^# [JjVv] " || true
code="$(sed -n 's/.*GUEST-TESTS-EXIT=\([0-9]*\).*/\1/p' "$work/console.log" | tail -n 1)"
[ -n "$code" ] || die "the guest did not finish the tests; see $work/console.log"
[ "$code" = 0 ] && echo "test-in-vm: every selected test passed on $arch" || echo "test-in-vm: failures on $arch (exit $code); see $work/console.log"
[ "$code" = 0 ] && exit 0 || exit 1
