// What the bundle gives ollama-js for the global `Headers` (esbuild's --inject, in
// package.json's build): ollama-js asks `headers instanceof Headers` on every request, and in
// Node 20 that global loads undici, Node's fetch (~25 ms, at the first completion), which the
// server never uses (server/models/httpFetch.ts). The headers the server passes ollama-js are
// plain objects, never instances of either class. Plain JavaScript, as esbuild reads it.
export class Headers {}
