#!/usr/bin/env bash
# Installs Debian's Chromium for the real-browser tests (test/browser/), only when it is
# missing. playwright-core drives it at /usr/bin/chromium and never downloads a browser.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

export DEBIAN_FRONTEND=noninteractive
run_as_root apt-get update
run_as_root apt-get install -y chromium
