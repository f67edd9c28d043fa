(function_declaration name: (identifier) @name) @definition
(method_declaration name: (field_identifier) @name) @definition

; Types (struct, interface and others) and aliases; in a grouped
; `type ( ... )` each spec is its own definition.
(type_spec name: (type_identifier) @name) @definition
(type_alias name: (type_identifier) @name) @definition

; Package-level constants (`const` is a real constant in Go).
(source_file
  (const_declaration
    (const_spec name: (identifier) @name) @definition))
