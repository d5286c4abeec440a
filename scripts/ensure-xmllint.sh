#!/usr/bin/env bash
# The export tests validate IMS Common Cartridge and SCORM packages against their XSDs with
# Debian's xmllint (libxml2-utils). Installs it with apt when it is missing and we are root;
# otherwise says what to run, and those schema checks report themselves skipped.
set -uo pipefail
if command -v xmllint >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "xmllint is not installed: the package schema checks will be skipped. Install it with: sudo apt-get install -y libxml2-utils" >&2
  exit 0
fi
echo "Installing Debian's libxml2-utils (xmllint) for the export schema checks…"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get install -y -qq libxml2-utils >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null; }; }; then
  echo "Could not install libxml2-utils: the package schema checks will be skipped." >&2
fi
exit 0
