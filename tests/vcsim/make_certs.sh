#!/usr/bin/env bash
# Throwaway test PKI, shaped like a vCenter's: a CA (as VMCA) and an RSA-2048 leaf for 127.0.0.1/localhost.
# Usage: make_certs.sh DIR  → DIR/ca.pem, DIR/ca.key, DIR/leaf.pem (leaf + CA chain), DIR/leaf.key
set -euo pipefail
dir=${1:?usage: make_certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
[ -s leaf.pem ] && [ -s ca.pem ] && exit 0
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -sha256 -keyout ca.key -out ca.pem \
  -subj "/CN=vsphere-mcp test CA" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -sha256 -keyout leaf.key -out leaf.csr -subj "/CN=localhost" 2>/dev/null
cat > leaf.ext <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
EXT
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha256 \
  -extfile leaf.ext -out leaf.crt 2>/dev/null
cat leaf.crt ca.pem > leaf.pem
rm -f leaf.csr leaf.ext leaf.crt ca.srl
