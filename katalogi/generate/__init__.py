"""Documents and schemas generated from the content model: field reference, JSON Schemas, guide, catalogues."""
