"""The top layer of the web site: pages that read several apps (the dashboard)."""
