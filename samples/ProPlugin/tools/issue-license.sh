#!/usr/bin/env bash
# Issues a license key for the sample Pro package: tools/issue-license.sh "Licensee Name" 2027-12-31 [private-key.pem]
# In a real private repository the private key lives with the license service, never in the repository.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
licensee="$1"; expires="$2"; key="${3:-$here/../keys/sample-license-private.pem}"
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
payload=$(printf '{"licensee":"%s","expires":"%sT00:00:00Z"}' "$licensee" "$expires")
signature=$(printf '%s' "$payload" | openssl dgst -sha256 -sign "$key" | b64url)
printf '%s.%s\n' "$(printf '%s' "$payload" | b64url)" "$signature"
