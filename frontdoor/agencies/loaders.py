"""Load the English local authorities (DfE LA number, name, region) from data/."""

from pathlib import Path

from frontdoor.reference.loaders import read_rows

from .models import LocalAuthority

DATA_FILE = Path(__file__).resolve().parent / "data" / "local_authorities.csv"


def load_local_authorities() -> int:
    """Insert or rename authorities; hub settings (in_hub, hours, clocks) are never touched."""
    rows = list(read_rows(DATA_FILE))
    for row in rows:
        LocalAuthority.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "region": row["region"]}
        )
    return len(rows)
