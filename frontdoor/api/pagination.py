"""Limit and offset pagination for the API's lists, with both numbers bounded.

Ninja's `LimitOffsetPagination` takes any non-negative offset: one past the database's integer
range (say 10^23) failed in the query and came back as a 500. Here the offset has a ceiling far
above any real list, so a larger one is a `422` naming `offset`; the limit stays forgiving
(anything over the maximum returns the maximum), as it always has.
"""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
MAX_OFFSET = 2**31 - 1


class Pages(LimitOffsetPagination):
    """`?limit=&offset=`: at most `MAX_LIMIT` items from `offset` (at most `MAX_OFFSET`)."""

    class Input(Schema):
        limit: int = Field(
            MAX_LIMIT,
            ge=1,
            description=f"How many to return; at most {MAX_LIMIT} (a larger limit returns "
            f"{MAX_LIMIT}).",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="How many to skip from the start of the list."
        )
