"""The reports. Importing this package registers each in `frontdoor.reporting.registry.REPORTS`
(`ReportingConfig.ready()` imports it)."""

from . import enquiries, funnel, quality, timeliness, volumes

__all__ = ["enquiries", "funnel", "quality", "timeliness", "volumes"]
