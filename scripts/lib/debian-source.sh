# Sourced by the scripts that build a library for Windows from Debian's own source package
# (build-wxmsw.sh, build-libzip-mingw.sh, fetch-pugixml-source.sh).
#   debian_source_version CALLER PACKAGE   prints the newest source version of PACKAGE, first adding a
#                                          deb-src entry that mirrors Debian's archive when apt has none.
debian_source_version() {
  local caller=$1 package=$2 version
  if [ -z "$(apt-cache showsrc "$package" 2>/dev/null)" ]; then
    if [ "$(id -u)" -ne 0 ]; then echo "$caller: needs root to add a deb-src entry" >&2; return 1; fi
    cat > /etc/apt/sources.list.d/imagechecker-deb-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -qq
  fi
  version=$(apt-cache showsrc "$package" | sed -n 's/^Version: //p' | sort -V | tail -n 1)
  [ -n "$version" ] || { echo "$caller: no source package $package found" >&2; return 1; }
  echo "$version"
}
