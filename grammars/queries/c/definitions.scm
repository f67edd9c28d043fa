; Functions. The name sits in the function_declarator, which is wrapped in a
; pointer_declarator per `*` of the return type (`char **split(...)`).
(function_definition
  declarator: (function_declarator declarator: (identifier) @name)) @definition
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator declarator: (identifier) @name))) @definition
(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator declarator: (identifier) @name)))) @definition

; Top-level prototypes (headers).
(translation_unit
  (declaration
    declarator: (function_declarator declarator: (identifier) @name)) @definition)
(translation_unit
  (declaration
    declarator: (pointer_declarator
      declarator: (function_declarator declarator: (identifier) @name))) @definition)

; Named struct/union/enum types with a body (`struct buffer;` and uses of a
; type like `struct buffer *b` have no body and are not definitions).
(struct_specifier name: (type_identifier) @name body: (_)) @definition
(union_specifier name: (type_identifier) @name body: (_)) @definition
(enum_specifier name: (type_identifier) @name body: (_)) @definition

(type_definition declarator: (type_identifier) @name) @definition

; Object-like macros are C's top-level constants; function-like macros too.
(preproc_def name: (identifier) @name) @definition
(preproc_function_def name: (identifier) @name) @definition

; File-level `const` variables (`static const int LIMIT = 8;`).
(translation_unit
  (declaration
    (type_qualifier "const")
    declarator: (init_declarator declarator: (identifier) @name)) @definition)
