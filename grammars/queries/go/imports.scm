; The package clause goes with the imports: both tell the model where the
; file sits and what it can reference.
(package_clause) @import
(import_declaration) @import
