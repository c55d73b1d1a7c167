"""Writers of the built graph: RDF files, tables, HTML."""
