"""`polku seed`: a whole county's synthetic client process, written in bulk (COPY on PostgreSQL)."""
