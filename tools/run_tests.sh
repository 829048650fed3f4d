#!/usr/bin/env bash
# Installs everything the tests need, then runs every test: the README's test command, and what CI runs.
# - Debian packages (tools/install_system_packages.sh --with-tests, only the missing ones): fonts-noto-cjk (Chinese
#   text), libreoffice-impress (the deck's PDF), chromium (browser tests, driven by Playwright) and poppler-utils
#   (reading the deck's PDF).
# - Python packages: requirements-dev.txt (pinned).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install_system_packages.sh --with-tests

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
python3 -m pytest "$@"
