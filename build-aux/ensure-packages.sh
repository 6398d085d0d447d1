#!/bin/sh
# Checks the Debian packages the build needs and installs the missing ones when it can
# (root with apt-get); otherwise stops with a message naming them.
# Usage: ensure-packages.sh [--test]   (--test also requires cmocka)
#        ensure-packages.sh --fuzz     installs clang with its libFuzzer runtime when it is
#                                      missing and we are root with apt-get; never fails, since
#                                      without clang the fuzz step of make test is skipped
set -eu

if [ "${1:-}" = "--fuzz" ]; then
  here=$(dirname "$0")
  "$here/../fuzz/have-clang.sh" "${FUZZ_CC:-clang}" && exit 0
  command -v clang-14 >/dev/null 2>&1 && "$here/../fuzz/have-clang.sh" clang-14 && exit 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    pkgs="clang"
    # Debian 12 and later ship the sanitizer and libFuzzer runtimes apart from clang.
    apt-cache show libclang-rt-dev >/dev/null 2>&1 && pkgs="$pkgs libclang-rt-dev"
    echo "ensure-packages: installing $pkgs (for the fuzz harnesses)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs; } >&2 ||
      echo "ensure-packages: apt-get could not install $pkgs" >&2
  fi
  exit 0
fi
need=""
have_header() { printf '#include <%s>\nint main(void){return 0;}\n' "$1" | ${CC:-cc} -x c -fsyntax-only - 2>/dev/null; }

have_header pcre2.h || { printf '#define PCRE2_CODE_UNIT_WIDTH 8\n#include <pcre2.h>\nint main(void){return 0;}\n' | ${CC:-cc} -x c -fsyntax-only - 2>/dev/null; } || need="$need libpcre2-dev"
have_header yaml.h || need="$need libyaml-dev"
have_header git2.h || need="$need libgit2-dev"
if [ "${1:-}" = "--test" ]; then
  printf '#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <setjmp.h>\n#include <cmocka.h>\nint main(void){return 0;}\n' \
    | ${CC:-cc} -x c -fsyntax-only - 2>/dev/null || need="$need libcmocka-dev"
fi
command -v openssl >/dev/null 2>&1 || need="$need openssl"
# grammars/fetch.sh downloads the pinned tarballs with either
command -v curl >/dev/null 2>&1 || command -v wget >/dev/null 2>&1 || need="$need curl ca-certificates"
[ -z "$need" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-packages: installing$need" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >&2 && exit 0
  echo "ensure-packages: apt-get could not install:$need" >&2
  exit 2
fi
echo "ensure-packages: missing Debian packages:$need -- install them with: sudo apt-get install$need" >&2
exit 2
