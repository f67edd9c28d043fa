; The package declaration goes with the imports: both tell the model where the
; file sits and what it can reference.
(package_declaration) @import
(import_declaration) @import
