"""The curated data in ``fixtures/``: the files' format (``files``), reading them (``reading``),
checking each record (``validation``), loading them (``reloading``), writing them back (``export``),
backups before a load (``backups``), and the admin's CSV download (``csv_export``)."""
