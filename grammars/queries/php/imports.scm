; `namespace App\Mail;` (the statement form, without a body) goes with the
; imports: it tells the model where the file sits.
(namespace_definition !body) @import

; `use Foo\Bar;`, `use function Foo\bar;`, `use Foo\{A, B};`. A `use Trait;`
; inside a class body is a use_declaration and is not matched.
(namespace_use_declaration) @import

; `require_once __DIR__ . '/x.php';` and friends, as whole statements.
(expression_statement
  [
    (require_expression)
    (require_once_expression)
    (include_expression)
    (include_once_expression)
  ]) @import
