"""Table builders, one module per subject: query results shaped for reading (translated headers, formats)."""
