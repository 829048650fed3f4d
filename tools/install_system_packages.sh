#!/usr/bin/env bash
# Installs the Debian packages the dashboard needs, only those missing (apt-get update first, when needed):
#   fonts-noto-cjk        Chinese text in charts, maps and the deck
#   libreoffice-impress   the deck's PDF (LibreOffice prints the PPTX), installed --no-install-recommends
# With --with-tests (or CSAT_TEST_PACKAGES=1) also what only the tests need:
#   chromium              the browser tests (driven by Playwright)
#   poppler-utils         pdftoppm / pdftotext, reading the deck's PDF in tests
#   default-jre-headless  Java (17 on Debian bookworm) for pyspark, the Spark tests (tools/spark_summaries.py)
#
#   tools/install_system_packages.sh               # runtime
#   tools/install_system_packages.sh --with-tests  # runtime and tests (tools/run_tests.sh does this)
#
# Uses sudo when not run as root. Only for Debian/Ubuntu (apt-get).
set -euo pipefail

with_tests="${CSAT_TEST_PACKAGES:-0}"
for argument in "$@"; do
  case "$argument" in
    --with-tests) with_tests=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $argument (use --with-tests)" >&2; exit 2 ;;
  esac
done

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for package in fonts-noto-cjk libreoffice-impress; do
  installed "$package" || missing+=("$package")
done
if [ "$with_tests" = "1" ]; then
  for package in chromium poppler-utils default-jre-headless; do
    installed "$package" || missing+=("$package")
  done
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing system packages: ${missing[*]} (no apt-get here: install them with your package manager)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update
others=()
for package in "${missing[@]}"; do
  if [ "$package" = "libreoffice-impress" ]; then
    # --no-install-recommends: LibreOffice Impress without the rest of the office suite and its Java.
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libreoffice-impress
  else
    others+=("$package")
  fi
done
if [ "${#others[@]}" -gt 0 ]; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "${others[@]}"
fi
