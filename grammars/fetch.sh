#!/bin/sh
# Fetch the pinned npm tarballs listed in grammars/pins.txt from the npm registry with
# curl or wget (no npm needed), verify each against its sha512 integrity, and unpack it
# under DEST/<name>/. Tarballs are cached in CACHE so a second build needs no network.
# Usage: fetch.sh PINS CACHE DEST
# AIREADY_NPM_REGISTRY overrides the registry (a mirror; default https://registry.npmjs.org).
set -eu
pins=$1; cache=$2; dest=$3
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

grep -v '^[[:space:]]*#' "$pins" | while read -r name version integrity; do
  [ -n "$name" ] || continue
  tgz="$cache/$name-$version.tgz"
  if [ ! -f "$tgz" ] || [ "$(integrity_of "$tgz")" != "$integrity" ]; then
    url=$(tarball_url "$name" "$version")
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
  if [ ! -f "$dest/$name/.version" ] || [ "$(cat "$dest/$name/.version")" != "$version $integrity" ]; then
    rm -rf "$dest/$name"; mkdir -p "$dest/$name"
    tar xzf "$tgz" -C "$dest/$name" --strip-components=1
    echo "$version $integrity" > "$dest/$name/.version"
  fi
done
