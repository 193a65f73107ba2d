#!/usr/bin/env bash
# Install Debian's Chromium and the Noto CJK fonts when absent (browser tests, screenshots, Chinese text).
set -euo pipefail
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "system-deps: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1
    fi
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
