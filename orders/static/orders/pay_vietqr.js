// The VietQR page: polls the order's payment status and reloads when it changes; copy buttons.
(function () {
  var waiting = document.getElementById("payment-waiting");
  var url = waiting.getAttribute("data-status-url");
  var due = parseInt(waiting.getAttribute("data-amount-due"), 10);
  var status = waiting.getAttribute("data-status");
  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, cache: "no-store", credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && (data.paid || data.amount_due !== due || data.status !== status)) {
          window.location.reload();
        }
      })
      .catch(function () {});
  }
  window.setInterval(poll, 5000);
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy")).textContent;
      if (navigator.clipboard) { navigator.clipboard.writeText(text); }
    });
  });
})();
