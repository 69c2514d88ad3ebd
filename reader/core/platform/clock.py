"""The time Baca writes into its records: UTC, ISO 8601 with a `Z`."""

import datetime


def utc_now(digits: int = 3) -> str:
    """The current time in UTC, ISO 8601 with a `Z`, to the millisecond (or finer)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond:06d}"[:digits] + "Z"
