/* Card payment with Stripe's Payment Element. If Stripe.js cannot load (network,
   blocker) the page says so instead of staying blank. Texts come from the form's
   data-msg-* attributes, rendered in the page's language. */
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form) { return; }
  var loading = document.getElementById("card-loading");
  var unavailable = document.getElementById("card-unavailable");
  var errorBox = document.getElementById("card-error");
  var submit = document.getElementById("card-submit");
  var waited = 0;

  function fail() {
    loading.hidden = true;
    unavailable.hidden = false;
    submit.disabled = true;
    submit.hidden = true;
  }

  function start() {
    var key = form.getAttribute("data-publishable-key");
    var secret = form.getAttribute("data-client-secret");
    if (!key || !secret) { fail(); return; }
    var stripe;
    var locale = form.getAttribute("data-locale") || "vi";
    try {
      stripe = window.Stripe(key, { locale: locale });
    } catch (e) { fail(); return; }
    var elements = stripe.elements({ clientSecret: secret, locale: locale });
    var element = elements.create("payment");
    element.on("ready", function () { loading.hidden = true; submit.disabled = false; });
    element.on("loaderror", fail);
    element.mount("#payment-element");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit.disabled = true;
      errorBox.hidden = true;
      stripe.confirmPayment({ elements: elements, confirmParams: { return_url: form.getAttribute("data-return-url") } })
        .then(function (result) {
          /* only reached on an error: success redirects to the confirmation page */
          if (result.error) {
            errorBox.textContent = result.error.message || form.getAttribute("data-msg-failed");
            errorBox.hidden = false;
          }
          submit.disabled = false;
        }, function () {
          errorBox.textContent = form.getAttribute("data-msg-unreachable");
          errorBox.hidden = false;
          submit.disabled = false;
        });
    });
  }

  /* Stripe.js is loaded from here, so its error is never missed (the policy allows
     js.stripe.com; no inline handler is needed): a failure shows the notice at once, a
     script that loads but never defines Stripe after 10 s too. */
  if (typeof window.Stripe === "function") { start(); return; }
  var stripeScript = document.createElement("script");
  stripeScript.src = "https://js.stripe.com/v3/";
  stripeScript.async = true;
  stripeScript.addEventListener("load", function () {
    if (typeof window.Stripe === "function") { start(); } else { fail(); }
  });
  stripeScript.addEventListener("error", fail);
  document.head.appendChild(stripeScript);
  (function wait() {
    if (typeof window.Stripe === "function" || !unavailable.hidden) { return; }
    waited += 200;
    if (waited >= 10000) { fail(); return; }
    window.setTimeout(wait, 200);
  })();
})();
