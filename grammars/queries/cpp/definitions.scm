; Functions and methods defined with a body. The name is whatever the
; function_declarator names: `f`, `area` (inside a class), `Shape::area`,
; `~Shape`, `operator==`. One or two `*`/`&` on the return type wrap the
; function_declarator in a pointer_declarator/reference_declarator.
(function_definition
  declarator: (function_declarator declarator: (_) @name)) @definition
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator declarator: (_) @name))) @definition
(function_definition
  declarator: (reference_declarator
    (function_declarator declarator: (_) @name))) @definition

; Method declarations inside a class body (`virtual double area() const = 0;`).
(field_declaration
  declarator: (function_declarator declarator: (_) @name)) @definition

; Top-level prototypes.
(translation_unit
  (declaration
    declarator: (function_declarator declarator: (_) @name)) @definition)

(class_specifier name: (_) @name body: (_)) @definition
(struct_specifier name: (_) @name body: (_)) @definition
(union_specifier name: (_) @name body: (_)) @definition
(enum_specifier name: (_) @name body: (_)) @definition
(namespace_definition name: (_) @name) @definition
(alias_declaration name: (type_identifier) @name) @definition
(type_definition declarator: (type_identifier) @name) @definition
(concept_definition name: (identifier) @name) @definition

; Constants at file or namespace level: `constexpr`/`const` variables.
(translation_unit
  (declaration
    (type_qualifier ["const" "constexpr"])
    declarator: (init_declarator declarator: (identifier) @name)) @definition)
(declaration_list
  (declaration
    (type_qualifier ["const" "constexpr"])
    declarator: (init_declarator declarator: (identifier) @name)) @definition)

(preproc_def name: (identifier) @name) @definition
(preproc_function_def name: (identifier) @name) @definition
