#!/bin/sh
# Runs the README's "Two commands" on a fresh Debian 12, with only what the README names
# installed first, and reports whether both end green. Needs the network (Debian's
# mirror, the npm registry for the pinned grammar tarballs) and root; not part of
# `make test`. The result of a run is recorded in docs/ci.md ("A fresh machine").
#
#   tools/fresh-debian.sh [--docker | --chroot] [--keep] [LOG]
#
# --docker   a debian:12 container (the default when `docker info` reaches a daemon)
# --chroot   a debootstrap chroot of bookworm, made like the debian:12 image (minbase, no
#            package lists, the image's apt sources): the default without a daemon
# --keep     keeps the chroot (its path is printed) instead of removing it
# LOG        where the whole transcript goes (default build/fresh-debian.log)
#
# What runs in the fresh system, as root in a clone of this repository's HEAD (committed
# work only): the README's own package line (read from README.md, so this script cannot
# drift from it), then `make scan`, then `make test`. Exit status 0 when all three pass.
#
# One thing of this machine goes in: the certificate authorities it adds locally
# (/usr/local/share/ca-certificates/*.crt), which the README's ca-certificates package
# then trusts as it does here. On a machine whose HTTPS goes through an intercepting
# proxy nothing would be fetched without them; on an ordinary one the folder is empty.
set -eu
mode=""; keep=0; log=""
while [ $# -gt 0 ]; do
  case $1 in
    --docker) mode=docker; shift ;;
    --chroot) mode=chroot; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fresh-debian: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) log=$1; shift ;;
  esac
done
top=$(git rev-parse --show-toplevel)
cd "$top"
log=${log:-build/fresh-debian.log}
mkdir -p "$(dirname "$log")"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# The README's install line: the first indented "apt-get ... install" line of the
# "Two commands" section.
install_line=$(sed -n '/^## Two commands/,/^## /s/^    \(apt-get .*install .*\)$/\1/p' README.md | head -1)
[ -n "$install_line" ] || { echo "fresh-debian: README.md names no apt-get install line under '## Two commands'" >&2; exit 2; }
case $install_line in *[\;\`\$\|\<\>]*) echo "fresh-debian: unexpected shell in README's line: $install_line" >&2; exit 2 ;; esac

# What runs inside, in the clone (sh /inner.sh). Each step is named in the log.
write_inner() { # FILE
  cat >"$1" <<EOF
set -e
step() { echo "==== fresh-debian: \$1 (\$(date -u +%H:%M:%S))"; }
cd /src
step "the README's packages: $install_line"
export DEBIAN_FRONTEND=noninteractive
$install_line
step "make scan"
make scan
step "make test"
make test
step "both green"
EOF
}
# A clone of HEAD (committed work only) at DIR.
clone_head() { # DIR
  git clone -q --no-hardlinks --no-checkout "$top" "$1"
  git -C "$1" checkout -q "$(git rev-parse HEAD)"
}

if [ -z "$mode" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then mode=docker; else mode=chroot; fi
fi
rev=$(git rev-parse --short HEAD)
echo "fresh-debian: $mode, HEAD $rev, transcript in $log" >&2

if [ "$mode" = docker ]; then
  src=$(mktemp -d "${TMPDIR:-/tmp}/aiready-fresh-src.XXXXXX")
  trap 'rm -rf "$src"' EXIT
  clone_head "$src/aiready"
  write_inner "$src/inner.sh"
  mkdir -p "$src/ca" && cp /usr/local/share/ca-certificates/*.crt "$src/ca/" 2>/dev/null || true
  # the clone is copied inside, so that the container's build never writes to this machine
  docker run --rm -v "$src:/orig:ro" debian:12 sh -c \
    'mkdir -p /usr/local/share/ca-certificates && cp /orig/ca/* /usr/local/share/ca-certificates/ 2>/dev/null; cp -a /orig/aiready /src && sh /orig/inner.sh' \
    >"$log" 2>&1 && rc=0 || rc=$?
else
  [ "$(id -u)" = 0 ] || { echo "fresh-debian: the chroot needs root" >&2; exit 2; }
  command -v debootstrap >/dev/null 2>&1 || { echo "fresh-debian: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
  root=$(mktemp -d "${TMPDIR:-/tmp}/aiready-fresh-debian.XXXXXX")
  chmod 755 "$root" # it becomes /: mktemp's 0700 would lock every other user out of it
  mounted=""
  cleanup() {
    for m in $mounted; do umount -l "$root$m" 2>/dev/null || true; done
    if [ $keep = 1 ]; then echo "fresh-debian: chroot kept in $root" >&2; else rm -rf --one-file-system "$root"; fi
  }
  trap cleanup EXIT
  echo "==== fresh-debian: debootstrap bookworm ($(date -u +%H:%M:%S))" >"$log"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >>"$log" 2>&1
  # As the debian:12 image is: its apt sources, no package lists, no caches.
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
  echo "==== fresh-debian: this machine's local CAs: $(ls /usr/local/share/ca-certificates 2>/dev/null | tr '\n' ' ')" >>"$log"
  for m in /proc /sys /dev /dev/pts; do
    mkdir -p "$root$m"
    mount --bind "$m" "$root$m"
    mounted="$m $mounted"
  done
  clone_head "$root/src"
  write_inner "$root/inner.sh"
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    chroot "$root" sh /inner.sh >>"$log" 2>&1 && rc=0 || rc=$?
fi

grep '^==== fresh-debian' "$log" >&2 || true
tail -3 "$log" >&2
if [ "$rc" = 0 ]; then echo "fresh-debian: green (HEAD $rev)" >&2; else echo "fresh-debian: FAILED (exit $rc, HEAD $rev): see $log" >&2; fi
exit "$rc"
