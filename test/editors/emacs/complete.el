;;; complete.el --- headless Emacs + Eglot: type, `completion-at-point', save -*- lexical-binding: t -*-
;; env: INFILL_CMD (JSON array), INFILL_SETTINGS (JSON), INFILL_CLIENT_EL, EDIT_FILE, MODE, KEYS.
;; Exit: 0 ok, 1 a check failed, 2 Lisp error.
(require 'cl-lib)
(require 'json)
(defun sc-say (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))
(defun sc-check (ok what)
  (if ok (sc-say "ok: %s" what) (sc-say "FAIL: %s" what) (kill-emacs 1)))
(defun sc-wait (pred secs)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (funcall pred)))

(when (< emacs-major-version 29) (package-initialize)) ; Eglot is built in from Emacs 29
(require 'eglot)
(princ (format "emacs %s, eglot %s\n" emacs-version (or (ignore-errors (car (alist-get 'eglot package-alist))) (locate-library "eglot"))))
(setq eglot-sync-connect t
      eglot-connect-timeout 20
      eglot-autoshutdown nil
      eglot-send-changes-idle-time 0.1
      eglot-events-buffer-size 0)
(when (boundp 'eglot-events-buffer-config) (setq eglot-events-buffer-config '(:size 0 :format full)))
(setq infill-ls-command (json-parse-string (getenv "INFILL_CMD") :array-type 'list)
      infill-ls-settings (plist-get (json-parse-string (getenv "INFILL_SETTINGS") :object-type 'plist) :infill))
(load (getenv "INFILL_CLIENT_EL") nil t) ; the shipped client config (clients/emacs)
(defvar sc-mode (intern (getenv "MODE")))

(defun sc-main ()
  (find-file (getenv "EDIT_FILE"))
  (funcall sc-mode)
  (eglot-ensure)
  (run-hooks 'post-command-hook)
  (sc-check (sc-wait (lambda () (and (eglot-current-server) eglot--managed-mode)) 15) "eglot managing the buffer")
  (goto-char (point-max))
  ;; Real self-insert commands: post-command-hook runs, changes reach the server.
  (execute-kbd-macro (getenv "KEYS"))
  (sc-check (memq 'eglot-completion-at-point completion-at-point-functions) "eglot capf installed")
  ;; A sole candidate is inserted at once, and Eglot's exit function applies its textEdit.
  (completion-at-point)
  (save-buffer)
  (eglot-shutdown (eglot-current-server)))

(condition-case err
    (progn (sc-main) (kill-emacs 0))
  (error (sc-say "LISP ERROR: %S" err) (kill-emacs 2)))
