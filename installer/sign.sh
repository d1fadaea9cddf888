#!/usr/bin/env bash
# Signs Windows executables and MSI packages with Authenticode (osslsigncode, from Debian).
#
#   installer/sign.sh [options] FILE...
#
#   --pkcs12 FILE          certificate, its chain and key in one PKCS#12 (.pfx/.p12) file     IC_SIGN_PKCS12
#   --cert FILE            or: the certificate (and its chain) in PEM ...                       IC_SIGN_CERT
#   --key FILE             ... and its private key in PEM                                      IC_SIGN_KEY
#   --password-file FILE   the password of the PKCS#12 file or of the key, on its first line    IC_SIGN_PASSWORD_FILE
#   --timestamp URL        an RFC 3161 timestamp server, so the signature outlives the cert     IC_SIGN_TIMESTAMP_URL
#
# Each option can also come from the environment variable on its right (the packaging step passes them
# on that way). Without a certificate nothing is signed and the script says so on standard error and
# exits 0: an unsigned build is allowed, a silently unsigned one is not. With a certificate every FILE
# is signed (SHA-256) or the script fails; a file is replaced only once its signed copy is complete.
set -euo pipefail

die() { echo "sign.sh: $*" >&2; exit 1; }

pkcs12=${IC_SIGN_PKCS12:-}
cert=${IC_SIGN_CERT:-}
key=${IC_SIGN_KEY:-}
password_file=${IC_SIGN_PASSWORD_FILE:-}
timestamp=${IC_SIGN_TIMESTAMP_URL:-}
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pkcs12) pkcs12=${2:?}; shift 2 ;;
    --cert) cert=${2:?}; shift 2 ;;
    --key) key=${2:?}; shift 2 ;;
    --password-file) password_file=${2:?}; shift 2 ;;
    --timestamp) timestamp=${2:?}; shift 2 ;;
    --) shift; files+=("$@"); break ;;
    -*) die "unknown option '$1' (see the comment at the top of installer/sign.sh)" ;;
    *) files+=("$1"); shift ;;
  esac
done
[ ${#files[@]} -gt 0 ] || die "no file to sign"
for f in "${files[@]}"; do
  [ -f "$f" ] || die "$f does not exist"
done

if [ -z "$pkcs12" ] && [ -z "$cert" ] && [ -z "$key" ]; then
  echo "sign.sh: no certificate given (IC_SIGN_PKCS12, or IC_SIGN_CERT and IC_SIGN_KEY): left UNSIGNED: ${files[*]##*/}" >&2
  exit 0
fi

command -v osslsigncode >/dev/null || die "osslsigncode is not installed; run scripts/install-deps.sh windows"
credentials=()
if [ -n "$pkcs12" ]; then
  [ -z "$cert" ] && [ -z "$key" ] || die "give either --pkcs12 or --cert and --key, not both"
  [ -r "$pkcs12" ] || die "cannot read the PKCS#12 file $pkcs12"
  credentials=(-pkcs12 "$pkcs12")
else
  [ -n "$cert" ] && [ -n "$key" ] || die "--cert and --key go together (PEM certificate and PEM private key)"
  [ -r "$cert" ] || die "cannot read the certificate $cert"
  [ -r "$key" ] || die "cannot read the private key $key"
  credentials=(-certs "$cert" -key "$key")
fi
if [ -n "$password_file" ]; then
  [ -r "$password_file" ] || die "cannot read the password file $password_file"
  credentials+=(-readpass "$password_file")   # never -pass: a password on the command line shows in ps
fi
[ -z "$timestamp" ] || credentials+=(-ts "$timestamp")

for f in "${files[@]}"; do
  signed="$f.signing"
  rm -f "$signed"
  if ! osslsigncode sign "${credentials[@]}" -h sha256 -n "ImageChecker" -in "$f" -out "$signed" >"$signed.out" 2>&1; then
    cat "$signed.out" >&2
    rm -f "$signed" "$signed.out"
    die "could not sign $f (osslsigncode failed; the file is left as it was)"
  fi
  rm -f "$signed.out"
  mv -f "$signed" "$f"
  echo "sign.sh: signed ${f##*/}" >&2
done
