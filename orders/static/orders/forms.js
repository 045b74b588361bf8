/* Forms of the account pages: after a refused post the focus goes to the first marked
   field (or the list of errors), so screen readers start there. */
(function () {
  "use strict";
  var box = document.getElementById("form-errors");
  if (!box) { return; }
  var first = document.querySelector('main [aria-invalid="true"]');
  (first || box).focus();
})();
