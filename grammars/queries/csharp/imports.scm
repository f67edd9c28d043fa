; `using System;`, `using static System.Math;`, `global using ...;`,
; `using Alias = Some.Type;`. A `using (...) { }` statement is a
; using_statement and is not matched.
(using_directive) @import
(extern_alias_directive) @import
