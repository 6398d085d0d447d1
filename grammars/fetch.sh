#!/bin/sh
# Fetch the pinned npm tarballs listed in grammars/pins.txt, verify each against its
# sha512 integrity, and unpack it under DEST/<name>/. Tarballs are cached in CACHE so a
# second build needs no network. After the integrity check, the patches
# grammars/patches/<name>-<version>-*.patch (fixes of upstream bugs, see grammars/README.md)
# are applied in name order; a patch that does not apply stops the build.
# Usage: fetch.sh PINS CACHE DEST
set -eu
pins=$1; cache=$2; dest=$3
patches=$(dirname "$pins")/patches
mkdir -p "$cache" "$dest"

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
