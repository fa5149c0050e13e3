"""Create the evidence bucket if it does not exist yet (the `seaweedfs-init` one-shot in docker-compose.yml).

Runs in the SaferGrants image (which has boto3) with the provisioner identity from s3.json. Reads the same
variables as the services: S3_ENDPOINT_URL, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY.
Retries for a while so a slow storage start does not fail the stack. Exits 0 when the bucket exists.
"""

import os
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

ATTEMPTS = 30
PAUSE_SECONDS = 2.0


def main() -> int:
    bucket = os.environ.get("S3_BUCKET", "safergrants-evidence")
    region = os.environ.get("S3_REGION", "eu-west-2")
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None,
        region_name=region,
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
    )
    for attempt in range(1, ATTEMPTS + 1):
        try:
            s3.head_bucket(Bucket=bucket)
            print(f"bucket {bucket!r} exists")
            return 0
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
                print(f"access denied to bucket {bucket!r}: check the credentials ({code})", file=sys.stderr)
                return 1
            if code not in ("404", "NoSuchBucket", "NotFound"):
                print(f"attempt {attempt}: head_bucket failed: {code or error}", file=sys.stderr)
            else:
                try:
                    options = (
                        {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
                    )
                    s3.create_bucket(Bucket=bucket, **options)
                    print(f"bucket {bucket!r} created")
                    return 0
                except ClientError as create_error:
                    create_code = create_error.response.get("Error", {}).get("Code", "")
                    if create_code in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        print(f"bucket {bucket!r} exists")
                        return 0
                    status = create_error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500)
                    print(f"attempt {attempt}: create_bucket failed: {create_code}", file=sys.stderr)
                    if status < 500:
                        return 1
        except BotoCoreError as error:
            print(f"attempt {attempt}: storage not reachable yet: {error}", file=sys.stderr)
        time.sleep(PAUSE_SECONDS)
    print(f"gave up creating bucket {bucket!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
