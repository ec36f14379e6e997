#!/usr/bin/env bash
# Makes sure headless Chromium is present for the live-page tests (Debian package `chromium`). The build runs this
# before the integration tests, so `./mvnw verify` works on a fresh machine. As root it installs the package; otherwise
# it says what to run.
set -euo pipefail
binary="${1:-/usr/bin/chromium}"
if [ -x "$binary" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Chromium for the live-page tests (apt-get install chromium) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x "$binary" ] && exit 0
fi
echo "error: $binary not found. The live-page tests render the page in headless Chromium." >&2
echo "       Install it (Debian/Ubuntu: sudo apt-get install --no-install-recommends chromium)" >&2
echo "       or point -Dchromium.binary=/path/to/chromium at an existing one." >&2
exit 1
