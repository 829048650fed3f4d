#!/usr/bin/env bash
# Installs everything the tests need, then runs every test: the README's test command, and what CI runs.
# - Debian packages (tools/install_system_packages.sh --with-tests, only the missing ones): fonts-noto-cjk (Chinese
#   text), libreoffice-impress (the deck's PDF), chromium (browser tests, driven by Playwright), poppler-utils
#   (reading the deck's PDF) and default-jre-headless (Java for pyspark, the Spark tests).
# - Python packages: requirements-dev.txt (pinned).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install_system_packages.sh --with-tests

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
# Every test: pytest.ini's default leaves out the slow, Spark, browser and soak tests. The browser and soak tests run on
# their own, one at a time (-n 0): each worker would start its own dashboard (and Chromium) on the same two cores, and
# the soak (tools/soak.py) must not share the cores with other heavy tests.
python3 -m pytest -m "not browser and not soak" "$@"
python3 -m pytest -m "browser or soak" -n 0 "$@"
