(class_declaration name: (identifier) @name) @definition
(struct_declaration name: (identifier) @name) @definition
(interface_declaration name: (identifier) @name) @definition
(record_declaration name: (identifier) @name) @definition
(enum_declaration name: (identifier) @name) @definition
(delegate_declaration name: (identifier) @name) @definition
(method_declaration name: (identifier) @name) @definition
(constructor_declaration name: (identifier) @name) @definition
(local_function_statement name: (identifier) @name) @definition
(namespace_declaration name: (_) @name) @definition
(file_scoped_namespace_declaration name: (_) @name) @definition

; `const` fields are the constants.
(field_declaration
  (modifier "const")
  (variable_declaration
    (variable_declarator name: (identifier) @name))) @definition
