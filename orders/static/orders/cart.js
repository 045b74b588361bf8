/* Cart: a changed quantity is saved at once (the "Update" button stays for keyboard and
   no-JavaScript use); a removed line asks nothing — the cart can be refilled. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosubmit]"), function (form) {
    var input = form.querySelector("input[name=quantity]");
    if (!input) { return; }
    var initial = input.value;
    var timer = null;
    input.addEventListener("change", function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () {
        if (input.value !== initial && input.value !== "" && form.reportValidity()) {
          form.classList.add("busy");
          form.submit();
        }
      }, 400);
    });
  });
})();
