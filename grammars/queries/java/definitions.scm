(class_declaration name: (identifier) @name) @definition
(interface_declaration name: (identifier) @name) @definition
(enum_declaration name: (identifier) @name) @definition
(record_declaration name: (identifier) @name) @definition
(annotation_type_declaration name: (identifier) @name) @definition
(method_declaration name: (identifier) @name) @definition
(constructor_declaration name: (identifier) @name) @definition
(compact_constructor_declaration name: (identifier) @name) @definition

; Constants: fields and interface constants named in UPPER_CASE (the naming
; convention for `static final` constants).
((field_declaration
  declarator: (variable_declarator name: (identifier) @name)) @definition
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
((constant_declaration
  declarator: (variable_declarator name: (identifier) @name)) @definition
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
