/* Checkout page improvements; the page works without them (each section posts and
   the server renders it again). Loads the communes of the chosen province, narrows the
   former-district choice to the commune, and keeps the review totals (and the total the
   buyer confirms) in step with the chosen delivery options. */
(function () {
  "use strict";
  /* The checkout page and the address book form share the address pickers. */
  var form = document.getElementById("checkout-form") || document.getElementById("address-form");
  if (!form) { return; }
  Array.prototype.forEach.call(document.querySelectorAll(".js-hide"), function (el) { el.hidden = true; });

  var province = form.querySelector("select[data-communes-url]");
  var commune = form.querySelector('select[data-picker="commune"]');
  var district = form.querySelector('select[data-picker="district"]');
  var districtField = document.getElementById("district-field");
  var allDistricts = [];

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text;
    return o;
  }
  function firstOption(select) { return select.options[0] ? select.options[0].textContent : ""; }

  function fillDistricts(ids) {
    var keep = district.value;
    var placeholder = firstOption(district);
    district.innerHTML = "";
    district.appendChild(option("", placeholder));
    allDistricts.forEach(function (d) {
      if (!ids || ids.indexOf(d.id) !== -1) { district.appendChild(option(d.id, d.name)); }
    });
    if (ids && ids.length === 1) { district.value = String(ids[0]); } else { district.value = keep; }
    if (district.value !== keep && !(ids && ids.length === 1)) { district.value = ""; }
    districtField.hidden = allDistricts.length === 0;
  }

  function communeDistricts() {
    var chosen = commune.options[commune.selectedIndex];
    var raw = chosen ? chosen.getAttribute("data-districts") : "";
    return raw ? raw.split(",").map(Number) : null;
  }

  if (district) {
    allDistricts = Array.prototype.slice.call(district.options, 1).map(function (o) {
      return { id: Number(o.value), name: o.textContent };
    });
  }

  if (province && commune) {
    province.addEventListener("change", function () {
      var placeholder = firstOption(commune);
      commune.innerHTML = "";
      commune.appendChild(option("", placeholder));
      allDistricts = [];
      if (district) { fillDistricts(null); }
      if (!province.value) { return; }
      commune.disabled = true;
      fetch(province.getAttribute("data-communes-url") + "?province=" + encodeURIComponent(province.value),
            { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (data) {
          data.communes.forEach(function (c) {
            var o = option(c.id, c.name);
            o.setAttribute("data-districts", c.districts.join(","));
            commune.appendChild(o);
          });
          allDistricts = data.districts;
          if (district) { fillDistricts(null); }
        })
        .catch(function () {
          /* no list: fall back to the server round trip */
          Array.prototype.forEach.call(document.querySelectorAll(".js-hide"), function (el) { el.hidden = false; });
        })
        .then(function () { commune.disabled = false; });
    });
    commune.addEventListener("change", function () {
      if (district) { fillDistricts(communeDistricts()); }
    });
  }

  /* Review totals follow the delivery radios. */
  function vnd(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " ₫"; }
  var free = (function () {
    var cell = document.querySelector(".fee");
    return cell && !/\d/.test(cell.textContent) ? cell.textContent : "0 ₫";
  })();
  function recompute() {
    if (!document.getElementById("review-total")) { return; }
    var subtotal = Number(form.getAttribute("data-subtotal")) || 0;
    var shippingTotal = 0;
    var complete = true;
    Array.prototype.forEach.call(document.querySelectorAll("fieldset.delivery"), function (fs) {
      var shop = fs.getAttribute("data-shop");
      var checked = fs.querySelector("input[type=radio]:checked");
      var group = document.querySelector('.review-group[data-shop="' + shop + '"]');
      if (!checked) { complete = false; return; }
      var fee = Number(checked.getAttribute("data-fee")) || 0;
      shippingTotal += fee;
      if (group) {
        var gSub = Number(group.getAttribute("data-subtotal")) || 0;
        group.querySelector('[data-role="fee"]').textContent = fee ? vnd(fee) : free.trim();
        group.querySelector('[data-role="total"]').textContent = vnd(gSub + fee);
      }
    });
    if (!complete) { return; }
    var incomplete = document.getElementById("review-incomplete");
    if (incomplete) { incomplete.hidden = true; }
    document.getElementById("review-shipping").textContent = vnd(shippingTotal);
    document.getElementById("review-total").innerHTML = "<strong>" + vnd(subtotal + shippingTotal) + "</strong>";
    document.getElementById("expected-total").value = String(subtotal + shippingTotal);
  }
  Array.prototype.forEach.call(document.querySelectorAll("fieldset.delivery input[type=radio]"), function (r) {
    r.addEventListener("change", recompute);
  });
  recompute();

  /* After a refused post: the focus goes to the first marked field (or the list of
     errors when the problem belongs to no field), so screen readers start there. */
  (function focusFirstError() {
    var summary = document.getElementById("error-summary");
    if (!summary) { return; }
    var first = form.querySelector('[aria-invalid="true"], fieldset[data-invalid] input:not([disabled])');
    (first || summary).focus();
    if (first && first.scrollIntoView) { first.scrollIntoView({ block: "center" }); }
  })();

  /* Links of the error list focus their field. */
  Array.prototype.forEach.call(document.querySelectorAll("#error-summary a[href^='#']"), function (a) {
    a.addEventListener("click", function (event) {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      if (!target) { return; }
      var focusable = target.matches("input, select, textarea") ? target : target.querySelector("input:not([disabled]), select, textarea");
      if (focusable) { event.preventDefault(); focusable.focus(); focusable.scrollIntoView({ block: "center" }); }
    });
  });

  /* One click on "Place order" is enough: the button waits for the answer. */
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || button.value !== "place") { return; }
    window.setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
  });
})();
