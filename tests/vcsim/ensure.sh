#!/usr/bin/env bash
# Makes the simulator available: builds tests/vcsim into .tools/vcsim/vcsim (when missing or older than its
# source) and the throwaway test PKI into .tools/pki. Installs Go and govmomi from Debian's packages when
# running as root on Debian; otherwise says what to install. Prints the binary path.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.tools/vcsim"
bin="$out/vcsim"
src="$root/tests/vcsim/main.go"
gopath=/usr/share/gocode

if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
  if ! command -v go >/dev/null 2>&1 || [ ! -d "$gopath/src/github.com/vmware/govmomi/simulator" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "vcsim: installing golang-go golang-github-vmware-govmomi-dev with apt-get" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq golang-go golang-github-vmware-govmomi-dev openssl >&2
    else
      echo "vcsim: need Go and govmomi: run 'sudo apt-get install golang-go golang-github-vmware-govmomi-dev'," >&2
      echo "       or set VCSIM_URL to a running simulator (e.g. docker run -p 8989:8989 vmware/vcsim)." >&2
      exit 1
    fi
  fi
  mkdir -p "$out"
  echo "vcsim: building $bin" >&2
  (cd "$root/tests/vcsim" && GOPATH=$gopath GO111MODULE=off GOCACHE="$root/.tools/gocache" \
    go build -o "$bin.tmp" . && mv "$bin.tmp" "$bin")
fi
if ! command -v openssl >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >&2
  else
    echo "vcsim: openssl is required (apt-get install openssl)" >&2
    exit 1
  fi
fi
bash "$root/tests/vcsim/make_certs.sh" "$root/.tools/pki"
echo "$bin"
