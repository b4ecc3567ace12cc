#!/usr/bin/env bash
# Makes `xmllint` (Debian's libxml2-utils) available for the WSDL contract tests: installs it with apt-get
# when running as root (as CI does), otherwise says what to install. Prints the binary path.
set -euo pipefail
if ! command -v xmllint >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "xmllint: installing libxml2-utils with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq libxml2-utils >&2
  else
    echo "xmllint: needed by the WSDL contract tests: run 'sudo apt-get install libxml2-utils'" >&2
    exit 1
  fi
fi
command -v xmllint
