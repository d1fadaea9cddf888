#!/usr/bin/env bash
# Tests what installer/package-windows.sh makes, and Authenticode signing with a throwaway certificate:
#   1. the portable zip in build/: its files, its SHA256SUMS, the download SHA256SUMS, the same exes as
#      the MSI;
#   2. without a certificate the package is built unsigned and says so;
#   3. with a throwaway CA and code-signing certificate made here by openssl (in a temp folder, deleted
#      afterwards; no key is ever kept): the package is built signed, and osslsigncode verify accepts
#      the exes in the zip, the MSI and the exes inside the MSI against that CA, each with a timestamp
#      from a throwaway timestamp server (installer/test-tsa.py, on 127.0.0.1); the checksums match the
#      signed files; the PEM route (--cert/--key with an encrypted key) signs too; a changed byte, a
#      wrong CA, a wrong password and an unreachable timestamp server are each refused.
#
#   installer/test-package.sh        (after installer/package-windows.sh)
#
# One PASS or FAIL line per assertion; exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

version=$(sed -n 's/^  VERSION \([0-9.]*\)$/\1/p' CMakeLists.txt | head -n 1)
zip_name="ImageChecker-$version-windows-x64.zip"
msi_name="ImageChecker-$version-x64.msi"
sums_name="ImageChecker-$version-SHA256SUMS"

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
finish() {
  if [ "$failures" -gt 0 ]; then echo "test-package.sh: $failures assertion(s) FAILED"; exit 1; fi
  echo "test-package.sh: all assertions passed"; exit 0
}
for tool in osslsigncode openssl unzip msiextract sha256sum python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps.sh windows)"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- 1. The package in build/ -------------------------------------------------------------------
echo "==== The portable zip and the checksums in build/"
for f in "$zip_name" "$msi_name" "$sums_name"; do
  [ -f "build/$f" ] || { fail "build/$f exists (run installer/package-windows.sh)"; finish; }
done
unzip -q "build/$zip_name" -d "$work/zip"
zip_files=$(cd "$work/zip" && find . -type f | sort | tr '\n' ' ')
check "the zip holds ImageChecker/ with both exes, README.txt, LICENSE.txt and SHA256SUMS" \
  [ "$zip_files" = "./ImageChecker/ImageChecker.exe ./ImageChecker/LICENSE.txt ./ImageChecker/README.txt ./ImageChecker/SHA256SUMS ./ImageChecker/imagechecker-cli.exe " ]
sums_ok() { (cd "$1" && sha256sum --quiet -c "$2" >/dev/null 2>&1) && [ "$(wc -l <"$1/$2")" -eq "$3" ]; }
check "the zip's SHA256SUMS matches its four files" sums_ok "$work/zip/ImageChecker" SHA256SUMS 4
check "$sums_name matches the zip and the MSI" sums_ok build "$sums_name" 2
check "README.txt names version $version" grep -q "ImageChecker $version for Windows" "$work/zip/ImageChecker/README.txt"
msiextract -C "$work/msi" "build/$msi_name" >/dev/null 2>&1
for exe in ImageChecker.exe imagechecker-cli.exe; do
  check "$exe in the zip is the one in the MSI" cmp -s "$work/zip/ImageChecker/$exe" "$work/msi/ImageChecker/$exe"
done
# A checksum file that does not match must be caught: the check above is not blind.
cp -r "$work/zip/ImageChecker" "$work/zip-changed"
printf 'x' >>"$work/zip-changed/README.txt"
check "a changed file in the zip fails its SHA256SUMS" bash -c "! (cd '$work/zip-changed' && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1)"

# Packaging again into temp folders, from the same exes: unsigned, then signed.
bin=build/windows-cross
[ -f "$bin/ImageChecker.exe" ] || bin="$work/msi/ImageChecker"   # packaged from another folder

# ---- 2. Unsigned --------------------------------------------------------------------------------
echo "==== Packaging without a certificate"
IC_SIGN_PKCS12='' IC_SIGN_CERT='' IC_SIGN_KEY='' IC_PACKAGE_BIN="$bin" IC_PACKAGE_OUT="$work/unsigned" \
  installer/package-windows.sh >/dev/null 2>"$work/unsigned.err"; rc=$?
check "packaging without a certificate succeeds (exit $rc)" [ "$rc" = 0 ]
check "and says the exes and the MSI are UNSIGNED" bash -c "grep -q 'UNSIGNED: ImageChecker.exe imagechecker-cli.exe' '$work/unsigned.err' && grep -q 'UNSIGNED: $msi_name' '$work/unsigned.err'"
unsigned_exe=$(mktemp -d -p "$work")
unzip -q "$work/unsigned/$zip_name" -d "$unsigned_exe"
check "osslsigncode verify rejects the unsigned exe" bash -c "! osslsigncode verify -in '$unsigned_exe/ImageChecker/imagechecker-cli.exe' >/dev/null 2>&1"

# ---- 3. Signed with a throwaway certificate -----------------------------------------------------
echo "==== A throwaway CA and code-signing certificate (openssl, in a temp folder)"
pki="$work/pki"
mkdir -p "$pki"
(
  set -e
  cd "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj "/CN=ImageChecker CI throwaway CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
  openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 1 -subj "/CN=Some other CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
  head -c 24 /dev/urandom | base64 >password
  openssl req -newkey rsa:2048 -keyout signer.key -passout file:password -out signer.csr \
    -subj "/CN=ImageChecker CI throwaway signer/O=ImageChecker CI"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' >signer.ext
  openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile signer.ext -out signer.pem
  cat signer.pem ca.pem >chain.pem
  cp password password.out   # openssl reads -passin and -passout from one file as two lines
  openssl pkcs12 -export -inkey signer.key -passin file:password -in signer.pem -certfile ca.pem \
    -passout file:password.out -out signer.p12
  # A timestamp authority of its own CA, served on 127.0.0.1 by installer/test-tsa.py.
  openssl req -x509 -newkey rsa:2048 -nodes -keyout tsa-ca.key -out tsa-ca.pem -days 1 -subj "/CN=ImageChecker CI throwaway TSA CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
  openssl req -newkey rsa:2048 -nodes -keyout tsa.key -out tsa.csr -subj "/CN=ImageChecker CI throwaway TSA"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n' >tsa.ext
  openssl x509 -req -in tsa.csr -CA tsa-ca.pem -CAkey tsa-ca.key -CAcreateserial -days 1 -extfile tsa.ext -out tsa.pem
  printf '[ tsa ]\ndefault_tsa = ci\n[ ci ]\nserial = ./tsa-serial\nsigner_digest = sha256\ndefault_policy = 1.3.6.1.4.1.4146.2.3\ndigests = sha256, sha384, sha512\naccuracy = secs:1\ness_cert_id_alg = sha256\ncerts = ./tsa.pem\n' >tsa.cnf
  echo 01 >tsa-serial
) >"$work/openssl.log" 2>&1
pki_made() { [ -s "$pki/signer.p12" ] && [ -s "$pki/tsa.pem" ]; }
check "openssl makes the throwaway CA, signer certificate and PKCS#12, and a timestamp authority" pki_made
pki_made || { cat "$work/openssl.log"; finish; }
python3 installer/test-tsa.py "$pki" >"$work/tsa.port" 2>"$work/tsa.err" &
tsa_pid=$!
trap 'kill "$tsa_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/tsa.port" ] && break; sleep 0.1; done
tsa_url="http://127.0.0.1:$(head -n 1 "$work/tsa.port")/"
check "the throwaway timestamp server is listening ($tsa_url)" [ -s "$work/tsa.port" ]

echo "==== Packaging signed with the PKCS#12 file, timestamped"
IC_SIGN_PKCS12="$pki/signer.p12" IC_SIGN_PASSWORD_FILE="$pki/password" IC_SIGN_TIMESTAMP_URL="$tsa_url" \
  IC_PACKAGE_BIN="$bin" IC_PACKAGE_OUT="$work/signed" installer/package-windows.sh >/dev/null 2>"$work/signed.err"; rc=$?
check "packaging with a certificate succeeds (exit $rc)" [ "$rc" = 0 ]
check "and does not say UNSIGNED" bash -c "! grep -q UNSIGNED '$work/signed.err'"
unzip -q "$work/signed/$zip_name" -d "$work/signed/zip"
msiextract -C "$work/signed/msi" "$work/signed/$msi_name" >/dev/null 2>&1

verified() {  # verified FILE CA: osslsigncode accepts FILE's signature for the chain to CA, by our signer
  osslsigncode verify -in "$1" -CAfile "$2" >"$work/verify.out" 2>&1 &&
    grep -q 'Signature verification: ok' "$work/verify.out" &&
    grep -q 'Subject: /CN=ImageChecker CI throwaway signer' "$work/verify.out"
}
timestamped() {  # timestamped FILE: the signature carries a timestamp that verifies to the TSA's CA
  osslsigncode verify -in "$1" -CAfile "$pki/ca.pem" -TSA-CAfile "$pki/tsa-ca.pem" >"$work/verify.out" 2>&1 &&
    grep -q 'Timestamp Server Signature verification: ok' "$work/verify.out"
}
for f in "zip/ImageChecker/ImageChecker.exe" "zip/ImageChecker/imagechecker-cli.exe" "$msi_name" \
         "msi/ImageChecker/ImageChecker.exe" "msi/ImageChecker/imagechecker-cli.exe"; do
  check "osslsigncode verify: signature verified for $f" verified "$work/signed/$f" "$pki/ca.pem"
  check "osslsigncode verify: timestamp verified for $f" timestamped "$work/signed/$f"
done
check "the signed zip's SHA256SUMS matches the signed exes" sums_ok "$work/signed/zip/ImageChecker" SHA256SUMS 4
check "the signed download SHA256SUMS matches the signed zip and MSI" sums_ok "$work/signed" "$sums_name" 2

echo "==== What must be refused"
cp "$work/signed/zip/ImageChecker/imagechecker-cli.exe" "$work/tampered.exe"
size=$(stat -c %s "$work/tampered.exe")
byte=$(od -An -tu1 -j $((size / 2)) -N 1 "$work/tampered.exe" | tr -d ' ')
printf "\\$(printf '%03o' $((255 - byte)))" | dd of="$work/tampered.exe" bs=1 seek=$((size / 2)) conv=notrunc status=none
check "(the tampered copy differs from the signed exe)" bash -c "! cmp -s '$work/tampered.exe' '$work/signed/zip/ImageChecker/imagechecker-cli.exe'"
check "a signed exe with one byte changed fails verification" bash -c "! osslsigncode verify -in '$work/tampered.exe' -CAfile '$pki/ca.pem' >/dev/null 2>&1"
check "a signed exe fails verification against another CA" bash -c "! osslsigncode verify -in '$work/signed/zip/ImageChecker/imagechecker-cli.exe' -CAfile '$pki/other-ca.pem' >/dev/null 2>&1"
cp "$unsigned_exe/ImageChecker/imagechecker-cli.exe" "$work/wrong-password.exe"
echo "not the password" >"$work/wrong-password"
installer/sign.sh --pkcs12 "$pki/signer.p12" --password-file "$work/wrong-password" "$work/wrong-password.exe" >/dev/null 2>&1; rc=$?
check "a wrong password makes sign.sh fail (exit $rc) and leaves the file as it was" \
  bash -c "[ $rc != 0 ] && cmp -s '$work/wrong-password.exe' '$unsigned_exe/ImageChecker/imagechecker-cli.exe'"
cp "$unsigned_exe/ImageChecker/imagechecker-cli.exe" "$work/no-timestamp.exe"
installer/sign.sh --pkcs12 "$pki/signer.p12" --password-file "$pki/password" --timestamp http://127.0.0.1:9/ \
  "$work/no-timestamp.exe" >/dev/null 2>&1; rc=$?
check "an unreachable timestamp server makes sign.sh fail (exit $rc), not sign without a timestamp" \
  bash -c "[ $rc != 0 ] && cmp -s '$work/no-timestamp.exe' '$unsigned_exe/ImageChecker/imagechecker-cli.exe'"

echo "==== Signing with a PEM certificate chain and an encrypted PEM key"
cp "$unsigned_exe/ImageChecker/ImageChecker.exe" "$work/pem.exe"
cp "$work/unsigned/$msi_name" "$work/pem.msi"
installer/sign.sh --cert "$pki/chain.pem" --key "$pki/signer.key" --password-file "$pki/password" \
  "$work/pem.exe" "$work/pem.msi" >/dev/null 2>&1; rc=$?
check "sign.sh --cert/--key signs (exit $rc)" [ "$rc" = 0 ]
check "osslsigncode verify: signature verified for the PEM-signed exe" verified "$work/pem.exe" "$pki/ca.pem"
check "osslsigncode verify: signature verified for the PEM-signed MSI" verified "$work/pem.msi" "$pki/ca.pem"

finish
