"""The directory page: its filters (``filters``), the counts beside each option (``facets``) and what
the page shows of both (``page``, the one object the template is handed)."""
