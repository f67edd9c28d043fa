;;; harness.el --- what every headless Emacs + Eglot scenario needs -*- lexical-binding: t -*-
;; A report on stdout, checks, Eglot set up for batch use, and infill-ls from the shipped client
;; config (clients/emacs/infill-ls.el) the way a user sets it up.
;; env: INFILL_CMD (JSON array), INFILL_SETTINGS (JSON), INFILL_CLIENT_EL, EDIT_FILE, MODE.
;; Exit codes: 0 ok, 1 a check failed, 2 Lisp error.  Emacs 28 + elpa-eglot 1.9, and Emacs 29+.
(require 'cl-lib)
(require 'json)

(defun sc-say (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))
(defun sc-check (ok what)
  (if ok (sc-say "ok: %s" what) (sc-say "FAIL: %s" what) (kill-emacs 1)))
(defun sc-wait (pred secs)
  "Pump process output until PRED is non-nil or SECS elapse."
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (funcall pred)))

;; Debian's elpa-eglot is a package: --batch does not activate packages by itself.
(when (< emacs-major-version 29) (package-initialize)) ; Eglot is built in from Emacs 29
(require 'eglot)
(require 'flymake)
(princ (format "emacs %s, eglot %s\n" emacs-version (locate-library "eglot")))
(setq eglot-sync-connect t
      eglot-connect-timeout 20
      eglot-autoshutdown nil
      eglot-send-changes-idle-time 0.1
      eglot-confirm-server-initiated-edits nil   ; else workspace/applyEdit asks y-or-n-p on stdin
      eglot-events-buffer-size 0)
(when (boundp 'eglot-events-buffer-config) (setq eglot-events-buffer-config '(:size 0 :format full)))

(setq infill-ls-command (json-parse-string (getenv "INFILL_CMD") :array-type 'list)
      infill-ls-settings (plist-get (json-parse-string (getenv "INFILL_SETTINGS") :object-type 'plist) :infill))
(load (getenv "INFILL_CLIENT_EL") nil t)

(defun sc-open ()
  "Visit EDIT_FILE in MODE and wait until Eglot manages it with infill-ls."
  (find-file (getenv "EDIT_FILE"))
  (funcall (intern (getenv "MODE")))
  (eglot-ensure)
  (run-hooks 'post-command-hook)                  ; eglot-ensure connects from post-command-hook
  (sc-check (sc-wait (lambda () (and (eglot-current-server) eglot--managed-mode)) 15) "eglot managing the buffer"))

(defun sc-run (main)
  "Run MAIN, then save, shut the server down and exit 0; a Lisp error exits 2."
  (condition-case err
      (progn (funcall main)
             (save-buffer)
             (eglot-shutdown (eglot-current-server))
             (kill-emacs 0))
    (error (sc-say "LISP ERROR: %S" err) (kill-emacs 2))))
