#!/bin/sh
# Exit 0 when the compiler given (default clang) can build a libFuzzer harness under
# ASan + UBSan, as the fuzz targets need; 1 otherwise. Prints nothing.
cc=${1:-clang}
command -v "$cc" >/dev/null 2>&1 || exit 1
dir=$(mktemp -d "${TMPDIR:-/tmp}/aiready-have-clang.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$dir/t.c"
"$cc" -fsanitize=fuzzer,address,undefined -o "$dir/t" "$dir/t.c" >/dev/null 2>&1
