#!/usr/bin/env bash
# Installs everything the tests need, then runs every test: the README's test command, and what CI runs.
# - Debian packages: chromium (browser tests, driven by Playwright) and fonts-noto-cjk (Chinese text).
# - Python packages: requirements-dev.txt (pinned).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium fonts-noto-cjk
fi

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
python3 -m pytest "$@"
