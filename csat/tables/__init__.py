"""Table builders, one module per page they serve (overview, trends, city, causes, plan): query results shaped
for reading (translated headers, formats)."""
