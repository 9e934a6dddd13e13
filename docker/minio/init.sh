#!/bin/sh
# One-shot MinIO set-up for VanBan, run by the `minio-init` service (image minio/mc) before the server
# starts. Idempotent: every `docker compose up` runs it again and it converges to the same state.
#   1. the archive bucket, created WITH object lock (S3 can switch it on only at bucket creation);
#   2. the bucket's default retention (S3_DEFAULT_RETENTION: "GOVERNANCE 30d", "COMPLIANCE 10y", none);
#   3. the server's own access key, limited to that bucket and unable to bypass or loosen the lock.
# Only POSIX sh built-ins and mc are used: the minio/mc image is minimal (no curl, no jq).
set -eu

: "${MINIO_URL:=http://minio:9000}"
: "${MINIO_ROOT_USER:?MINIO_ROOT_USER is required}"
: "${MINIO_ROOT_PASSWORD:?MINIO_ROOT_PASSWORD is required}"
: "${S3_ACCESS_KEY:?S3_ACCESS_KEY is required}"
: "${S3_SECRET_KEY:?S3_SECRET_KEY is required}"
: "${S3_BUCKET:=vanban}"
: "${S3_DEFAULT_RETENTION:=GOVERNANCE 30d}"

fail() {
  echo "minio-init: $*" >&2
  exit 1
}

case "$S3_BUCKET" in
  *[!a-z0-9.-]* | ?? | ? | '') fail "S3_BUCKET '$S3_BUCKET' is not a valid bucket name (a-z 0-9 . -, 3 to 63)" ;;
esac
[ "${#S3_BUCKET}" -le 63 ] || fail "S3_BUCKET '$S3_BUCKET' is longer than 63 characters"
if [ "$S3_ACCESS_KEY" = "$MINIO_ROOT_USER" ]; then
  fail "S3_ACCESS_KEY must differ from MINIO_ROOT_USER: the server never holds the root credentials"
fi

# Default retention: MODE VALIDITY, or none. Checked before anything is changed.
retention_mode=
retention_validity=
case "$S3_DEFAULT_RETENTION" in
  none | NONE | '') ;;
  *)
    # shellcheck disable=SC2086 # split "MODE VALIDITY" on purpose
    set -- $S3_DEFAULT_RETENTION
    [ "$#" -eq 2 ] || fail "S3_DEFAULT_RETENTION must be 'MODE VALIDITY' or 'none', got '$S3_DEFAULT_RETENTION'"
    case "$1" in
      GOVERNANCE | governance) retention_mode=GOVERNANCE ;;
      COMPLIANCE | compliance) retention_mode=COMPLIANCE ;;
      *) fail "retention mode must be GOVERNANCE or COMPLIANCE, got '$1'" ;;
    esac
    case "$2" in
      '' | *[!0-9dy]* | [dy]* | *[0-9]) fail "retention validity must look like 30d or 10y, got '$2'" ;;
      *[0-9][dy]) retention_validity=$2 ;;
      *) fail "retention validity must look like 30d or 10y, got '$2'" ;;
    esac
    ;;
esac

target=vanban/$S3_BUCKET
mc alias set vanban "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"

mc mb --with-lock --ignore-existing "$target"

# Both commands fail on a bucket created without object lock, which stops the stack here rather
# than letting the server archive records into a bucket that cannot hold them immutable.
if [ -n "$retention_mode" ]; then
  mc retention set --default "$retention_mode" "$retention_validity" "$target"
else
  mc retention clear --default "$target"
fi

# The server's policy: objects of its bucket only; explicit denials win over any other grant.
policy_file=${TMPDIR:-/tmp}/vanban-app-policy.$$.json
printf '%s\n' "{
  \"Version\": \"2012-10-17\",
  \"Statement\": [
    {
      \"Sid\": \"VanBanBucket\",
      \"Effect\": \"Allow\",
      \"Action\": [
        \"s3:GetBucketLocation\",
        \"s3:ListBucket\",
        \"s3:ListBucketVersions\",
        \"s3:ListBucketMultipartUploads\",
        \"s3:GetBucketVersioning\",
        \"s3:GetBucketObjectLockConfiguration\"
      ],
      \"Resource\": [\"arn:aws:s3:::$S3_BUCKET\"]
    },
    {
      \"Sid\": \"VanBanObjects\",
      \"Effect\": \"Allow\",
      \"Action\": [
        \"s3:GetObject\",
        \"s3:GetObjectVersion\",
        \"s3:PutObject\",
        \"s3:DeleteObject\",
        \"s3:DeleteObjectVersion\",
        \"s3:GetObjectRetention\",
        \"s3:PutObjectRetention\",
        \"s3:GetObjectLegalHold\",
        \"s3:PutObjectLegalHold\",
        \"s3:AbortMultipartUpload\",
        \"s3:ListMultipartUploadParts\"
      ],
      \"Resource\": [\"arn:aws:s3:::$S3_BUCKET/*\"]
    },
    {
      \"Sid\": \"VanBanNeverLoosensTheLock\",
      \"Effect\": \"Deny\",
      \"Action\": [
        \"s3:BypassGovernanceRetention\",
        \"s3:PutBucketObjectLockConfiguration\",
        \"s3:PutBucketVersioning\",
        \"s3:DeleteBucket\"
      ],
      \"Resource\": [\"arn:aws:s3:::$S3_BUCKET\", \"arn:aws:s3:::$S3_BUCKET/*\"]
    }
  ]
}" >"$policy_file"

mc admin policy create vanban vanban-app "$policy_file"
rm -f "$policy_file"
mc admin user add vanban "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
# Attaching an already attached policy is an error in mc: detach first so that reruns converge.
mc admin policy detach vanban vanban-app --user "$S3_ACCESS_KEY" >/dev/null 2>&1 || true
mc admin policy attach vanban vanban-app --user "$S3_ACCESS_KEY"

echo "minio-init: bucket $S3_BUCKET ready (object lock on, default retention: ${retention_mode:-none} ${retention_validity})"
