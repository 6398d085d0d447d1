#!/bin/sh
# Fetch the pinned npm tarballs listed in grammars/pins.txt from the npm registry with
# curl or wget (no npm needed), verify each against its sha512 integrity, and unpack it
# under DEST/<name>/. Tarballs are cached in CACHE so a second build needs no network.
# After the integrity check, the patches grammars/patches/<name>-<version>-*.patch (fixes
# of upstream bugs, see grammars/README.md) are applied in name order; a patch that does
# not apply stops the build.
# Usage: fetch.sh PINS CACHE DEST
# AIREADY_NPM_REGISTRY overrides the registry (a mirror; default https://registry.npmjs.org).
set -eu
pins=$1; cache=$2; dest=$3
patches=$(dirname "$pins")/patches
registry=${AIREADY_NPM_REGISTRY:-https://registry.npmjs.org}
mkdir -p "$cache" "$dest"

# The registry's tarball address: REGISTRY/NAME/-/BASENAME-VERSION.tgz (BASENAME drops a @scope/).
tarball_url() { printf '%s/%s/-/%s-%s.tgz' "$registry" "$1" "${1##*/}" "$2"; }

download() { # url file
  if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 2 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then wget -q -O "$2" "$1"
  else echo "fetch.sh: curl or wget is needed to fetch $1 (apt-get install curl)" >&2; return 2
  fi
}

integrity_of() { # file -> sha512-<base64>
  printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
}

patches_of() { # name version -> the patch files, in name order
  for p in "$patches/$1-$2"-*.patch; do [ -f "$p" ] && printf '%s\n' "$p"; done; return 0
}

patches_stamp() { # name version -> a digest of the patches' contents ("none" without any)
  list=$(patches_of "$1" "$2")
  if [ -z "$list" ]; then echo none; return; fi
  # shellcheck disable=SC2086
  cat $list | openssl dgst -sha256 -r | cut -d' ' -f1
}

grep -v '^[[:space:]]*#' "$pins" | while read -r name version integrity; do
  [ -n "$name" ] || continue
  tgz="$cache/$name-$version.tgz"
  if [ ! -f "$tgz" ] || [ "$(integrity_of "$tgz")" != "$integrity" ]; then
    url=$(tarball_url "$name" "$version")
    mkdir -p "$(dirname "$tgz")"   # a scoped name (@scope/name) caches under @scope/
    echo "fetch.sh: fetching $name@$version" >&2
    download "$url" "$tgz.part" || { rm -f "$tgz.part"; echo "fetch.sh: cannot fetch $url" >&2; exit 2; }
    got=$(integrity_of "$tgz.part")
    if [ "$got" != "$integrity" ]; then
      rm -f "$tgz.part"
      echo "fetch.sh: integrity mismatch for $name@$version: expected $integrity, got $got" >&2
      exit 2
    fi
    mv "$tgz.part" "$tgz"
  fi
  stamp="$version $integrity $(patches_stamp "$name" "$version")"
  if [ ! -f "$dest/$name/.version" ] || [ "$(cat "$dest/$name/.version")" != "$stamp" ]; then
    rm -rf "$dest/$name"; mkdir -p "$dest/$name"
    tar xzf "$tgz" -C "$dest/$name" --strip-components=1
    for p in $(patches_of "$name" "$version"); do
      command -v patch >/dev/null 2>&1 || { echo "fetch.sh: patch is needed to apply $p (apt-get install patch)" >&2; exit 2; }
      if ! patch -p1 --forward --batch --quiet -d "$dest/$name" < "$p" >&2; then
        echo "fetch.sh: $p does not apply to $name@$version" >&2
        exit 2
      fi
      echo "fetch.sh: applied $(basename "$p")" >&2
    done
    echo "$stamp" > "$dest/$name/.version"
  fi
done
