#!/usr/bin/env bash
# Unpacks Debian 13's Neovim 0.10 (and the glibc it needs) into DIR and writes DIR/nvim, a
# wrapper that runs it with trixie's own loader. Nothing is installed system-wide.
# Usage: .ci/install-nvim010.sh DIR      (see ../shared/reference/editor-clients.md §2)
set -euo pipefail
D=$(realpath -m "${1:?usage: $0 DIR}")
mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | head -1)
mkdir -p "$D/debs" "$D/root" "$D/apt/lists/partial" "$D/apt/cache/archives/partial"
echo "deb $mirror trixie main" > "$D/apt/trixie.list"
O=(-o Dir::Etc::SourceList="$D/apt/trixie.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$D/apt/lists"
   -o Dir::State::status=/dev/null -o Dir::Cache="$D/apt/cache")
apt-get "${O[@]}" update -qq
(cd "$D/debs" && apt-get -qq "${O[@]}" download neovim neovim-runtime libc6 libluajit-5.1-2 libluajit-5.1-common \
   libmsgpack-c2 libtree-sitter0.22 libunibilium4 libuv1t64 libvterm0 lua-lpeg lua-luv libgcc-s1 >/dev/null 2>&1)
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
"$D/nvim" --version | head -1
