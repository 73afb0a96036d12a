"""Police open data: data.police.uk street files in DuckDB, area counts, benchmarks, hotspots."""
