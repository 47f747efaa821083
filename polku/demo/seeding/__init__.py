"""`polku seed`: a whole county's synthetic client process, written in bulk (binary COPY on PostgreSQL)."""
