#!/usr/bin/env bash
# Unpacks Emacs 30 (built-in Eglot) from bookworm-backports into DIR and writes DIR/emacs, a
# wrapper that runs it from there; the system's Emacs 28 stays as it is.
# Usage: .ci/install-emacs30.sh DIR
set -euo pipefail
D=$(realpath -m "${1:?usage: $0 DIR}")
mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | head -1)
mkdir -p "$D/debs" "$D/root" "$D/apt/lists/partial" "$D/apt/cache/archives/partial"
echo "deb $mirror bookworm-backports main" > "$D/apt/bp.list"
O=(-o Dir::Etc::SourceList="$D/apt/bp.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$D/apt/lists"
   -o Dir::State::status=/dev/null -o Dir::Cache="$D/apt/cache")
apt-get "${O[@]}" update -qq
(cd "$D/debs" && apt-get -qq "${O[@]}" download emacs-nox emacs-bin-common emacs-common >/dev/null 2>&1)
for d in "$D"/debs/*.deb; do dpkg -x "$d" "$D/root"; done
rm -rf "$D/apt" "$D/debs"
R="$D/root"
version=$(ls "$R/usr/share/emacs" | grep -E '^[0-9]' | head -1)
dump=$(ls "$R"/usr/libexec/emacs/"$version"/*/emacs-*.pdmp | head -1)
arch=$(basename "$(dirname "$dump")")
cat > "$D/emacs" <<WRAPPER
#!/bin/sh
export EMACSLOADPATH="$R/usr/share/emacs/$version/lisp" EMACSDATA="$R/usr/share/emacs/$version/etc"
export EMACSDOC="$R/usr/share/emacs/$version/etc" EMACSPATH="$R/usr/libexec/emacs/$version/$arch"
exec "$R/usr/bin/emacs-nox" --dump-file="$dump" "\$@"
WRAPPER
chmod +x "$D/emacs"
"$D/emacs" --batch --eval '(princ (format "GNU Emacs %s\n" emacs-version))'
