#!/usr/bin/env bash
# Unpacks a newer Debian's Neovim (and the glibc it needs) into DIR and writes DIR/nvim, a
# wrapper that runs it with that Debian's own loader. Nothing is installed system-wide.
# Usage: .ci/install-nvim.sh trixie DIR   (Neovim 0.10, Debian 13)
#        .ci/install-nvim.sh sid DIR      (Neovim 0.12 today, Debian unstable: its version moves on)
# See ../shared/reference/editor-clients.md §2.
set -euo pipefail
suite=${1:?usage: $0 trixie|sid DIR}
D=$(realpath -m "${2:?usage: $0 trixie|sid DIR}")
case "$suite" in
  trixie) libs="libmsgpack-c2 libtree-sitter0.22 libvterm0" ;;
  sid) libs="libtree-sitter0.26 libutf8proc3" ;;
  *) echo "usage: $0 trixie|sid DIR" >&2; exit 2 ;;
esac
mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | head -1)
mkdir -p "$D/debs" "$D/root" "$D/apt/lists/partial" "$D/apt/cache/archives/partial"
echo "deb $mirror $suite main" > "$D/apt/sources.list"
O=(-o Dir::Etc::SourceList="$D/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$D/apt/lists"
   -o Dir::State::status=/dev/null -o Dir::Cache="$D/apt/cache")
apt-get "${O[@]}" update -qq
# shellcheck disable=SC2086
(cd "$D/debs" && apt-get -qq "${O[@]}" download neovim neovim-runtime libc6 libluajit-5.1-2 libluajit-5.1-common \
   libunibilium4 libuv1t64 lua-lpeg lua-luv libgcc-s1 $libs >/dev/null 2>&1)
for d in "$D"/debs/*.deb; do dpkg -x "$d" "$D/root"; done
rm -rf "$D/apt" "$D/debs"
cat > "$D/nvim" <<WRAPPER
#!/bin/sh
R="$D/root"
export VIM="\$R/usr/share/nvim" VIMRUNTIME="\$R/usr/share/nvim/runtime"
export LUA_CPATH="\$R/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;;"
exec "\$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "\$R/usr/lib/x86_64-linux-gnu" "\$R/usr/bin/nvim" "\$@"
WRAPPER
chmod +x "$D/nvim"
# A wrapper that cannot start (a dependency this list lacks) must not stay to be found.
if ! version=$("$D/nvim" --version); then rm -f "$D/nvim"; echo "$D/nvim does not start" >&2; exit 1; fi
echo "${version%%$'\n'*}"
