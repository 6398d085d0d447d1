#!/bin/sh
# Fetch the pinned npm tarballs listed in grammars/pins.txt, verify each against its
# sha512 integrity, and unpack it under DEST/<name>/. Tarballs are cached in CACHE so a
# second build needs no network. Usage: fetch.sh PINS CACHE DEST
set -eu
pins=$1; cache=$2; dest=$3
mkdir -p "$cache" "$dest"

integrity_of() { # file -> sha512-<base64>
  printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
}

grep -v '^[[:space:]]*#' "$pins" | while read -r name version integrity; do
  [ -n "$name" ] || continue
  tgz="$cache/$name-$version.tgz"
  if [ ! -f "$tgz" ] || [ "$(integrity_of "$tgz")" != "$integrity" ]; then
    command -v npm >/dev/null 2>&1 || { echo "fetch.sh: npm is needed to fetch $name@$version (apt-get install npm)" >&2; exit 2; }
    echo "fetch.sh: fetching $name@$version" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null) || { rm -rf "$tmp"; echo "fetch.sh: npm pack $name@$version failed" >&2; exit 2; }
    mv "$tmp"/*.tgz "$tgz.part"; rm -rf "$tmp"
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
