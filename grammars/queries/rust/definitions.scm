(function_item name: (identifier) @name) @definition
; Trait method declarations without a default body.
(function_signature_item name: (identifier) @name) @definition
(struct_item name: (type_identifier) @name) @definition
(enum_item name: (type_identifier) @name) @definition
(union_item name: (type_identifier) @name) @definition
(trait_item name: (type_identifier) @name) @definition
(type_item name: (type_identifier) @name) @definition
(mod_item name: (identifier) @name) @definition
(macro_definition name: (identifier) @name) @definition

; `const` and `static` items at module level or in impl/trait/mod bodies (not
; the ones local to a function body).
(source_file (const_item name: (identifier) @name) @definition)
(source_file (static_item name: (identifier) @name) @definition)
(declaration_list (const_item name: (identifier) @name) @definition)
(declaration_list (static_item name: (identifier) @name) @definition)
