;;; readme.el --- headless Emacs + Eglot as set up by a README snippet: complete, implement, save -*- lexical-binding: t -*-
;; env: HOME (holds .emacs.d/init.el), EDIT_FILE, KEYS (optional: typed on the last line, then
;; completed), LINE (optional: the stub's, 1-based, implemented).
;; Exit: 0 ok, 1 a check failed, 2 Lisp error.

;; Shared setup: report, checks, the user's init.el, Eglot in batch (harness.el).
(load (expand-file-name "harness.el" (file-name-directory load-file-name)) nil t)

(sc-run (lambda ()
          (sc-open)
          (when (getenv "KEYS") (sc-complete (getenv "KEYS")))
          (when (getenv "LINE") (sc-implement (string-to-number (getenv "LINE"))))))
